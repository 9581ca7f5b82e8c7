// POSIX message queues (strace: mq.c, print_mq_attr.c): mq_open, mq_unlink, mq_timedsend,
// mq_timedreceive, mq_notify, mq_getsetattr.

import type { SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx, Phase } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, struct } from './decoded.js';
import { timespecArg } from './structs.js';
import { openModes, outBuf, umode } from './sys-fs.js';
import { sigevent } from './timers-decoders.js';
import { xflags, xlatTable } from './xlat.js';

const O_CREAT = 0o100n;
const mqAttrFlags = xlatTable([[0o4000, 'O_NONBLOCK']]);

/** struct mq_attr (four longs and four reserved): mq_getsetattr names the flags, mq_open prints them in hex. */
function mqAttr(c: Ctx, phase: Phase, i: number, flagNames: boolean): Decoded {
  const b = c.umove(phase, i, 64);
  if (!isBuffer(b)) return b;
  const flags = b.readBigUInt64LE(0);
  return struct([
    ['mq_flags', flagNames ? xflags(flags, 'O_???', c.style, mqAttrFlags) : c.hex(flags)],
    ['mq_maxmsg', c.sdec(b.readBigInt64LE(8))],
    ['mq_msgsize', c.sdec(b.readBigInt64LE(16))],
    ['mq_curmsgs', c.sdec(b.readBigInt64LE(24))],
  ]);
}

/** printnum_int with %u: [prio]. */
function prio(c: Ctx, i: number): Decoded {
  const b = c.umove('exit', i, 4);
  return isBuffer(b) ? array([c.udec(b.readUInt32LE(0))]) : b;
}

export const mqDecoders: Record<string, SyscallDecoder> = {
  mq_open: (c) => {
    const args = [c.path(0), openModes(c, c.u[1])];
    if (c.u[1] & O_CREAT) args.push(umode(c.u[2] & 0xffffffffn), mqAttr(c, 'entry', 3, false));
    return atEntry(args, 'fd');
  },
  mq_unlink: (c) => atEntry([c.path(0)]),
  mq_timedsend: (c) => atEntry([c.fd(c.int(0)), c.str('entry', 1, c.u[2]), c.udec(c.u[2]), c.udec(c.uint(3)), timespecArg(c, 'entry', 4)]),
  // the timeout is read at entry: strace prints it whether the call failed or not
  mq_timedreceive: (c) => split([c.fd(c.int(0))], [outBuf(c, 1, c.ret ?? 0n), c.udec(c.u[2]), prio(c, 3), timespecArg(c, 'entry', 4)]),
  mq_notify: (c) => atEntry([c.fd(c.int(0)), sigevent(c, 1)]),
  mq_getsetattr: (c) => split([c.fd(c.int(0)), mqAttr(c, 'entry', 1, true)], [mqAttr(c, 'exit', 2, true)]),
};
