// setsockopt and getsockopt (strace: net.c): the level, the option's name in the level's
// table (sockopt-levels.ts) and its value (sockopt-values.ts).

import type { SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { ptr, raw } from './decoded.js';
import type { SockoptCall } from './sockopt-levels.js';
import { sockoptLevels } from './sockopt-levels.js';
import { getsockoptValues, setsockoptValues, sockoptValue } from './sockopt-values.js';
import { xval, xlat as X } from './xlat.js';

/** print_sockopt_fd_level_name: the fd, the level and the option's name. */
function head(c: Ctx, call: SockoptCall): Decoded[] {
  const level = c.uint(1);
  const name = c.u[2] & 0xffffffffn;
  const l = sockoptLevels[level];
  const tables = l ? [l.names(), ...(l[call] ? [l[call]()] : [])] : [];
  return [c.fd(c.int(0)), xval(BigInt(level), 'SOL_??', c.style, X.socketlayers), l ? xval(name, l.dflt, c.style, ...tables) : c.udec(name)];
}

export const sockoptDecoders: Readonly<Record<string, SyscallDecoder>> = {
  setsockopt: (c) => {
    const len = c.int(4);
    const value = sockoptValue(c, setsockoptValues(), c.uint(1), c.uint(2), { phase: 'entry', addr: c.u[3], len, ulen: len });
    return atEntry([...head(c, 'set'), value, c.sdec(len)]);
  },
  getsockopt: (c) => {
    const h = head(c, 'get');
    const ul = c.u[4] === 0n ? ptr(0n) : c.umove('entry', 4, 4);
    if (!isBuffer(ul)) return atEntry([...h, ptr(c.u[3]), ptr(c.u[4])]);
    const ulen = ul.readInt32LE(0);
    const rl = c.mem('exit', 4);
    if (c.failed || c.ret === null || !rl || !rl.data || rl.data.length < 4) return split(h, [ptr(c.u[3]), raw(`[${ulen}]`)]);
    const rlen = rl.data.readInt32LE(0);
    const value =
      ulen <= 0 || rlen <= 0 ? ptr(c.u[3]) : sockoptValue(c, getsockoptValues(), c.uint(1), c.uint(2), { phase: 'exit', addr: c.u[3], len: rlen, ulen });
    return split(h, [value, raw(ulen !== rlen ? `[${ulen} => ${rlen}]` : `[${rlen}]`)]);
  },
};
