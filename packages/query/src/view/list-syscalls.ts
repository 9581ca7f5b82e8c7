import type BetterSqlite3 from 'better-sqlite3';
import type { Format } from '../cli/parse-args.js';
import { UsageError } from '../cli/errors.js';
import { eventsQuery, syscallsQuery } from '../filter/compile-filter.js';
import type { EventChoice, ResolvedFilter } from '../filter/compile-filter.js';
import { hasScopeFilter, hasSyscallFilter } from '../filter/filter.js';
import { signalName } from '../filter/signal-set.js';
import { csvRow } from '../output/csv.js';
import { TRACE_Q_FORMAT_VERSION } from '../output/format-versions.js';
import { toJson } from '../output/json-value.js';
import { exactPaths } from '../recording/exact-paths.js';
import { recordedFilter } from '../recording/open-recording.js';
import { compile, qb } from '../recording/query-builder.js';
import { SYSCALLS_COLUMNS } from '../recording/recording-schema.js';
import { SYSCALL_TABLE_COLUMNS } from '../render/syscall-reader.js';
import { toSyscallRow } from '../render/syscall-row.js';
import { contextGroups } from './context-groups.js';
import { abiOf, syscallTexts } from './syscall-text.js';
import type { IdQuery, RenderOptions, RenderStrace, Selection, StraceRenderer, SyscallRow } from './strace-renderer.js';

export interface ListOptions {
  readonly format: Format;
  readonly render: RenderOptions;
  /** Prints --format strace; decodes the arguments of JSON records. */
  readonly renderer: StraceRenderer;
  /** The strace view of this thread alone, as strace -ff writes it to FILE.TID. */
  readonly tid?: number;
}

const SIGNAL_COLUMNS = ['seq', 'ts_ns', 'pid', 'tid', 'sig', 'signal'] as const;
/** CSV of syscalls: the syscalls view's columns and `args`, the argument list as strace prints it. */
const CSV_COLUMNS = [...SYSCALLS_COLUMNS, 'args'] as const;

type Row = Record<string, unknown>;

/**
 * The filtered events, one output line at a time: the strace renderer's lines, or JSON,
 * NDJSON or CSV records. JSON and NDJSON hold what the strace rendering shows with the same
 * filters: syscalls (`"kind": "syscall"`), signal deliveries, group stops and exits, each
 * object with its `kind`; NDJSON starts with a header object, JSON is an object with
 * `format_version` and `events` (schemas/trace-q-*.schema.json). --signal (strace's -e signal=)
 * chooses the signal lines and keeps the syscalls; with `--syscall none` only signals are left.
 * CSV holds one kind of row: syscalls with their strace-printed arguments, or, with --signal
 * and `--syscall none`, signal deliveries.
 */
export function listSyscalls(db: BetterSqlite3.Database, r: ResolvedFilter, o: ListOptions): Iterable<string> {
  const f = r.filter;
  const signalOnly = f.signals !== null && f.syscalls.some((s) => s.size === 0);
  // The renderer's own iterator, not wrapped: a million lines pass through here.
  if (o.format === 'strace') return straceLines(db, r, o.renderer.renderStrace, o.render, signalOnly, o.tid);
  if (o.format === 'csv') return csvLines(db, r, o, signalOnly);
  return records(db, r, o, signalOnly);
}

/**
 * The stops besides syscalls that the strace rendering shows with these filters (see
 * straceLines): every signal with no filter or only syscall filters, the --signal ones when it
 * is given, none under --pid/--tid/--since/--until/--limit/--context without --signal; exits
 * unless the listing is scoped.
 */
function eventChoice(r: ResolvedFilter, signalOnly: boolean): EventChoice {
  const f = r.filter;
  const scoped = hasScopeFilter(f) || f.limit !== null || f.context > 0;
  return { signals: f.signals, signalStops: f.signals !== null || !scoped, exits: !scoped };
}

