// Running trace-rec and reading what it recorded.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { scratchDir, traceRecBin } from './paths.js';
import type { RunOptions } from './strace-oracle.js';

export interface TraceRecRun {
  /** trace-rec's exit status; null only if trace-rec itself was killed (a bug). */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
  dbPath: string;
}

/**
 * Runs `setarch -R node packages/recorder/bin/trace-rec.js -o <tmp>.db -q -- argv…`
 * with exactly `opts.env` and `opts.cwd` (the ones strace got).
 */
export function runTraceRec(argv: readonly string[], opts: RunOptions): TraceRecRun {
  const dbPath = path.join(scratchDir('rec'), 'trace.db');
  const r = runTraceRecRaw(['-o', dbPath, '-q', '--', ...argv], opts);
  return { ...r, dbPath };
}

/** Runs `setarch -R node trace-rec.js ARGS…` exactly as given (for the CLI error tests). */
export function runTraceRecRaw(
  args: readonly string[],
  opts: RunOptions,
): { status: number | null; signal: NodeJS.Signals | null; stdout: Buffer; stderr: Buffer } {
  const r = spawnSync('setarch', ['-R', process.execPath, traceRecBin, ...args], {
    env: opts.env,
    cwd: opts.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: opts.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

export function openRecording(dbPath: string): Database.Database {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  return db;
}

export interface RecordedSyscall {
  kind: 'syscall';
  id: number;
  /** The thread id (named pid to match the oracle's events). */
  pid: number;
  /** The process id column. */
  process: number;
  nr: number;
  name: string;
  ret: number | null;
  errno: string | null;
  entrySeq: number;
  exitSeq: number | null;
  path: string | null;
  /** a0..a5 (null where the recording has NULL) */
  args: (bigint | null)[];
}

interface SyscallRow {
  id: bigint;
  pid: bigint;
  tid: bigint;
  nr: bigint;
  name: string | null;
  a0: bigint | null; a1: bigint | null; a2: bigint | null; a3: bigint | null; a4: bigint | null; a5: bigint | null;
  ret: bigint | null;
  errno: string | null;
  entry_seq: bigint;
  exit_seq: bigint | null;
  path: string | null;
}

function num(v: bigint): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`integer out of range: ${v}`);
  return n;
}

/** The recording's syscalls in id (= entry) order, shaped like the oracle's syscall events. */
export function readSyscalls(dbPath: string): RecordedSyscall[] {
  const db = openRecording(dbPath);
  try {
    const rows = db
      .prepare('SELECT id, pid, tid, nr, name, a0, a1, a2, a3, a4, a5, ret, errno, entry_seq, exit_seq, path FROM syscalls ORDER BY id')
      .safeIntegers(true)
      .all() as SyscallRow[];
    return rows.map((r) => ({
      kind: 'syscall' as const,
      id: num(r.id),
      pid: num(r.tid),
      process: num(r.pid),
      nr: num(r.nr),
      // strace names a number the kernel does not know syscall_0x1f4
      name: r.name ?? `syscall_0x${r.nr.toString(16)}`,
      // a raw return that does not fit a double exactly is not a return any test meets; num() throws on it
      ret: r.ret === null ? null : num(r.ret),
      errno: r.errno,
      entrySeq: num(r.entry_seq),
      exitSeq: r.exit_seq === null ? null : num(r.exit_seq),
      path: r.path,
      args: [r.a0, r.a1, r.a2, r.a3, r.a4, r.a5],
    }));
  } finally {
    db.close();
  }
}

export interface Stop {
  seq: number;
  tsNs: bigint;
  pid: number;
  tid: number;
  kind: string;
  nr: number | null;
  regs: Buffer | null;
  siginfo: Buffer | null;
  sig: number | null;
  event: string | null;
  eventMsg: bigint | null;
  status: number | null;
}

interface StopRow {
  seq: bigint; ts_ns: bigint; pid: bigint; tid: bigint; kind: string; nr: bigint | null;
  regs: Buffer | null; siginfo: Buffer | null; sig: bigint | null; event: string | null;
  event_msg: bigint | null; status: bigint | null;
}

export function readStops(dbPath: string): Stop[] {
  const db = openRecording(dbPath);
  try {
    const rows = db.prepare('SELECT * FROM stops ORDER BY seq').safeIntegers(true).all() as StopRow[];
    return rows.map((r) => ({
      seq: num(r.seq),
      tsNs: r.ts_ns,
      pid: num(r.pid),
      tid: num(r.tid),
      kind: r.kind,
      nr: r.nr === null ? null : num(r.nr),
      regs: r.regs,
      siginfo: r.siginfo,
      sig: r.sig === null ? null : num(r.sig),
      event: r.event,
      eventMsg: r.event_msg,
      status: r.status === null ? null : num(r.status),
    }));
  } finally {
    db.close();
  }
}

/** Runs a query on a recording and returns all rows (numbers as JS numbers). */
export function query<T = Record<string, unknown>>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = openRecording(dbPath);
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

// struct user_regs_struct (x86_64): 27 unsigned longs.
export const USER_REGS_SIZE = 27 * 8;
const REG_OFFSET = { r10: 7 * 8, r9: 8 * 8, r8: 9 * 8, rax: 10 * 8, rdx: 12 * 8, rsi: 13 * 8, rdi: 14 * 8, orig_rax: 15 * 8 } as const;

export function reg(regs: Buffer, name: keyof typeof REG_OFFSET): bigint {
  return regs.readBigInt64LE(REG_OFFSET[name]);
}

/** The six syscall argument registers, in order (rdi, rsi, rdx, r10, r8, r9), as signed 64-bit. */
export function syscallArgRegs(regs: Buffer): bigint[] {
  return (['rdi', 'rsi', 'rdx', 'r10', 'r8', 'r9'] as const).map((r) => reg(regs, r));
}

/** The recorded syscalls as comparable calls (see compare.ts). */
export function recordedCalls(rows: readonly RecordedSyscall[]): { pid: number; name: string; ret: number | null; a0?: number }[] {
  return rows.map((r) => {
    const a0 = r.args[0];
    return a0 === null || a0 === undefined ? { pid: r.pid, name: r.name, ret: r.ret } : { pid: r.pid, name: r.name, ret: r.ret, a0: Number(a0) };
  });
}
