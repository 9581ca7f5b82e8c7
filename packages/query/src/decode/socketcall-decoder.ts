// i386 socketcall(call, args): strace reads the array of the subcall's arguments and prints
// the subcall (socket, connect...) as if it had been called directly; when the array cannot
// be read, socketcall itself with the call's name and the array's address.

import { socketSubcalls } from '@tracedb/native';
import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry } from './call.js';
import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { ptr } from './decoded.js';
import { decodeSubcall, socketSubcall } from './subcall.js';
import { fsDecoders } from './sys-fs.js';
import { ioDecoders } from './sys-io.js';
import { otherDecoders, printargs } from './sys-other.js';
import { socketDecoders } from './socket-decoders.js';
import { sockoptDecoders } from './sockopt-decoders.js';

const decoders: Readonly<Record<string, SyscallDecoder>> = { ...fsDecoders, ...otherDecoders, ...ioDecoders, ...socketDecoders, ...sockoptDecoders };

/** send and recv: sendto's and recvfrom's first four arguments. */
const firstFour = (dec: SyscallDecoder): SyscallDecoder => (c) => {
  const d = dec(c);
  return { ...d, args: d.args.slice(0, 4), exitFrom: Math.min(d.exitFrom, 4) };
};
const own: Readonly<Record<string, SyscallDecoder>> = { send: firstFour(decoders.sendto), recv: firstFour(decoders.recvfrom) };

/** printxval_d(socketcalls): SYS_CONNECT, or the number. */
function callName(c: Ctx, call: number): Decoded {
  const sub = socketSubcalls[call];
  const n = String(call);
  if (sub === undefined) return { kind: 'const', value: BigInt(call), name: null, text: n };
  const name = `SYS_${sub.name.toUpperCase()}`;
  const v = c.style.verbosity;
  return { kind: 'const', value: BigInt(call), name, text: v === 'raw' ? n : v === 'verbose' ? `${n} /* ${name} */` : name };
}

export function socketcallDecoder(c: Ctx): CallDecoded {
  const s = socketSubcall(c.row, c.entryMem, c.exitMem);
  if (s === null) return c.opts.raw ? printargs(c) : atEntry([callName(c, c.int(0)), ptr(c.u[1])]);
  const name = s.row.name!;
  return decodeSubcall(c, s, c.opts.raw ? printargs : (own[name] ?? decoders[name] ?? printargs));
}
