// How i386 calls (int $0x80) are decoded: by their x86_64 namesake's decoder where the
// arguments and the memory read are the same, by another x86_64 decoder where only the name
// differs (getuid32, fcntl64, the _time64 calls), and by the decoders below where a structure
// has its i386 layout (i386-layouts.ts). Any other i386 call prints as strace's fallback does:
// its arguments in hex (printargs), as many as the i386 table gives it.

import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx, Phase } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, ptr, raw, struct } from './decoded.js';
import type { Layout } from './i386-layouts.js';
import * as L from './i386-layouts.js';
import { ipcDecoder } from './ipc-decoder.js';
import { getThreadArea, setThreadArea, userDesc } from './ldt-decoders.js';
import { clockT, printSignal, sigmaskText, signame, sigsetArg } from './signals.js';
import { socketcallDecoder } from './socketcall-decoder.js';
import { printRusage, printStat, printStatfsFields, printSysinfo, siginfoArg } from './structs.js';
import { offPtrInOut, outBuf } from './sys-fs.js';
import { clockid, iovArg, kernelSigset, pollExit, pollfds, readvLike, rwf, selectCall, utimens } from './sys-io.js';
import { clone, futex, mmapFlags, printArray, prot, saHandler, timeCall } from './sys-other.js';
import { xflags, xval } from './xlat.js';
import { xlat as X } from './xlat.js';

/**
 * Syscalls whose i386 call has the x86_64 call's arguments with the same meaning, and whose
 * decoder reads integers, descriptors, strings, byte buffers, or structures with the same
 * layout (sockaddr, pollfd, statx, rlimit64) or of words (iovec, msghdr: Ctx.word), which
 * the recorder captures for i386 calls too.
 */
export const i386SameDecoders: ReadonlySet<string> = new Set([
  'read', 'write', 'open', 'close', 'creat', 'link', 'unlink', 'chdir', 'fchdir', 'mkdir', 'rmdir', 'access', 'chmod',
  'fchmod', 'rename', 'symlink', 'readlink', 'dup', 'dup2', 'dup3', 'getpid', 'getppid', 'gettid', 'getpgrp', 'setsid',
  'fsync', 'fdatasync', 'pause', 'alarm', 'umask', 'exit', 'exit_group', 'kill', 'tkill', 'tgkill', 'sched_yield',
  'openat', 'mkdirat', 'unlinkat', 'renameat', 'linkat', 'symlinkat', 'readlinkat', 'faccessat', 'fchmodat', 'chroot',
  'lseek', 'brk', 'munmap', 'mprotect', 'madvise', 'msync', 'mlock', 'munlock', 'mlockall', 'munlockall', 'mremap',
  'flock', 'setpgid', 'getpgid', 'getsid', 'getuid', 'getgid', 'geteuid', 'getegid', 'fork', 'vfork', 'truncate', 'ftruncate',
  'sched_getscheduler', 'sched_get_priority_max', 'sched_get_priority_min', 'personality', 'epoll_create', 'epoll_create1',
  'eventfd', 'eventfd2', 'inotify_init1', 'inotify_add_watch', 'inotify_rm_watch', 'timerfd_create', 'close_range', 'pidfd_open',
  'tee', 'getcwd', 'getrandom', 'memfd_create', 'fchownat', 'renameat2', 'faccessat2', 'set_tid_address', 'set_robust_list',
  'getxattr', 'lgetxattr', 'fgetxattr', 'setxattr', 'lsetxattr', 'fsetxattr', 'listxattr', 'llistxattr', 'flistxattr',
  'removexattr', 'lremovexattr', 'fremovexattr', 'getdents64', 'statx', 'uname', 'prlimit64',
  'rt_sigprocmask', 'rt_sigpending', 'rt_sigsuspend', 'readv', 'writev', 'poll',
  'socket', 'socketpair', 'bind', 'connect', 'listen', 'accept4', 'getsockname', 'getpeername', 'sendto', 'recvfrom',
  'setsockopt', 'getsockopt', 'sendmsg', 'recvmsg', 'shutdown', 'pipe', 'pipe2', 'epoll_ctl', 'epoll_wait', 'epoll_pwait',
  'capget', 'splice', 'copy_file_range', 'vmsplice', 'signalfd', 'signalfd4', 'clone3', 'pkey_mprotect', 'pkey_alloc', 'pkey_free',
  'rseq', 'execve', 'execveat', 'fcntl', 'ioctl', 'getdents', 'getcpu', 'sched_getaffinity', 'sched_setaffinity',
  'wait4', 'waitid', 'rt_sigqueueinfo', 'rt_tgsigqueueinfo', 'pidfd_send_signal', 'get_robust_list', 'prctl',
]);

