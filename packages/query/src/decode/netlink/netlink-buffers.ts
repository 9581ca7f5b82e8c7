// Where strace decodes a socket's buffer as netlink messages (net.c's decode_sockbuf, msghdr.c's
// IOV_DECODE_NETLINK): the hooks the socket and message decoders call.

import type { Ctx, Phase } from '../context.js';
import { isBuffer } from '../context.js';
import type { Decoded } from '../decoded.js';
import { ptr } from '../decoded.js';
import { decodeNetlink } from './netlink-decoder.js';
import { NlMemory } from './nl-memory.js';

const AF_NETLINK = 16;

/** The printer of one iovec's data: the buffer at `addr`, captured as part `part` of argument `arg`. */
export type IovData = (c: Ctx, phase: Phase, arg: number, part: number, addr: bigint, len: bigint) => Decoded;

function netlink(c: Ctx, phase: Phase, arg: number, part: number, addr: bigint, len: bigint, family: number): Decoded {
  if (addr === 0n) return ptr(0n);
  const m = c.mem(phase, arg, part);
  return decodeNetlink(new NlMemory(c, addr, m?.data ?? null), family, addr, Number(len));
}

/**
 * decode_sockbuf: sendto's and recvfrom's buffer (argument `arg`, `len` bytes), as netlink
 * messages on a netlink socket (with -e verbose for the call), else as a string.
 */
export function sockbuf(c: Ctx, phase: Phase, arg: number, len: bigint): Decoded {
  const family = c.opts.deref ? c.netlinkProtocol(c.int(0)) : null;
  if (family === null) return c.str(phase, arg, len);
  return netlink(c, phase, arg, 0, c.u[arg], len, family);
}

/**
 * The iovec data printer of a message whose msg_name is an AF_NETLINK address (the name
 * captured as part `part` of `arg`, `namelen` bytes at `addr`): netlink messages of the call's
 * socket; undefined: strings.
 */
export function netlinkIov(c: Ctx, phase: Phase, arg: number, part: number, addr: bigint, namelen: number): IovData | undefined {
  if (namelen < 2) return undefined;
  const b = c.umove(phase, arg, 2, addr, part);
  if (!isBuffer(b) || b.readUInt16LE(0) !== AF_NETLINK) return undefined;
  const family = c.netlinkProtocol(c.int(0)) ?? -1;
  return (c, phase, arg, part, addr, len) => netlink(c, phase, arg, part, addr, len, family);
}
