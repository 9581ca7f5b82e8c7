import type BetterSqlite3 from 'better-sqlite3';
import { format } from '../decode/decoded.js';
import { i386Ids } from '../render/syscall-reader.js';
import { toSyscallRow } from '../render/syscall-row.js';
import type { DecodeSyscall, RenderOptions, SyscallRow } from './strace-renderer.js';

export interface SyscallText {
  /** The argument list as strace prints it, without the parentheses. */
  readonly args: string;
  /** `name(args) = ret` as strace prints the call whole (no pid, no times, no -y paths). */
  readonly line: string;
}

/** Marks the rows of i386 calls (the view's columns, which JSON and CSV keep, leave abi out), for their decoding. */
export function abiOf(db: BetterSqlite3.Database): (row: SyscallRow) => SyscallRow {
  const i386 = i386Ids(db);
  return (row) => (i386.size > 0 && i386.has(row.id) ? { ...row, abi: 'i386' } : row);
}

/**
 * Each syscall's strace text on its own, decoded from its row of the syscalls view (read with
 * safeIntegers): --format csv's `args` and trace-q export's `args` and `line`.
 */
export function syscallTexts(db: BetterSqlite3.Database, render: RenderOptions, decode: DecodeSyscall): (row: Record<string, unknown>) => SyscallText {
  const withAbi = abiOf(db);
  return (row) => {
    const d = decode(db, withAbi(toSyscallRow(row)), render);
    const args = d.args.map(format).join(', ');
    return { args, line: `${d.name}(${args}) = ${d.retText}` };
  };
}