/** i386 calls decoded by the x86_64 decoder of another name: i386 name -> x86_64 name. */
export const i386Aliases: Readonly<Record<string, string>> = {
  getuid32: 'getuid', geteuid32: 'geteuid', getgid32: 'getgid', getegid32: 'getegid', setuid32: 'setuid', setgid32: 'setgid',
  chown32: 'chown', lchown32: 'lchown', fchown32: 'fchown', getresuid32: 'getresuid', getresgid32: 'getresgid',
  getgroups32: 'getgroups', fcntl64: 'fcntl', waitpid: 'wait4', sendfile64: 'sendfile',
  clock_gettime64: 'clock_gettime', clock_settime64: 'clock_settime', clock_getres_time64: 'clock_getres',
  clock_nanosleep_time64: 'clock_nanosleep', timerfd_settime64: 'timerfd_settime', timerfd_gettime64: 'timerfd_gettime',
  utimensat_time64: 'utimensat', futex_time64: 'futex', rt_sigtimedwait_time64: 'rt_sigtimedwait',
  ppoll_time64: 'ppoll', pselect6_time64: 'pselect6',
};

/** umove_or_printaddr of a structure with an i386 layout, its fields printed by `print`. */
function structArg<K extends string>(c: Ctx, phase: Phase, i: number, l: Layout<K>, print: (f: Record<K, bigint>) => Decoded): Decoded {
  const b = c.umove(phase, i, l.size);
  return isBuffer(b) ? print(L.readLayout(b, l)) : b;
}

const stat = (l: typeof L.stat64 | typeof L.oldStat) => (c: Ctx, i: number): Decoded =>
  structArg(c, 'exit', i, l, (f) =>
    printStat(c, { ...f, ino: f.ino, mode: Number(f.mode), size: BigInt.asUintN(64, f.size) }),
  );
const stat64 = stat(L.stat64);
const oldStat = stat(L.oldStat);

function statfs(c: Ctx, i: number, l: typeof L.statfs): Decoded {
  return structArg(c, 'exit', i, l, (f) => printStatfsFields(c, { ...f, fsid0: Number(f.fsid0), fsid1: Number(f.fsid1) }));
}

/** statfs64's size argument must be the struct's size, or the kernel fails (and strace prints the address). */
function statfs64(c: Ctx): Decoded {
  return c.u[1] === BigInt(L.statfs64.size) ? statfs(c, 2, L.statfs64) : ptr(c.u[2]);
}

/** print_rlim32_t: RLIM_INFINITY, n*1024, n. */
function rlim32(c: Ctx, v: bigint): Decoded {
  let name: string | null = null;
  if (v === 0xffffffffn) name = 'RLIM_INFINITY';
  else if (v > 1024n && v % 1024n === 0n) name = `${v / 1024n}*1024`;
  const verb = c.style.verbosity;
  if (name === null) return c.udec(v);
  const text = verb === 'abbrev' ? name : verb === 'raw' ? v.toString() : `${v} /* ${name} */`;
  return { kind: 'int', value: v, text };
}

const rlimit = (c: Ctx, phase: Phase, i: number): Decoded =>
  structArg(c, phase, i, L.rlimit, (f) => struct([['rlim_cur', rlim32(c, f.cur)], ['rlim_max', rlim32(c, f.max)]]));
const resource = (c: Ctx): Decoded => xval(c.u[0] & 0xffffffffn, 'RLIMIT_???', c.style, X.resources);

