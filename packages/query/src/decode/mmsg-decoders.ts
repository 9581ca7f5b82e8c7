// Vectors of messages (strace: mmsghdr.c): sendmmsg and recvmmsg, each struct mmsghdr a
// struct msghdr and the msg_len the kernel filled in.

import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx, Phase } from './context.js';
import type { Decoded } from './decoded.js';
import { ptr, struct } from './decoded.js';
import { timespecArg } from './structs.js';
import { msghdrAt, sprintTs } from './sys-io.js';
import { printArray } from './sys-other.js';
import { xflags } from './xlat.js';
import { xlat as X } from './xlat.js';

const MMSGHDR_SIZE = 64;
/** Parts per message in the capture (CaptureSpec 'mmsghdrs'). */
const MMSG_PARTS = 64;
const MSG_LEN = 56;
const NAMELEN = 8;

const flags = (c: Ctx, i: number): Decoded => xflags(c.u[i] & 0xffffffffn, 'MSG_???', c.style, X.msg_flags);

/**
 * decode_mmsgvec: `n` messages, their headers from the array captured at `phase`, msg_len
 * from the one captured at exit for the first `withLen`; a received message's data is msg_len bytes.
 */
function mmsgvec(c: Ctx, phase: Phase, n: bigint, withLen: number, received: boolean): Decoded {
  const exit = withLen > 0 ? c.structMem('exit', 1) : undefined;
  const entry = received ? c.structMem('entry', 1) : undefined;
  return printArray(c, phase, 1, n, MMSGHDR_SIZE, (b, off) => {
    const k = off / MMSGHDR_SIZE;
    const base = 1 + k * MMSG_PARTS;
    const len = exit?.data && exit.data.length >= off + MMSGHDR_SIZE ? exit.data.readUInt32LE(off + MSG_LEN) : null;
    const asked = entry?.data && entry.data.length >= off + MMSGHDR_SIZE ? entry.data.readInt32LE(off + NAMELEN) : null;
    const hdr = msghdrAt(c, received ? 'exit' : 'entry', 1, b, off, { name: base, control: base + 1, iov: base + 2 }, received && len !== null ? BigInt(len) : null, asked);
    return struct(k < withLen && len !== null ? [['msg_hdr', hdr], ['msg_len', c.udec(len)]] : [['msg_hdr', hdr]]);
  });
}

function sendmmsg(c: Ctx): CallDecoded {
  if (!c.opts.deref) return atEntry([c.fd(c.int(0)), ptr(c.u[1]), c.udec(c.uint(2)), flags(c, 3)]);
  const sent = c.failed || c.ret === null ? 0 : Number(c.ret);
  return split([c.fd(c.int(0))], [mmsgvec(c, 'entry', BigInt(c.uint(2)), sent, false), c.udec(c.uint(2)), flags(c, 3)]);
}

function recvmmsg(c: Ctx): CallDecoded {
  if (!c.opts.deref) return atEntry([c.fd(c.int(0)), ptr(c.u[1]), c.udec(c.uint(2)), flags(c, 3), ptr(c.u[4])]);
  const got = c.failed || c.ret === null ? null : Number(c.ret);
  const vec = got === null ? ptr(c.u[1]) : mmsgvec(c, 'exit', BigInt(got), got, true);
  const left = got !== null && c.u[4] !== 0n ? `left ${sprintTs(c, 4, 'ts')}` : undefined;
  return split([c.fd(c.int(0))], [vec, c.udec(c.uint(2)), flags(c, 3), timespecArg(c, 'entry', 4)], undefined, left);
}

export const mmsgDecoders: Record<string, SyscallDecoder> = { sendmmsg, recvmmsg };
