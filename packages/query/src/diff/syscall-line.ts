import { quoteText } from '@tracedb/native/terminal';
import type BetterSqlite3 from 'better-sqlite3';
import { errnoTable, I386_KEY, stringToBytes } from '@tracedb/native';
import { decodeSyscall } from '../decode/decode-syscall.js';
import { format } from '../decode/decoded.js';
import { defaultRenderOptions } from '../render/render-options.js';
import { SYSCALL_COLUMNS, toSyscallRow } from '../render/syscall-row.js';
import { IOCTL_NAMES } from './syscall-ops.js';
import { int32 } from './fd-origins.js';
import { isError, kindsOf, looksLikeAddress, maskedReturn, PID_RETURNING } from './syscall-normaliser.js';
import type { PidLabeller } from './syscall-normaliser.js';
import type { TraceCall } from './trace.js';

const ERRNO_MESSAGE = new Map(errnoTable.map((e) => [e.name, e.message]));
const STRING_LIMIT = 32;

export interface LineOptions {
  /** Show recorded values as they are instead of <addr>, <ptr>, <pid 1.2>. */
  readonly raw: boolean;
  readonly label: PidLabeller;
  /** The call's recording, for the strace-exact decoder (without it, the short rendering below). */
  readonly db?: BetterSqlite3.Database | null;
}

/**
 * One strace-style line for a call. Imported calls print strace's own text. Recorded calls
 * go through decode/'s strace-exact decoder (decodeSyscall), with addresses and pids masked
 * unless raw; renderRecorded below is the fallback for a call it cannot decode.
 */
export function syscallLine(c: TraceCall, opts: LineOptions): string {
  if (c.text) {
    const line = `${c.name}(${c.text.args}) = ${c.text.ret ?? '?'}`;
    return opts.raw ? line : maskLine(line);
  }
  if (opts.db) {
    try {
      return decodedLine(c, opts.db, opts);
    } catch {
      // a decoder gap: the short rendering still says what the call was
    }
  }
  return renderRecorded(c, opts);
}

const rowStatements = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();

function decodedLine(c: TraceCall, db: BetterSqlite3.Database, opts: LineOptions): string {
  let st = rowStatements.get(db);
  if (!st) rowStatements.set(db, (st = db.prepare(`SELECT ${SYSCALL_COLUMNS} FROM syscalls WHERE id = ?`).safeIntegers(true)));
  const row = toSyscallRow(st.get(c.id));
  const d = decodeSyscall(db, c.nr >= I386_KEY ? { ...row, abi: 'i386' } : row, defaultRenderOptions);
  const kinds = kindsOf(c.nr);
  const args = d.args.map((a, i) => {
    const pid = kinds[i] === 'pid' ? int32(c.args[i]) : null;
    if (!opts.raw && pid !== null && pid > 0) return `<pid ${opts.label(pid)}>`;
    return format(a);
  });
  let ret = d.retText;
  if (!opts.raw && PID_RETURNING.has(c.name) && c.ret !== null && Number(c.ret) > 0) ret = `<pid ${opts.label(Number(c.ret))}>`;
  const line = `${d.name}(${args.join(', ')}) = ${ret}`;
  return opts.raw ? line : maskLine(line);
}

/** Hides what differs between any two runs in a line of strace text. */
export function maskLine(line: string): string {
  return line.replace(/0x[0-9a-f]{6,}/g, '<addr>');
}

function renderRecorded(c: TraceCall, opts: LineOptions): string {
  const kinds = kindsOf(c.nr);
  const parts = kinds.map((kind, i) => {
    const v = c.args[i];
    if (kind === 'path') return c.path === null ? hex(v) : quote(stringToBytes(c.path), false);
    if (kind === 'data' && c.data && (c.name === 'pipe' || c.name === 'pipe2') && c.data.length >= 8) {
      return `[${c.data.bytes.readInt32LE(0)}, ${c.data.bytes.readInt32LE(4)}]`;
    }
    if (kind === 'data' && c.data) return quote(c.data.bytes.subarray(0, STRING_LIMIT), c.data.truncated || c.data.length > STRING_LIMIT);
    if (kind === 'data' && c.ret === 0) return '""';
    if (kind === 'argv' && c.argv) return `[${c.argv.map((s) => quote(stringToBytes(s), false)).join(', ')}]`;
    if (v === null) return '?';
    switch (kind) {
      case 'fd': {
        const fd = int32(v)!;
        return fd === -100 ? 'AT_FDCWD' : String(fd);
      }
      case 'pid': {
        const pid = int32(v)!;
        return !opts.raw && pid > 0 ? `<pid ${opts.label(pid)}>` : String(pid);
      }
      case 'ptr':
      case 'data':
      case 'argv':
      case 'skip':
        if (v === 0 || v === 0n) return 'NULL';
        return opts.raw ? hex(v) : '<ptr>';
      case 'addr':
        if (v === 0 || v === 0n) return 'NULL';
        return opts.raw ? hex(v) : '<addr>';
      default:
        if (!opts.raw && looksLikeAddress(v)) return '<addr>';
        if (c.name === 'ioctl' && i === 1) return IOCTL_NAMES.get(Number(BigInt.asUintN(32, BigInt(v)))) ?? hex(v);
        return Number(v) > 0xffff || Number(v) < -0xffff ? hex(v) : String(v);
    }
  });
  return `${c.name}(${parts.join(', ')}) = ${renderReturn(c, opts)}`;
}

function renderReturn(c: TraceCall, opts: LineOptions): string {
  if (c.ret === null) return '?';
  if (isError(c.ret)) {
    const name = c.errno ?? `E${-Number(c.ret)}`;
    const msg = ERRNO_MESSAGE.get(name);
    return `-1 ${name}${msg ? ` (${msg})` : ''}`;
  }
  if (opts.raw) return Number(c.ret) > 0xffff ? hex(c.ret) : String(c.ret);
  const masked = maskedReturn(c, opts.label);
  if (masked === '<addr>' || masked === '<masked>') return masked;
  if (masked !== String(c.ret)) return `<pid ${masked}>`;
  return String(c.ret);
}

function hex(v: number | bigint | null): string {
  if (v === null) return '?';
  const b = BigInt(v);
  return b < 0n ? `-0x${(-b).toString(16)}` : `0x${b.toString(16)}`;
}

/** A C string literal as strace prints one, `...` appended when it was cut. */
function quote(bytes: Buffer, truncated: boolean): string {
  return quoteText(bytes) + (truncated ? '...' : '');
}
