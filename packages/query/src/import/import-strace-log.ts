import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { errnoTable, pathArgs, syscallTable } from '@tracedb/native';
import { migrate } from '@tracedb/recorder';
import { UsageError } from '../cli/errors.js';
import { parseIntArg, parseStringArray, parseStringLiteral, splitArgs } from './strace-args.js';
import { parseStraceLog } from './strace-log-parser.js';
import type { LogEvent, LogPosition, LogProblem, LogSyscall } from './strace-log-parser.js';

export interface ImportOptions {
  /** Replace outDbPath if it exists (default: refuse). */
  readonly force?: boolean;
}

export interface ImportResult {
  readonly output: string;
  readonly lines: number;
  readonly syscalls: number;
  readonly processes: number;
  readonly threads: number;
  /** Lines that were not understood, with their 1-based line numbers (also in the import_problems table). */
  readonly problems: readonly LogProblem[];
}

const NR = new Map(syscallTable.map((d) => [d.name, d.nr]));
const PATH_ARG = pathArgs(syscallTable);
const CREATES_TASK = new Set(['clone', 'clone3', 'fork', 'vfork']);
const EXEC = new Set(['execve', 'execveat']);
/** What a log cannot tell about the run (see options.import.unknown). */
const UNKNOWN_CONTEXT = ['cwd', 'fds', 'exe_path', 'exe_sha256', 'mapped_files', 'libc', 'kernel', 'uid', 'rlimits'];

interface Task {
  readonly tid: number;
  parent: number | null;
  thread: boolean;
  pid: number;
  startSeq: number | null;
  endSeq: number | null;
  exitStatus: number | null;
  exitSignal: number | null;
  core: boolean;
}

/**
 * Reads a `strace -f` log (with or without -tt/-ttt/-r/-T/-y/-i/-n, with unfinished/resumed
 * pairs, signal and exit lines) into a new recording with mode 'import': decoded values only,
 * each syscall's argument and return text kept in `syscall_text`. Lines that cannot be parsed
 * are reported with their line numbers (and stored in `import_problems`), never dropped.
 *
 * @example
 * const r = importStraceLog('ls.strace', 'ls.db');
 * for (const p of r.problems) console.error(`line ${p.line}: ${p.reason}`);
 */