const sdec = (v: bigint): Decoded => ({ kind: 'int', value: v, text: v.toString() });
const timespec32 = (c: Ctx, phase: Phase, i: number): Decoded =>
  structArg(c, phase, i, L.timespec32, (f) => struct([['tv_sec', sdec(f.sec)], ['tv_nsec', sdec(f.nsec)]]));
const timeval32 = (c: Ctx, phase: Phase, i: number): Decoded =>
  structArg(c, phase, i, L.timespec32, (f) => struct([['tv_sec', sdec(f.sec)], ['tv_usec', sdec(f.nsec)]]));

/** The time left at exit (_newselect's, ppoll's, pselect6's), as sprint_timeval32 and sprint_timespec32 print it. */
function pair32Text(c: Ctx, i: number, unit: 'tv_usec' | 'tv_nsec'): string | null {
  if (c.u[i] === 0n) return 'NULL';
  const m = c.structMem('exit', i);
  if (c.failed || !m || !m.data || m.data.length < 8) return `0x${c.u[i].toString(16)}`;
  return `{tv_sec=${m.data.readInt32LE(0)}, ${unit}=${m.data.readInt32LE(4)}}`;
}
const timeval32Text = (c: Ctx, i: number): string | null => pair32Text(c, i, 'tv_usec');
const timespec32Text = (c: Ctx, i: number): string | null => pair32Text(c, i, 'tv_nsec');

function rtSigaction(c: Ctx, phase: Phase, i: number): Decoded {
  return structArg(c, phase, i, L.rtSigaction, (f) => {
    const mask = Buffer.alloc(8);
    mask.writeBigUInt64LE(f.mask);
    return sigactionStruct(c, f.handler, raw(sigmaskText(mask, 8, c.style)), f.flags, f.restorer);
  });
}

function oldSigaction(c: Ctx, phase: Phase, i: number): Decoded {
  return structArg(c, phase, i, L.oldSigaction, (f) => {
    const mask = Buffer.alloc(4);
    mask.writeUInt32LE(Number(f.mask));
    return sigactionStruct(c, f.handler, raw(sigmaskText(mask, 4, c.style)), f.flags, f.restorer);
  });
}

function sigactionStruct(c: Ctx, handler: bigint, mask: Decoded, flags: bigint, restorer: bigint): Decoded {
  const f: [string, Decoded][] = [['sa_handler', saHandler(c, handler)], ['sa_mask', mask], ['sa_flags', xflags(flags, 'SA_???', c.style, X.sigact_flags)]];
  if (flags & 0x04000000n) f.push(['sa_restorer', ptr(restorer)]);
  return struct(f);
}

/** mmap2's and old_mmap's arguments, the offset in bytes. */
function mmapArgs(c: Ctx, a: readonly bigint[], offset: bigint): CallDecoded {
  return atEntry([ptr(a[0]), c.udec(a[1]), prot(c, a[2]), mmapFlags(c, a[3]), c.fd(Number(BigInt.asIntN(32, a[4]))), c.hex(offset)], 'x');
}

const PAGE_SIZE = 4096n;

/** A 16-bit uid or gid (old_uid_t): -1 for all ones. */
const id16 = (v: bigint): Decoded => {
  const x = v & 0xffffn;
  return { kind: 'int', value: x, text: x === 0xffffn ? '-1' : x.toString() };
};
const id16Ptr = (c: Ctx, i: number): Decoded => {
  const b = c.umove('exit', i, 2);
  return isBuffer(b) ? array([id16(BigInt(b.readUInt16LE(0)))]) : b;
};

/** fadvise64's advice prints as a decimal number when unnamed, fadvise64_64's as a hex one (printxval_d, printxval). */
const advice = (c: Ctx, i: number, format: 'd' | 'x'): Decoded => xval(BigInt(format === 'd' ? c.int(i) : c.uint(i)), 'POSIX_FADV_???', { verbosity: c.style.verbosity, format }, X.advise);

/** A 64-bit offset passed in two registers, low word first. */
const off64 = (c: Ctx, i: number): Decoded => c.sdec(BigInt.asIntN(64, (c.u[i + 1] << 32n) | c.u[i]));

