// Runs a program under strace and under trace-rec and puts both runs in
// comparable form (see compare.ts for how tids and returns are masked).

import { statSync } from 'node:fs';
import path from 'node:path';
import { STOP_SIGNALS } from './errno.js';
import { type Call, type MaskOptions, comparedCalls, labelTids, perThread, sortByLabel } from './compare.js';
import {
  readStops, readSyscalls, recordedCalls, reg, runTraceRec, syscallArgRegs, USER_REGS_SIZE,
  type RecordedSyscall, type Stop, type TraceRecRun,
} from './recording.js';
import { firstStringArg, runStrace, straceCalls, type StraceEvent, type StraceRun, type SyscallEvent } from './strace-oracle.js';
import type { RunOptions } from './strace-oracle.js';

export interface CompareOptions extends MaskOptions {
  /** Compare signal-delivery stops per thread (only where the program makes them deterministic). */
  signals: boolean;
  /** Normalises a run's stdout before comparing (for output that depends on the machine's state). */
  normalizeStdout?: (stdout: string) => string;
  /** Lines written by concurrent threads: stdout is compared as its sorted lines. */
  unorderedStdout?: boolean;
}

function comparableStdout(buf: Buffer, opts: CompareOptions): string {
  let s = buf.toString('latin1');
  if (opts.normalizeStdout) s = opts.normalizeStdout(s);
  if (opts.unorderedStdout) s = s.split('\n').sort().join('\n');
  return s;
}

/** One run in comparable form. */
export interface Side {
  calls: Call[];
  labels: Map<number, string>;
  /** label → ["name=maskedret", …] */
  threads: Record<string, string[]>;
  /** label → signal numbers of its signal-delivery stops, in order */
  signals: Record<string, number[]>;
  /** label → signals of its group-stops, in order */
  groupStops: Record<string, number[]>;
  /** label → how it ended: "exited N" | "killed SIG" | "killed SIG core" */
  exits: Record<string, string[]>;
  stdout: string;
}

function push<T>(rec: Record<string, T[]>, key: string, v: T): void {
  (rec[key] ??= []).push(v);
}

function label(labels: Map<number, string>, tid: number): string {
  return labels.get(tid) ?? `tid ${tid} (no syscall names it)`;
}

export function straceSide(run: StraceRun, opts: CompareOptions): Side {
  const calls = straceCalls(run.events);
  const labels = labelTids(calls);
  const signals: Record<string, number[]> = {};
  const groupStops: Record<string, number[]> = {};
  const exits: Record<string, string[]> = {};
  for (const e of run.events) {
    if (e.kind === 'signal') push(signals, label(labels, e.pid), e.sig);
    else if (e.kind === 'stopped') push(groupStops, label(labels, e.pid), e.sig);
    else if (e.kind === 'exit') push(exits, label(labels, e.pid), `exited ${e.code}`);
    else if (e.kind === 'killed') push(exits, label(labels, e.pid), `killed ${e.sig}${e.core ? ' core' : ''}`);
  }
  return {
    calls, labels,
    threads: perThread(calls, labels, opts),
    signals: sortByLabel(signals), groupStops: sortByLabel(groupStops), exits: sortByLabel(exits),
    stdout: comparableStdout(run.stdout, opts),
  };
}

/** Decodes a raw wait status the way strace prints it. */
export function describeWaitStatus(status: number): string {
  const low = status & 0x7f;
  if (low === 0) return `exited ${(status >> 8) & 0xff}`;
  if (low !== 0x7f) return `killed ${low}${status & 0x80 ? ' core' : ''}`;
  return `stopped?? status=0x${status.toString(16)}`;
}

export interface Recorded {
  rows: RecordedSyscall[];
  stops: Stop[];
}

export function readRecorded(dbPath: string): Recorded {
  return { rows: readSyscalls(dbPath), stops: readStops(dbPath) };
}

export function recordingSide(rec: Recorded, stdoutBuf: Buffer, opts: CompareOptions): Side {
  const calls = recordedCalls(rec.rows);
  const labels = labelTids(calls);
  // Stops before a thread's first syscall-entry stop are the tracer's own
  // business (the launch, the attach stop of a new thread): strace hides them.
  const firstEntry = new Map<number, number>();
  for (const s of rec.stops) if (s.kind === 'syscall-entry' && !firstEntry.has(s.tid)) firstEntry.set(s.tid, s.seq);
  const signals: Record<string, number[]> = {};
  const groupStops: Record<string, number[]> = {};
  const exits: Record<string, string[]> = {};
  for (const s of rec.stops) {
    const first = firstEntry.get(s.tid);
    const started = first !== undefined && s.seq > first;
    if (s.kind === 'signal' && started) push(signals, label(labels, s.tid), s.sig ?? -1);
    else if (s.kind === 'group-stop' && started && s.sig !== null && STOP_SIGNALS.has(s.sig)) push(groupStops, label(labels, s.tid), s.sig);
    else if (s.kind === 'exit') {
      let d = s.status === null ? 'exit stop without status' : describeWaitStatus(s.status);
      const killedBy = d.startsWith('killed ') ? Number(d.split(' ')[1]) : null;
      if (s.sig !== killedBy) d += ` (sig column ${s.sig})`;
      push(exits, label(labels, s.tid), d);
    }
  }
  return {
    calls, labels,
    threads: perThread(calls, labels, opts),
    signals: sortByLabel(signals), groupStops: sortByLabel(groupStops), exits: sortByLabel(exits),
    stdout: comparableStdout(stdoutBuf, opts),
  };
}

