// A multiplexed call (i386 socketcall, ipc) seen as the subcall it stands for.

import { SOCKET_SUBCALL_NR, socketSubcalls, SUBCALL_ARG } from '@tracedb/native';
import type { SyscallRow } from '../render/syscall-row.js';
import type { CallDecoded, SyscallDecoder } from './call.js';
import type { StopMemory } from './context.js';
import { Ctx, ShiftedMemory } from './context.js';

/** A call as its subcall: the row with the subcall's name, number and arguments, and the memory of those. */
export interface Subcall {
  readonly row: SyscallRow;
  readonly entryMem: StopMemory;
  readonly exitMem: StopMemory;
}

/**
 * `row` as subcall `name` (numbered `nr` among i386SubcallDefs) with arguments `args`, whose
 * memory is the call's argument k + `shift`.
 */
export function subcall(row: SyscallRow, entryMem: StopMemory, exitMem: StopMemory, name: string, nr: number, args: readonly bigint[], shift: number): Subcall {
  const a = (i: number): bigint => args[i] ?? 0n;
  return {
    row: { ...row, name, nr, a0: a(0), a1: a(1), a2: a(2), a3: a(3), a4: a(4), a5: a(5) },
    entryMem: new ShiftedMemory(entryMem, shift),
    exitMem: new ShiftedMemory(exitMem, shift),
  };
}

/** An i386 socketcall as its subcall, when it has one and its argument array was read; else null. */
export function socketSubcall(row: SyscallRow, entryMem: StopMemory, exitMem: StopMemory): Subcall | null {
  if (row.abi !== 'i386' || row.name !== 'socketcall' || row.a0 === null) return null;
  const call = Number(BigInt.asUintN(32, row.a0));
  const sub = socketSubcalls[call];
  const m = entryMem.get(1, 0);
  if (sub === undefined || !m || !m.data || m.data.length < sub.nargs * 4) return null;
  const args = Array.from({ length: sub.nargs }, (_, k) => BigInt(m.data!.readUInt32LE(k * 4)));
  return subcall(row, entryMem, exitMem, sub.name, SOCKET_SUBCALL_NR + call, args, SUBCALL_ARG);
}

/** Decodes `c`'s call as its subcall `s` with `dec`; strace prints it under the subcall's name. */
export function decodeSubcall(c: Ctx, s: Subcall, dec: SyscallDecoder): CallDecoded {
  const inner = new Ctx(s.row, s.entryMem, s.exitMem, c.opts, c.fds, c.comms);
  const d = dec(inner);
  if (inner.exitRead) c.exitRead = true;
  return { ...d, name: s.row.name! };
}
