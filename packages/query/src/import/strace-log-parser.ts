import { errnoTable, realtimeSignalNames, signalAliases, signalTable } from '@tracedb/native';

// Parses `strace -f` output as written with -o (or captured from stderr): one event per
// syscall, signal, exit. The grammar of one line:
//
//   [PID | [pid PID]] [TIME] [[IP]] [[NR]] BODY [<DURATION>]
//
// TIME is -t (10:31:02), -tt (10:31:02.123456), -ttt (1700000000.123456) or -r (0.000123);
// DURATION is -T's. BODY is a syscall `name(args) = ret`, its `name(args <unfinished ...>`
// and `<... name resumed>args) = ret` halves, `--- SIGX {...} ---`, `--- stopped by SIGX ---`,
// `+++ exited with N +++`, `+++ killed by SIGX [(core dumped)] +++` or
// `+++ superseded by execve in pid N +++`. "strace: Process N attached" and similar
// notes of strace itself are recognised and skipped; anything else is a problem with its
// line number, never silently dropped.

export interface LogPosition {
  /** 1-based line number. */
  readonly line: number;
  /**
   * Nanoseconds, exact to the digits printed: -t/-tt since the midnight of the log's first line
   * (a run across midnight goes on counting), -ttt since the epoch, -r since the first line
   * (the deltas added up); null without timestamps.
   */
  readonly time: bigint | null;
}

export interface LogSyscall {
  readonly kind: 'syscall';
  readonly tid: number;
  readonly name: string;
  /** The argument text, entry and resumed parts joined. */
  args: string;
  /** Length of the part printed before `<unfinished ...>`, when strace split the call. */
  split: number | null;
  /** The text after "= " (without -T's duration); null when it never returned. */
  retText: string | null;
  /** The raw kernel return (-errno for errors), null for `?`. */
  ret: number | bigint | null;
  errno: string | null;
  /** -T's time in the syscall, nanoseconds. */
  duration: bigint | null;
  readonly start: LogPosition;
  end: LogPosition | null;
}

export type LogEvent =
  | LogSyscall
  | { readonly kind: 'signal'; readonly tid: number; readonly sig: number; readonly signame: string; readonly info: string; readonly at: LogPosition }
  | { readonly kind: 'stopped'; readonly tid: number; readonly sig: number; readonly signame: string; readonly at: LogPosition }
  | { readonly kind: 'exit'; readonly tid: number; readonly code: number; readonly at: LogPosition }
  | { readonly kind: 'killed'; readonly tid: number; readonly sig: number; readonly signame: string; readonly core: boolean; readonly at: LogPosition }
  | { readonly kind: 'superseded'; readonly tid: number; readonly by: number; readonly at: LogPosition };

