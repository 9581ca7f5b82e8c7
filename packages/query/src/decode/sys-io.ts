// Vectored and multiplexed I/O, messages, timers and a few more (strace: io.c, msghdr.c,
// desc.c, poll.c, time.c, timerfd.c, signalfd.c, sched.c, memfd_create.c...).

import { msghdrOffsets } from '@tracedb/native';
import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx, Phase } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, format, ptr, raw, struct } from './decoded.js';
import { msgControl } from './cmsg.js';
import { clockT, printSignal, signame, sigsetArg } from './signals.js';
import type { IovData } from './netlink/netlink-buffers.js';
import { netlinkIov } from './netlink/netlink-buffers.js';
import { sockaddrAt } from './sockaddr.js';
import { siginfoArg, timeComment, timespec, timespecArg, timeval } from './structs.js';
import { sprintflags, sprintxval, xflags, xval } from './xlat.js';
import { xlat as X } from './xlat.js';

/** tprint_iov_upto over captured parts: part `base` is the array, base+1+i the buffers. */
export function iovArray(c: Ctx, phase: Phase, arg: number, base: number, addr: bigint, count: bigint, dataSize: bigint | null, printData: boolean, data?: IovData): Decoded {
  if (addr === 0n) return ptr(0n);
  if (count === 0n) return raw('[]');
  const m = c.structMem(phase, arg, base);
  if (!m || !m.data) return ptr(addr);
  let left = dataSize;
  const items: Decoded[] = [];
  const n = Number(count < 1024n ? count : 1024n);
  const size = 2 * c.word;
  let more = false;
  for (let i = 0; i < n; i++) {
    if ((i + 1) * size > m.data.length) {
      if (i === 0) return ptr(addr);
      items.push(raw(`... /* 0x${(addr + BigInt(i * size)).toString(16)} */`));
      break;
    }
    if (!c.opts.verbose && i >= c.opts.stringLimit) {
      more = true;
      break;
    }
    const b = readWord(m.data, i * size, c.word);
    const l = readWord(m.data, i * size + c.word, c.word);
    let len = l;
    if (left !== null) {
      if (len > left) len = left;
      left -= len;
    }
    const shown = !printData ? ptr(b) : data ? data(c, phase, arg, base + 1 + i, b, len) : c.strPart(phase, arg, base + 1 + i, b, len);
    items.push(struct([['iov_base', shown], ['iov_len', c.udec(l)]]));
  }
  if (!more && Number(count) > n) more = true;
  return array(items, more);
}

export function iovArg(c: Ctx, phase: Phase, i: number, countArg: number, dataSize: bigint | null, printData = true): Decoded {
  return iovArray(c, phase, i, 0, c.u[i], c.u[countArg], dataSize, printData);
}

export function readvLike(c: Ctx, tail: (c: Ctx) => Decoded[]): CallDecoded {
  const failed = c.failed || c.ret === null;
  const iov = failed
    ? // iov_decode_addr: the array is still read (tfetch_mem_ignore_syserror), the buffers not.
      iovArray(c, 'entry', 1, 0, c.u[1], c.u[2], null, false)
    : iovArg(c, 'exit', 1, 2, c.ret);
  return split([c.fd(c.int(0))], [iov, c.udec(c.u[2]), ...tail(c)]);
}

export const rwf = (c: Ctx, i: number): Decoded => xflags(c.u[i] & 0xffffffffn, 'RWF_???', c.style, X.rwf_flags);

// ---------------------------------------------------------------- msghdr

/** A long or pointer of the call's ABI (c.word bytes) at `off`. */
function readWord(b: Buffer, off: number, word: 4 | 8): bigint {
  return word === 8 ? b.readBigUInt64LE(off) : BigInt(b.readUInt32LE(off));
}

/** The captured parts of one message: its name, its control data and its iovec array (the buffers after it). */
export interface MsgParts {
  readonly name: number;
  readonly control: number;
  readonly iov: number;
}

const msghdrParts: MsgParts = { name: 1, control: 2, iov: 3 };

