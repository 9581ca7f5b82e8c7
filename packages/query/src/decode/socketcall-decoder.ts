// i386 socketcall(call, args): strace reads the array of the subcall's arguments and prints
// the subcall (socket, connect...) as if it had been called directly; when the array cannot
// be read, socketcall itself with the call's name and the array's address.

import { SOCKET_SUBCALL_NR, socketSubcalls, SUBCALL_ARG } from '@tracedb/native';
import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry } from './call.js';
import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { ptr } from './decoded.js';
import { decodeSubcall } from './subcall.js';
import { fsDecoders } from './sys-fs.js';
import { ioDecoders } from './sys-io.js';
import { otherDecoders, printargs } from './sys-other.js';

const decoders: Readonly<Record<string, SyscallDecoder>> = { ...fsDecoders, ...otherDecoders, ...ioDecoders };

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
  const call = c.int(0);
  const sub = socketSubcalls[call];
  const m = c.mem('entry', 1);
  if (sub === undefined || !m || !m.data || m.data.length < sub.nargs * 4) return c.opts.raw ? printargs(c) : atEntry([callName(c, call), ptr(c.u[1])]);
  const args = Array.from({ length: sub.nargs }, (_, k) => BigInt(m.data!.readUInt32LE(k * 4)));
  const dec = c.opts.raw ? printargs : (own[sub.name] ?? decoders[sub.name] ?? printargs);
  return decodeSubcall(c, sub.name, SOCKET_SUBCALL_NR + call, args, SUBCALL_ARG, dec);
}