/** What must be identical between two strace runs for strace to serve as the oracle for this program. */
function oracleKey(s: Side, opts: CompareOptions): string {
  return JSON.stringify({
    threads: s.threads,
    signals: opts.signals ? s.signals : null,
    groupStops: opts.signals ? s.groupStops : null,
    exits: s.exits,
    stdout: s.stdout,
  });
}

export interface Both {
  strace: StraceRun;
  straceSide: Side;
  rec: TraceRecRun;
  /** how many strace/trace-rec/strace rounds it took to get a stable oracle */
  attempts: number;
}

/**
 * strace, then trace-rec, then strace again, all with the same env and cwd.
 * strace serves as the oracle only when its two runs agree with each other;
 * when they do not (the machine changed under the program, e.g. the process
 * count `ls -l /` prints), the round is repeated, up to 3 times. trace-rec's
 * run never decides whether a round is repeated.
 */
export function traceBoth(argv: readonly string[], run: RunOptions, opts: CompareOptions): Both {
  let lastDiff = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const s1 = runStrace(argv, run);
    const rec = runTraceRec(argv, run);
    const s2 = runStrace(argv, run);
    const a = straceSide(s1, opts);
    const b = straceSide(s2, opts);
    if (oracleKey(a, opts) === oracleKey(b, opts)) return { strace: s1, straceSide: a, rec, attempts: attempt };
    lastDiff = `${oracleKey(a, opts)}\n  vs\n${oracleKey(b, opts)}`;
  }
  throw new Error(`strace gives a different result on every run of ${JSON.stringify(argv)}; it cannot serve as the oracle:\n${lastDiff}`);
}

const EXEC = new Set(['execve', 'execveat']);

/**
 * Checks each recorded syscall against its stops: an entry stop (and, unless
 * it never returned, an exit stop) of the same thread and syscall number, with
 * a user_regs_struct whose orig_rax / argument registers / rax agree with the
 * row. Returns the problems found (empty: all good).
 */
export function syscallStopProblems(rec: Recorded): string[] {
  const problems: string[] = [];
  const bySeq = new Map(rec.stops.map((s) => [s.seq, s]));
  const usedEntry = new Set<number>();
  let prev: RecordedSyscall | undefined;
  for (const r of rec.rows) {
    const where = `syscall id ${r.id} (${r.name}, tid ${r.pid})`;
    if (prev && !(r.id > prev.id && r.entrySeq > prev.entrySeq)) problems.push(`${where}: ids are not in entry order (entry_seq ${r.entrySeq} after ${prev.entrySeq})`);
    prev = r;

    const entry = bySeq.get(r.entrySeq);
    if (!entry) {
      problems.push(`${where}: entry_seq ${r.entrySeq} is not a stop`);
    } else {
      if (usedEntry.has(entry.seq)) problems.push(`${where}: entry stop ${entry.seq} shared with another syscall`);
      usedEntry.add(entry.seq);
      if (entry.kind !== 'syscall-entry') problems.push(`${where}: entry stop is a ${entry.kind} stop`);
      if (entry.tid !== r.pid || entry.pid !== r.process) problems.push(`${where}: entry stop is of ${entry.pid}/${entry.tid}, row says ${r.process}/${r.pid}`);
      if (entry.nr !== r.nr) problems.push(`${where}: entry stop nr ${entry.nr}, row nr ${r.nr}`);
      if (entry.regs?.length !== USER_REGS_SIZE) {
        problems.push(`${where}: entry stop regs blob is ${entry.regs?.length ?? 'NULL'} bytes, not ${USER_REGS_SIZE}`);
      } else {
        if (reg(entry.regs, 'orig_rax') !== BigInt(r.nr)) problems.push(`${where}: entry regs orig_rax ${reg(entry.regs, 'orig_rax')} != nr ${r.nr}`);
        const argRegs = syscallArgRegs(entry.regs);
        if (argRegs.some((v, i) => v !== r.args[i])) problems.push(`${where}: a0..a5 ${r.args.join(',')} != entry regs ${argRegs.join(',')}`);
      }
    }

    if (r.exitSeq === null) {
      if (r.ret !== null) problems.push(`${where}: ret ${r.ret} without an exit stop`);
      continue;
    }
    const exit = bySeq.get(r.exitSeq);
    if (!exit) {
      problems.push(`${where}: exit_seq ${r.exitSeq} is not a stop`);
      continue;
    }
    if (exit.kind !== 'syscall-exit') problems.push(`${where}: exit stop is a ${exit.kind} stop`);
    // an execve by a non-leader thread returns in the thread that took the leader's tid (= pid)
    const exitTidOk = exit.tid === r.pid || (EXEC.has(r.name) && exit.tid === r.process);
    if (!exitTidOk) problems.push(`${where}: exit stop is of tid ${exit.tid}`);
    // rt_sigreturn restores the interrupted context, whose orig_rax the kernel sets to -1
    // (so that it is not taken for a syscall to restart): its exit stop shows nr -1.
    const exitNr = r.name === 'rt_sigreturn' ? -1 : r.nr;
    if (exit.nr !== exitNr && exit.nr !== r.nr) problems.push(`${where}: exit stop nr ${exit.nr}, row nr ${r.nr}`);
    if (!(r.exitSeq > r.entrySeq)) problems.push(`${where}: exit_seq ${r.exitSeq} not after entry_seq ${r.entrySeq}`);
    if (r.ret === null) problems.push(`${where}: exit stop but ret NULL`);
    if (exit.regs?.length !== USER_REGS_SIZE) {
      problems.push(`${where}: exit stop regs blob is ${exit.regs?.length ?? 'NULL'} bytes, not ${USER_REGS_SIZE}`);
    } else {
      if (r.ret !== null && reg(exit.regs, 'rax') !== BigInt(r.ret)) problems.push(`${where}: ret ${r.ret} != exit regs rax ${reg(exit.regs, 'rax')}`);
      if (reg(exit.regs, 'orig_rax') !== BigInt(exitNr)) problems.push(`${where}: exit regs orig_rax ${reg(exit.regs, 'orig_rax')}, expected ${exitNr}`);
    }
  }
  const entries = rec.stops.filter((s) => s.kind === 'syscall-entry').length;
  const exits = rec.stops.filter((s) => s.kind === 'syscall-exit').length;
  const returned = rec.rows.filter((r) => r.exitSeq !== null).length;
  if (entries !== rec.rows.length) problems.push(`${entries} syscall-entry stops but ${rec.rows.length} syscalls`);
  if (exits !== returned) problems.push(`${exits} syscall-exit stops but ${returned} syscalls with an exit_seq`);
  return problems;
}

