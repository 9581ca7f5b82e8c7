// strace as the oracle: run a program under `strace -f` and parse what it saw.
//
// runStrace() runs `setarch -R strace -f -q -o FILE -- argv…`. It uses -q and
// not -qq: -qq would also drop the "+++ exited with N +++" / "+++ killed by
// SIG +++" / "+++ superseded by execve +++" lines, which the tests compare.
//
// parseStrace() turns the -o file into events, in the order strace printed
// them, with each syscall placed at its entry (an "<unfinished ...>" line and
// its "<... name resumed>" line become one event at the unfinished line's
// position), which is the order of a recording's syscall ids.

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { errnoNumber, signalNumber } from './errno.js';
import { scratchDir } from './paths.js';

export interface SyscallEvent {
  kind: 'syscall';
  /** strace's pid column: the thread id. For a syscall: the thread that entered it. */
  pid: number;
  name: string;
  /** The argument text, entry and resumed parts joined (strace's decoding, for messages). */
  args: string;
  /** The raw kernel return value (-errno for errors, -512 for ERESTARTSYS), null when there was none ('= ?'). */
  ret: number | null;
  /** The errno name strace printed, when it printed one. */
  errno?: string;
  /** True when strace printed the entry as unfinished and never printed the rest. */
  neverResumed?: boolean;
}

export interface SignalEvent {
  kind: 'signal';
  pid: number;
  /** Signal number. */
  sig: number;
  signame: string;
}

/** "--- stopped by SIGSTOP ---": a group-stop. */
export interface StoppedEvent {
  kind: 'stopped';
  pid: number;
  sig: number;
  signame: string;
}

export interface ExitEvent {
  kind: 'exit';
  pid: number;
  code: number;
}

export interface KilledEvent {
  kind: 'killed';
  pid: number;
  sig: number;
  signame: string;
  core: boolean;
}

/** "P +++ superseded by execve in pid N +++": thread N exec'd and took over P's tid. */
export interface SupersededEvent {
  kind: 'superseded';
  pid: number;
  by: number;
}

export type StraceEvent = SyscallEvent | SignalEvent | StoppedEvent | ExitEvent | KilledEvent | SupersededEvent;

const LINE = /^(\d+)\s+(.*)$/;
const EXITED = /^\+\+\+ exited with (\d+) \+\+\+$/;
const KILLED = /^\+\+\+ killed by (SIG[A-Z0-9_]+)( \(core dumped\))? \+\+\+$/;
const SUPERSEDED = /^\+\+\+ superseded by execve in pid (\d+) \+\+\+$/;
const STOPPED = /^--- stopped by (SIG[A-Z0-9_]+) ---$/;
const SIGNAL = /^--- (SIG[A-Z0-9_]+) .*---$/;
const RESUMED = /^<\.\.\. ([a-z_][a-z0-9_]*) resumed>(.*)$/;
const UNFINISHED_SUFFIX = ' <unfinished ...>';
// name(args) = ret; `args` is greedy so that it takes everything up to the last ") = ".
const COMPLETE = /^([a-z_][a-z0-9_]*)\((.*)\)\s+= (.+)$/;
const ENTRY = /^([a-z_][a-z0-9_]*)\((.*)$/;
const RESUMED_TAIL = /^(.*)\)\s+= (.+)$/;

interface Ret {
  ret: number | null;
  errno?: string;
}

/**
 * Parses the text after "= ":
 *   ?                                    → null
 *   ? <unavailable>                      → null
 *   ? ERESTARTSYS (To be restarted …)    → -512 (the value at the syscall-exit stop)
 *   -1 ENOENT (No such file or directory)→ -2
 *   0x7ffff7fc0000                       → 140737353875456
 *   18764 / 1 ([{fd=7, …}]) / 0 (Timeout)→ the number
 */
export function parseReturn(text: string): Ret {
  let m = /^\?(?: (E[A-Z0-9_]+) \(.*\)| <unavailable>)?$/.exec(text);
  if (m) {
    if (m[1] === undefined) return { ret: null };
    return { ret: -errnoNumber(m[1]), errno: m[1] };
  }
  m = /^-1 (E[A-Z0-9_]+) \(.*\)$/.exec(text);
  if (m) return { ret: -errnoNumber(m[1]), errno: m[1] };
  m = /^(0x[0-9a-f]+|-?\d+)(?:$| )/.exec(text);
  if (m) {
    const big = BigInt(m[1]);
    const n = Number(big);
    if (!Number.isSafeInteger(n)) throw new Error(`return value out of range: ${text}`);
    return { ret: n };
  }
  throw new Error(`cannot parse strace return value: ${JSON.stringify(text)}`);
}