/** struct msghdr: seven fields of a word each (the ints padded to 8 bytes on x86_64). */
function msghdr(c: Ctx, phase: Phase, arg: number, dataSize: bigint | null, userNamelen: number | null): Decoded {
  const addr = c.u[arg];
  const m = c.structMem(phase, arg, 0);
  const o = msghdrOffsets(c.word);
  if (addr === 0n || !m || !m.data || m.data.length < o.size) return ptr(addr);
  return msghdrAt(c, phase, arg, m.data, 0, msghdrParts, dataSize, userNamelen);
}

/** The struct msghdr at `off` of `buf`, what it points to in parts `parts` of argument `arg`. */
export function msghdrAt(c: Ctx, phase: Phase, arg: number, buf: Buffer, off: number, parts: MsgParts, dataSize: bigint | null, userNamelen: number | null): Decoded {
  const w = c.word;
  const o = msghdrOffsets(w);
  const h = buf.subarray(off, off + o.size);
  const name = readWord(h, o.name, w);
  const namelen = h.readInt32LE(o.namelen);
  const iov = readWord(h, o.iov, w);
  const iovlen = readWord(h, o.iovlen, w);
  const control = readWord(h, o.control, w);
  const controllen = readWord(h, o.controllen, w);
  const flags = h.readInt32LE(o.flags);
  const nl = userNamelen !== null && namelen > userNamelen ? userNamelen : namelen;
  const f: [string, Decoded][] = [['msg_name', sockaddrAt(c, phase, arg, parts.name, name, nl)]];
  f.push(['msg_namelen', raw(userNamelen !== null && userNamelen !== namelen ? `${userNamelen} => ${namelen}` : String(namelen))]);
  f.push(['msg_iov', iovArray(c, phase, arg, parts.iov, iov, iovlen, dataSize, true, netlinkIov(c, phase, arg, parts.name, name, nl))]);
  f.push(['msg_iovlen', c.udec(iovlen)]);
  if (controllen) f.push(['msg_control', msgControl(c, phase, arg, parts.control, control, controllen)]);
  f.push(['msg_controllen', c.udec(controllen)]);
  f.push(['msg_flags', xflags(BigInt(flags >>> 0), 'MSG_???', c.style, X.msg_flags)]);
  return struct(f);
}

// ---------------------------------------------------------------- select / poll

/** The bytes of an fd_set for nfds descriptors: whole longs. */
const fdsetSize = (c: Ctx, nfds: number): number => Math.ceil(nfds / (c.word * 8)) * c.word;

function fdset(c: Ctx, i: number, nfds: number): Decoded {
  const addr = c.u[i];
  if (nfds <= 0 || addr === 0n) return ptr(addr);
  const size = fdsetSize(c, nfds);
  const b = c.umove('entry', i, size);
  if (!isBuffer(b)) return b;
  const fds: Decoded[] = [];
  for (let j = 0; j < nfds; j++) if (b[j >> 3] & (1 << (j & 7))) fds.push(c.fd(j));
  return { kind: 'array', items: fds, sep: ' ' };
}

export function selectCall(c: Ctx, tv: (c: Ctx, phase: Phase) => Decoded, tvText: (c: Ctx) => string | null, extra: Decoded[]): CallDecoded {
  let nfds = c.int(0);
  if (nfds < 0) nfds = 0;
  if (nfds > 1024 * 1024) nfds = 1024 * 1024;
  const entry = [c.sdec(c.int(0)), fdset(c, 1, nfds), fdset(c, 2, nfds), fdset(c, 3, nfds), tv(c, 'entry'), ...extra];
  if (c.failed || c.ret === null) return split(entry, []);
  let ready = Number(c.ret);
  if (ready === 0) return split(entry, [], undefined, 'Timeout');
  let out = '';
  let sep = '';
  const size = fdsetSize(c, nfds);
  for (let i = 0; i < 3 && ready > 0; i++) {
    let first = true;
    const m = c.mem('exit', i + 1);
    if (!c.u[i + 1] || !m || !m.data || m.data.length < size) continue;
    for (let j = 0; j < nfds; j++) {
      if (!(m.data[j >> 3] & (1 << (j & 7)))) continue;
      if (first) {
        out += `${sep}${i === 0 ? 'in' : i === 1 ? 'out' : 'except'} [${j}`;
        first = false;
        sep = ', ';
      } else out += ` ${j}`;
      if (--ready === 0) break;
    }
    if (out !== '') out += ']';
  }
  if (c.u[4]) {
    const t = tvText(c);
    if (t !== null) out += `${sep}left ${t}`;
  }
  return split(entry, [], undefined, out);
}

