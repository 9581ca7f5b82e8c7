import type BetterSqlite3 from 'better-sqlite3';
import { i386SubcallDefs, syscallTable, syscallTableI386 } from '@tracedb/native';
import type { Format } from '../cli/parse-args.js';
import { syscallsQuery } from '../filter/compile-filter.js';
import { i386SubcallKey } from '../filter/i386-subcall-key.js';
import type { ResolvedFilter } from '../filter/compile-filter.js';
import { csvRow } from '../output/csv.js';
import { toJson } from '../output/json-value.js';
import type { Recording } from '../recording/open-recording.js';
import { compile, qb, sql } from '../recording/query-builder.js';
import { hasI386Calls } from '../render/syscall-reader.js';
import { DEFAULT_COLUMNS } from './summary-columns.js';
import type { SummaryColumn, SummarySort } from './summary-columns.js';

/** What -c charges each syscall with: system CPU time (strace's default) or wall-clock time from entry to exit (-w). */
export type SummaryClock = 'system' | 'wall';

/** From this schema on trace-rec keeps the system time at each stop (migrations/0007-system-time.sql). */
const SYSTEM_TIMES_SCHEMA = 7;

/**
 * Which syscalls a summary counts: all of them (a recording without i386 calls), or, as strace
 * prints one table per ABI, the recording's own ABI's or the i386 calls'.
 */
export type SummaryAbi = 'all' | 'own' | 'i386';

const LAST_NR = Math.max(...syscallTable.map((d) => d.nr));
const LAST_I386_NR = Math.max(...syscallTableI386.map((d) => d.nr));

/** One line of the summary: a syscall's calls, errors and times (ns). */
export interface SummaryRow {
  readonly nr: number;
  readonly name: string;
  readonly calls: number;
  readonly errors: number;
  readonly ns: number;
  readonly minNs: number;
  readonly maxNs: number;
}

export interface SummaryOptions {
  readonly sort: SummarySort;
  readonly format: Format;
  /** -w: wall-clock time, even where system time is known. */
  readonly wallClock: boolean;
  /** -U: the table's columns. */
  readonly columns?: readonly SummaryColumn[];
}

/** Why the recording cannot tell the system time of its syscalls, or null when it can. */
export function missingSystemTimes(rec: Recording): string | null {
  if (rec.schemaVersion < SYSTEM_TIMES_SCHEMA) return `schema ${rec.schemaVersion}`;
  if (rec.row.mode === 'import') return 'imported strace log';
  const any = rec.db.prepare('SELECT EXISTS (SELECT 1 FROM syscall WHERE sys_ns IS NOT NULL)').pluck().get();
  return any === 1 ? null : 'none recorded';
}

/**
 * Per-syscall counts and times of the filtered syscalls, aggregated in SQLite. Like strace -c,
 * only syscalls that returned count: not exit_group, not the calls a run's end cut short, not
 * an imported log's `= ?`.
 */
export function summaryRows(db: BetterSqlite3.Database, r: ResolvedFilter, clock: SummaryClock, abi: SummaryAbi = 'all'): SummaryRow[] {
  // with --limit the limit is on syscalls, so it goes in a subquery, not on the groups
  let base = r.filter.limit !== null ? qb.selectFrom('syscalls').where('id', 'in', syscallsQuery(r).select('id')) : syscallsQuery(r).clearOrderBy();
  // strace counts no number beyond its table (syscall_0x3e7 prints, but is in no summary)
  if (abi === 'own') base = base.where('abi', '!=', 'i386');
  base = abi === 'i386' ? base.where('abi', '=', 'i386').where('nr', '<=', LAST_I386_NR) : base.where('nr', '<=', LAST_NR);
  // strace charges no negative time
  const time = clock === 'system' ? sql<number>`max(sys_ns, 0)` : sql<number>`max(exit_ns - entry_ns, 0)`;
  // i386 socketcall and ipc count as their subcalls (numbered as i386SubcallDefs number them), as strace counts them
  const key = abi === 'i386' ? i386SubcallKey : sql<number>`nr`;
  const q = base
    .where('ret', 'is not', null)
    .select([
      key.as('nr'),
      sql<string>`coalesce(name, printf('syscall_%#x', nr))`.as('name'),
      sql<number>`count(*)`.as('calls'),
      sql<number>`count(CASE WHEN ret BETWEEN -4095 AND -1 THEN 1 END)`.as('errors'),
      sql<number>`coalesce(sum(${time}), 0)`.as('ns'),
      sql<number>`coalesce(min(${time}), 0)`.as('minNs'),
      sql<number>`coalesce(max(${time}), 0)`.as('maxNs'),
    ])
    .groupBy(key)
    .orderBy(key);
  const c = compile(q);
  const rows = (db.prepare(c.sql).all(...c.parameters) as SummaryRow[]).map((s) => (subcallNames.has(s.nr) ? { ...s, name: subcallNames.get(s.nr)! } : s));
  // an imported log's times are parsed decimals: whole nanoseconds, as strace counts them
  return rows.map((s) => ({ ...s, ns: Math.round(s.ns), minNs: Math.round(s.minNs), maxNs: Math.round(s.maxNs) }));
}