export interface LogProblem {
  /** The file it is in, when several were read. */
  readonly file?: string;
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

export interface ParsedLog {
  readonly events: LogEvent[];
  readonly problems: LogProblem[];
  readonly lines: number;
  /** Which timestamp option the log was written with, from its first timestamp. */
  readonly timestamps: 'none' | 't' | 'tt' | 'ttt' | 'r';
  readonly syscallTimes: boolean;
  /** `strace -k` stack-trace lines (` > /usr/lib/…(func+0x12) [0x…]`), skipped. */
  readonly stackLines: number;
  /** Lines without a pid column were given this tid (strace -f without -o prints none for the first process). */
  readonly noPidTid: number | null;
}

const ERRNO = new Map<string, number>(errnoTable.map((e) => [e.name, e.num]));
for (const [alias, num] of [['EWOULDBLOCK', 11], ['EDEADLOCK', 35], ['ENOTSUP', 95]] as const) ERRNO.set(alias, num);
const SIGNALS = new Map<string, number>([
  ...signalTable.map((s) => [s.name, s.num] as const),
  ...realtimeSignalNames.map((s) => [s.name, s.num] as const),
  ...signalAliases.map((s) => [s.alias, s.num] as const),
]);

const PREFIX = /^(?:\[pid\s+(\d+)\]\s|(\d+)\s+)?\s*(?:(\d\d:\d\d:\d\d(?:\.\d+)?|\d+\.\d+)\s+)?((?:\[[ 0-9a-f?]+\]\s+)*)/;
const DURATION = /\s+<(\d+\.\d+)>$/;
const EXITED = /^\+\+\+ exited with (\d+) \+\+\+$/;
const KILLED = /^\+\+\+ killed by (SIG[A-Z0-9_+-]+)( \(core dumped\))? \+\+\+$/;
const SUPERSEDED = /^\+\+\+ superseded by execve in pid (\d+) \+\+\+$/;
const STOPPED = /^--- stopped by (SIG[A-Z0-9_+-]+) ---$/;
const SIGNAL = /^--- (SIG[A-Z0-9_+-]+) (.*?)\s*---$/;
const RESUMED = /^<\.\.\. ([a-z_][a-z0-9_]*) resumed>\s?(.*)$/s;
const UNFINISHED = / <unfinished \.\.\.>$/;
const COMPLETE = /^([a-z_][a-z0-9_]*)\((.*)\)\s+= (.+)$/s;
const ENTRY = /^([a-z_][a-z0-9_]*)\((.*)$/s;
const RESUMED_TAIL = /^(.*)\)\s+= (.+)$/s;
const STRACE_NOTE = /^(?:strace: |\[ Process PID=\d+ runs in )/;
/** A frame of `strace -k`'s stack trace, under the syscall it belongs to. */
const STACK_FRAME = /^ > /;
const NS_PER_S = 1_000_000_000n;

export interface ParsedReturn {
  readonly ret: number | bigint | null;
  readonly errno: string | null;
}

/**
 * The text after "= " as the raw kernel value: `?` → null, `-1 ENOENT (...)` → -2,
 * `? ERESTARTSYS (...)` → -512, `3</etc/passwd>` → 3, `0x7f...` → the number,
 * `1 ([{fd=7, ...}])` / `0 (Timeout)` → the number. Throws on anything else.
 */
export function parseReturnText(text: string): ParsedReturn {
  let m = /^\?(?: (E[A-Z0-9_]+) \(.*\)| <unavailable>)?$/s.exec(text);
  if (m) {
    if (m[1] === undefined) return { ret: null, errno: null };
    return { ret: -errnoNumber(m[1]), errno: m[1] };
  }
  m = /^-1 (E[A-Z0-9_]+)(?: \(.*\))?$/s.exec(text);
  if (m) return { ret: -errnoNumber(m[1]), errno: m[1] };
  m = /^-1 \(errno (\d+)\)$/.exec(text);
  if (m) return { ret: -Number(m[1]), errno: null };
  m = /^(0x[0-9a-f]+|-?\d+)(?:<.*>)?(?:$| )/s.exec(text);
  if (m) {
    let big = BigInt(m[1]);
    if (big >= 1n << 63n) big -= 1n << 64n;
    const n = Number(big);
    return { ret: Number.isSafeInteger(n) ? n : big, errno: null };
  }
  throw new Error('unrecognised return value');
}

function errnoNumber(name: string): number {
  const n = ERRNO.get(name);
  if (n === undefined) throw new Error(`unknown errno ${name}`);
  return n;
}

function signalNumber(name: string): number {
  const n = SIGNALS.get(name);
  if (n === undefined) throw new Error(`unknown signal ${name}`);
  return n;
}

/** Seconds with up to 9 decimals as exact nanoseconds. */
function nanoseconds(sec: string, frac = ''): bigint {
  return BigInt(sec) * NS_PER_S + BigInt((frac + '000000000').slice(0, 9));
}

function parseTime(text: string): bigint {
  const m = /^(\d\d):(\d\d):(\d\d)(?:\.(\d+))?$/.exec(text);
  if (m) return nanoseconds(String(Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])), m[4]);
  const [sec, frac] = text.split('.');
  return nanoseconds(sec, frac);
}

