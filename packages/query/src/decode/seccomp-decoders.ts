// seccomp (strace: seccomp.c): operations, filter flags, the BPF program of
// SECCOMP_SET_MODE_FILTER, SECCOMP_GET_ACTION_AVAIL's action, SECCOMP_GET_NOTIF_SIZES' sizes.

import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { raw, struct } from './decoded.js';
import { seccompFprog, seccompRetAction } from './bpf-filter.js';
import { xflags, xlatTable, xval, xvalText } from './xlat.js';

const T = {
  seccomp_ops: xlatTable([
    [0, 'SECCOMP_SET_MODE_STRICT'], [1, 'SECCOMP_SET_MODE_FILTER'], [2, 'SECCOMP_GET_ACTION_AVAIL'], [3, 'SECCOMP_GET_NOTIF_SIZES'],
  ]),
  seccomp_filter_flags: xlatTable([
    [0x1, 'SECCOMP_FILTER_FLAG_TSYNC'], [0x2, 'SECCOMP_FILTER_FLAG_LOG'], [0x4, 'SECCOMP_FILTER_FLAG_SPEC_ALLOW'],
    [0x8, 'SECCOMP_FILTER_FLAG_NEW_LISTENER'], [0x10, 'SECCOMP_FILTER_FLAG_TSYNC_ESRCH'], [0x20, 'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV'],
  ]),
};

export const seccompFilterFlags = T.seccomp_filter_flags;

const SECCOMP_SET_MODE_FILTER = 1;
const SECCOMP_GET_ACTION_AVAIL = 2;
const SECCOMP_GET_NOTIF_SIZES = 3;

/** The arguments after the operation, by operation. */
const OPS: Readonly<Record<number, (c: Ctx, flags: bigint) => { entry: Decoded[]; exit?: Decoded[] }>> = {
  [SECCOMP_SET_MODE_FILTER]: (c, flags) => ({ entry: [xflags(flags, 'SECCOMP_FILTER_FLAG_???', c.style, T.seccomp_filter_flags), seccompFprog(c, 2)] }),
  [SECCOMP_GET_ACTION_AVAIL]: (c, flags) => {
    const b = c.umove('entry', 2, 4);
    const act = Buffer.isBuffer(b) ? raw(`[${xvalText(BigInt(b.readUInt32LE(0)), 'SECCOMP_RET_???', c.style, seccompRetAction)}]`) : b;
    return { entry: [c.hex(flags), act] };
  },
  [SECCOMP_GET_NOTIF_SIZES]: (c, flags) => {
    const b = c.umove('exit', 2, 6);
    const sizes = Buffer.isBuffer(b)
      ? struct([['seccomp_notif', c.udec(b.readUInt16LE(0))], ['seccomp_notif_resp', c.udec(b.readUInt16LE(2))], ['seccomp_data', c.udec(b.readUInt16LE(4))]])
      : b;
    return { entry: [c.hex(flags)], exit: [sizes] };
  },
};

function seccomp(c: Ctx): CallDecoded {
  const op = c.uint(0);
  const flags = c.u[1] & 0xffffffffn;
  const head = xval(BigInt(op), 'SECCOMP_SET_MODE_???', c.style, T.seccomp_ops);
  const args = Object.hasOwn(OPS, op) ? OPS[op](c, flags) : { entry: [c.hex(flags), c.addr(c.u[2])] };
  return args.exit === undefined ? atEntry([head, ...args.entry]) : split([head, ...args.entry], args.exit);
}

export const seccompDecoders: Record<string, SyscallDecoder> = { seccomp };
