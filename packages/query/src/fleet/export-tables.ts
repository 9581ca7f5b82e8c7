import type BetterSqlite3 from 'better-sqlite3';
import { signalName } from '../filter/signal-set.js';
import { defaultRenderOptions } from '../render/render-options.js';
import { eventStops } from '../render/stop-reader.js';
import { straceRenderer } from '../view/strace-renderer.js';
import { syscallTexts } from '../view/syscall-text.js';

/** The Parquet types the export writes: SQLite's integers are 64-bit, so all of them are BIGINT. */
export type ColumnType = 'BIGINT' | 'VARCHAR' | 'BLOB';
export type Column = readonly [name: string, type: ColumnType];

export interface ExportOptions {
  /** --regs: the stops' registers (216-byte BLOBs) too. */
  readonly regs: boolean;
}

/** One table of the Parquet layout: DIR/NAME/recording_id=…/part-0.parquet, and the view `trace-q fleet` names NAME. */
export interface ExportTable {
  readonly name: string;
  readonly columns: (o: ExportOptions) => readonly Column[];
  /** Its rows, each value in the order of columns (integers as bigints). */
  readonly rows: (db: BetterSqlite3.Database, columns: readonly Column[]) => Iterable<readonly unknown[]>;
}

const I = 'BIGINT';
const T = 'VARCHAR';
const B = 'BLOB';

/** SELECT the columns FROM the recording's table or view of the same name, in `order`. */
const selected =
  (from: string, order: string, where = '') =>
  (db: BetterSqlite3.Database, columns: readonly Column[]): Iterable<unknown[]> =>
    db
      .prepare(`SELECT ${columns.map(([c]) => c).join(', ')} FROM ${from} ${where} ORDER BY ${order}`)
      .safeIntegers(true)
      .raw(true)
      .iterate() as Iterable<unknown[]>;

const SYSCALL_COLUMNS: readonly Column[] = [
  ['id', I], ['pid', I], ['tid', I], ['nr', I], ['name', T], ['a0', I], ['a1', I], ['a2', I], ['a3', I], ['a4', I], ['a5', I],
  ['ret', I], ['errno', T], ['entry_seq', I], ['exit_seq', I], ['entry_ns', I], ['exit_ns', I], ['path', T], ['sys_ns', I],
  ['path_bytes', B], ['abi', T],
];
const STOP_COLUMNS: readonly Column[] = [
  ['seq', I], ['ts_ns', I], ['pid', I], ['tid', I], ['kind', T], ['nr', I], ['siginfo', B], ['sig', I], ['event', T],
  ['event_msg', I], ['status', I], ['entry_seq', I], ['stime_ns', I], ['abi', T],
];

/** The syscalls view and each call's strace text (`args`, `line`), decoded by the renderer trace-q prints with. */
function* syscallRows(db: BetterSqlite3.Database): Iterable<unknown[]> {
  const text = syscallTexts(db, defaultRenderOptions, straceRenderer.decodeSyscall);
  const names = SYSCALL_COLUMNS.map(([c]) => c);
  for (const row of db.prepare(`SELECT ${names.join(', ')} FROM syscalls ORDER BY id`).safeIntegers(true).iterate() as Iterable<Record<string, unknown>>) {
    const t = text(row);
    yield [...names.map((c) => row[c]), t.args, t.line];
  }
}

function* signalRows(db: BetterSqlite3.Database): Iterable<unknown[]> {
  for (const [seq, ts, pid, tid, sig] of selected('stops', 'seq', `WHERE ${eventStops(db)} AND kind = 'signal'`)(db, [['seq', I], ['ts_ns', I], ['pid', I], ['tid', I], ['sig', I]])) {
    yield [seq, ts, pid, tid, sig, sig === null ? null : signalName(Number(sig))];
  }
}

/**
 * The public tables and views of a recording, as trace-q export writes them. `recording` comes
 * last: a recording listed there has all its other files written.
 */
export const EXPORT_TABLES: readonly ExportTable[] = [
  { name: 'syscalls', columns: () => [...SYSCALL_COLUMNS, ['args', T], ['line', T]], rows: syscallRows },
  { name: 'stops', columns: (o) => (o.regs ? [...STOP_COLUMNS, ['regs', B]] : STOP_COLUMNS), rows: selected('stops', 'seq') },
  {
    name: 'processes',
    columns: () => [['id', I], ['pid', I], ['ppid', I], ['start_seq', I], ['end_seq', I], ['exit_status', I], ['exit_signal', I], ['core_dumped', I]],
    rows: selected('processes', 'id'),
  },
  {
    name: 'threads',
    columns: () => [['id', I], ['tid', I], ['pid', I], ['start_seq', I], ['end_seq', I], ['exit_status', I], ['exit_signal', I]],
    rows: selected('threads', 'id'),
  },
  {
    name: 'execs',
    columns: () => [['id', I], ['pid', I], ['tid', I], ['seq', I], ['path', T], ['argv', T], ['env', T], ['auxv', B], ['exe_sha256', T], ['path_bytes', B], ['at_random', B]],
    rows: selected('execs', 'id'),
  },
  { name: 'signals', columns: () => [['seq', I], ['ts_ns', I], ['pid', I], ['tid', I], ['sig', I], ['signal', T]], rows: signalRows },
  {
    name: 'recording',
    columns: () => [
      ['host', T], ['schema_version', I], ['mode', T], ['argv', T], ['env', T], ['cwd', T], ['exe_path', T], ['exe_sha256', T], ['arch', T],
      ['kernel', T], ['uname', T], ['libc', T], ['uid', I], ['gid', I], ['euid', I], ['egid', I], ['rlimits', T], ['fds', T],
      ['tracer_version', T], ['options', T], ['started_ns', I], ['ended_ns', I], ['exit_status', I], ['complete', I],
      ['interrupted_by', T], ['cwd_bytes', B], ['exe_path_bytes', B],
    ],
    rows: selected('recording', 'id'),
  },
];