/** Parses strace -f output (as written with -o) into events. Throws on any line it does not understand. */
export function parseStrace(text: string): StraceEvent[] {
  const events: StraceEvent[] = [];
  // per tid: the syscall event still waiting for its "resumed" line
  const pending = new Map<number, SyscallEvent>();

  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  lines.forEach((raw, i) => {
    const fail = (why: string): never => {
      throw new Error(`strace output line ${i + 1}: ${why}: ${JSON.stringify(raw)}`);
    };
    const lm = LINE.exec(raw);
    if (!lm) fail('no pid column');
    const pid = Number(lm![1]);
    const rest = lm![2];
    let m: RegExpExecArray | null;

    if ((m = EXITED.exec(rest))) {
      closeNeverResumed(pending, pid);
      events.push({ kind: 'exit', pid, code: Number(m[1]) });
      return;
    }
    if ((m = KILLED.exec(rest))) {
      closeNeverResumed(pending, pid);
      events.push({ kind: 'killed', pid, sig: signalNumber(m[1]), signame: m[1], core: m[2] !== undefined });
      return;
    }
    if ((m = SUPERSEDED.exec(rest))) {
      // Thread `by` exec'd: pid's own syscall (if strace left it open) never
      // returns, and the execve that `by` entered now finishes under pid.
      const by = Number(m[1]);
      closeNeverResumed(pending, pid);
      const execve = pending.get(by);
      if (execve !== undefined) {
        pending.delete(by);
        pending.set(pid, execve);
      }
      events.push({ kind: 'superseded', pid, by });
      return;
    }
    if ((m = STOPPED.exec(rest))) {
      events.push({ kind: 'stopped', pid, sig: signalNumber(m[1]), signame: m[1] });
      return;
    }
    if ((m = SIGNAL.exec(rest))) {
      events.push({ kind: 'signal', pid, sig: signalNumber(m[1]), signame: m[1] });
      return;
    }
    if ((m = RESUMED.exec(rest))) {
      const name = m[1];
      let tail = m[2];
      let ev = pending.get(pid);
      if (ev === undefined && (name === 'execve' || name === 'execveat')) {
        // An exec by a non-leader thread whose "superseded" line strace did
        // not print first: the one thread with an execve open is the caller.
        const open = [...pending.entries()].filter(([, e]) => e.name === name);
        if (open.length === 1) {
          ev = open[0][1];
          pending.delete(open[0][0]);
        }
      } else {
        pending.delete(pid);
      }
      if (ev === undefined) fail(`"${name} resumed" with no unfinished ${name} in ${pid}`);
      if (ev!.name !== name) fail(`"${name} resumed" but ${pid} has an unfinished ${ev!.name}`);
      // "<... read resumed> <unfinished ...>) = ?": the thread died in it.
      if (tail.startsWith(UNFINISHED_SUFFIX)) tail = tail.slice(UNFINISHED_SUFFIX.length);
      const t = RESUMED_TAIL.exec(tail);
      if (!t) fail('resumed line without a return value');
      ev!.args += t![1];
      Object.assign(ev!, parseReturn(t![2]));
      return;
    }
    if (rest.endsWith(UNFINISHED_SUFFIX)) {
      const e = ENTRY.exec(rest.slice(0, -UNFINISHED_SUFFIX.length));
      if (!e) fail('unfinished line without a syscall');
      if (pending.has(pid)) fail(`${pid} enters ${e![1]} with ${pending.get(pid)!.name} still unfinished`);
      const ev: SyscallEvent = { kind: 'syscall', pid, name: e![1], args: e![2], ret: null };
      pending.set(pid, ev);
      events.push(ev);
      return;
    }
    if ((m = COMPLETE.exec(rest))) {
      if (pending.has(pid)) fail(`${pid} enters ${m[1]} with ${pending.get(pid)!.name} still unfinished`);
      events.push({ kind: 'syscall', pid, name: m[1], args: m[2], ...parseReturn(m[3]) });
      return;
    }
    fail('unrecognised line');
  });

  for (const pid of [...pending.keys()]) closeNeverResumed(pending, pid);
  return events;
}

function closeNeverResumed(pending: Map<number, SyscallEvent>, pid: number): void {
  const ev = pending.get(pid);
  if (ev === undefined) return;
  pending.delete(pid);
  ev.ret = null;
  ev.neverResumed = true;
}

/** Decodes the first argument when it is a C string literal as strace prints it (execve's path, open's path...). */
export function firstStringArg(args: string): string | null {
  if (!args.startsWith('"')) return null;
  const bytes: number[] = [];
  for (let i = 1; i < args.length; i++) {
    const c = args[i];
    if (c === '"') return Buffer.from(bytes).toString('utf8');
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const d = args[++i];
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, b: 8, a: 7, '"': 34, '\\': 92 };
    if (d in simple) {
      bytes.push(simple[d]);
    } else if (d === 'x') {
      bytes.push(parseInt(args.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(d)) {
      let j = i;
      while (j < i + 3 && /[0-7]/.test(args[j] ?? '')) j++;
      bytes.push(parseInt(args.slice(i, j), 8));
      i = j - 1;
    } else {
      throw new Error(`bad escape \\${d} in ${args}`);
    }
  }
  throw new Error(`unterminated string in ${args}`);
}

export interface StraceRun {
  /** strace's exit status (the program's), or null when strace killed itself with the program's signal. */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
  /** The -o file's text. */
  output: string;
  events: StraceEvent[];
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  timeoutMs?: number;
}

/** Runs `setarch -R strace -f -q -o FILE -- argv…` with exactly `opts.env` and `opts.cwd`, and parses FILE. */
export function runStrace(argv: readonly string[], opts: RunOptions): StraceRun {
  const dir = scratchDir('strace');
  const file = path.join(dir, 'strace.txt');
  const r = spawnSync('setarch', ['-R', 'strace', '-f', '-q', '-o', file, '--', ...argv], {
    env: opts.env,
    cwd: opts.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: opts.timeoutMs ?? 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  let output: string;
  try {
    output = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`strace wrote no output (status ${r.status}, signal ${r.signal}): ${r.stderr.toString()}`, { cause: err });
  }
  rmSync(dir, { recursive: true, force: true });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, output, events: parseStrace(output) };
}

/** The syscall events as comparable calls (with write's fd etc. as a0 when it is a plain number). */
export function straceCalls(events: readonly StraceEvent[]): { pid: number; name: string; ret: number | null; a0?: number }[] {
  return events
    .filter((e): e is SyscallEvent => e.kind === 'syscall')
    .map((e) => {
      const m = /^(-?\d+)(?:,|$)/.exec(e.args);
      return m ? { pid: e.pid, name: e.name, ret: e.ret, a0: Number(m[1]) } : { pid: e.pid, name: e.name, ret: e.ret };
    });
}
