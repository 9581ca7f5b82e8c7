/**
 * What trace-replay does with each x86_64 syscall of a recording (issue 12), one row per name,
 * beside the capture table that says which memory each call reads and writes:
 *
 * - executed: run for real; its result must be the recorded one (memory, signals, processes,
 *   descriptors that only renumber). The recorded output memory is written back over the live one.
 * - emulated: skipped at its entry (orig_rax = -1); at the exit stop the recorded output memory
 *   is written and rax set to the recorded return. `fd`: the call made a descriptor, so a
 *   placeholder (an eventfd) is put at that very number.
 * - suppressed: outputs to the world (writes, filesystem changes): skipped like emulated calls,
 *   the input bytes compared with the recording, the recorded return given.
 * - refused: the recording cannot answer it; the replay stops there naming it.
 *
 * `pids` lists the arguments holding pids (the program sees recorded pids: translated to live
 * ones before the call, put back after); `pidRet`: the return is a pid (live → recorded).
 * `ifFailed`: the class when the recorded call failed (rseq: a --replayable recording answers
 * ENOSYS, which is emulated; a successful registration is executed). `mappable`: an open whose
 * descriptor the program later mmaps is executed for real when the file is the recorded one, or
 * kept emulated when the recording holds a copy of the file (the mmap then maps the copy).
 * `byArg`: the class chosen by an argument's value (fcntl's command, ioctl's request).
 */
export type ReplayClass = 'executed' | 'emulated' | 'suppressed' | 'refused';

export interface ReplayRule {
  readonly class: ReplayClass;
  readonly fd?: true;
  readonly mappable?: true;
  readonly pids?: readonly number[];
  readonly pidRet?: true;
  readonly ifFailed?: ReplayClass;
  /** The class for some values of argument `arg` (compared as unsigned 32-bit); other values keep `class`. */
  readonly byArg?: { readonly arg: number; readonly values: Readonly<Record<number, ReplayClass>> };
  /** The class when argument `arg` is not 0 (prlimit64 with a new limit sets it for real). */
  readonly nonNull?: { readonly arg: number; readonly class: ReplayClass };
  /** A copy between descriptors: the argument holding the destination (refused when it is trace-replay's stdout or stderr). */
  readonly copiesTo?: number;
  /** It waits for a signal: the recorded one is sent as it enters (signals otherwise come at their recorded places, after calls). */
  readonly waitsForSignal?: true;
  /** Its return is not a result to compare (rt_sigreturn gives back the interrupted code's rax). */
  readonly unchecked?: true;
  /** Why a refused call cannot be replayed. */
  readonly why?: string;
}

const executed: ReplayRule = { class: 'executed' };
const emulated: ReplayRule = { class: 'emulated' };
const emulatedFd: ReplayRule = { class: 'emulated', fd: true };
const suppressed: ReplayRule = { class: 'suppressed' };
const refused = (why: string): ReplayRule => ({ class: 'refused', why });
const pidsAt = (...pids: number[]): ReplayRule => ({ class: 'executed', pids });

const F_DUPFD = 0;
const F_SETFD = 2;
const F_DUPFD_CLOEXEC = 1030;

