import type BetterSqlite3 from 'better-sqlite3';
import { errnoTable, I386_KEY, signalTable, syscallTable, syscallTableI386, unknownSyscallName } from '@tracedb/native';
import { eventStops, notTrapped } from '../render/stop-reader.js';
import { i386Ids } from '../render/syscall-reader.js';
import type { RecordingTable } from '../recording/recording-schema.js';
import { DATA_PREFIX } from './trace.js';
import { CallData } from './trace.js';
import type { Trace, TraceCall, TraceExec, TraceTask } from './trace.js';
import { exactPaths, exactText } from '../recording/exact-paths.js';
import { mappedFiles } from '../recording/mapped-files.js';

const NR = new Map(syscallTable.map((d) => [d.name, d.nr]));
const nrs = (...names: string[]): number[] => names.map((n) => NR.get(n)).filter((n): n is number => n !== undefined);

/** Buffer arguments whose bytes take part in the comparison: syscall → argument index. */
export const DATA_ARG: Readonly<Record<string, number>> = {
  read: 1, write: 1, pread64: 1, pwrite64: 1, recvfrom: 1, sendto: 1, readlink: 1, readlinkat: 2, getcwd: 0, pipe: 0, pipe2: 0,
};
/** Arguments read at the syscall's exit (the rest at entry). */
const DATA_AT_EXIT = new Set(['read', 'pread64', 'recvfrom', 'readlink', 'readlinkat', 'getcwd', 'pipe', 'pipe2']);
const IOV_ARG: Readonly<Record<string, number>> = { readv: 1, writev: 1, preadv: 1, pwritev: 1, preadv2: 1, pwritev2: 1 };
const IOV_AT_EXIT = new Set(['readv', 'preadv', 'preadv2']);
const CREATES_TASK = new Set(['clone', 'clone3', 'fork', 'vfork']);
const SIGNAME = new Map(signalTable.map((s) => [s.num, s.name]));

/** One row of the load query, as an array (raw mode: far cheaper than objects for 200,000 rows). */
type SyscallQueryRow = [
  id: number, pid: number, tid: number, nr: number,
  a0: number | null, a1: number | null, a2: number | null, a3: number | null, a4: number | null, a5: number | null,
  ret: number | null, entrySeq: number | null, path: string | null,
  data: string | null, truncated: number | string | null,
];

const NAME = new Map(syscallTable.map((d) => [d.nr, d.name]));
const I386_NAME = new Map(syscallTableI386.map((d) => [d.nr, d.name]));
const ERRNO = new Map(errnoTable.map((e) => [e.num, e.name]));

