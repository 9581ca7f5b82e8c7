import { pathArgs, stringToBytes, syscallTable } from '@tracedb/native';
import { parseIntArg, parseStringArray, parseStringLiteral, splitArgs, withoutFdDecorations } from '../import/strace-args.js';
import { assignFdOrigins, fdArgs, int32, maskPath } from './fd-origins.js';
import type { KeyInterner } from './myers-diff.js';
import { family, operation } from './syscall-ops.js';
import { DATA_ARG } from './trace-loader.js';
import { CallData } from './trace.js';
import type { Trace, TraceCall } from './trace.js';

// Normalisation: what of a syscall is compared, with what always differs between two runs
// masked. Two levels:
//  - the KEY aligns sequences: name, decoded path, what the fd arguments refer to, the
//    ioctl/fcntl command, and the outcome (errno name, "ok", or "?" when it never returned);
//  - the COMPARABLE decides whether two aligned calls are the same: every argument and the
//    return, with addresses, pointers, pids (as tree labels), time and random bytes masked.

export type ArgKind = 'path' | 'fd' | 'pid' | 'ptr' | 'addr' | 'int' | 'uint' | 'data' | 'argv' | 'skip';

const DEFS = new Map(syscallTable.map((d) => [d.nr, d]));
const PATH_ARG = pathArgs(syscallTable);
const FD_ARGS = new Map(syscallTable.map((d) => [d.nr, fdArgs(d)]));
const ADDRESS_RETURNING = new Set(['mmap', 'mmap2', 'mremap', 'brk', 'shmat']);
export const PID_RETURNING: ReadonlySet<string> = new Set(['getpid', 'gettid', 'getppid', 'getpgid', 'getpgrp', 'getsid', 'setsid', 'set_tid_address', 'clone', 'clone3', 'fork', 'vfork', 'wait4', 'waitid']);
/** Arguments that hold addresses although their type is an integer. */
const ADDRESS_ARGS = new Set(['addr', 'start', 'brk', 'new_addr', 'old_addr', 'arg2', 'newsp', 'tls', 'parent_tidptr', 'child_tidptr', 'stack']);
/** Outputs that are the time or random: never compared. */
const MASKED_OUTPUTS = new Set(['getrandom', 'clock_gettime', 'gettimeofday', 'time', 'times', 'sysinfo', 'getrusage', 'clock_getres', 'nanosleep', 'clock_nanosleep', 'uname']);
const EXEC_ARGV: Readonly<Record<string, number>> = { execve: 1, execveat: 2 };
const EXEC_ENV: Readonly<Record<string, number>> = { execve: 2, execveat: 3 };

function argKinds(nr: number, name: string): ArgKind[] {
  const def = DEFS.get(nr);
  if (!def) return [];
  const fds = FD_ARGS.get(nr) ?? [];
  return def.args.map((a, i): ArgKind => {
    if (i === PATH_ARG[nr]) return 'path';
    if (DATA_ARG[name] === i) return 'data';
    if (EXEC_ARGV[name] === i) return 'argv';
    if (EXEC_ENV[name] === i) return 'skip';
    if (fds.includes(i)) return 'fd';
    if (a.type.includes('pid_t')) return 'pid';
    if (a.type.includes('*')) return MASKED_OUTPUTS.has(name) ? 'skip' : 'ptr';
    if (ADDRESS_ARGS.has(a.name)) return 'addr';
    if (/^(unsigned int|u32|umode_t|uid_t|gid_t|key_t|mqd_t|qid_t)$/.test(a.type)) return 'uint';
    if (/^(int|clockid_t|timer_t|rwf_t)$/.test(a.type)) return 'int';
    return 'int';
  });
}
const KINDS = new Map(syscallTable.map((d) => [d.nr, argKinds(d.nr, d.name)]));

/** The arguments of a syscall and what each is, by the syscall table. */
export function kindsOf(nr: number): readonly ArgKind[] {
  return KINDS.get(nr) ?? [];
}

export function isError(ret: number | bigint | null): boolean {
  return ret !== null && ret < 0 && ret >= -4095;
}

/** Outcome of a call for its key: the errno name, "ok", or "?" (never returned). */
export function outcome(c: TraceCall): string {
  if (c.ret === null) return '?';
  if (isError(c.ret)) return c.errno ?? `E${-Number(c.ret)}`;
  return 'ok';
}

/**
 * Fills fdOrigins and the alignment key of every call of a trace. The text of a strace log
 * loses -y/-yy's decorations first (`close(3</etc/passwd>)` → `close(3)`): a recording's calls
 * have none, nor has a log made without -y, and what a descriptor refers to is compared
 * through its origin.
 */