function* records(db: BetterSqlite3.Database, r: ResolvedFilter, o: ListOptions, signalOnly: boolean): Generator<string> {
  const syscalls = signalOnly ? [] : syscallRows(db, r);
  const records = mergeBySeq(syscalls, eventRows(db, r, eventChoice(r, signalOnly)));
  const decode = o.renderer.decodeSyscall;
  const paths = exactPaths(db);
  const withAbi = abiOf(db);
  // a path that is not UTF-8 as its bytes in bytesToString's form: \udcXX in the JSON text
  const syscall = (row: Row): string => {
    const exact = { ...row, path: paths.of(row.id as bigint, row.path as string | null) };
    return toJson({ kind: 'syscall', ...exact, args: decode(db, withAbi(toSyscallRow(exact)), o.render).args });
  };
  const object = (row: Row): string => ('nr' in row ? syscall(row) : toJson(row));
  // a recording made with trace-rec -e trace=SET says so in the header
  const set = recordedFilter((db.prepare('SELECT options FROM recording').get() as { options: string | null } | undefined)?.options ?? null);
  const header = { format_version: TRACE_Q_FORMAT_VERSION, ...(set !== null ? { partial: { trace: set } } : {}) };
  if (o.format === 'ndjson') {
    yield toJson({ kind: 'header', ...header });
    for (const row of records) yield object(row);
  } else {
    const head = toJson(header).slice(0, -1);
    let first = true;
    for (const row of records) {
      yield (first ? `${head},"events":[` : ',') + object(row);
      first = false;
    }
    yield first ? `${head},"events":[]}` : ']}';
  }
}

function* csvLines(db: BetterSqlite3.Database, r: ResolvedFilter, o: ListOptions, signalOnly: boolean): Generator<string> {
  const f = r.filter;
  if (f.signals !== null && !signalOnly) {
    throw new UsageError('CSV holds one kind of row: use --signal with --syscall none, or --format json');
  }
  if (signalOnly) {
    yield csvRow(SIGNAL_COLUMNS);
    for (const row of eventRows(db, r, { signals: f.signals, signalStops: true, exits: false })) {
      if (row.kind === 'signal') yield csvRow(SIGNAL_COLUMNS.map((c) => row[c]));
    }
    return;
  }
  yield csvRow(CSV_COLUMNS);
  const text = syscallTexts(db, o.render, o.renderer.decodeSyscall);
  const paths = exactPaths(db);
  for (const row of syscallRows(db, r)) {
    const args = text(row).args;
    // a path that is not UTF-8 as its bytes in bytesToString's form: the output writes those bytes
    const path = paths.of(row.id as bigint, row.path as string | null);
    yield csvRow(CSV_COLUMNS.map((c) => (c === 'args' ? args : c === 'path' ? path : row[c])));
  }
}

function straceLines(db: BetterSqlite3.Database, r: ResolvedFilter, renderStrace: RenderStrace, opts: RenderOptions, signalOnly: boolean, tid?: number): Iterable<string> {
  const f = r.filter;
  if (f.context > 0) return contextLines(db, r, renderStrace, opts, tid);
  // Selection.signal sees only the signal number, so signals can follow --signal but not
  // --pid/--tid/--since/--until/--limit: with those, signal lines are left out unless asked for.
  const scoped = hasScopeFilter(f) || f.limit !== null;
  const sigs = f.signals;
  const sel: Selection = {
    ...(signalOnly ? { ids: NO_IDS } : hasSyscallFilter(f) || scoped ? { ids: idQuery(r) } : {}),
    signal: sigs !== null ? (sig) => sigs.has(sig) : scoped ? () => false : undefined,
    exits: !scoped,
    ...(tid !== undefined ? { tid } : {}),
  };
  return renderStrace(db, opts, sel);
}

const NO_IDS: IdQuery = { sql: 'SELECT NULL LIMIT 0', parameters: [] };

/** The filter's syscall ids, as the query the renderer reads its rows by, and its rows. */
function idQuery(r: ResolvedFilter): IdQuery {
  const q = syscallsQuery(r);
  return { ...compile(q.select('id')), rows: compile(q.select(SYSCALL_ROW_COLUMNS)) };
}

const SYSCALL_ROW_COLUMNS = SYSCALL_TABLE_COLUMNS.split(', ') as (typeof SYSCALLS_COLUMNS)[number][];