const pair32 = (sec: bigint, part: bigint, unit: 'tv_usec' | 'tv_nsec'): Decoded => struct([['tv_sec', sdec(sec)], [unit, sdec(part)]]);
const itimer = (c: Ctx, phase: Phase, i: number, unit: 'tv_usec' | 'tv_nsec'): Decoded =>
  structArg(c, phase, i, L.itimer32, (f) => struct([['it_interval', pair32(f.intervalSec, f.intervalPart, unit)], ['it_value', pair32(f.valueSec, f.valuePart, unit)]]));
const whichTimer = (c: Ctx): Decoded => xval(c.u[0] & 0xffffffffn, 'ITIMER_???', c.style, X.itimer_which);

function rusage(c: Ctx, i: number): Decoded {
  const b = c.umove('exit', i, L.RUSAGE_SIZE);
  if (!isBuffer(b)) return b;
  const t = L.readLayout(b, L.rusageTimes);
  const longs = Array.from({ length: 14 }, (_, k) => BigInt(b.readUInt32LE(16 + k * 4)));
  return printRusage(c, pair32(t.utimeSec, t.utimeUsec, 'tv_usec'), pair32(t.stimeSec, t.stimeUsec, 'tv_usec'), longs);
}

const stackT = (c: Ctx, phase: Phase, i: number): Decoded =>
  structArg(c, phase, i, L.stack, (f) =>
    struct([['ss_sp', ptr(f.sp)], ['ss_flags', xflags(BigInt.asUintN(32, f.flags), 'SS_???', c.style, X.sigaltstack_flags)], ['ss_size', c.udec(f.size)]]),
  );