export function assignKeys(trace: Trace, interner: KeyInterner): void {
  for (const c of trace.calls) {
    if (c.text !== null) c.text = { args: withoutFdDecorations(c.text.args), ret: c.text.ret === null ? null : withoutFdDecorations(c.text.ret) };
  }
  assignFdOrigins(trace, (nr) => FD_ARGS.get(nr) ?? []);
  for (const t of trace.tasks) {
    for (const c of t.calls) {
      c.key = interner.id(`${c.name}\x1f${c.path === null ? '' : maskPath(c.path)}\x1f${c.fdOrigins.join('\x1e')}\x1f${c.memOrigin ?? ''}\x1f${operation(c)}\x1f${outcome(c)}`);
    }
  }
}

/** A looser key for pairing the calls of a changed block: same operation on the same thing, any outcome. */
export function looseKey(c: TraceCall): string {
  const target = c.path !== null ? maskPath(c.path) : `${c.fdOrigins.join('\x1e')}${c.memOrigin ?? ''}`;
  return `${family(c.name)}\x1f${target}\x1f${operation(c)}`;
}

/** One compared part of a call. `text` parts (strace's decoding) only compare with other text. */
export type Part =
  | { readonly kind: 'exact'; readonly v: string }
  | { readonly kind: 'text'; readonly v: string }
  | { readonly kind: 'data'; readonly d: CallData }
  | { readonly kind: 'skip' };

export interface Comparable {
  readonly args: readonly Part[];
  readonly ret: string;
}

const SKIP: Part = { kind: 'skip' };

/** Masks what differs between runs inside strace's struct text: addresses, times, inode numbers. */
function maskText(s: string): string {
  return s
    .replace(/0x[0-9a-f]{6,}/g, '<addr>')
    .replace(/\b(\w*time\w*|tv_u?n?sec|st_ino|st_dev|st_rdev|st_blocks|st_blksize)=[^,}]+/g, '$1=<masked>')
    .replace(/\/\* \d+ vars? \*\//, '/* vars */');
}

/** Turns tids into tree labels ("<pid 1.2>") so that pids compare across runs. */
export type PidLabeller = (pid: number) => string;

/** What of a call is compared once it is aligned with a call of the other run. */
export function comparable(c: TraceCall, label: PidLabeller): Comparable {
  const kinds = kindsOf(c.nr);
  const text = c.text ? splitArgs(c.text.args) : null;
  const args = kinds.map((kind, i): Part => {
    if (kind === 'skip') return SKIP;
    if (text) return textPart(c, kind, text[i], label);
    return rawPart(c, kind, c.args[i], label);
  });
  return { args, ret: maskedReturn(c, label) };
}

function rawPart(c: TraceCall, kind: ArgKind, v: number | bigint | null, label: PidLabeller): Part {
  if (kind === 'path') return c.path === null ? SKIP : { kind: 'exact', v: maskPath(c.path) };
  if (kind === 'data') {
    if (c.name === 'pipe' || c.name === 'pipe2') {
      const d = c.data;
      return d && d.length >= 8 ? { kind: 'exact', v: `[${d.bytes.readInt32LE(0)}, ${d.bytes.readInt32LE(4)}]` } : SKIP;
    }
    return c.data ? { kind: 'data', d: c.data } : SKIP;
  }
  if (kind === 'argv') return c.argv ? { kind: 'data', d: CallData.of(stringToBytes(c.argv.join('\0')), false) } : SKIP;
  if (v === null) return SKIP;
  switch (kind) {
    case 'fd':
      return { kind: 'exact', v: String(int32(v)) };
    case 'pid': {
      const pid = int32(v)!;
      return { kind: 'exact', v: pid > 0 ? label(pid) : String(pid) };
    }
    case 'ptr':
      return { kind: 'exact', v: v === 0 || v === 0n ? 'NULL' : 'ptr' };
    case 'addr':
      return { kind: 'exact', v: v === 0 || v === 0n ? '0' : 'addr' };
    case 'uint':
      return { kind: 'exact', v: String(Number(BigInt.asUintN(32, BigInt(v)))) };
    case 'int':
    default:
      return { kind: 'exact', v: looksLikeAddress(v) ? 'addr' : String(v) };
  }
}

/** A long argument this large is a pointer passed as an integer (ioctl's and prctl's arg, say). */
export function looksLikeAddress(v: number | bigint): boolean {
  const n = Number(v);
  return n >= 0x1_0000_0000 || n < -0x1_0000_0000;
}

