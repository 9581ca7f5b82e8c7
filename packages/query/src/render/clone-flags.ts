import type { StopMemory } from '../decode/context.js';
import type { SyscallRow } from './syscall-row.js';

export const CLONE_FS = 0x200n;
export const CLONE_FILES = 0x400n;
export const CLONE_THREAD = 0x10000n;

/** The flags a clone or clone3 call gave (clone_args.flags, read at entry); 0 for fork and vfork. */
export function cloneFlags(row: SyscallRow | undefined, entryMem: StopMemory | undefined): bigint {
  if (row?.name === 'clone') return BigInt.asUintN(64, row.a0 ?? 0n);
  const m = row?.name === 'clone3' ? entryMem?.get(0)?.data : null;
  return m && m.length >= 8 ? m.readBigUInt64LE(0) : 0n;
}