/** The i386 calls with a decoder of their own. */
export const i386Decoders: Readonly<Record<string, SyscallDecoder>> = {
  stat64: (c) => split([c.path(0)], [stat64(c, 1)]),
  lstat64: (c) => split([c.path(0)], [stat64(c, 1)]),
  fstat64: (c) => split([c.fd(c.int(0))], [stat64(c, 1)]),
  fstatat64: (c) => split([c.dirfd(0), c.path(1)], [stat64(c, 2), xflags(c.u[3] & 0xffffffffn, 'AT_???', c.style, X.at_flags)]),
  stat: (c) => split([c.path(0)], [oldStat(c, 1)]),
  lstat: (c) => split([c.path(0)], [oldStat(c, 1)]),
  fstat: (c) => split([c.fd(c.int(0))], [oldStat(c, 1)]),
  statfs: (c) => split([c.path(0)], [statfs(c, 1, L.statfs)]),
  fstatfs: (c) => split([c.fd(c.int(0))], [statfs(c, 1, L.statfs)]),
  statfs64: (c) => split([c.path(0), c.udec(c.u[1])], [statfs64(c)]),
  fstatfs64: (c) => split([c.fd(c.int(0)), c.udec(c.u[1])], [statfs64(c)]),
  _llseek: (c) => {
    const b = c.umove('exit', 3, 8);
    return split(
      [c.fd(c.int(0)), c.sdec(BigInt.asIntN(64, (c.u[1] << 32n) | c.u[2]))],
      [isBuffer(b) ? array([c.sdec(b.readBigInt64LE(0))]) : b, xval(c.u[4] & 0xffffffffn, 'SEEK_???', c.style, X.whence_codes)],
    );
  },
  // old_mmap: its six arguments in an array, read whatever -e verbose= says (umove_ulong_array_or_printaddr)
  mmap: (c) => {
    const m = c.u[0] === 0n ? undefined : c.mem('entry', 0);
    if (!m || !m.data || m.data.length < L.mmapArgs.size) return atEntry([ptr(c.u[0])], 'x');
    const f = L.readLayout(m.data, L.mmapArgs);
    return mmapArgs(c, [f.addr, f.len, f.prot, f.flags, f.fd, f.offset], f.offset);
  },
  mmap2: (c) => mmapArgs(c, c.u, c.u[5] * PAGE_SIZE),
  getrlimit: (c) => split([resource(c)], [rlimit(c, 'exit', 1)]),
  ugetrlimit: (c) => split([resource(c)], [rlimit(c, 'exit', 1)]),
  setrlimit: (c) => atEntry([resource(c), rlimit(c, 'entry', 1)]),
  times: (c) => {
    const b = c.umove('exit', 0, 16);
    const v = (o: number): Decoded => clockT(BigInt((b as Buffer).readInt32LE(o)), c.style);
    return split([], [isBuffer(b) ? struct([['tms_utime', v(0)], ['tms_stime', v(4)], ['tms_cutime', v(8)], ['tms_cstime', v(12)]]) : b], 'u');
  },
  nanosleep: (c) => split([timespec32(c, 'entry', 0)], [c.failed ? timespec32(c, 'exit', 1) : ptr(c.u[1])]),
  clock_nanosleep: (c) =>
    split(
      [clockid(c, 0), xflags(c.u[1] & 0xffffffffn, 'TIMER_???', c.style, X.clockflags), timespec32(c, 'entry', 2)],
      [c.failed && !(c.u[1] & 1n) ? timespec32(c, 'exit', 3) : ptr(c.u[3])],
    ),
  clock_gettime: (c) => split([clockid(c, 0)], [timespec32(c, 'exit', 1)]),
  clock_getres: (c) => split([clockid(c, 0)], [timespec32(c, 'exit', 1)]),
  clock_settime: (c) => atEntry([clockid(c, 0), timespec32(c, 'entry', 1)]),
  gettimeofday: (c) => split([], [timeval32(c, 'exit', 0), c.u[1] ? raw('{tz_minuteswest=0, tz_dsttime=0}') : ptr(0n)]),
  time: (c) => timeCall(c, 4),
  rt_sigaction: (c) => split([printSignal(c, c.int(0)), rtSigaction(c, 'entry', 1)], [rtSigaction(c, 'exit', 2), c.udec(c.u[3])]),
  sigaction: (c) => split([printSignal(c, c.int(0)), oldSigaction(c, 'entry', 1)], [oldSigaction(c, 'exit', 2)]),
  sigprocmask: (c) =>
    split([xval(c.u[0] & 0xffffffffn, 'SIG_???', c.style, X.sigprocmaskcmds), sigsetArg(c, 'entry', 1, 4n, 4n)], [sigsetArg(c, 'exit', 2, 4n, 4n)]),
  sigpending: (c) => split([], [sigsetArg(c, 'exit', 0, 4n, 4n)]),
  _newselect: (c) => selectCall(c, (c, p) => timeval32(c, p, 4), (c) => timeval32Text(c, 4), []),
  setuid: (c) => atEntry([id16(c.u[0])]),
  setgid: (c) => atEntry([id16(c.u[0])]),
  chown: (c) => atEntry([c.path(0), id16(c.u[1]), id16(c.u[2])]),
  lchown: (c) => atEntry([c.path(0), id16(c.u[1]), id16(c.u[2])]),
  fchown: (c) => atEntry([c.fd(c.int(0)), id16(c.u[1]), id16(c.u[2])]),
  getresuid: (c) => split([], [0, 1, 2].map((i) => id16Ptr(c, i))),
  getresgid: (c) => split([], [0, 1, 2].map((i) => id16Ptr(c, i))),
  getgroups: (c) => {
    const n = c.int(0);
    return split([c.sdec(n)], [n === 0 || c.failed ? ptr(c.u[1]) : printArray(c, 'exit', 1, c.ret ?? 0n, 2, (b, o) => id16(BigInt(b.readUInt16LE(o))))]);
  },
  pread64: (c) => split([c.fd(c.int(0))], [outBuf(c, 1, c.ret ?? 0n), c.udec(c.u[2]), off64(c, 3)]),
  pwrite64: (c) => atEntry([c.fd(c.int(0)), c.str('entry', 1, c.u[2]), c.udec(c.u[2]), off64(c, 3)]),
  truncate64: (c) => atEntry([c.path(0), off64(c, 1)]),
  ftruncate64: (c) => atEntry([c.fd(c.int(0)), off64(c, 1)]),
  getitimer: (c) => split([whichTimer(c)], [itimer(c, 'exit', 1, 'tv_usec')]),
  setitimer: (c) => split([whichTimer(c), itimer(c, 'entry', 1, 'tv_usec')], [itimer(c, 'exit', 2, 'tv_usec')]),
  timerfd_settime: (c) =>
    split([c.fd(c.int(0)), xflags(c.u[1] & 0xffffffffn, 'TFD_???', c.style, X.timerfdflags), itimer(c, 'entry', 2, 'tv_nsec')], [itimer(c, 'exit', 3, 'tv_nsec')]),
  timerfd_gettime: (c) => split([c.fd(c.int(0))], [itimer(c, 'exit', 1, 'tv_nsec')]),
  getrusage: (c) => split([xval(c.u[0] & 0xffffffffn, 'RUSAGE_???', c.style, X.usagewho)], [rusage(c, 1)]),
  sigaltstack: (c) => split([stackT(c, 'entry', 0)], [stackT(c, 'exit', 1)]),
  futex: (c) => futex(c, (c) => timespec32(c, 'entry', 3)),
  rt_sigtimedwait: (c) => {
    const set = sigsetArg(c, 'entry', 0, c.u[3]);
    const aux = !c.failed && c.ret !== null && c.ret !== 0n ? signame(Number(c.ret)) : undefined;
    if (!c.u[1]) return atEntry([set, ptr(c.u[1]), timespec32(c, 'entry', 2), c.udec(c.u[3])], undefined, aux);
    return split([set], [siginfoArg(c, 'exit', 1), timespec32(c, 'entry', 2), c.udec(c.u[3])], undefined, aux);
  },
  clone: (c) => clone(c, (c, i) => userDesc(c, 'exit', i)),
  sysinfo: (c) => split([], [structArg(c, 'exit', 0, L.sysinfo, (f) => printSysinfo(c, f))]),
  utimensat: (c) => atEntry([c.dirfd(0), c.path(1), utimens(c, 8), xflags(c.u[3] & 0xffffffffn, 'AT_???', c.style, X.at_flags)]),
  ppoll: (c) => ({
    args: [pollfds(c), c.udec(c.uint(1)), timespec32(c, 'entry', 2), sigsetArg(c, 'entry', 3, c.u[4]), c.udec(c.u[4])],
    exitFrom: 5,
    decodedAtEntry: false,
    auxstr: pollExit(c, true, (c) => timespec32Text(c, 2)),
  }),
  pselect6: (c) => selectCall(c, (c, p) => timespec32(c, p, 4), (c) => timespec32Text(c, 4), [kernelSigset(c)]),
  set_thread_area: setThreadArea,
  get_thread_area: getThreadArea,
  fallocate: (c) => atEntry([c.fd(c.int(0)), xflags(c.u[1] & 0xffffffffn, 'FALLOC_FL_???', c.style, X.falloc_flags), off64(c, 2), off64(c, 4)]),
  fadvise64: (c) => atEntry([c.fd(c.int(0)), off64(c, 1), c.udec(c.u[3]), advice(c, 4, 'd')]),
  fadvise64_64: (c) => atEntry([c.fd(c.int(0)), off64(c, 1), off64(c, 3), advice(c, 5, 'x')]),
  preadv: (c) => readvLike(c, (c) => [off64(c, 3)]),
  preadv2: (c) => readvLike(c, (c) => [off64(c, 3), rwf(c, 5)]),
  pwritev: (c) => atEntry([c.fd(c.int(0)), iovArg(c, 'entry', 1, 2, null), c.udec(c.u[2]), off64(c, 3)]),
  pwritev2: (c) => atEntry([c.fd(c.int(0)), iovArg(c, 'entry', 1, 2, null), c.udec(c.u[2]), off64(c, 3), rwf(c, 5)]),
  sendfile: (c) => split([c.fd(c.int(0)), c.fd(c.int(1))], [offPtrInOut(c, 2, 4), c.udec(c.u[3])]),
  socketcall: socketcallDecoder,
  ipc: ipcDecoder,
};

/** The calls strace prints as another (their subcall), also under -e raw=. */
export const i386Multiplexers: Readonly<Record<string, SyscallDecoder>> = { socketcall: socketcallDecoder, ipc: ipcDecoder };