/**
 * label → "#index name" of each of its syscalls that never returned (index in that thread's
 * sequence as perThread compares it: with asyncSignals, without the rt_sigreturns a signal's
 * timing adds).
 */
export function neverReturned(calls: readonly Call[], labels: Map<number, string>, opts: MaskOptions = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const count: Record<string, number> = {};
  for (const c of comparedCalls(calls, opts)) {
    const l = labels.get(c.pid)!;
    const i = (count[l] = (count[l] ?? -1) + 1);
    if (c.ret === null) push(out, l, `#${i} ${c.name}`);
  }
  return sortByLabel(out);
}

/**
 * Pairs the recorded rows with strace's events thread by thread (valid once
 * the per-thread sequences are equal) and compares the decoded path of calls
 * whose path strace prints as the first string argument.
 */
export function pathProblems(rec: Recorded, recLabels: Map<number, string>, strace: StraceRun, straceLabels: Map<number, string>): string[] {
  const PATH_FIRST_STRING = new Set(['execve', 'open', 'openat', 'access', 'faccessat', 'faccessat2']);
  const straceByLabel: Record<string, SyscallEvent[]> = {};
  for (const e of strace.events) if (e.kind === 'syscall') push(straceByLabel, straceLabels.get(e.pid)!, e);
  const rowsByLabel: Record<string, RecordedSyscall[]> = {};
  for (const r of rec.rows) push(rowsByLabel, recLabels.get(r.pid)!, r);
  const problems: string[] = [];
  for (const [l, rows] of Object.entries(rowsByLabel)) {
    const evs = straceByLabel[l] ?? [];
    rows.forEach((r, i) => {
      const e = evs[i];
      if (!e || e.name !== r.name || !PATH_FIRST_STRING.has(r.name)) return;
      const m = /"(?:[^"\\]|\\.)*"/.exec(e.args);
      if (!m) return;
      const want = firstStringArg(m[0]);
      if (r.path !== want) problems.push(`${l}: ${r.name} #${i}: path ${JSON.stringify(r.path)}, strace shows ${JSON.stringify(want)}`);
    });
  }
  return problems;
}

/** The sum of successful write(1, …) returns. */
export function stdoutWriteTotal(calls: readonly Call[]): number {
  return calls.filter((c) => c.name === 'write' && c.a0 === 1 && c.ret !== null && c.ret >= 0).reduce((n, c) => n + (c.ret ?? 0), 0);
}

/** execvp's lookup: the file execve would be given for `name` with this PATH. */
export function resolveInPath(name: string, pathVar: string): string {
  if (name.includes('/')) return name;
  for (const dir of pathVar.split(':')) {
    const p = path.join(dir || '.', name);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      // not there: next directory
    }
  }
  throw new Error(`${name} not found in ${pathVar}`);
}

export type { StraceEvent };