/** sprint_timespec64 / sprint_timeval at exit. */
export function sprintTs(c: Ctx, i: number, kind: 'ts' | 'tv'): string {
  const addr = c.u[i];
  if (addr === 0n) return 'NULL';
  const m = c.structMem('exit', i);
  if (c.failed || !m || !m.data || m.data.length < 16) return `0x${addr.toString(16)}`;
  return format(kind === 'ts' ? timespec(m.data) : timeval(m.data));
}

export function pollfds(c: Ctx): Decoded {
  const addr = c.u[0];
  const n = BigInt(c.uint(1));
  if (addr === 0n) return ptr(0n);
  if (n === 0n) return raw('[]');
  const m = c.structMem('entry', 0);
  if (!m || !m.data) return ptr(addr);
  const items: Decoded[] = [];
  let more = false;
  for (let k = 0; k < Number(n); k++) {
    if ((k + 1) * 8 > m.data.length) {
      if (k === 0) return ptr(addr);
      items.push(raw(`... /* 0x${(addr + BigInt(k * 8)).toString(16)} */`));
      break;
    }
    if (!c.opts.verbose && k >= c.opts.stringLimit) {
      more = true;
      break;
    }
    const fd = m.data.readInt32LE(k * 8);
    const f: [string, Decoded][] = [['fd', c.fd(fd)]];
    if (fd >= 0) f.push(['events', xflags(BigInt(m.data.readUInt16LE(k * 8 + 4)), 'POLL???', c.style, X.pollflags)]);
    items.push(struct(f));
  }
  return array(items, more);
}

/** poll's and ppoll's return comment; `left`: ppoll's time left (sprint_timespec of its ABI), if any. */
export function pollExit(c: Ctx, ts: boolean, left: (c: Ctx) => string | null = (c) => sprintTs(c, 2, 'ts')): string | undefined {
  if (c.failed || c.ret === null) return undefined;
  if (c.ret === 0n) return 'Timeout';
  const n = c.uint(1);
  const m = c.structMem('exit', 0);
  let out = '';
  if (c.u[0] && n && m && m.data) {
    let printed = 0;
    for (let k = 0; k < n; k++) {
      if ((k + 1) * 8 > m.data.length) {
        out += (out === '' ? '[' : ', ') + `0x${(c.u[0] + BigInt(k * 8)).toString(16)}`;
        break;
      }
      const re = m.data.readUInt16LE(k * 8 + 6);
      if (!re) continue;
      out += out === '' ? '[' : ', ';
      if (!c.opts.verbose && printed >= c.opts.stringLimit) {
        out += '...';
        break;
      }
      out += `{fd=${m.data.readInt32LE(k * 8)}, revents=${sprintflags('', X.pollflags, BigInt(re), '', { verbosity: c.style.verbosity }) ?? ''}}`;
      printed++;
    }
    if (out !== '') out += ']';
  }
  const l = ts && c.u[2] ? left(c) : null;
  if (l !== null) out += (out === '' ? 'left ' : ', left ') + l;
  return out === '' ? undefined : out;
}

// ---------------------------------------------------------------- timers

export function itimerspec(c: Ctx, phase: Phase, i: number): Decoded {
  const b = c.umove(phase, i, 32);
  if (!isBuffer(b)) return b;
  return struct([['it_interval', timespec(b, 0)], ['it_value', timespec(b, 16)]]);
}

function itimerval(c: Ctx, phase: Phase, i: number): Decoded {
  const b = c.umove(phase, i, 32);
  if (!isBuffer(b)) return b;
  return struct([['it_interval', timeval(b, 0)], ['it_value', timeval(b, 16)]]);
}