export const replayTable: Readonly<Record<string, ReplayRule>> = {
  // ---- descriptors: reads emulated, writes suppressed, the table of numbers kept as recorded ----
  read: emulated, pread64: emulated, readv: emulated, preadv: emulated, preadv2: emulated,
  write: suppressed, pwrite64: suppressed, writev: suppressed, pwritev: suppressed, pwritev2: suppressed,
  // copies between descriptors: their bytes are not recorded, which matters only when they go to trace-replay's own output
  sendfile: { class: 'suppressed', copiesTo: 0 },
  copy_file_range: { class: 'suppressed', copiesTo: 2 },
  splice: { class: 'suppressed', copiesTo: 2 },
  tee: { class: 'suppressed', copiesTo: 1 },
  vmsplice: suppressed,
  lseek: emulated, readahead: emulated, fadvise64: emulated, flock: emulated,
  fsync: suppressed, fdatasync: suppressed, sync: suppressed, syncfs: suppressed, sync_file_range: suppressed,
  fallocate: suppressed, ftruncate: suppressed,
  close: executed, close_range: executed, dup: executed, dup2: executed, dup3: executed,
  // renumbering commands change the live table; the others ask about the file, which may be a placeholder
  fcntl: { class: 'emulated', byArg: { arg: 1, values: { [F_DUPFD]: 'executed', [F_DUPFD_CLOEXEC]: 'executed', [F_SETFD]: 'executed' } } },
  // the requests the capture table knows are emulated (see replayIoctl); others are refused
  ioctl: emulated,
  pipe: executed, pipe2: executed, socketpair: executed,

  // ---- paths and file metadata ----
  open: { class: 'emulated', fd: true, mappable: true },
  openat: { class: 'emulated', fd: true, mappable: true },
  openat2: { class: 'emulated', fd: true, mappable: true },
  creat: emulatedFd,
  stat: emulated, lstat: emulated, fstat: emulated, newfstatat: emulated, statx: emulated, statfs: emulated, fstatfs: emulated,
  access: emulated, faccessat: emulated, faccessat2: emulated, readlink: emulated, readlinkat: emulated,
  getdents: emulated, getdents64: emulated, getcwd: emulated,
  // the working directory is process state that later real calls (execve, opens of mapped files) resolve against;
  // fchdir's descriptor is mostly a placeholder, so it is answered from the recording
  chdir: executed, fchdir: emulated,
  rename: suppressed, renameat: suppressed, renameat2: suppressed, unlink: suppressed, unlinkat: suppressed,
  rmdir: suppressed, mkdir: suppressed, mkdirat: suppressed, mknod: suppressed, mknodat: suppressed,
  symlink: suppressed, symlinkat: suppressed, link: suppressed, linkat: suppressed,
  chmod: suppressed, fchmod: suppressed, fchmodat: suppressed,
  chown: suppressed, lchown: suppressed, fchown: suppressed, fchownat: suppressed,
  utimensat: suppressed, utimes: suppressed, futimesat: suppressed, utime: suppressed, truncate: suppressed,
  umask: emulated,
  getxattr: emulated, lgetxattr: emulated, fgetxattr: emulated, listxattr: emulated, llistxattr: emulated, flistxattr: emulated,
  setxattr: suppressed, lsetxattr: suppressed, fsetxattr: suppressed, removexattr: suppressed, lremovexattr: suppressed, fremovexattr: suppressed,
  inotify_init: emulatedFd, inotify_init1: emulatedFd, inotify_add_watch: emulated, inotify_rm_watch: emulated,
  memfd_create: emulatedFd,

  // ---- event descriptors, polling, sockets: answered from the recording ----
  eventfd: emulatedFd, eventfd2: emulatedFd, timerfd_create: emulatedFd, timerfd_settime: emulated, timerfd_gettime: emulated,
  signalfd: emulatedFd, signalfd4: emulatedFd,
  epoll_create: emulatedFd, epoll_create1: emulatedFd, epoll_ctl: emulated, epoll_wait: emulated, epoll_pwait: emulated, epoll_pwait2: emulated,
  poll: emulated, ppoll: emulated, select: emulated, pselect6: emulated,
  socket: emulatedFd, accept: emulatedFd, accept4: emulatedFd,
  bind: emulated, connect: emulated, listen: emulated, shutdown: emulated,
  getsockname: emulated, getpeername: emulated, getsockopt: emulated, setsockopt: emulated,
  recvfrom: emulated,
  // received descriptors (SCM_RIGHTS) cannot be recreated yet: trace-replay refuses a recvmsg that got control data
  recvmsg: emulated,
  recvmmsg: refused('its payloads are captured in full only by --replayable recordings (not replayed yet)'),
  sendto: suppressed, sendmsg: suppressed, sendmmsg: suppressed,

  // ---- processes: executed, pids translated ----
  execve: executed, execveat: executed,
  fork: { class: 'executed', pidRet: true }, vfork: { class: 'executed', pidRet: true },
  clone: { class: 'executed', pidRet: true }, clone3: { class: 'executed', pidRet: true },
  exit: executed, exit_group: executed,
  wait4: { class: 'executed', pids: [0], pidRet: true },
  waitid: { class: 'executed', pids: [1] },
  kill: pidsAt(0), tkill: pidsAt(0), tgkill: pidsAt(0, 1),
  set_tid_address: { class: 'executed', pidRet: true },
  getpid: emulated, getppid: emulated, gettid: emulated, getpgrp: emulated, getpgid: emulated, getsid: emulated,
  setpgid: pidsAt(0, 1), setsid: emulated,
  getuid: emulated, geteuid: emulated, getgid: emulated, getegid: emulated,
  getresuid: emulated, getresgid: emulated, getgroups: emulated, capget: emulated,
  setuid: emulated, setgid: emulated, setreuid: emulated, setregid: emulated, setresuid: emulated, setresgid: emulated,
  setfsuid: emulated, setfsgid: emulated, setgroups: emulated,
  prctl: emulated, arch_prctl: executed, personality: emulated,
  getpriority: emulated, setpriority: emulated, ioprio_get: emulated, ioprio_set: emulated,
  set_robust_list: executed, get_robust_list: emulated,
  rseq: { class: 'executed', ifFailed: 'emulated' },
  // Waits and wakes are answered from the recording: the replay runs one thread at a time in the
  // recorded order, so a wait returns where it returned in the recording, and a wake's count (how
  // many threads were already asleep in the kernel) is the recorded one, which a live wake could not
  // promise (a thread let into the kernel to wait may not be asleep yet). A failed futex of any op
  // changed nothing. The others (requeues, WAKE_OP's write, PI locks) are made for real.
  futex: { class: 'executed', ifFailed: 'emulated', byArg: { arg: 1, values: futexWaitsAndWakes() } }, membarrier: executed, restart_syscall: emulated,
  ptrace: refused('a program that traces cannot be replayed under ptrace'),
  seccomp: refused('a seccomp filter would act on the live calls the replay skips'),
  unshare: refused('namespaces are not replayed'), setns: refused('namespaces are not replayed'),

  // ---- signals: executed ----
  rt_sigaction: executed, rt_sigprocmask: executed, rt_sigreturn: { class: 'executed', unchecked: true }, sigaltstack: executed,
  rt_sigpending: emulated, rt_sigsuspend: { class: 'executed', waitsForSignal: true }, rt_sigtimedwait: executed, rt_sigqueueinfo: pidsAt(0),
  rt_tgsigqueueinfo: pidsAt(0, 1), pause: { class: 'executed', waitsForSignal: true }, alarm: emulated,
  pidfd_open: refused('pidfd descriptors are not replayed yet'), pidfd_send_signal: refused('pidfd descriptors are not replayed yet'),
  pidfd_getfd: refused('pidfd descriptors are not replayed yet'),

  // ---- memory: executed at the recorded addresses ----
  mmap: executed, munmap: executed, mprotect: executed, brk: executed, mremap: executed, madvise: executed,
  msync: executed, mlock: executed, mlock2: executed, munlock: executed, mlockall: executed, munlockall: executed,
  pkey_mprotect: executed, pkey_alloc: executed, pkey_free: executed,
  mincore: refused('its output is not captured'),

  // ---- time, randomness, the machine: answered from the recording ----
  clock_gettime: emulated, clock_getres: emulated, clock_nanosleep: emulated, nanosleep: emulated, gettimeofday: emulated,
  time: emulated, times: emulated, getitimer: emulated, setitimer: emulated,
  timer_create: emulated, timer_settime: emulated, timer_gettime: emulated, timer_getoverrun: emulated, timer_delete: emulated,
  clock_settime: suppressed, settimeofday: suppressed, adjtimex: emulated, clock_adjtime: emulated,
  getrusage: emulated, getrlimit: emulated, setrlimit: executed, prlimit64: { class: 'emulated', nonNull: { arg: 2, class: 'executed' } },
  uname: emulated, sysinfo: emulated, getrandom: emulated,
  sethostname: suppressed, setdomainname: suppressed,
  sched_getaffinity: emulated, sched_setaffinity: emulated, sched_yield: executed,
  sched_getparam: emulated, sched_setparam: emulated, sched_setscheduler: emulated, sched_getscheduler: emulated,
  sched_get_priority_max: emulated, sched_get_priority_min: emulated, sched_rr_get_interval: emulated,
  sched_setattr: emulated, sched_getattr: emulated, getcpu: emulated,

  // ---- no recorded effect to reproduce ----
  io_setup: refused('asynchronous I/O is not replayed'), io_destroy: refused('asynchronous I/O is not replayed'),
  io_submit: refused('asynchronous I/O is not replayed'), io_getevents: refused('asynchronous I/O is not replayed'),
  io_cancel: refused('asynchronous I/O is not replayed'),
  io_uring_setup: refused('io_uring works outside syscalls'), io_uring_enter: refused('io_uring works outside syscalls'),
  io_uring_register: refused('io_uring works outside syscalls'),
  bpf: refused('BPF programs are not replayed'), perf_event_open: refused('performance counters are not replayed'),
  userfaultfd: refused('page faults handled by the program are not replayed'),
  process_vm_readv: refused('memory of other processes is not recorded'), process_vm_writev: refused('memory of other processes is not recorded'),
  shmget: refused('System V shared memory is not replayed'), shmat: refused('System V shared memory is not replayed'),
  mount: refused('mounts are not replayed'), umount2: refused('mounts are not replayed'),
};

/** FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET, with or without FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME: emulated. */
function futexWaitsAndWakes(): Record<number, ReplayClass> {
  const values: Record<number, ReplayClass> = {};
  for (const op of [0, 1, 9, 10]) for (const flags of [0, 128, 256, 384]) values[op | flags] = 'emulated';
  return values;
}

/**
 * ioctl requests that write no memory, so that their recorded result is all a replay needs
 * (the capture table's ioctl cases are the ones whose memory the recording holds).
 */
export const ioctlsWithoutMemory: Readonly<Record<number, string>> = { 0x5450: 'FIONCLEX', 0x5451: 'FIOCLEX', 0x540c: 'TIOCEXCL', 0x540d: 'TIOCNXCL' };

/** A syscall without a row: refused, since nothing says what it did. */
export const unknownReplayRule: ReplayRule = refused('trace-replay does not know this syscall');

/** The rule for a syscall name, and the class that applies to this call's arguments and recorded result. */
export function replayClass(rule: ReplayRule, arg: (i: number) => bigint, failed: boolean): ReplayClass {
  if (failed && rule.ifFailed !== undefined) return rule.ifFailed;
  if (rule.byArg !== undefined) {
    const v = Number(BigInt.asUintN(32, arg(rule.byArg.arg)));
    const c = rule.byArg.values[v];
    if (c !== undefined) return c;
  }
  if (rule.nonNull !== undefined && arg(rule.nonNull.arg) !== 0n) return rule.nonNull.class;
  return rule.class;
}