function hasTable(db: BetterSqlite3.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Reads what trace-diff needs of a recording: its tasks, their calls in order, execs, signals, exits. */
export function loadTrace(path: string, db: BetterSqlite3.Database, row: RecordingTable): Trace {
  const imported = row.mode === 'import';
  const withText = imported && hasTable(db, 'syscall_text');
  const sql = withText
    ? `SELECT s.id, s.pid, s.tid, s.nr, s.a0, s.a1, s.a2, s.a3, s.a4, s.a5, s.ret, s.entry_seq, s.path, t.args, t.ret
       FROM syscall s LEFT JOIN syscall_text t ON t.id = s.id ORDER BY s.id`
    : `SELECT s.id, s.pid, s.tid, s.nr, s.a0, s.a1, s.a2, s.a3, s.a4, s.a5, s.ret, s.entry_seq, s.path,
              lower(hex(substr(m.data, 1, ${DATA_PREFIX}))), m.truncated OR length(m.data) > ${DATA_PREFIX}
       FROM syscall s ${dataJoin()} ORDER BY s.id`;
  const iov = imported ? new Map<number, CallData>() : loadIovData(db);
  const getcwd = NR.get('getcwd');
  const argvs = loadExecArgv(db, imported);
  const paths = exactPaths(db);
  // i386 calls (int $0x80) are keyed by name like the others; their nr is I386_KEY + the i386
  // number, which no x86_64 argument table knows (their arguments compare as raw values)
  const i386 = i386Ids(db);

  const byTid = new Map<number, TraceTask>();
  const task = (tid: number, pid: number): TraceTask => {
    let t = byTid.get(tid);
    if (!t) {
      t = { tid, pid, thread: tid !== pid, parent: null, children: [], calls: [], execs: [], signals: [], exit: null, label: '' };
      byTid.set(tid, t);
    }
    return t;
  };
  // threads first: their order is the order tasks appeared in
  for (const r of db.prepare('SELECT tid, pid, exit_status, exit_signal FROM threads ORDER BY id').all() as {
    tid: number; pid: number; exit_status: number | null; exit_signal: number | null;
  }[]) {
    const t = task(r.tid, r.pid);
    if (r.exit_signal !== null) t.exit = `killed by ${SIGNAME.get(r.exit_signal) ?? r.exit_signal}`;
    else if (r.exit_status !== null) t.exit = `exited ${r.exit_status}`;
  }

  const entrySeqs = new Map<TraceTask, number[]>();
  const created: [TraceTask, number][] = [];
  const calls: TraceCall[] = [];
  let count = 0;
  for (const r of db.prepare(sql).raw().iterate() as IterableIterator<SyscallQueryRow>) {
    const [id, pid, tid, abiNr, a0, a1, a2, a3, a4, a5, ret, entrySeq, p, rawExtra, flag] = r;
    const t = task(tid, pid);
    const is386 = i386.size > 0 && i386.has(id);
    const nr = is386 ? I386_KEY + abiNr : abiNr;
    const extra = is386 ? null : rawExtra; // joined by the x86_64 numbers
    const name = (is386 ? I386_NAME : NAME).get(abiNr) ?? unknownSyscallName(abiNr, is386 ? 'i386' : 'x86_64');
    let data: CallData | null = null;
    let text: TraceCall['text'] = null;
    if (withText) {
      if (extra !== null) text = { args: extra, ret: flag === null ? null : String(flag) };
    } else if (extra !== null) {
      // getcwd's answer counts its NUL; strace does not show it
      const hex = nr === getcwd && extra.endsWith('00') ? extra.slice(0, -2) : extra;
      data = new CallData(hex, flag !== 0 && flag !== null);
    } else {
      data = is386 ? null : (iov.get(id) ?? null);
    }
    const call: TraceCall = {
      index: t.calls.length,
      id,
      pid,
      tid,
      nr,
      name,
      args: [a0, a1, a2, a3, a4, a5],
      ret,
      errno: ret !== null && ret < 0 && ret >= -4095 ? (ERRNO.get(-ret) ?? null) : null,
      path: paths.of(id, p),
      text,
      data,
      argv: argvs.get(id) ?? null,
      fdOrigins: [],
      memOrigin: null,
      key: 0,
    };
    t.calls.push(call);
    calls.push(call);
    let seqs = entrySeqs.get(t);
    if (!seqs) entrySeqs.set(t, (seqs = []));
    seqs.push(entrySeq ?? -1);
    if (CREATES_TASK.has(name) && ret !== null && ret > 0) created.push([t, ret]);
    count++;
  }

  for (const [parent, childTid] of created) {
    const child = byTid.get(childTid);
    if (!child || child.parent !== null || child === parent) continue;
    child.parent = parent;
    parent.children.push(child);
  }

  const mapped = new Map(mappedFiles(db).map((m) => [m.path, m.sha256]));
  loadExecs(db, byTid, entrySeqs, mapped);
  for (const s of db.prepare(`SELECT tid, sig, seq FROM stops WHERE ${eventStops(db)} AND kind = 'signal'${notTrapped(db)} ORDER BY seq`).all() as { tid: number; sig: number; seq: number }[]) {
    const t = byTid.get(s.tid);
    if (!t) continue;
    t.signals.push({ sig: s.sig, beforeCall: countBefore(entrySeqs.get(t) ?? [], s.seq) });
  }

  const tasks = [...byTid.values()];
  const roots = tasks.filter((t) => t.parent === null);
  const label = (t: TraceTask, l: string): void => {
    t.label = l;
    t.children.forEach((c, i) => label(c, `${l}.${i + 1}`));
  };
  roots.forEach((r, i) => label(r, String(i + 1)));

  let unknown: string[] = [];
  try {
    unknown = (JSON.parse(row.options) as { import?: { unknown?: string[] } }).import?.unknown ?? [];
  } catch {
    // options that are not JSON: nothing is known to be unknown
  }
  return { path, row, db, imported, tasks, roots, calls, mappedFiles: mapped, unknown: new Set(unknown), syscallCount: count };
}

/** How many of the (ascending) entry seqs are below seq. */
function countBefore(seqs: readonly number[], seq: number): number {
  let lo = 0;
  let hi = seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seqs[mid] < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const caseOf = (table: Readonly<Record<string, number>>): string =>
  Object.entries(table)
    .flatMap(([name, arg]) => nrs(name).map((nr) => `WHEN ${nr} THEN ${arg}`))
    .join(' ');
const listOf = (names: Iterable<string>): string => nrs(...names).join(',') || '-1';

/** The join that brings each I/O syscall's buffer (memory part 0 of its data argument, at entry or exit). */
function dataJoin(): string {
  return `LEFT JOIN memory m ON m.seq = CASE WHEN s.nr IN (${listOf(DATA_AT_EXIT)}) THEN s.exit_seq ELSE s.entry_seq END
            AND m.arg = CASE s.nr ${caseOf(DATA_ARG)} END AND m.part = 0`;
}

/** readv/writev-like buffers: the iovec parts concatenated, keyed by syscall id. */
function loadIovData(db: BetterSqlite3.Database): Map<number, CallData> {
  const out = new Map<number, CallData>();
  const rows = db
    .prepare(
      `SELECT s.id, substr(m.data, 1, ${DATA_PREFIX}), m.truncated OR length(m.data) > ${DATA_PREFIX}
       FROM syscall s JOIN memory m ON m.seq = CASE WHEN s.nr IN (${listOf(IOV_AT_EXIT)}) THEN s.exit_seq ELSE s.entry_seq END
                    AND m.arg = CASE s.nr ${caseOf(IOV_ARG)} END AND m.part > 0
       WHERE s.nr IN (${listOf(Object.keys(IOV_ARG))}) ORDER BY s.id, m.part`,
    )
    .raw()
    .all() as [number, Buffer | null, number][];
  const parts = new Map<number, { bytes: Buffer[]; length: number; truncated: boolean }>();
  for (const [id, data, truncated] of rows) {
    if (data === null) continue;
    let p = parts.get(id);
    if (!p) parts.set(id, (p = { bytes: [], length: 0, truncated: false }));
    p.truncated ||= truncated !== 0 || p.length >= DATA_PREFIX;
    if (p.length < DATA_PREFIX) {
      p.bytes.push(data);
      p.length += data.length;
    }
  }
  for (const [id, p] of parts) {
    const all = Buffer.concat(p.bytes);
    out.set(id, CallData.of(all.subarray(0, DATA_PREFIX), p.truncated || all.length > DATA_PREFIX));
  }
  return out;
}

/** execve's argv strings of a native recording (memory parts 1… of argument 1; execveat: 2). */
function loadExecArgv(db: BetterSqlite3.Database, imported: boolean): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (imported) return out;
  const [execve, execveat] = [NR.get('execve') ?? -1, NR.get('execveat') ?? -1];
  const rows = db
    .prepare(
      `SELECT s.id, m.data FROM syscall s JOIN memory m ON m.seq = s.entry_seq AND m.arg = CASE s.nr WHEN ${execveat} THEN 2 ELSE 1 END AND m.part > 0
       WHERE s.nr IN (${execve}, ${execveat}) ORDER BY s.id, m.part`,
    )
    .iterate() as IterableIterator<{ id: number; data: Buffer | null }>;
  for (const r of rows) {
    let list = out.get(r.id);
    if (!list) out.set(r.id, (list = []));
    list.push(r.data === null ? '?' : r.data.toString('utf8'));
  }
  return out;
}

function loadExecs(db: BetterSqlite3.Database, byTid: Map<number, TraceTask>, entrySeqs: Map<TraceTask, number[]>, mapped: Map<string, string | null>): void {
  const rows = db.prepare('SELECT * FROM execs ORDER BY seq').all() as {
    pid: number; tid: number; seq: number; path: string | null; path_bytes?: Buffer | null; argv: string | null; env: string | null; exe_sha256: string | null;
  }[];
  const json = (s: string | null): string[] | null => {
    if (s === null) return null;
    try {
      return JSON.parse(s) as string[];
    } catch {
      return null;
    }
  };
  for (const r of rows) {
    const t = byTid.get(r.tid) ?? byTid.get(r.pid);
    if (!t) continue;
    // the execve call: the last one of that task entered before the exec event
    const before = countBefore(entrySeqs.get(t) ?? [], r.seq);
    let index = -1;
    for (let i = before - 1; i >= 0; i--) {
      const name = t.calls[i].name;
      if (name === 'execve' || name === 'execveat') {
        index = i;
        break;
      }
    }
    if (index < 0) continue;
    const path = r.path === null ? null : exactText(r.path, r.path_bytes);
    const sha = r.exe_sha256 ?? (path === null ? null : (mapped.get(path) ?? null));
    const exec: TraceExec = { index, path: path ?? t.calls[index].path, argv: json(r.argv), env: json(r.env), sha256: sha };
    t.execs.push(exec);
  }
}
