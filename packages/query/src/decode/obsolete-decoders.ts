// Small and obsolete calls (strace: mem.c, capability.c, ustat.c, uselib.c, sysctl.c): mincore,
// capset, ustat, uselib, _sysctl.

import type { SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { ptr, struct } from './decoded.js';
import { devT } from './structs.js';
import { capData, capHeader, printArray } from './sys-other.js';

const PAGE_SIZE = 4096n;

/** struct __sysctl_args: its pointers and lengths (the kernel has no _sysctl since 5.5). */
function sysctlArgs(c: Ctx): Decoded {
  const b = c.umove('entry', 0, 80);
  if (!isBuffer(b)) return b;
  return struct([
    ['name', ptr(b.readBigUInt64LE(0))], ['nlen', c.sdec(b.readInt32LE(8))], ['oldval', ptr(b.readBigUInt64LE(16))],
    ['oldlenp', ptr(b.readBigUInt64LE(24))], ['newval', ptr(b.readBigUInt64LE(32))], ['newlen', c.udec(b.readBigUInt64LE(40))],
  ]);
}

export const obsoleteDecoders: Record<string, SyscallDecoder> = {
  // a byte per page of the range
  mincore: (c) => {
    const pages = (c.u[1] + PAGE_SIZE - 1n) / PAGE_SIZE;
    return split([ptr(c.u[0]), c.udec(c.u[1])], [printArray(c, 'exit', 2, pages, 1, (b, off) => c.udec(b[off]))]);
  },
  capset: (c) => atEntry([capHeader(c, 'entry'), capData(c, 'entry')]),
  ustat: (c) => split([devT(BigInt(c.uint(0)), c.style)], [ptr(c.u[1])]),
  uselib: (c) => atEntry([c.path(0)]),
  _sysctl: (c) => atEntry([sysctlArgs(c)]),
};