export const clockid = (c: Ctx, i: number): Decoded => {
  const id = c.int(i);
  if (id < 0) {
    // CPU clocks: MAKE_PROCESS_CPUCLOCK / MAKE_THREAD_CPUCLOCK (printed the way strace does).
    const pid = ~id >> 3;
    const which = id & 3;
    const names = ['CPUCLOCK_PROF', 'CPUCLOCK_VIRT', 'CPUCLOCK_SCHED', 'CPUCLOCK_MAX'];
    return raw(`MAKE_${id & 4 ? 'THREAD' : 'PROCESS'}_CPUCLOCK(${pid}, ${names[which]})`);
  }
  return xval(BigInt(id), 'CLOCK_???', c.style, X.clocknames);
};

export const ioDecoders: Record<string, SyscallDecoder> = {
  readv: (c) => readvLike(c, () => []),
  preadv: (c) => readvLike(c, (c) => [c.sdec(c.long(3))]),
  preadv2: (c) => readvLike(c, (c) => [c.sdec(c.long(3)), rwf(c, 5)]),
  writev: (c) => atEntry([c.fd(c.int(0)), iovArg(c, 'entry', 1, 2, null), c.udec(c.u[2])]),
  pwritev: (c) => atEntry([c.fd(c.int(0)), iovArg(c, 'entry', 1, 2, null), c.udec(c.u[2]), c.sdec(c.long(3))]),
  pwritev2: (c) => atEntry([c.fd(c.int(0)), iovArg(c, 'entry', 1, 2, null), c.udec(c.u[2]), c.sdec(c.long(3)), rwf(c, 5)]),
  vmsplice: (c) => atEntry([c.fd(c.int(0)), iovArg(c, 'entry', 1, 2, null), c.udec(c.u[2]), xflags(c.u[3] & 0xffffffffn, 'SPLICE_F_???', c.style, X.splice_flags)]),
  sendmsg: (c) => atEntry([c.fd(c.int(0)), msghdr(c, 'entry', 1, null, null), xflags(c.u[2] & 0xffffffffn, 'MSG_???', c.style, X.msg_flags)]),
  recvmsg: (c) => {
    // msg_namelen as the caller set it, from the header read at entry
    const e = c.structMem('entry', 1, 0);
    const o = msghdrOffsets(c.word);
    const userNamelen = e && e.data && e.data.length >= o.size ? e.data.readInt32LE(o.namelen) : null;
    let msg: Decoded;
    if (c.failed || c.ret === null) msg = userNamelen !== null ? raw(`{msg_namelen=${userNamelen}}`) : ptr(c.u[1]);
    else msg = msghdr(c, 'exit', 1, c.ret, userNamelen);
    return { args: [c.fd(c.int(0)), msg, xflags(c.u[2] & 0xffffffffn, 'MSG_???', c.style, X.msg_flags)], exitFrom: 1, exitSep: false };
  },
  select: (c) => selectCall(c, (c, p) => timevalArg(c, p, 4), (c) => sprintTs(c, 4, 'tv'), []),
  pselect6: (c) => selectCall(c, (c, p) => timespecArg(c, p, 4), (c) => sprintTs(c, 4, 'ts'), [kernelSigset(c)]),
  poll: (c) => ({ args: [pollfds(c), c.udec(c.uint(1)), c.sdec(c.int(2))], exitFrom: 3, decodedAtEntry: false, auxstr: pollExit(c, false) }),
  ppoll: (c) => ({
    args: [pollfds(c), c.udec(c.uint(1)), timespecArg(c, 'entry', 2), sigsetArg(c, 'entry', 3, c.u[4]), c.udec(c.u[4])],
    exitFrom: 5,
    decodedAtEntry: false,
    auxstr: pollExit(c, true),
  }),
  nanosleep: (c) => split([timespecArg(c, 'entry', 0)], [c.failed ? timespecArg(c, 'exit', 1) : ptr(c.u[1])]),
  clock_nanosleep: (c) =>
    split(
      [clockid(c, 0), xflags(c.u[1] & 0xffffffffn, 'TIMER_???', c.style, X.clockflags), timespecArg(c, 'entry', 2)],
      [c.failed && !(c.u[1] & 1n) ? timespecArg(c, 'exit', 3) : ptr(c.u[3])],
    ),
  clock_gettime: (c) => split([clockid(c, 0)], [timespecArg(c, 'exit', 1)]),
  clock_getres: (c) => split([clockid(c, 0)], [timespecArg(c, 'exit', 1)]),
  clock_settime: (c) => atEntry([clockid(c, 0), timespecArg(c, 'entry', 1)]),
  getitimer: (c) => split([xval(c.u[0] & 0xffffffffn, 'ITIMER_???', c.style, X.itimer_which)], [itimerval(c, 'exit', 1)]),
  setitimer: (c) => split([xval(c.u[0] & 0xffffffffn, 'ITIMER_???', c.style, X.itimer_which), itimerval(c, 'entry', 1)], [itimerval(c, 'exit', 2)]),
  timerfd_create: (c) => atEntry([clockid(c, 0), xflags(c.u[1] & 0xffffffffn, 'TFD_???', c.style, X.timerfdflags)], 'fd'),
  timerfd_settime: (c) => split([c.fd(c.int(0)), xflags(c.u[1] & 0xffffffffn, 'TFD_???', c.style, X.timerfdflags), itimerspec(c, 'entry', 2)], [itimerspec(c, 'exit', 3)]),
  timerfd_gettime: (c) => split([c.fd(c.int(0))], [itimerspec(c, 'exit', 1)]),
  signalfd4: (c) => atEntry([c.sdec(c.int(0)), sigsetArg(c, 'entry', 1, c.u[2]), c.udec(c.u[2]), xflags(c.u[3] & 0xffffffffn, 'SFD_???', c.style, X.sfd_flags)], 'fd'),
  signalfd: (c) => atEntry([c.sdec(c.int(0)), sigsetArg(c, 'entry', 1, c.u[2]), c.udec(c.u[2])], 'fd'),
  rt_sigtimedwait: (c) => {
    const set = sigsetArg(c, 'entry', 0, c.u[3]);
    const aux = !c.failed && c.ret !== null && c.ret !== 0n ? signame(Number(c.ret)) : undefined;
    if (!c.u[1]) return atEntry([set, ptr(c.u[1]), timespecArg(c, 'entry', 2), c.udec(c.u[3])], undefined, aux);
    return split([set], [siginfoArg(c, 'exit', 1), timespecArg(c, 'entry', 2), c.udec(c.u[3])], undefined, aux);
  },
  rt_sigqueueinfo: (c) => atEntry([c.pid(c.int(0)), printSignal(c, c.int(1)), siginfoArg(c, 'entry', 2)]),
  rt_tgsigqueueinfo: (c) => atEntry([c.pid(c.int(0)), c.pid(c.int(1), 'tid'), printSignal(c, c.int(2)), siginfoArg(c, 'entry', 3)]),
  memfd_create: (c) => atEntry([c.cstr('entry', 0), xflags(c.u[1] & 0xffffffffn, 'MFD_???', c.style, X.memfd_create_flags)], 'fd'),
  flock: (c) => atEntry([c.fd(c.int(0)), xflags(c.u[1] & 0xffffffffn, 'LOCK_???', c.style, X.flockcmds)]),
  fallocate: (c) => atEntry([c.fd(c.int(0)), xflags(c.u[1] & 0xffffffffn, 'FALLOC_FL_???', c.style, X.falloc_flags), c.sdec(c.long(2)), c.sdec(c.long(3))]),
  // unsigned ints, not descriptors: strace 6.1 prints neither a sign nor -y's path
  close_range: (c) => atEntry([c.udec(c.uint(0)), c.udec(c.uint(1)), xflags(c.u[2] & 0xffffffffn, 'CLOSE_RANGE_???', c.style, X.close_range_flags)]),
  getcpu: (c) => {
    const a = c.umove('exit', 0, 4);
    const b = c.umove('exit', 1, 4);
    return split([], [isBuffer(a) ? array([c.udec(a.readUInt32LE(0))]) : a, isBuffer(b) ? array([c.udec(b.readUInt32LE(0))]) : b, ptr(c.u[2])]);
  },
  sched_getscheduler: (c) => split([c.pid(c.int(0), 'tid')], [], undefined, c.failed || c.ret === null ? undefined : sprintxval(c.ret, null, { verbosity: 'abbrev' }, X.schedulers).name),
  sched_get_priority_max: (c) => atEntry([xval(c.u[0] & 0xffffffffn, 'SCHED_???', c.style, X.schedulers)]),
  sched_get_priority_min: (c) => atEntry([xval(c.u[0] & 0xffffffffn, 'SCHED_???', c.style, X.schedulers)]),
  inotify_init1: (c) => atEntry([xflags(c.u[0] & 0xffffffffn, 'IN_???', c.style, X.inotify_init_flags)], 'fd'),
  inotify_add_watch: (c) => atEntry([c.fd(c.int(0)), c.path(1), xflags(c.u[2] & 0xffffffffn, 'IN_???', c.style, X.inotify_flags)]),
  inotify_rm_watch: (c) => atEntry([c.fd(c.int(0)), c.sdec(c.int(1))]),
  splice: (c) => atEntry([c.fd(c.int(0)), offArg(c, 1), c.fd(c.int(2)), offArg(c, 3), c.udec(c.u[4]), xflags(c.u[5] & 0xffffffffn, 'SPLICE_F_???', c.style, X.splice_flags)]),
  tee: (c) => atEntry([c.fd(c.int(0)), c.fd(c.int(1)), c.udec(c.u[2]), xflags(c.u[3] & 0xffffffffn, 'SPLICE_F_???', c.style, X.splice_flags)]),
  times: (c) => {
    const b = c.umove('exit', 0, 32);
    const v = (o: number): Decoded => clockT((b as Buffer).readBigInt64LE(o), c.style);
    return split([], [isBuffer(b) ? struct([['tms_utime', v(0)], ['tms_stime', v(8)], ['tms_cutime', v(16)], ['tms_cstime', v(24)]]) : b], 'u');
  },
  utimensat: (c) => atEntry([c.dirfd(0), c.path(1), utimens(c), xflags(c.u[3] & 0xffffffffn, 'AT_???', c.style, X.at_flags)]),
};

