// Linux native AIO (strace: aio.c): io_setup, io_destroy, io_submit, io_cancel, io_getevents,
// io_pgetevents, with struct iocb and struct io_event.

import type { SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, ptr, raw, struct } from './decoded.js';
import { ioprioText } from './sched-decoders.js';
import { sigmaskText } from './signals.js';
import { timespecArg } from './structs.js';
import { iovArray } from './sys-io.js';
import { printArray } from './sys-other.js';
import { sprintxval, xflags, xlatTable } from './xlat.js';
import { xlat as X } from './xlat.js';

const T = {
  aio_cmds: xlatTable([[0, 'IOCB_CMD_PREAD'], [1, 'IOCB_CMD_PWRITE'], [2, 'IOCB_CMD_FSYNC'], [3, 'IOCB_CMD_FDSYNC'], [4, 'IOCB_CMD_PREADX'], [5, 'IOCB_CMD_POLL'], [6, 'IOCB_CMD_NOOP'], [7, 'IOCB_CMD_PREADV'], [8, 'IOCB_CMD_PWRITEV']]),
  aio_iocb_flags: xlatTable([[1, 'IOCB_FLAG_RESFD'], [2, 'IOCB_FLAG_IOPRIO']]),
};

const IOCB_SIZE = 64;
/** Parts per iocb in io_submit's capture (CaptureSpec 'iocbs'). */
const IOCB_PARTS = 64;
const IOCB_FLAG_RESFD = 1, IOCB_FLAG_IOPRIO = 2;
const PWRITE = 1, PWRITEV = 8;

/** What follows the header, by opcode: the buffer and offset, an iovec array and offset, poll events, or nothing. */
type Sub = 'common' | 'vector' | 'poll' | 'none';
const subs: readonly Sub[] = ['common', 'common', 'none', 'none', 'none', 'poll', 'none', 'vector', 'vector'];

interface Iocb {
  readonly data: bigint; readonly key: number; readonly rwFlags: number; readonly opcode: number; readonly reqprio: number;
  readonly fildes: number; readonly buf: bigint; readonly nbytes: bigint; readonly offset: bigint; readonly flags: number; readonly resfd: number;
}

function readIocb(b: Buffer): Iocb {
  return {
    data: b.readBigUInt64LE(0), key: b.readUInt32LE(8), rwFlags: b.readUInt32LE(12), opcode: b.readUInt16LE(16), reqprio: b.readInt16LE(18),
    fildes: b.readInt32LE(20), buf: b.readBigUInt64LE(24), nbytes: b.readBigUInt64LE(32), offset: b.readBigInt64LE(40), flags: b.readUInt32LE(56), resfd: b.readUInt32LE(60),
  };
}

/** print_ioprio: the number in hex and IOPRIO_PRIO_VALUE(class, data), as -X says. */
function ioprio(c: Ctx, v: number): Decoded {
  const hex = v === 0 ? '0' : `0x${v.toString(16)}`;
  const verb = c.style.verbosity;
  return raw(verb === 'raw' ? hex : verb === 'verbose' ? `${hex} /* ${ioprioText(c, v)} */` : ioprioText(c, v));
}

function header(c: Ctx, cb: Iocb): [string, Decoded][] {
  const f: [string, Decoded][] = [['aio_data', c.hex(cb.data)]];
  if (cb.key) f.push(['aio_key', c.udec(cb.key)]);
  if (cb.rwFlags) f.push(['aio_rw_flags', xflags(BigInt(cb.rwFlags), 'RWF_???', c.style, X.rwf_flags)]);
  f.push(['aio_lio_opcode', raw(sprintxval(BigInt(cb.opcode), 'IOCB_CMD_???', { ...c.style, format: 'u' }, T.aio_cmds).text)]);
  if (cb.flags & IOCB_FLAG_IOPRIO) f.push(['aio_reqprio', ioprio(c, cb.reqprio & 0xffff)]);
  else if (cb.reqprio) f.push(['aio_reqprio', c.sdec(cb.reqprio)]);
  f.push(['aio_fildes', c.fd(cb.fildes)]);
  return f;
}

function commonFlags(c: Ctx, cb: Iocb): [string, Decoded][] {
  const f: [string, Decoded][] = [];
  if (cb.flags) f.push(['aio_flags', xflags(BigInt(cb.flags), 'IOCB_FLAG_???', c.style, T.aio_iocb_flags)]);
  if (cb.flags & IOCB_FLAG_RESFD) f.push(['aio_resfd', c.fd(cb.resfd | 0)]);
  else if (cb.resfd) f.push(['aio_resfd', c.hex(cb.resfd)]);
  return f;
}