export function importStraceLog(logPath: string, outDbPath: string, opts: ImportOptions = {}): ImportResult {
  let text: string;
  try {
    if (statSync(logPath).isDirectory()) throw new UsageError(`${logPath}: is a directory, not a strace log`);
    text = readFileSync(logPath, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${logPath}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (existsSync(outDbPath)) {
    if (!opts.force) throw new UsageError(`${outDbPath}: already exists (use --force to replace it)`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(outDbPath + suffix, { force: true });
  }
  const log = parseStraceLog(text);
  const db = new Database(outDbPath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const version = migrate(db);
    const counts = db.transaction(() => writeRecording(db, version, log, path.resolve(logPath)))();
    return { output: outDbPath, lines: log.lines, ...counts, problems: log.problems };
  } finally {
    db.close();
  }
}

function writeRecording(
  db: Database.Database,
  version: number,
  log: ReturnType<typeof parseStraceLog>,
  source: string,
): { syscalls: number; processes: number; threads: number } {
  const nameRow = db.prepare('INSERT INTO syscall_names (nr, name) VALUES (?, ?)');
  for (const s of syscallTable) nameRow.run(s.nr, s.name);
  const errRow = db.prepare('INSERT INTO errno_names (num, name, message) VALUES (?, ?, ?)');
  for (const e of errnoTable) errRow.run(e.num, e.name, e.message);

  const tasks = taskTree(log.events);
  const clock = timeline(log.timestamps);
  const stop = db.prepare('INSERT INTO stop (seq, ts_ns, pid, tid, kind, nr, sig, status) VALUES (?,?,?,?,?,?,?,?)');
  const syscallRow = db.prepare(
    'INSERT INTO syscall (id, pid, tid, nr, a0, a1, a2, a3, a4, a5, ret, entry_seq, exit_seq, entry_ns, exit_ns, path) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const textRow = db.prepare('INSERT INTO syscall_text (id, args, split, ret, line, end_line) VALUES (?,?,?,?,?,?)');
  const signalText = db.prepare('INSERT INTO signal_text (seq, info) VALUES (?,?)');
  const execRow = db.prepare('INSERT INTO execs (pid, tid, seq, path, argv, env) VALUES (?,?,?,?,?,?)');

  // Stops in the order of the lines they come from: a syscall's exit stop sits at its resumed line.
  interface Point { readonly line: number; readonly order: number; readonly apply: (seq: number) => void }
  const points: Point[] = [];
  const rows: { ev: LogSyscall; id: number; entrySeq: number; exitSeq: number | null; entryNs: number; exitNs: number | null }[] = [];
  let id = 0;
  const taskOf = (tid: number): Task => tasks.get(tid)!;
  const seen = (tid: number, seq: number): void => {
    const t = taskOf(tid);
    t.startSeq ??= seq;
  };
  let first: { argv: string[] | null; env: string[] | null; path: string | null; truncated: boolean } | null = null;
  let lastExitOfRoot: number | null = null;

  for (const ev of log.events) {
    if (ev.kind === 'syscall') {
      const row = { ev, id: ++id, entrySeq: 0, exitSeq: null as number | null, entryNs: clock(ev.start), exitNs: null as number | null };
      rows.push(row);
      const nr = syscallNr(ev.name);
      points.push({
        line: ev.start.line, order: 0,
        apply: (seq) => {
          row.entrySeq = seq;
          seen(ev.tid, seq);
          stop.run(seq, row.entryNs, taskOf(ev.tid).pid, ev.tid, 'syscall-entry', nr, null, null);
        },
      });
      if (ev.end !== null) {
        const end = ev.end;
        points.push({
          line: end.line, order: 1,
          apply: (seq) => {
            row.exitSeq = seq;
            row.exitNs = clock(end);
            // an execve by a non-leader thread returns in the leader's tid
            const exitTid = EXEC.has(ev.name) && ev.ret === 0 ? taskOf(ev.tid).pid : ev.tid;
            stop.run(seq, row.exitNs, taskOf(ev.tid).pid, exitTid, 'syscall-exit', nr, null, null);
          },
        });
      }
      continue;
    }
    const at = ev.at;
    points.push({
      line: at.line, order: 0,
      apply: (seq) => {
        const t = taskOf(ev.tid);
        seen(ev.tid, seq);
        const ns = clock(at);
        if (ev.kind === 'signal') {
          stop.run(seq, ns, t.pid, ev.tid, 'signal', null, ev.sig, null);
          signalText.run(seq, ev.info);
        }
        else if (ev.kind === 'stopped') stop.run(seq, ns, t.pid, ev.tid, 'group-stop', null, ev.sig, null);
        else if (ev.kind === 'exit' || ev.kind === 'killed') {
          const status = ev.kind === 'exit' ? (ev.code & 0xff) << 8 : ev.sig | (ev.core ? 0x80 : 0);
          stop.run(seq, ns, t.pid, ev.tid, 'exit', null, ev.kind === 'killed' ? ev.sig : null, status);
          t.endSeq = seq;
          if (ev.kind === 'exit') t.exitStatus = ev.code;
          else {
            t.exitSignal = ev.sig;
            t.core = ev.core;
          }
          if (t.parent === null && !t.thread) lastExitOfRoot = ev.kind === 'exit' ? ev.code : 128 + ev.sig;
        }
      },
    });
  }
  points.sort((a, b) => a.line - b.line || a.order - b.order);
  points.forEach((p, i) => p.apply(i + 1));

  for (const r of rows) {
    const ev = r.ev;
    const args = splitArgs(ev.args);
    const ints = [0, 1, 2, 3, 4, 5].map((i) => (args[i] === undefined ? null : parseIntArg(args[i])));
    const nr = syscallNr(ev.name);
    const pathIndex = nr >= 0 ? (PATH_ARG[nr] ?? -1) : -1;
    let p: string | null = null;
    if (pathIndex >= 0 && args[pathIndex] !== undefined) {
      const s = parseStringLiteral(args[pathIndex]);
      if (s !== null && !s.truncated) p = s.bytes.toString('utf8');
    }
    const t = taskOf(ev.tid);
    syscallRow.run(r.id, t.pid, ev.tid, nr, ...ints, ev.ret, r.entrySeq, r.exitSeq, r.entryNs, r.exitNs, p);
    textRow.run(r.id, ev.args, ev.split, ev.retText, ev.start.line, ev.end?.line ?? null);
    if (EXEC.has(ev.name) && ev.ret === 0 && r.exitSeq !== null) {
      const base = ev.name === 'execveat' ? 2 : 1;
      const argv = args[base] === undefined ? null : parseStringArray(args[base]);
      const env = args[base + 1] === undefined ? null : parseStringArray(args[base + 1]);
      const strings = (list: ReturnType<typeof parseStringArray>): string[] | null =>
        list === null ? null : list.map((s) => s.bytes.toString('utf8') + (s.truncated ? '...' : ''));
      execRow.run(t.pid, ev.tid, r.exitSeq, p, argv === null ? null : JSON.stringify(strings(argv)), env === null ? null : JSON.stringify(strings(env)));
      first ??= { argv: strings(argv), env: strings(env), path: p, truncated: (argv ?? []).some((s) => s.truncated) || (env ?? []).some((s) => s.truncated) };
    }
  }

  const threadRow = db.prepare('INSERT INTO threads (tid, pid, start_seq, end_seq, exit_status, exit_signal) VALUES (?,?,?,?,?,?)');
  const processRow = db.prepare('INSERT INTO processes (pid, ppid, start_seq, end_seq, exit_status, exit_signal, core_dumped) VALUES (?,?,?,?,?,?,?)');
  let processes = 0;
  const ordered = [...tasks.values()].sort((a, b) => (a.startSeq ?? Infinity) - (b.startSeq ?? Infinity));
  for (const t of ordered) {
    threadRow.run(t.tid, t.pid, t.startSeq, t.endSeq, t.exitStatus, t.exitSignal);
    if (t.thread) continue;
    const ppid = t.parent === null ? null : taskOf(t.parent).pid;
    processRow.run(t.pid, ppid, t.startSeq, t.endSeq, t.exitStatus, t.exitSignal, t.exitSignal === null ? null : t.core ? 1 : 0);
    processes++;
  }

  const problem = db.prepare('INSERT INTO import_problems (line, text, reason) VALUES (?,?,?)');
  for (const p of log.problems) problem.run(p.line, p.text, p.reason);

  const startedNs = log.timestamps === 'ttt' ? firstTime(log.events) : 0n;
  const f = first as typeof first;
  const unknown = [...UNKNOWN_CONTEXT, ...(f?.env ? [] : ['env']), ...(f?.argv ? [] : ['argv'])];
  db.prepare(
    `INSERT INTO recording (id, schema_version, mode, argv, env, cwd, exe_path, arch, kernel, tracer_version, options, started_ns, exit_status, complete, interrupted_by)
     VALUES (1, ?, 'import', ?, ?, '', ?, 'x86_64', '', 'strace-log', ?, ?, ?, ?, ?)`,
  ).run(
    version,
    JSON.stringify(f?.argv ?? []),
    JSON.stringify(f?.env ?? []),
    f?.path ?? null,
    JSON.stringify({
      import: {
        format: 'strace',
        source,
        lines: log.lines,
        problems: log.problems.length,
        timestamps: log.timestamps,
        syscallTimes: log.syscallTimes,
        stringsTruncated: f?.truncated ?? false,
        unknown,
      },
    }),
    startedNs,
    lastExitOfRoot,
    lastExitOfRoot === null ? 0 : 1,
    lastExitOfRoot === null ? 'the log ends before the first process exits' : null,
  );
  return { syscalls: rows.length, processes, threads: tasks.size };
}

function syscallNr(name: string): number {
  const nr = NR.get(name);
  if (nr !== undefined) return nr;
  // strace prints unknown syscalls as syscall_0x1b3
  const m = /^syscall_(0x[0-9a-f]+|\d+)$/.exec(name);
  return m ? Number(m[1]) : -1;
}

/** Tasks from the log: who created whom (clone/fork returns), and which are threads (CLONE_THREAD). */
function taskTree(events: readonly LogEvent[]): Map<number, Task> {
  const tasks = new Map<number, Task>();
  const get = (tid: number): Task => {
    let t = tasks.get(tid);
    if (!t) {
      t = { tid, parent: null, thread: false, pid: tid, startSeq: null, endSeq: null, exitStatus: null, exitSignal: null, core: false };
      tasks.set(tid, t);
    }
    return t;
  };
  const created: [parent: number, child: number, thread: boolean][] = [];
  for (const ev of events) {
    get(ev.tid);
    if (ev.kind === 'syscall' && CREATES_TASK.has(ev.name) && typeof ev.ret === 'number' && ev.ret > 0) {
      get(ev.ret);
      created.push([ev.tid, ev.ret, /\bCLONE_THREAD\b/.test(ev.args)]);
    }
  }
  for (const [parent, child, thread] of created) {
    const c = get(child);
    if (c.parent !== null || child === parent) continue;
    c.parent = parent;
    c.thread = thread;
  }
  // a thread's pid is its creator's pid (creators are resolved first: they are older)
  const resolve = (t: Task, depth = 0): number => {
    if (!t.thread || t.parent === null || depth > tasks.size) return t.tid;
    return (t.pid = resolve(tasks.get(t.parent)!, depth + 1));
  };
  for (const t of tasks.values()) t.pid = resolve(t);
  return tasks;
}

/** Turns the log's timestamps into ns since the first one (0 everywhere when it has none). */
function timeline(kind: ReturnType<typeof parseStraceLog>['timestamps']): (at: LogPosition) => number {
  let origin: number | null = null;
  let last = 0;
  let sum = 0;
  let wraps = 0;
  return (at) => {
    if (at.time === null || kind === 'none') return 0;
    if (kind === 'r') {
      sum += at.time;
      return Math.round(sum * 1e9);
    }
    let t = at.time + wraps * 86400;
    // -t/-tt print the time of day: a run across midnight goes back to 00:00
    if ((kind === 't' || kind === 'tt') && t + 43200 < last) {
      wraps++;
      t += 86400;
    }
    last = t;
    origin ??= t;
    return Math.round((t - origin) * 1e9);
  };
}

function firstTime(events: readonly LogEvent[]): bigint {
  for (const ev of events) {
    const at = ev.kind === 'syscall' ? ev.start : ev.at;
    if (at.time !== null) return BigInt(Math.round(at.time * 1e6)) * 1000n;
  }
  return 0n;
}
