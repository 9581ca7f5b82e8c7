// A multiplexed call (i386 socketcall, ipc) decoded as the subcall it stands for.

import type { SyscallRow } from '../render/syscall-row.js';
import type { CallDecoded, SyscallDecoder } from './call.js';
import { Ctx, ShiftedMemory } from './context.js';

/**
 * Decodes `c`'s call as subcall `name` (numbered `nr` in its ABI) with arguments `args`, whose
 * memory is the call's argument k + `shift`; strace prints it under the subcall's name.
 */
export function decodeSubcall(c: Ctx, name: string, nr: number, args: readonly bigint[], shift: number, dec: SyscallDecoder): CallDecoded {
  const a = (i: number): bigint => args[i] ?? 0n;
  const row: SyscallRow = { ...c.row, name, nr, a0: a(0), a1: a(1), a2: a(2), a3: a(3), a4: a(4), a5: a(5) };
  const inner = new Ctx(row, new ShiftedMemory(c.entryMem, shift), new ShiftedMemory(c.exitMem, shift), c.opts, c.fds);
  const d = dec(inner);
  if (inner.exitRead) c.exitRead = true;
  return { ...d, name };
}