function textPart(c: TraceCall, kind: ArgKind, t: string | undefined, label: PidLabeller): Part {
  if (t === undefined) return SKIP;
  if (kind === 'path') return c.path === null ? SKIP : { kind: 'exact', v: maskPath(c.path) };
  if (kind === 'data') {
    if (c.name === 'pipe' || c.name === 'pipe2') return { kind: 'exact', v: t.replace(/<[^>]*>/g, '') };
    const s = parseStringLiteral(t);
    return s ? { kind: 'data', d: CallData.of(s.bytes, s.truncated) } : SKIP;
  }
  if (kind === 'argv') {
    const list = parseStringArray(t);
    if (!list) return SKIP;
    const cut = list.findIndex((s) => s.truncated);
    const kept = cut < 0 ? list : list.slice(0, cut + 1);
    return { kind: 'data', d: CallData.of(Buffer.concat(kept.flatMap((s, i) => (i === 0 ? [s.bytes] : [Buffer.of(0), s.bytes]))), cut >= 0) };
  }
  const n = parseIntArg(t);
  if (n === null) return kind === 'ptr' && t === 'NULL' ? { kind: 'exact', v: 'NULL' } : { kind: 'text', v: maskText(t) };
  switch (kind) {
    case 'fd':
      return { kind: 'exact', v: String(int32(n)) };
    case 'pid': {
      const pid = int32(n)!;
      return { kind: 'exact', v: pid > 0 ? label(pid) : String(pid) };
    }
    case 'ptr':
      return { kind: 'exact', v: n === 0 || n === 0n ? 'NULL' : 'ptr' };
    case 'addr':
      return { kind: 'exact', v: n === 0 || n === 0n ? '0' : 'addr' };
    case 'uint':
      return { kind: 'exact', v: String(Number(BigInt.asUintN(32, BigInt(n)))) };
    default:
      return { kind: 'exact', v: looksLikeAddress(n) ? 'addr' : String(n) };
  }
}

/** The return value as compared: errno name, "<addr>", a pid's label, or the number. */
export function maskedReturn(c: TraceCall, label: PidLabeller): string {
  if (c.ret === null) return '?';
  if (isError(c.ret)) return c.errno ?? String(c.ret);
  if (ADDRESS_RETURNING.has(c.name)) return '<addr>';
  if (PID_RETURNING.has(c.name) && Number(c.ret) > 0) return label(Number(c.ret));
  if (c.name === 'time' || c.name === 'rt_sigreturn' || c.name === 'times') return '<masked>';
  return String(c.ret);
}

/**
 * A fast check that two recorded (not imported) calls of the same syscall are the same once
 * masked, without building their comparables: true means the same; false means "look closer".
 */
export function quickSame(x: TraceCall, y: TraceCall, labelA: PidLabeller, labelB: PidLabeller): boolean {
  if (x.text !== null || y.text !== null || x.nr !== y.nr) return false;
  const kinds = kindsOf(x.nr);
  for (let i = 0; i < kinds.length; i++) {
    const k = kinds[i];
    const u = x.args[i];
    const v = y.args[i];
    if (k === 'ptr' || k === 'addr' || k === 'skip') {
      if ((u === 0 || u === 0n) !== (v === 0 || v === 0n)) return false;
    } else if (k === 'data' || k === 'argv') {
      if (k === 'data' && (x.data === null) !== (y.data === null)) return false;
      if (k === 'data' && x.data && y.data && !sameData(x.data, y.data)) return false;
      if (k === 'argv' && JSON.stringify(x.argv) !== JSON.stringify(y.argv)) return false;
      if (k === 'data' && x.data === null && (u === 0 || u === 0n) !== (v === 0 || v === 0n)) return false;
    } else if (k === 'path') {
      if (x.path !== y.path) return false;
    } else if (u !== v) {
      return false;
    }
  }
  if (x.ret === y.ret && !PID_RETURNING.has(x.name)) return true;
  return maskedReturn(x, labelA) === maskedReturn(y, labelB);
}

/** Whether two data parts agree, as far as both were captured. */
function sameData(a: CallData, b: CallData): boolean {
  const x = a.hex;
  const y = b.hex;
  if (!a.truncated && !b.truncated) return x === y;
  if (!a.truncated && x.length < y.length) return false;
  if (!b.truncated && y.length < x.length) return false;
  const n = Math.min(x.length, y.length);
  return x.length === n ? y.startsWith(x) : x.startsWith(y);
}

/** The parts in which two aligned calls differ ("ret", "arg 2", "data"…); empty when they are the same. */
export function differences(a: Comparable, b: Comparable, ignoreFds: readonly number[] = []): string[] {
  const out: string[] = [];
  const n = Math.max(a.args.length, b.args.length);
  for (let i = 0; i < n; i++) {
    if (ignoreFds.includes(i)) continue;
    const x = a.args[i] ?? SKIP;
    const y = b.args[i] ?? SKIP;
    if (x.kind === 'skip' || y.kind === 'skip') continue;
    if (x.kind === 'data' && y.kind === 'data') {
      if (!sameData(x.d, y.d)) out.push(`arg ${i} data`);
    } else if (x.kind === y.kind && 'v' in x && 'v' in y) {
      if (x.v !== y.v) out.push(`arg ${i}`);
    }
    // exact against text: strace's decoding and raw registers are not comparable
  }
  if (a.ret !== b.ret) out.push('ret');
  return out;
}

/** The fd arguments of a syscall (indexes into a0..a5). */
export function fdArgsOf(nr: number): readonly number[] {
  return FD_ARGS.get(nr) ?? [];
}
