// Clock tuning (strace: adjtimex.c, print_timex.c): adjtimex, clock_adjtime and struct timex;
// futex_waitv (futex_waitv.c) with its struct futex_waitv array.

import type { SyscallDecoder } from './call.js';
import { split, atEntry } from './call.js';
import type { Ctx } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { ptr, struct } from './decoded.js';
import { timespecArg, timeval } from './structs.js';
import { clockid } from './sys-io.js';
import { printArray } from './sys-other.js';
import { xflags, xlatTable, xlookup } from './xlat.js';

const T = {
  modes: xlatTable([
    [0x1, 'ADJ_OFFSET'], [0x2, 'ADJ_FREQUENCY'], [0x4, 'ADJ_MAXERROR'], [0x8, 'ADJ_ESTERROR'], [0x10, 'ADJ_STATUS'], [0x20, 'ADJ_TIMECONST'],
    [0x80, 'ADJ_TAI'], [0x100, 'ADJ_SETOFFSET'], [0x1000, 'ADJ_MICRO'], [0x2000, 'ADJ_NANO'], [0x4000, 'ADJ_TICK'], [0x8001, 'ADJ_OFFSET_SINGLESHOT'], [0xa001, 'ADJ_OFFSET_SS_READ'],
  ]),
  status: xlatTable([
    [0x1, 'STA_PLL'], [0x2, 'STA_PPSFREQ'], [0x4, 'STA_PPSTIME'], [0x8, 'STA_FLL'], [0x10, 'STA_INS'], [0x20, 'STA_DEL'], [0x40, 'STA_UNSYNC'], [0x80, 'STA_FREQHOLD'],
    [0x100, 'STA_PPSSIGNAL'], [0x200, 'STA_PPSJITTER'], [0x400, 'STA_PPSWANDER'], [0x800, 'STA_PPSERROR'], [0x1000, 'STA_CLOCKERR'], [0x2000, 'STA_NANO'], [0x4000, 'STA_MODE'], [0x8000, 'STA_CLK'],
  ]),
  state: xlatTable([[0, 'TIME_OK'], [1, 'TIME_INS'], [2, 'TIME_DEL'], [3, 'TIME_OOP'], [4, 'TIME_WAIT'], [5, 'TIME_ERROR']]),
  waiter: xlatTable([[0x2, 'FUTEX_32'], [0x80, 'FUTEX_PRIVATE_FLAG']]),
};

const TIMEX_SIZE = 208;

/** struct __kernel_timex at argument i, written at exit. */
function timex(c: Ctx, i: number): Decoded {
  const b = c.umove('exit', i, TIMEX_SIZE);
  if (!isBuffer(b)) return b;
  const l = (off: number): Decoded => c.sdec(b.readBigInt64LE(off));
  return struct([
    ['modes', xflags(BigInt(b.readUInt32LE(0)), 'ADJ_???', c.style, T.modes)], ['offset', l(8)], ['freq', l(16)], ['maxerror', l(24)], ['esterror', l(32)],
    ['status', xflags(BigInt(b.readUInt32LE(40)), 'STA_???', c.style, T.status)], ['constant', l(48)], ['precision', l(56)], ['tolerance', l(64)],
    ['time', timeval(b, 72)], ['tick', l(88)], ['ppsfreq', l(96)], ['jitter', l(104)], ['shift', c.sdec(b.readInt32LE(112))], ['stabil', l(120)],
    ['jitcnt', l(128)], ['calcnt', l(136)], ['errcnt', l(144)], ['stbcnt', l(152)], ['tai', c.sdec(b.readInt32LE(160))],
  ]);
}

/** The timex at exit, and the clock's state after the return value when the timex was printed. */
function adjtime(c: Ctx, lead: Decoded[], i: number) {
  const t = timex(c, i);
  const state = t.kind === 'struct' && c.ret !== null ? xlookup(T.state, c.ret) : null;
  return split(lead, [t], undefined, state);
}

export const timexDecoders: Record<string, SyscallDecoder> = {
  adjtimex: (c) => adjtime(c, [], 0),
  clock_adjtime: (c) => adjtime(c, [clockid(c, 0)], 1),
  futex_waitv: (c) =>
    atEntry([
      printArray(c, 'entry', 0, BigInt(c.uint(1)), 24, (b, o) =>
        struct([['val', c.hex(b.readBigUInt64LE(o))], ['uaddr', ptr(b.readBigUInt64LE(o + 8))], ['flags', xflags(BigInt(b.readUInt32LE(o + 16)), 'FUTEX_???', c.style, T.waiter)]]),
      ),
      c.udec(c.uint(1)),
      c.hex(c.uint(2)),
      timespecArg(c, 'entry', 3),
      clockid(c, 4),
    ]),
};
