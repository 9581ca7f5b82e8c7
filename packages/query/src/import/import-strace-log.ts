import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isUtf8 } from 'node:buffer';
import { bytesToString, errnoTable, fsName, pathArgs, storedStopKinds, syscallTable, unknownSyscallNr } from '@tracedb/native';
import type { StopKindName } from '@tracedb/native';
import { migrate } from '@tracedb/recorder';
import { UsageError } from '../cli/errors.js';
import { parseIntArg, parseStringArray, parseStringLiteral, splitArgs } from './strace-args.js';
import { parseStraceLog } from './strace-log-parser.js';
import type { LogEvent, LogPosition, LogProblem, LogSyscall, ParsedLog } from './strace-log-parser.js';

export interface ImportOptions {
  /** Replace outDbPath if it exists (default: refuse). */
  readonly force?: boolean;
  /** The files are `strace -ff`'s LOG.PID: lines without a pid column are PID's (default: when there are several). */
  readonly perThread?: boolean;
  /** recording.host: the machine the log was written on (default: this one's host name, since a log does not say). */
  readonly host?: string;
}

export interface ImportResult {
  readonly output: string;
  readonly lines: number;
  readonly syscalls: number;
  readonly processes: number;
  readonly threads: number;
  /** Lines that were not understood, with their 1-based line numbers (also in the import_problems table). */
  readonly problems: readonly LogProblem[];
  /** `strace -k` stack-trace lines, skipped. */
  readonly stackLines: number;
  /** How several files (`strace -ff`) were put in one order; null for one file. */
  readonly merged: 'time' | 'file order' | null;
}

const NR = new Map(syscallTable.map((d) => [d.name, d.nr]));
const PATH_ARG = pathArgs(syscallTable);
const CREATES_TASK = new Set(['clone', 'clone3', 'fork', 'vfork']);
const EXEC = new Set(['execve', 'execveat']);
/** What a log cannot tell about the run (see options.import.unknown). */
const UNKNOWN_CONTEXT = ['cwd', 'fds', 'exe_path', 'exe_sha256', 'mapped_files', 'libc', 'kernel', 'uid', 'rlimits'];
/** Timestamps that say when, not only how long after: several files can be merged by them. */
const ABSOLUTE = new Set<ParsedLog['timestamps']>(['t', 'tt', 'ttt']);

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

/** The logs read as one: events in the order they happened, and each line's place in it. */
interface MergedLog {
  readonly events: readonly LogEvent[];
  /** The place of a line (a position of an event) in the merged order. */
  readonly rank: ReadonlyMap<LogPosition, number>;
  readonly timestamps: ParsedLog['timestamps'];
  readonly syscallTimes: boolean;
  readonly problems: readonly LogProblem[];
  readonly lines: number;
  readonly merged: ImportResult['merged'];
  /** The modification time of the newest file, ms (the end of the run, for -t/-tt's date). */
  readonly mtimeMs: number;
}

/**
 * Reads a `strace -f` log (with or without -t/-tt/-ttt/-r/-T/-y/-i/-n/-k, with
 * unfinished/resumed pairs, signal and exit lines) into a new recording with mode 'import':
 * decoded values only, each syscall's argument and return text kept in `syscall_text`. The
 * files of `strace -ff -o LOG` (LOG.PID, one per thread, without a pid column) are read as
 * one log, merged by their timestamps when they have absolute ones, else in the order given.
 * Lines that cannot be parsed are reported with their line numbers (and stored in
 * `import_problems`), never dropped; `-k` stack-trace lines are counted and skipped.
 *
 * Times: a syscall's entry stop is at the time its (first) line was printed; its exit stop
 * at its `<... resumed>` line's, or entry + -T's duration for a line printed whole. The
 * syscall's `exit_ns` is entry + duration with -T (so that -T prints what strace printed),
 * else the exit stop's time, or NULL for a `= ?` that never returned. `recording.started_ns` is the first line's wall-clock time with
 * -ttt, and with -t/-tt that time of day on the date the newest file was last written.
 *
 * @example
 * const r = importStraceLog(['ls.strace'], 'ls.db');
 * for (const p of r.problems) console.error(`line ${p.line}: ${p.reason}`);
 */