function offArg(c: Ctx, i: number): Decoded {
  const b = c.umove('entry', i, 8);
  return isBuffer(b) ? array([c.sdec(b.readBigInt64LE(0))]) : b;
}

function timevalArg(c: Ctx, phase: Phase, i: number): Decoded {
  const b = c.umove(phase, i, 16);
  return isBuffer(b) ? timeval(b) : b;
}


/** print_kernel_sigset: pselect6's {sigmask=..., sigsetsize=...}; the set itself is not captured. */
export function kernelSigset(c: Ctx): Decoded {
  // { const sigset_t *ss; size_t ss_len }: two words
  const w = c.word;
  const b = c.umove('entry', 5, 2 * w);
  if (!isBuffer(b)) return b;
  const addr = readWord(b, 0, w);
  const size = readWord(b, w, w);
  return struct([['sigmask', size < 8n || size > 8n ? ptr(addr) : addr === 0n ? ptr(0n) : raw(`0x${addr.toString(16)}`)], ['sigsetsize', c.udec(size)]]);
}

/** utimensat's two timespecs: x86_64's, or (size 8) i386's old_timespec32, each with its date as strace prints it. */
export function utimens(c: Ctx, size: 8 | 16 = 16): Decoded {
  const b = c.umove('entry', 2, 2 * size);
  if (!isBuffer(b)) return b;
  const one = (o: number): Decoded => {
    const sec = size === 16 ? b.readBigInt64LE(o) : BigInt(b.readInt32LE(o));
    const ns = size === 16 ? b.readBigInt64LE(o + 8) : BigInt(b.readInt32LE(o + 4));
    const UTIME_NOW = (1n << 30n) - 1n;
    const UTIME_OMIT = (1n << 30n) - 2n;
    const t = struct([['tv_sec', c.sdec(sec)], ['tv_nsec', c.sdec(ns)]]);
    if (ns === UTIME_NOW || ns === UTIME_OMIT) {
      const name = ns === UTIME_NOW ? 'UTIME_NOW' : 'UTIME_OMIT';
      const v = c.style.verbosity;
      if (v === 'abbrev') return raw(name);
      return raw(v === 'raw' ? format(t) : `${format(t)} /* ${name} */`);
    }
    const date = timeComment(sec, ns, 999999999n, 9);
    return date === null ? t : { kind: 'comment', value: t, comment: date };
  };
  return array([one(0), one(size)]);
}