/** print_iocb of iocb k of io_submit's array (its parts start at `base`). */
function iocb(c: Ctx, cb: Iocb, base: number): Decoded {
  const f = header(c, cb);
  const sub = subs[cb.opcode] ?? 'none';
  const valid = BigInt.asIntN(64, cb.nbytes) >= 0n;
  if (sub === 'common') {
    f.push(['aio_buf', cb.opcode === PWRITE && valid ? c.strPart('entry', 2, base + 1, cb.buf, cb.nbytes) : c.hex(cb.buf)]);
    f.push(['aio_nbytes', c.udec(cb.nbytes)], ['aio_offset', c.sdec(cb.offset)], ...commonFlags(c, cb));
  } else if (sub === 'vector') {
    if (valid) f.push(['aio_buf', iovArray(c, 'entry', 2, base + 1, cb.buf, cb.nbytes, null, cb.opcode === PWRITEV)]);
    else f.push(['aio_buf', c.hex(cb.buf)], ['aio_nbytes', c.udec(cb.nbytes)]);
    f.push(['aio_offset', c.sdec(cb.offset)], ...commonFlags(c, cb));
  } else if (sub === 'poll') {
    f.push(['aio_buf', xflags(cb.buf, 'POLL???', c.style, X.pollflags)], ...commonFlags(c, cb));
  }
  return struct(f);
}

function iocbs(c: Ctx): Decoded {
  const nr = c.long(1);
  if (nr < 0n) return ptr(c.u[2]);
  return printArray(c, 'entry', 2, nr, 8, (b, off) => {
    const p = b.readBigUInt64LE(off);
    const base = 1 + (off / 8) * IOCB_PARTS;
    if (p === 0n) return ptr(0n);
    const m = c.structMem('entry', 2, base);
    return m && m.data && m.data.length >= IOCB_SIZE ? iocb(c, readIocb(m.data), base) : ptr(p);
  });
}

function ioEvent(c: Ctx, b: Buffer, off = 0): Decoded {
  return struct([['data', c.hex(b.readBigUInt64LE(off))], ['obj', c.hex(b.readBigUInt64LE(off + 8))], ['res', c.sdec(b.readBigInt64LE(off + 16))], ['res2', c.sdec(b.readBigInt64LE(off + 24))]]);
}

/** print_kernel_sigset: {sigmask=..., sigsetsize=...}, the set as captured beside the pair. */
function kernelSigset(c: Ctx, i: number): Decoded {
  const b = c.umove('entry', i, 16);
  if (!isBuffer(b)) return b;
  const addr = b.readBigUInt64LE(0);
  const size = b.readBigUInt64LE(8);
  let mask: Decoded = ptr(addr);
  if (addr !== 0n && size === 8n) {
    const set = c.structMem('entry', i, 1);
    if (set && set.data && set.data.length >= Number(size)) mask = raw(sigmaskText(set.data, Number(size), c.style));
  }
  return struct([['sigmask', mask], ['sigsetsize', c.udec(size)]]);
}

function getevents(c: Ctx, sig: boolean) {
  const tail = [timespecArg(c, 'entry', 4), ...(sig ? [kernelSigset(c, 5)] : [])];
  const events = c.ret === null ? ptr(c.u[3]) : printArray(c, 'exit', 3, c.ret, 32, (b, off) => ioEvent(c, b, off));
  return split([ptr(c.u[0]), c.sdec(c.long(1)), c.sdec(c.long(2))], [events, ...tail]);
}

export const aioDecoders: Record<string, SyscallDecoder> = {
  io_setup: (c) => {
    const b = c.umove('exit', 1, 8);
    return split([c.udec(c.uint(0))], [isBuffer(b) ? array([ptr(b.readBigUInt64LE(0))]) : b]);
  },
  io_destroy: (c) => atEntry([ptr(c.u[0])]),
  io_submit: (c) => atEntry([ptr(c.u[0]), c.sdec(c.long(1)), iocbs(c)]),
  io_cancel: (c) => {
    const b = c.umove('entry', 1, IOCB_SIZE);
    const ev = c.umove('exit', 2, 32);
    return split([ptr(c.u[0]), isBuffer(b) ? struct(header(c, readIocb(b))) : b], [isBuffer(ev) ? ioEvent(c, ev) : ev]);
  },
  io_getevents: (c) => getevents(c, false),
  io_pgetevents: (c) => getevents(c, true),
};