export function importStraceLog(logPaths: string | readonly string[], outDbPath: string, opts: ImportOptions = {}): ImportResult {
  const files = typeof logPaths === 'string' ? [logPaths] : [...logPaths];
  const texts = files.map((f) => ({ file: f, ...readLog(f) }));
  if (existsSync(outDbPath)) {
    if (!opts.force) throw new UsageError(`${outDbPath}: already exists (use --force to replace it)`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(outDbPath + suffix, { force: true });
  }
  const perThread = opts.perThread ?? files.length > 1;
  const parsed = texts.map((t) => ({ file: t.file, mtimeMs: t.mtimeMs, log: parseStraceLog(t.text, perThread ? { tid: pidSuffix(t.file) } : {}) }));
  const log = mergeLogs(parsed);
  const stackLines = parsed.reduce((n, p) => n + p.log.stackLines, 0);
  const db = new Database(outDbPath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const version = migrate(db);
    const counts = db.transaction(() => writeRecording(db, version, log, files.map((f) => path.resolve(f)), opts.host ?? hostname()))();
    return { output: outDbPath, lines: log.lines, ...counts, problems: log.problems, stackLines, merged: log.merged };
  } finally {
    db.close();
  }
}

function readLog(file: string): { text: string; mtimeMs: number } {
  try {
    const st = statSync(fsName(file));
    if (st.isDirectory()) throw new UsageError(`${file}: is a directory, not a strace log`);
    return { text: readFileSync(fsName(file), 'utf8'), mtimeMs: st.mtimeMs };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** LOG.1234 → 1234: the thread a `strace -ff` file is about. */
function pidSuffix(file: string): number | undefined {
  const m = /\.(\d+)$/.exec(file);
  return m ? Number(m[1]) : undefined;
}

/** Every line an event was printed on, in its file's order. */
function positions(log: ParsedLog): LogPosition[] {
  const out: LogPosition[] = [];
  for (const ev of log.events) {
    if (ev.kind !== 'syscall') out.push(ev.at);
    else {
      out.push(ev.start);
      if (ev.end !== null && ev.end !== ev.start) out.push(ev.end);
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

const startOf = (ev: LogEvent): LogPosition => (ev.kind === 'syscall' ? ev.start : ev.at);

/**
 * One order for the lines of all files: each file's own order kept, the files interleaved by
 * time when all have absolute timestamps of one kind, else one after the other.
 */
function mergeLogs(parsed: readonly { file: string; mtimeMs: number; log: ParsedLog }[]): MergedLog {
  const kinds = new Set(parsed.map((p) => p.log.timestamps));
  const timestamps = kinds.size === 1 ? parsed[0].log.timestamps : 'none';
  const byTime = parsed.length > 1 && ABSOLUTE.has(timestamps);
  const queues = parsed.map((p) => positions(p.log));
  const rank = new Map<LogPosition, number>();
  const heads = queues.map(() => 0);
  const lastTime = queues.map((): bigint => -1n);
  const timeAt = (q: number): bigint => queues[q][heads[q]].time ?? lastTime[q];
  for (;;) {
    let pick = -1;
    for (let q = 0; q < queues.length; q++) {
      if (heads[q] >= queues[q].length) continue;
      if (pick < 0) pick = q;
      else if (byTime && timeAt(q) < timeAt(pick)) pick = q;
      if (!byTime) break;
    }
    if (pick < 0) break;
    const p = queues[pick][heads[pick]++];
    lastTime[pick] = p.time ?? lastTime[pick];
    rank.set(p, rank.size);
  }
  const events = parsed.flatMap((p) => p.log.events).sort((a, b) => rank.get(startOf(a))! - rank.get(startOf(b))!);
  const several = parsed.length > 1;
  return {
    events,
    rank,
    timestamps,
    syscallTimes: parsed.some((p) => p.log.syscallTimes),
    problems: parsed.flatMap((p) => (several ? p.log.problems.map((x) => ({ ...x, file: p.file })) : p.log.problems)),
    lines: parsed.reduce((n, p) => n + p.log.lines, 0),
    merged: several ? (byTime ? 'time' : 'file order') : null,
    mtimeMs: Math.max(...parsed.map((p) => p.mtimeMs)),
  };
}

function writeRecording(
  db: Database.Database,
  version: number,
  log: MergedLog,
  sources: readonly string[],
  host: string,
): { syscalls: number; processes: number; threads: number } {
  const nameRow = db.prepare('INSERT INTO syscall_names (nr, name) VALUES (?, ?)');
  for (const s of syscallTable) nameRow.run(s.nr, s.name);
  const errRow = db.prepare('INSERT INTO errno_names (num, name, message) VALUES (?, ?, ?)');
  for (const e of errnoTable) errRow.run(e.num, e.name, e.message);

  const tasks = taskTree(log.events);
  const clock = timeline(log);
  const stopRow = db.prepare('INSERT INTO stop (seq, ts_ns, pid, tid, kind, nr, sig, status) VALUES (?,?,?,?,?,?,?,?)');
  const stop = {
    run: (seq: number, ts: number, pid: number, tid: number, kind: StopKindName, nr: number | null, sig: number | null, status: number | null) =>
      stopRow.run(seq, ts, pid, tid, storedStopKinds.indexOf(kind), nr, sig, status),
  };
  const syscallRow = db.prepare(
    'INSERT INTO syscall (id, pid, tid, nr, a0, a1, a2, a3, a4, a5, ret, entry_seq, exit_seq, entry_ns, exit_ns, path, path_bytes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const textRow = db.prepare('INSERT INTO syscall_text (id, args, split, ret, line, end_line) VALUES (?,?,?,?,?,?)');
  const signalText = db.prepare('INSERT INTO signal_text (seq, info) VALUES (?,?)');
  const execRow = db.prepare('INSERT INTO execs (pid, tid, seq, path, path_bytes, argv, env) VALUES (?,?,?,?,?,?,?)');

  // Stops in the order of the lines they come from: a syscall's exit stop sits at its resumed line.
  interface Point { readonly rank: number; readonly order: number; readonly apply: (seq: number) => void }
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
      const entryNs = clock(ev.start);
      const duration = ev.duration === null ? null : Number(ev.duration);
      const row = { ev, id: ++id, entrySeq: 0, exitSeq: null as number | null, entryNs, exitNs: null as number | null };
      rows.push(row);
      const nr = syscallNr(ev.name);
      points.push({
        rank: log.rank.get(ev.start)!, order: 0,
        apply: (seq) => {
          row.entrySeq = seq;
          seen(ev.tid, seq);
          stop.run(seq, row.entryNs, taskOf(ev.tid).pid, ev.tid, 'syscall-entry', nr, null, null);
        },
      });
      if (ev.end !== null) {
        const end = ev.end;
        const resumed = end !== ev.start;
        const stopNs = resumed ? clock(end) : entryNs + (duration ?? 0);
        // `= ?` without -T's duration: it never returned (exit_group, a killed thread), no exit time
        row.exitNs = duration !== null ? entryNs + duration : ev.ret === null ? null : stopNs;
        points.push({
          rank: log.rank.get(end)!, order: 1,
          apply: (seq) => {
            row.exitSeq = seq;
            // an execve by a non-leader thread returns in the leader's tid
            const exitTid = EXEC.has(ev.name) && ev.ret === 0 ? taskOf(ev.tid).pid : ev.tid;
            stop.run(seq, stopNs, taskOf(ev.tid).pid, exitTid, 'syscall-exit', nr, null, null);
          },
        });
      }
      continue;
    }
    const at = ev.at;
    points.push({
      rank: log.rank.get(at)!, order: 0,
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
  points.sort((a, b) => a.rank - b.rank || a.order - b.order);
  points.forEach((p, i) => p.apply(i + 1));

  for (const r of rows) {
    const ev = r.ev;
    const args = splitArgs(ev.args);
    const ints = [0, 1, 2, 3, 4, 5].map((i) => (args[i] === undefined ? null : parseIntArg(args[i])));
    const nr = syscallNr(ev.name);
    const pathIndex = nr >= 0 ? (PATH_ARG[nr] ?? -1) : -1;
    let p: string | null = null;
    let pBytes: Buffer | null = null; // the bytes when they are not UTF-8 (schema 8)
    if (pathIndex >= 0 && args[pathIndex] !== undefined) {
      const s = parseStringLiteral(args[pathIndex]);
      if (s !== null && !s.truncated) {
        p = s.bytes.toString('utf8');
        pBytes = isUtf8(s.bytes) ? null : s.bytes;
      }
    }
    const t = taskOf(ev.tid);
    syscallRow.run(r.id, t.pid, ev.tid, nr, ...ints, ev.ret, r.entrySeq, r.exitSeq, r.entryNs, r.exitNs, p, pBytes);
    textRow.run(r.id, ev.args, ev.split, ev.retText, ev.start.line, ev.end?.line ?? null);
    if (EXEC.has(ev.name) && ev.ret === 0 && r.exitSeq !== null) {
      const base = ev.name === 'execveat' ? 2 : 1;
      const argv = args[base] === undefined ? null : parseStringArray(args[base]);
      const env = args[base + 1] === undefined ? null : parseStringArray(args[base + 1]);
      const strings = (list: ReturnType<typeof parseStringArray>): string[] | null =>
        list === null ? null : list.map((s) => bytesToString(s.bytes) + (s.truncated ? '...' : ''));
      execRow.run(t.pid, ev.tid, r.exitSeq, p, pBytes, argv === null ? null : JSON.stringify(strings(argv)), env === null ? null : JSON.stringify(strings(env)));
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
  for (const p of log.problems) problem.run(p.line, p.text, p.file === undefined ? p.reason : `${path.basename(p.file)}: ${p.reason}`);

  const startedNs = wallClockStart(log);
  const f = first as typeof first;
  const unknown = [...UNKNOWN_CONTEXT, ...(f?.env ? [] : ['env']), ...(f?.argv ? [] : ['argv'])];
  db.prepare(
    `INSERT INTO recording (id, schema_version, mode, argv, env, cwd, exe_path, arch, kernel, tracer_version, options, started_ns, exit_status, complete, interrupted_by, recording_id, host)
     VALUES (1, ?, 'import', ?, ?, '', ?, 'x86_64', '', 'strace-log', ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    version,
    JSON.stringify(f?.argv ?? []),
    JSON.stringify(f?.env ?? []),
    f?.path ?? null,
    JSON.stringify({
      import: {
        format: 'strace',
        source: sources.length === 1 ? sources[0] : sources,
        ...(log.merged !== null ? { merged: log.merged } : {}),
        lines: log.lines,
        problems: log.problems.length,
        timestamps: log.timestamps,
        syscallTimes: log.syscallTimes,
        ...(log.timestamps === 't' || log.timestamps === 'tt' ? { date: 'from the log file\'s modification time' } : {}),
        stringsTruncated: f?.truncated ?? false,
        unknown,
      },
    }),
    startedNs,
    lastExitOfRoot,
    lastExitOfRoot === null ? 0 : 1,
    lastExitOfRoot === null ? 'the log ends before the first process exits' : null,
    randomUUID(),
    host,
  );
  return { syscalls: rows.length, processes, threads: tasks.size };
}

function syscallNr(name: string): number {
  return NR.get(name) ?? unknownSyscallNr(name) ?? -1;
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

/** The first timestamp of the merged log (ns as parsed), or null. */
function origin(log: MergedLog): bigint | null {
  let first: LogPosition | null = null;
  for (const [p, r] of log.rank) if (p.time !== null && (first === null || r < log.rank.get(first)!)) first = p;
  return first?.time ?? null;
}

/** Turns the log's timestamps into ns since the first one (0 everywhere when it has none). */
function timeline(log: MergedLog): (at: LogPosition) => number {
  const o = origin(log);
  return (at) => (at.time === null || o === null ? 0 : Number(at.time - o));
}

/**
 * recording.started_ns: the wall-clock time of the first line. -ttt says it; -t/-tt say the
 * time of day, and the date is the one that puts the last line closest to the time the
 * newest file was last written; -r and no timestamps say nothing (0).
 */
function wallClockStart(log: MergedLog): bigint {
  const first = origin(log);
  if (first === null) return 0n;
  if (log.timestamps === 'ttt') return first;
  if (log.timestamps !== 't' && log.timestamps !== 'tt') return 0n;
  let last = first;
  for (const p of log.rank.keys()) if (p.time !== null && p.time > last) last = p.time;
  const ms = 1_000_000n;
  const midnightGuess = new Date(log.mtimeMs - Number(last / ms) + 12 * 3600 * 1000);
  const sec = Number(first / 1_000_000_000n);
  const day = new Date(midnightGuess.getFullYear(), midnightGuess.getMonth(), midnightGuess.getDate(), Math.floor(sec / 3600), Math.floor(sec / 60) % 60, sec % 60);
  return BigInt(day.getTime()) * ms + (first % 1_000_000_000n);
}