const subcallNames = new Map(i386SubcallDefs(syscallTableI386).map((d) => [d.nr, d.name]));

/** strace's ts_float: seconds as a double, from whole seconds and nanoseconds. */
const seconds = (ns: number): number => Math.floor(ns / 1e9) + (ns % 1e9) / 1e9;
/** strace's usecs/call: the average (whole ns) in seconds, times 1e6, truncated. */
const usecsPerCall = (ns: number, calls: number): number => Math.trunc(seconds(Math.floor(ns / calls)) * 1e6);
const avgNs = (r: SummaryRow): number => Math.floor(r.ns / r.calls);

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

/** What strace sizes its columns by: the totals, and the largest minimum and average. */
interface Totals {
  readonly ns: number;
  readonly calls: number;
  readonly errors: number;
  readonly minNs: number;
  readonly maxNs: number;
  readonly largestMinNs: number;
  readonly largestAvgNs: number;
  readonly longestName: number;
}

interface ColumnSpec {
  readonly header: string;
  /** The least width (strace's historical ones). */
  readonly width: number;
  /** The width the numbers need, as strace works it out from the totals. */
  readonly fit: (t: Totals) => number;
  /** A syscall's cell; `percent` is its share of the total time. */
  readonly cell: (r: SummaryRow, percent: number) => string;
  /** The total line's cell. */
  readonly total: (t: Totals) => string;
  readonly left?: boolean;
}

const secs = (ns: number): string => seconds(ns).toFixed(6);
const wholeSeconds = (ns: number): number => `${Math.floor(ns / 1e9)}.000000`.length;

/** strace 6.1's columns (count.c): headers, widths and formats. */
const COLUMNS: Record<SummaryColumn, ColumnSpec> = {
  'time-percent': { header: '% time', width: 6, fit: () => 6, cell: (_, p) => p.toFixed(2), total: () => '100.00' },
  'total-time': { header: 'seconds', width: 11, fit: (t) => secs(t.ns).length, cell: (r) => secs(r.ns), total: (t) => secs(t.ns) },
  'min-time': { header: 'shortest', width: 8, fit: (t) => wholeSeconds(t.largestMinNs), cell: (r) => secs(r.minNs), total: (t) => secs(t.minNs) },
  'max-time': { header: 'longest', width: 7, fit: (t) => wholeSeconds(t.maxNs), cell: (r) => secs(r.maxNs), total: (t) => secs(t.maxNs) },
  'avg-time': {
    header: 'usecs/call',
    width: 11,
    fit: (t) => String(Math.trunc(seconds(t.largestAvgNs) * 1e6)).length,
    cell: (r) => String(usecsPerCall(r.ns, r.calls)),
    total: (t) => String(Math.trunc((seconds(t.ns) / t.calls) * 1e6)),
  },
  calls: { header: 'calls', width: 9, fit: (t) => String(t.calls).length, cell: (r) => String(r.calls), total: (t) => String(t.calls) },
  errors: {
    header: 'errors',
    width: 9,
    fit: (t) => String(t.errors).length,
    cell: (r) => (r.errors === 0 ? '' : String(r.errors)),
    total: (t) => (t.errors === 0 ? '' : String(t.errors)),
  },
  name: { header: 'syscall', width: 16, fit: (t) => t.longestName + 1, cell: (r) => r.name, total: () => 'total', left: true },
};

