import type BetterSqlite3 from 'better-sqlite3';
import type { Format, SummarySort } from '../cli/parse-args.js';
import { syscallsQuery } from '../filter/compile-filter.js';
import type { ResolvedFilter } from '../filter/compile-filter.js';
import { csvRow } from '../output/csv.js';
import { toJson } from '../output/json-value.js';
import { compile, qb, sql } from '../recording/query-builder.js';

/** One line of the summary: a syscall's calls, errors and time (ns from entry to exit). */
export interface SummaryRow {
  readonly nr: number;
  readonly name: string;
  readonly calls: number;
  readonly errors: number;
  readonly ns: number;
  readonly minNs: number;
  readonly maxNs: number;
}

/**
 * Per-syscall counts of the filtered syscalls, aggregated in SQLite. Like strace -c, only
 * syscalls that returned count (exit_group and an interrupted run's last calls do not).
 */
export function summaryRows(db: BetterSqlite3.Database, r: ResolvedFilter): SummaryRow[] {
  // with --limit the limit is on syscalls, so it goes in a subquery, not on the groups
  const base = r.filter.limit !== null ? qb.selectFrom('syscalls').where('id', 'in', syscallsQuery(r).select('id')) : syscallsQuery(r).clearOrderBy();
  const elapsed = sql<number>`exit_ns - entry_ns`;
  const q = base
    .where('exit_seq', 'is not', null)
    .select([
      'nr',
      sql<string>`coalesce(name, printf('syscall_%#x', nr))`.as('name'),
      sql<number>`count(*)`.as('calls'),
      sql<number>`sum(ret BETWEEN -4095 AND -1)`.as('errors'),
      sql<number>`coalesce(sum(${elapsed}), 0)`.as('ns'),
      sql<number>`coalesce(min(${elapsed}), 0)`.as('minNs'),
      sql<number>`coalesce(max(${elapsed}), 0)`.as('maxNs'),
    ])
    .groupBy('nr')
    .orderBy('nr');
  const c = compile(q);
  return db.prepare(c.sql).all(...c.parameters) as SummaryRow[];
}

const avgNs = (r: SummaryRow): number => r.ns / r.calls;

/** strace's -S orders; ties keep syscall-number order (strace sorts its table stably). */
const ORDERS: Record<SummarySort, ((a: SummaryRow, b: SummaryRow) => number) | null> = {
  time: (a, b) => b.ns - a.ns,
  'min-time': (a, b) => b.minNs - a.minNs,
  'max-time': (a, b) => b.maxNs - a.maxNs,
  'avg-time': (a, b) => avgNs(b) - avgNs(a),
  calls: (a, b) => b.calls - a.calls,
  errors: (a, b) => b.errors - a.errors,
  name: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  nothing: null,
};

function seconds(ns: number): string {
  return (Math.round(ns / 1000) / 1e6).toFixed(6);
}

function usecsPerCall(ns: number, calls: number): string {
  return String(calls === 0 ? 0 : Math.floor(ns / calls / 1000));
}

/**
 * The table of strace 6.1's -c: `% time  seconds  usecs/call  calls  errors syscall`,
 * dashed lines, a total row; numeric columns widen for wide numbers, the name column is
 * max(16, longest name + 1) wide. An empty selection prints nothing, as strace does.
 */
export function summaryTable(rows: readonly SummaryRow[], sort: SummarySort): string[] {
  if (rows.length === 0) return [];
  const order = ORDERS[sort];
  const sorted = order ? [...rows].sort(order) : [...rows];
  const total = rows.reduce((t, r) => ({ calls: t.calls + r.calls, errors: t.errors + r.errors, ns: t.ns + r.ns }), { calls: 0, errors: 0, ns: 0 });
  const cells = sorted.map((r) => ({
    pct: (total.ns === 0 ? 0 : (100 * r.ns) / total.ns).toFixed(2),
    secs: seconds(r.ns),
    usecs: usecsPerCall(r.ns, r.calls),
    calls: String(r.calls),
    errors: r.errors === 0 ? '' : String(r.errors),
    name: r.name,
  }));
  const totalCells = { pct: '100.00', secs: seconds(total.ns), usecs: usecsPerCall(total.ns, total.calls), calls: String(total.calls), errors: total.errors === 0 ? '' : String(total.errors), name: 'total' };
  const all = [...cells, totalCells];
  const w = {
    pct: 6,
    secs: Math.max(11, ...all.map((c) => c.secs.length)),
    usecs: Math.max(11, ...all.map((c) => c.usecs.length)),
    calls: Math.max(9, ...all.map((c) => c.calls.length)),
    errors: Math.max(9, ...all.map((c) => c.errors.length)),
    name: Math.max(16, ...rows.map((r) => r.name.length + 1)),
  };
  const line = (c: typeof totalCells): string =>
    [c.pct.padStart(w.pct), c.secs.padStart(w.secs), c.usecs.padStart(w.usecs), c.calls.padStart(w.calls), c.errors.padStart(w.errors), c.name].join(' ');
  const dashes = [w.pct, w.secs, w.usecs, w.calls, w.errors, w.name].map((n) => '-'.repeat(n)).join(' ');
  return [line({ pct: '% time', secs: 'seconds', usecs: 'usecs/call', calls: 'calls', errors: 'errors', name: 'syscall' }), dashes, ...cells.map(line), dashes, line(totalCells)];
}

/** -c / -C: the summary as strace's table, or as records in the other formats. */
export function* syscallSummary(db: BetterSqlite3.Database, r: ResolvedFilter, sort: SummarySort, format: Format): Generator<string> {
  const rows = summaryRows(db, r);
  if (format === 'strace') {
    yield* summaryTable(rows, sort);
    return;
  }
  const order = ORDERS[sort];
  const records = (order ? [...rows].sort(order) : rows).map((s) => ({
    syscall: s.name,
    nr: s.nr,
    calls: s.calls,
    errors: s.errors,
    seconds: s.ns / 1e9,
    usecs_per_call: Math.floor(s.ns / s.calls / 1000),
    min_ns: s.minNs,
    max_ns: s.maxNs,
  }));
  if (format === 'csv') {
    yield csvRow(['syscall', 'nr', 'calls', 'errors', 'seconds', 'usecs_per_call', 'min_ns', 'max_ns']);
    for (const s of records) yield csvRow(Object.values(s));
  } else if (format === 'ndjson') {
    for (const s of records) yield toJson(s);
  } else {
    yield toJson(records);
  }
}
