// setsockopt and getsockopt: levels, option names and values (strace: net.c).

import type { SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx, Phase } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, ptr, raw } from './decoded.js';
import { xval, xlat as X } from './xlat.js';

function sockoptName(c: Ctx): Decoded {
  const level = c.int(1);
  const t = level === 1 ? X.sock_options : level === 6 ? X.sock_tcp_options : level === 0 ? X.sock_ip_options : level === 41 ? X.sock_ipv6_options : null;
  return t ? xval(c.u[2] & 0xffffffffn, level === 1 ? 'SO_???' : level === 6 ? 'TCP_???' : level === 0 ? 'IP_???' : 'IPV6_???', c.style, t) : c.udec(c.uint(2));
}

function sockoptVal(c: Ctx, phase: Phase, len: number): Decoded {
  const addr = c.u[3];
  if (len === 4) {
    const b = c.umove(phase, 3, 4);
    return isBuffer(b) ? array([c.sdec(b.readInt32LE(0))]) : b;
  }
  if (addr === 0n) return ptr(0n);
  return c.str(phase, 3, BigInt(Math.max(len, 0)));
}

export const sockoptDecoders: Readonly<Record<string, SyscallDecoder>> = {
  setsockopt: (c) =>
    atEntry([c.fd(c.int(0)), xval(c.u[1] & 0xffffffffn, 'SOL_??', c.style, X.socketlayers), sockoptName(c), sockoptVal(c, 'entry', c.int(4)), c.sdec(c.int(4))]),
  getsockopt: (c) => {
    const ul = c.umove('entry', 4, 4);
    const head = [c.fd(c.int(0)), xval(c.u[1] & 0xffffffffn, 'SOL_??', c.style, X.socketlayers), sockoptName(c)];
    if (!isBuffer(ul)) return split(head, [ptr(c.u[3]), ul]);
    const ulen = ul.readInt32LE(0);
    const rl = c.mem('exit', 4);
    if (c.failed || c.ret === null || !rl || !rl.data || rl.data.length < 4) return split(head, [ptr(c.u[3]), raw(`[${ulen}]`)]);
    const rlen = rl.data.readInt32LE(0);
    return split(head, [sockoptVal(c, 'exit', Math.min(ulen, rlen)), raw(ulen !== rlen ? `[${ulen} => ${rlen}]` : `[${rlen}]`)]);
  },
};
