// The socket syscalls: socket, connect, bind, accept, send and receive with addresses
// (strace: net.c). Addresses are in sockaddr.ts, options in sockopt-decoders.ts.

import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, ptr, raw } from './decoded.js';
import { sockbuf } from './netlink/netlink-buffers.js';
import { sockaddr, T } from './sockaddr.js';
import { sprintflagsEx, xflags, xval, xvalText, xlat as X } from './xlat.js';

function sockType(c: Ctx, v: number): Decoded {
  const t = v & 0xf;
  const name = xval(BigInt(t), null, { verbosity: 'abbrev' }, X.socktypes);
  let text = '';
  let flags = v >>> 0;
  if (name.kind === 'const' && name.name) {
    const num = t === 0 ? '0' : `0x${t.toString(16)}`;
    text = c.style.verbosity === 'raw' ? num : c.style.verbosity === 'verbose' ? `${num} /* ${name.name} */` : name.name;
    flags &= ~0xf;
    if (!flags) return raw(text);
    text += '|';
  }
  return raw(text + sprintflagsEx(BigInt(flags), 'SOCK_???', c.style, X.sock_type_flags).text);
}

/** decode_sockname / getpeername / accept: the address and [ulen => rlen]. */
function sockname(c: Ctx, addrArg: number, lenArg: number, head: Decoded[], ret?: 'fd'): CallDecoded {
  const ul = c.umove('entry', lenArg, 4);
  if (!isBuffer(ul)) return atEntry([...head, ptr(c.u[addrArg]), ptr(c.u[lenArg])], ret);
  const ulen = ul.readInt32LE(0);
  const rl = c.mem('exit', lenArg);
  if (c.failed || c.ret === null || !rl || !rl.data || rl.data.length < 4) {
    return split(head, [ptr(c.u[addrArg]), raw(`[${ulen}]`)], ret);
  }
  const rlen = rl.data.readInt32LE(0);
  const sa = sockaddr(c, 'exit', addrArg, ulen > rlen ? rlen : ulen);
  return split(head, [sa, raw(ulen !== rlen ? `[${ulen} => ${rlen}]` : `[${rlen}]`)], ret);
}

function recvfrom(c: Ctx): CallDecoded {
  const head = [c.fd(c.int(0))];
  const buf = c.failed || c.ret === null ? ptr(c.u[1]) : sockbuf(c, 'exit', 1, c.ret < c.u[2] ? c.ret : c.u[2]);
  const mid = [buf, c.udec(c.u[2]), xflags(c.u[3] & 0xffffffffn, 'MSG_???', c.style, X.msg_flags)];
  const ul = c.umove('entry', 5, 4);
  if (!c.u[4] || !c.u[5] || !isBuffer(ul)) return split(head, [...mid, ptr(c.u[4]), ptr(c.u[5])]);
  const ulen = ul.readInt32LE(0);
  const rl = c.mem('exit', 5);
  if (c.failed || c.ret === null || !rl || !rl.data || rl.data.length < 4) return split(head, [...mid, ptr(c.u[4]), raw(`[${ulen}]`)]);
  const rlen = rl.data.readInt32LE(0);
  return split(head, [...mid, sockaddr(c, 'exit', 4, ulen > rlen ? rlen : ulen), raw(ulen !== rlen ? `[${ulen} => ${rlen}]` : `[${rlen}]`)]);
}

export const socketDecoders: Readonly<Record<string, SyscallDecoder>> = {
  socket: (c) => {
    const fam = c.int(0);
    let proto: Decoded;
    if (fam === 2 || fam === 10) proto = xval(c.u[2] & 0xffffffffn, 'IPPROTO_???', c.style, X.inet_protocols);
    else if (fam === 16) proto = xval(c.u[2] & 0xffffffffn, 'NETLINK_???', c.style, X.netlink_protocols);
    else if (fam === 17) proto = raw(`htons(${xvalText(BigInt(((c.uint(2) >>> 8) & 0xff) | ((c.uint(2) & 0xff) << 8)), 'ETH_P_???', c.style, T.ethernet_protocols)})`);
    else proto = c.udec(c.u[2]);
    return atEntry([xval(c.u[0] & 0xffffffffn, 'AF_???', c.style, X.addrfams), sockType(c, c.uint(1)), proto], 'fd');
  },
  connect: (c) => atEntry([c.fd(c.int(0)), sockaddr(c, 'entry', 1, c.int(2)), c.sdec(c.int(2))]),
  bind: (c) => atEntry([c.fd(c.int(0)), sockaddr(c, 'entry', 1, c.int(2)), c.sdec(c.int(2))]),
  getsockname: (c) => sockname(c, 1, 2, [c.fd(c.int(0))]),
  getpeername: (c) => sockname(c, 1, 2, [c.fd(c.int(0))]),
  accept: (c) => sockname(c, 1, 2, [c.fd(c.int(0))], 'fd'),
  listen: (c) => atEntry([c.fd(c.int(0)), c.sdec(c.int(1))]),
  shutdown: (c) => atEntry([c.fd(c.int(0)), xval(c.u[1] & 0xffffffffn, 'SHUT_???', c.style, X.shutdown_modes)]),
  socketpair: (c) => {
    const b = c.umove('exit', 3, 8);
    return split(
      [xval(c.u[0] & 0xffffffffn, 'AF_???', c.style, X.addrfams), sockType(c, c.uint(1)), c.udec(c.u[2])],
      [isBuffer(b) ? array([c.fd(b.readInt32LE(0), 'exit'), c.fd(b.readInt32LE(4), 'exit')]) : b],
    );
  },
  sendto: (c) =>
    atEntry([c.fd(c.int(0)), sockbuf(c, 'entry', 1, c.u[2]), c.udec(c.u[2]), xflags(c.u[3] & 0xffffffffn, 'MSG_???', c.style, X.msg_flags), sockaddr(c, 'entry', 4, c.int(5)), c.sdec(c.int(5))]),
  accept4: (c) => {
    const r = sockname(c, 1, 2, [c.fd(c.int(0))], 'fd');
    return { ...r, args: [...r.args, xflags(c.u[3] & 0xffffffffn, 'SOCK_???', c.style, X.sock_type_flags)] };
  },
  recvfrom: (c) => recvfrom(c),
};