/**
 * --context in strace format: one pass of the renderer over all the groups' syscalls, with
 * `--` before the first line of each new group. The renderer asks about a syscall at its
 * entry and prints it by its exit, so a line belongs to the group of the last syscall it
 * selected; only a line left <unfinished ...> by another thread's syscall from the next
 * group can land after the separator.
 */
function* contextLines(db: BetterSqlite3.Database, r: ResolvedFilter, renderStrace: RenderStrace, opts: RenderOptions, tid?: number): Generator<string> {
  const groupOf = new Map<number, number>();
  contextGroups(db, r, r.filter.context).forEach((group, g) => {
    for (const id of group) groupOf.set(id, g);
  });
  let current = -1;
  let printed = -1;
  const syscall = (row: SyscallRow): boolean => {
    const g = groupOf.get(Number(row.id));
    if (g === undefined) return false;
    current = g;
    return true;
  };
  const ids: IdQuery = { sql: 'SELECT value FROM json_each(?)', parameters: [JSON.stringify([...groupOf.keys()].sort((a, b) => a - b))] };
  for (const line of renderStrace(db, opts, { ids, syscall, signal: () => false, exits: false, ...(tid !== undefined ? { tid } : {}) })) {
    if (printed !== -1 && current !== printed) yield '--';
    printed = current;
    yield line;
  }
}

function syscallRows(db: BetterSqlite3.Database, r: ResolvedFilter): Iterable<Row> {
  if (r.filter.context > 0) return contextRows(db, r);
  const c = compile(syscallsQuery(r).select([...SYSCALLS_COLUMNS]));
  return db.prepare(c.sql).safeIntegers(true).iterate(...c.parameters) as Iterable<Row>;
}

function* contextRows(db: BetterSqlite3.Database, r: ResolvedFilter): Generator<Row> {
  for (const group of contextGroups(db, r, r.filter.context)) {
    const c = compile(qb.selectFrom('syscalls').select([...SYSCALLS_COLUMNS]).where('id', 'in', group).orderBy('id'));
    yield* db.prepare(c.sql).safeIntegers(true).iterate(...c.parameters) as Iterable<Row>;
  }
}

/**
 * Signal deliveries, group stops and exits as records: `signal` names the signal; an exit
 * has the raw wait `status`, and `code` (exited) or `sig`/`signal`/`core_dumped` (killed).
 */
function* eventRows(db: BetterSqlite3.Database, r: ResolvedFilter, choice: EventChoice): Generator<Row> {
  const c = compile(eventsQuery(r, choice));
  for (const row of db.prepare(c.sql).safeIntegers(true).iterate(...c.parameters) as Iterable<Row>) {
    const { seq, ts_ns, pid, tid, kind } = row;
    if (kind !== 'exit') {
      yield { kind, seq, ts_ns, pid, tid, sig: row.sig, signal: signalName(Number(row.sig)) };
      continue;
    }
    const status = Number(row.status ?? 0);
    const termsig = status & 0x7f;
    if (termsig === 0 || termsig === 0x7f) {
      yield { kind, seq, ts_ns, pid, tid, status, code: (status >> 8) & 0xff, sig: null, signal: null, core_dumped: false };
    } else if (choice.signals === null || choice.signals.has(termsig)) {
      // the strace rendering prints `+++ killed by SIG +++` only for the signals --signal names
      yield { kind, seq, ts_ns, pid, tid, status, code: null, sig: termsig, signal: signalName(termsig), core_dumped: (status & 0x80) !== 0 };
    }
  }
}

/** Syscalls (by the stop they began at) and signal deliveries, in the order they happened. */
function* mergeBySeq(syscalls: Iterable<Row>, signals: Iterable<Row>): Generator<Row> {
  const a = syscalls[Symbol.iterator]();
  const b = signals[Symbol.iterator]();
  let x = a.next();
  let y = b.next();
  const seqOf = (row: Row): bigint => (row.entry_seq ?? row.exit_seq ?? row.seq ?? 0n) as bigint;
  while (!x.done || !y.done) {
    if (y.done || (!x.done && seqOf(x.value) <= seqOf(y.value))) {
      yield x.value as Row;
      x = a.next();
    } else {
      yield y.value;
      y = b.next();
    }
  }
}