function timestampKind(text: string): ParsedLog['timestamps'] {
  if (/^\d\d:\d\d:\d\d$/.test(text)) return 't';
  if (text.includes(':')) return 'tt';
  // -ttt prints seconds since the epoch; -r prints small deltas.
  return Number(text) > 1e8 ? 'ttt' : 'r';
}

const DAY_NS = 86_400n * NS_PER_S;

/** Turns each line's printed time into LogPosition.time: -r's deltas summed, -t/-tt days counted. */
function clockReader(): (text: string | undefined) => bigint | null {
  let kind: ParsedLog['timestamps'] = 'none';
  let sum = 0n;
  let days = 0n;
  let last: bigint | null = null;
  return (text) => {
    if (text === undefined) return null;
    if (kind === 'none') kind = timestampKind(text);
    const t = parseTime(text);
    if (kind === 'r') return (sum += t);
    if (kind === 'ttt') return t;
    // -t/-tt print the time of day: a run across midnight goes back to 00:00
    let abs = t + days * DAY_NS;
    if (last !== null && abs + DAY_NS / 2n < last) {
      days++;
      abs += DAY_NS;
    }
    return (last = abs);
  };
}

export interface ParseOptions {
  /** The tid of lines without a pid column (the PID of a `strace -ff` LOG.PID file). */
  readonly tid?: number;
}

