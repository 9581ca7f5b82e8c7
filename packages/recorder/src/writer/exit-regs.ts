import { REGS_SIZE, syscallRegs } from '@tracedb/native';

const RAX = syscallRegs.ret;

/**
 * What a syscall-exit stop stores in `regs`: only rax when nothing else changed since the entry
 * stop (the `stops` view rebuilds the rest from the entry's), or else all of them.
 */
export function exitRegs(regs: Buffer, entry: Buffer): Buffer {
  const same = regs.compare(entry, 0, RAX, 0, RAX) === 0 && regs.compare(entry, RAX + 8, REGS_SIZE, RAX + 8, REGS_SIZE) === 0;
  return same ? regs.subarray(RAX, RAX + 8) : regs;
}
