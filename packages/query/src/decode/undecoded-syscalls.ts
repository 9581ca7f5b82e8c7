// The x86_64 syscalls trace-q has no decoder for: strace would name their arguments, trace-q
// prints them in hex (printargs). The goal of issue 14 is none.

import { syscallTable } from '@tracedb/native';
import { syscallDecoders } from './decode-syscall.js';

/** The names of the x86_64 syscall table's calls with no entry in syscallDecoders, in number order. */
export function undecodedSyscalls(): string[] {
  return syscallTable.filter((d) => !Object.hasOwn(syscallDecoders, d.name)).map((d) => d.name);
}