function totals(rows: readonly SummaryRow[]): Totals {
  let ns = 0, calls = 0, errors = 0, minNs = Infinity, maxNs = 0, largestMinNs = 0, largestAvgNs = 0, longestName = 0;
  for (const r of rows) {
    ns += r.ns;
    calls += r.calls;
    errors += r.errors;
    minNs = Math.min(minNs, r.minNs);
    maxNs = Math.max(maxNs, r.maxNs);
    largestMinNs = Math.max(largestMinNs, r.minNs);
    largestAvgNs = Math.max(largestAvgNs, avgNs(r));
    longestName = Math.max(longestName, r.name.length);
  }
  return { ns, calls, errors, minNs, maxNs, largestMinNs, largestAvgNs, longestName };
}

/**
 * The table of strace 6.1's -c: by default `% time  seconds  usecs/call  calls  errors syscall`
 * (-U chooses others), dashed lines, a total line. Numeric columns widen as strace widens them;
 * the last column is not padded. An empty selection prints nothing, as strace does.
 */
export function summaryTable(rows: readonly SummaryRow[], sort: SummarySort, columns: readonly SummaryColumn[] = DEFAULT_COLUMNS): string[] {
  if (rows.length === 0) return [];
  const order = ORDERS[sort];
  const sorted = order ? [...rows].sort(order) : rows;
  const t = totals(rows);
  const specs = columns.map((c) => COLUMNS[c]);
  const widths = specs.map((s) => Math.max(s.width, s.fit(t)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (!specs[i].left ? c.padStart(widths[i]) : i === cells.length - 1 ? c : c.padEnd(widths[i]))).join(' ');
  const dashes = widths.map((w) => '-'.repeat(w)).join(' ');
  const totalSeconds = seconds(t.ns);
  const percent = (r: SummaryRow): number => (r.ns === 0 ? 0 : (100 * seconds(r.ns)) / totalSeconds);
  return [
    line(specs.map((s) => s.header)),
    dashes,
    ...sorted.map((r) => line(specs.map((s) => s.cell(r, percent(r))))),
    dashes,
    line(specs.map((s) => s.total(t))),
  ];
}

/**
 * -c / -C: the summary as strace's table, or as records in the other formats. Times are system
 * times unless -w asks for wall-clock times; a recording without system times gets wall-clock
 * times and a `note` saying so, just before the summary.
 */
export function* syscallSummary(rec: Recording, r: ResolvedFilter, o: SummaryOptions, note: (text: string) => void): Generator<string> {
  const missing = o.wallClock ? null : missingSystemTimes(rec);
  if (missing !== null) note(`this recording has no system times (${missing}); showing wall-clock time as -w would`);
  const clock = o.wallClock || missing !== null ? 'wall' : 'system';
  if (o.format === 'strace' && hasI386Calls(rec.db)) {
    yield* summaryTable(summaryRows(rec.db, r, clock, 'own'), o.sort, o.columns);
    const i386 = summaryRows(rec.db, r, clock, 'i386');
    if (i386.length > 0) yield 'System call usage summary for 32 bit mode:';
    yield* summaryTable(i386, o.sort, o.columns);
    return;
  }
  const rows = summaryRows(rec.db, r, clock);
  if (o.format === 'strace') {
    yield* summaryTable(rows, o.sort, o.columns);
    return;
  }
  const order = ORDERS[o.sort];
  const records = (order ? [...rows].sort(order) : rows).map((s) => ({
    syscall: s.name,
    nr: s.nr,
    calls: s.calls,
    errors: s.errors,
    seconds: s.ns / 1e9,
    usecs_per_call: usecsPerCall(s.ns, s.calls),
    min_ns: s.minNs,
    max_ns: s.maxNs,
  }));
  if (o.format === 'csv') {
    yield csvRow(['syscall', 'nr', 'calls', 'errors', 'seconds', 'usecs_per_call', 'min_ns', 'max_ns']);
    for (const s of records) yield csvRow(Object.values(s));
  } else if (o.format === 'ndjson') {
    for (const s of records) yield toJson(s);
  } else {
    yield toJson(records);
  }
}