/** Parses a whole log. Never throws on a bad line: it becomes a problem and parsing goes on. */
export function parseStraceLog(text: string, opts: ParseOptions = {}): ParsedLog {
  const events: LogEvent[] = [];
  const problems: LogProblem[] = [];
  const pending = new Map<number, LogSyscall>();
  let timestamps: ParsedLog['timestamps'] = 'none';
  let syscallTimes = false;
  let noPidTid: number | null = null;
  let stackLines = 0;
  const clock = clockReader();

  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  const closeNeverResumed = (tid: number): void => {
    pending.delete(tid);
  };

  lines.forEach((rawLine, index) => {
    const line = index + 1;
    const raw = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (raw.trim() === '') return;
    if (STACK_FRAME.test(raw)) {
      stackLines++;
      return;
    }
    const problem = (reason: string): void => {
      problems.push({ line, text: raw, reason });
    };
    const p = PREFIX.exec(raw)!;
    let rest = raw.slice(p[0].length);
    if (STRACE_NOTE.test(rest)) return;
    let tid: number;
    if (p[1] !== undefined || p[2] !== undefined) {
      tid = Number(p[1] ?? p[2]);
    } else if (opts.tid !== undefined) {
      tid = opts.tid;
    } else {
      // The first process of `strace -f` without -o, or a log of one process without -f.
      noPidTid ??= 0;
      tid = noPidTid;
    }
    if (p[3] !== undefined && timestamps === 'none') timestamps = timestampKind(p[3]);
    const at: LogPosition = { line, time: clock(p[3]) };
    let duration: bigint | null = null;
    const d = DURATION.exec(rest);
    if (d) {
      const [sec, frac] = d[1].split('.');
      duration = nanoseconds(sec, frac);
      syscallTimes = true;
      rest = rest.slice(0, d.index);
    }
    let m: RegExpExecArray | null;
    try {
      if ((m = EXITED.exec(rest))) {
        closeNeverResumed(tid);
        events.push({ kind: 'exit', tid, code: Number(m[1]), at });
        return;
      }
      if ((m = KILLED.exec(rest))) {
        closeNeverResumed(tid);
        events.push({ kind: 'killed', tid, sig: signalNumber(m[1]), signame: m[1], core: m[2] !== undefined, at });
        return;
      }
      if ((m = SUPERSEDED.exec(rest))) {
        // Thread `by` exec'd: tid's own open syscall never returns; `by`'s execve returns as tid.
        const by = Number(m[1]);
        closeNeverResumed(tid);
        const execve = pending.get(by);
        if (execve !== undefined) {
          pending.delete(by);
          pending.set(tid, execve);
        }
        events.push({ kind: 'superseded', tid, by, at });
        return;
      }
      if ((m = STOPPED.exec(rest))) {
        events.push({ kind: 'stopped', tid, sig: signalNumber(m[1]), signame: m[1], at });
        return;
      }
      if ((m = SIGNAL.exec(rest))) {
        events.push({ kind: 'signal', tid, sig: signalNumber(m[1]), signame: m[1], info: m[2], at });
        return;
      }
      if ((m = RESUMED.exec(rest))) {
        const name = m[1];
        let tail = m[2];
        let ev = pending.get(tid);
        if (ev === undefined && (name === 'execve' || name === 'execveat')) {
          // An exec by a non-leader thread whose "superseded" line came later or not at all.
          const open = [...pending.entries()].filter(([, e]) => e.name === name);
          if (open.length === 1) {
            ev = open[0][1];
            pending.delete(open[0][0]);
          }
        } else {
          pending.delete(tid);
        }
        if (ev === undefined) return problem(`"${name} resumed" without an unfinished ${name} in ${tid}`);
        if (ev.name !== name) return problem(`"${name} resumed" but ${tid} has an unfinished ${ev.name}`);
        // "<... read resumed> <unfinished ...>) = ?": the thread died in it.
        tail = tail.replace(/^<unfinished \.\.\.>\)/, ')');
        const t = RESUMED_TAIL.exec(tail);
        if (!t) return problem('resumed line without a return value');
        ev.split = ev.args.length;
        ev.args += t[1];
        const r = parseReturnText(t[2]);
        ev.retText = t[2];
        ev.ret = r.ret;
        ev.errno = r.errno;
        ev.duration = duration;
        ev.end = at;
        return;
      }
      if (UNFINISHED.test(rest)) {
        const e = ENTRY.exec(rest.replace(UNFINISHED, ''));
        if (!e) return problem('unfinished line without a syscall');
        if (pending.has(tid)) closeNeverResumed(tid);
        const ev: LogSyscall = { kind: 'syscall', tid, name: e[1], args: e[2], split: null, retText: null, ret: null, errno: null, duration: null, start: at, end: null };
        pending.set(tid, ev);
        events.push(ev);
        return;
      }
      if ((m = COMPLETE.exec(rest))) {
        if (pending.has(tid)) closeNeverResumed(tid);
        const r = parseReturnText(m[3]);
        events.push({ kind: 'syscall', tid, name: m[1], args: m[2], split: null, retText: m[3], ret: r.ret, errno: r.errno, duration, start: at, end: at });
        return;
      }
      problem('not a syscall, signal or exit line');
    } catch (e) {
      problem((e as Error).message);
    }
  });
  // Without a pid column the process's own id still shows in what set_tid_address/gettid/getpid return.
  if (noPidTid !== null) {
    const own = events.find((e): e is LogSyscall => e.kind === 'syscall' && e.tid === noPidTid && OWN_ID.has(e.name) && typeof e.ret === 'number' && e.ret > 0);
    if (own) {
      const real = own.ret as number;
      const renamed = events.map((e) => (e.tid === noPidTid ? { ...e, tid: real } : e));
      return { events: renamed, problems, lines: lines.length, timestamps, syscallTimes, stackLines, noPidTid: real };
    }
  }
  return { events, problems, lines: lines.length, timestamps, syscallTimes, stackLines, noPidTid };
}

const OWN_ID = new Set(['set_tid_address', 'gettid', 'getpid']);

/** Whether a file's first lines read like strace output (for telling a log from a recording). */
export function looksLikeStraceLog(head: string): boolean {
  const lines = head.split('\n').filter((l) => l.trim() !== '' && !STACK_FRAME.test(l)).slice(0, 20);
  if (lines.length === 0) return false;
  let hits = 0;
  for (const raw of lines) {
    const p = PREFIX.exec(raw)!;
    const rest = raw.slice(p[0].length).replace(DURATION, '');
    if (COMPLETE.test(rest) || UNFINISHED.test(rest) || RESUMED.test(rest) || SIGNAL.test(rest) || EXITED.test(rest) || KILLED.test(rest)) hits++;
  }
  // the last line read may be cut in the middle
  return hits >= Math.max(1, lines.length - 1);
}
