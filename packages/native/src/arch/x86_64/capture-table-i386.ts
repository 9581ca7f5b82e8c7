/**
 * Which argument memory the recorder reads for the i386 calls (int $0x80) whose memory has
 * another size or layout than the x86_64 call's, in the DSL of `capture-spec.ts`. Sizes are
 * the i386 ABI's (4-byte longs and pointers; old_timespec32 and the old struct stat for the
 * calls without the 64 or _time64 suffix); iovecs, msghdrs and fd_sets are read with 4-byte
 * words. An i386 call missing here is read by its x86_64 namesake's row when the two take the
 * same arguments and the row only reads strings and buffers sized by an argument or the
 * return value (see CapturePlan).
 */

import { selectCaptureTable } from '../../syscalls/capture-table.js';
import type { SelectCapture } from '../../syscalls/capture-table.js';

export const captureTableI386: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  // struct stat64 (96 bytes) and the old struct stat (64 bytes).
  stat64: { 0: 'path', 1: 'out:96' },
  lstat64: { 0: 'path', 1: 'out:96' },
  fstat64: { 1: 'out:96' },
  fstatat64: { 1: 'path', 2: 'out:96' },
  stat: { 0: 'path', 1: 'out:64' },
  lstat: { 0: 'path', 1: 'out:64' },
  fstat: { 1: 'out:64' },
  // struct statfs (64 bytes); struct statfs64 is sized by the call's size argument (84).
  statfs: { 0: 'path', 1: 'out:64' },
  fstatfs: { 1: 'out:64' },
  statfs64: { 0: 'path', 2: 'out:a1' },
  fstatfs64: { 2: 'out:a1' },
  // loff_t *result.
  _llseek: { 3: 'out:8' },
  // old_mmap: struct mmap_arg_struct, six longs.
  mmap: { 0: 'in:24' },
  uname: { 0: 'out:390' },
  // struct rlimit of two longs; prlimit64's is two u64 as on x86_64.
  getrlimit: { 1: 'out:8' },
  ugetrlimit: { 1: 'out:8' },
  setrlimit: { 1: 'in:8' },
  prlimit64: { 2: 'in:16', 3: 'out:16' },
  // struct tms: four clock_t.
  times: { 0: 'out:16' },
  // old_timespec32 (8 bytes); the _time64 calls take x86_64's 16-byte timespec.
  nanosleep: { 0: 'in:8', 1: 'inout:8' },
  clock_nanosleep: { 2: 'in:8', 3: 'inout:8' },
  clock_gettime: { 1: 'out:8' },
  clock_getres: { 1: 'out:8' },
  clock_settime: { 1: 'in:8' },
  clock_nanosleep_time64: { 2: 'in:16', 3: 'inout:16' },
  clock_gettime64: { 1: 'out:16' },
  clock_getres_time64: { 1: 'out:16' },
  clock_settime64: { 1: 'in:16' },
  // struct timeval of two longs, struct timezone.
  gettimeofday: { 0: 'out:8', 1: 'out:8' },
  settimeofday: { 0: 'in:8', 1: 'in:8' },
  time: { 0: 'out:4' },
  // struct sigaction: the kernel's (handler, flags, restorer, 8-byte mask) and the old one
  // (handler, 4-byte mask, flags, restorer); old_sigset_t is 4 bytes.
  rt_sigaction: { 1: 'in:20', 2: 'out:20' },
  sigaction: { 1: 'in:16', 2: 'out:16' },
  sigprocmask: { 1: 'in:4', 2: 'out:4' },
  sigpending: { 0: 'out:4' },
  readv: { 1: 'iov-out:a2' },
  writev: { 1: 'iov-in:a2' },
  poll: { 0: 'inout:a1*8' },
  // fd_sets of 4-byte words, struct timeval of two longs.
  _newselect: { 1: 'inout:fdset(a0)', 2: 'inout:fdset(a0)', 3: 'inout:fdset(a0)', 4: 'inout:8' },
  waitpid: { 1: 'out:4' },
  // struct rusage: two timevals of 8 bytes, fourteen longs.
  wait4: { 1: 'out:4', 3: 'out:72' },
  // off_t * and loff_t *.
  sendfile: { 2: 'inout:4' },
  sendfile64: { 2: 'inout:8' },
  // The *32 calls of 32-bit ids, read as their x86_64 namesakes are.
  chown32: { 0: 'path' },
  lchown32: { 0: 'path' },
  getgroups32: { 1: 'out:ret*4' },
  setgroups32: { 1: 'in:a0*4' },
  getresuid32: { 0: 'out:4', 1: 'out:4', 2: 'out:4' },
  getresgid32: { 0: 'out:4', 1: 'out:4', 2: 'out:4' },
  // The calls of 16-bit ids: old_uid_t and old_gid_t.
  chown: { 0: 'path' },
  lchown: { 0: 'path' },
  getresuid: { 0: 'out:2', 1: 'out:2', 2: 'out:2' },
  getresgid: { 0: 'out:2', 1: 'out:2', 2: 'out:2' },
  getgroups: { 1: 'out:ret*2' },
  // Structures of the same size as x86_64's, read by constants the borrowing rule leaves out.
  pipe: { 0: 'out:8' },
  pipe2: { 0: 'out:8' },
  epoll_ctl: { 3: 'in:12' },
  epoll_wait: { 1: 'out:ret*12' },
  epoll_pwait: { 1: 'out:ret*12', 4: 'in:a5' },
  getcpu: { 0: 'out:4', 1: 'out:4' },
  splice: { 1: 'inout:8', 3: 'inout:8' },
  copy_file_range: { 1: 'inout:8', 3: 'inout:8' },
  vmsplice: { 1: 'iov-in:a2' },
  capget: { 0: 'inout:8', 1: 'out:24' },
  timerfd_settime64: { 2: 'in:32', 3: 'out:32' },
  timerfd_gettime64: { 1: 'out:32' },
  utimensat_time64: { 1: 'path', 2: 'in:32' },
  // pread64 and pwrite64 take the offset in two registers.
  pread64: { 1: 'out:ret' },
  pwrite64: { 1: 'in:a2' },
  truncate64: { 0: 'path' },
  // old_itimerspec32, struct itimerval of two timevals, struct rusage (72 bytes), stack_t.
  timerfd_settime: { 2: 'in:16', 3: 'out:16' },
  timerfd_gettime: { 1: 'out:16' },
  getitimer: { 1: 'out:16' },
  setitimer: { 1: 'in:16', 2: 'out:16' },
  getrusage: { 1: 'out:72' },
  sigaltstack: { 0: 'in:12', 1: 'out:12' },
  // The execve vectors hold 4-byte pointers (read with the plan's word).
  execve: { 0: 'path', 1: 'strv', 2: 'strv' },
  execveat: { 1: 'path', 2: 'strv', 3: 'strv' },
  // struct user_desc: the kernel writes the entry it chose back.
  set_thread_area: { 0: 'inout:16' },
  get_thread_area: { 0: 'inout:16' },
  preadv: { 1: 'iov-out:a2' },
  pwritev: { 1: 'iov-in:a2' },
  preadv2: { 1: 'iov-out:a2' },
  pwritev2: { 1: 'iov-in:a2' },
  // siginfo_t is 128 bytes in both ABIs, laid out with 4-byte longs and pointers in i386's.
  waitid: { 2: 'out:128', 4: 'out:72' },
  rt_sigtimedwait: { 0: 'in:a3', 1: 'out:128', 2: 'in:8' },
  rt_sigtimedwait_time64: { 0: 'in:a3', 1: 'out:128', 2: 'in:16' },
  rt_sigqueueinfo: { 2: 'in:128' },
  rt_tgsigqueueinfo: { 3: 'in:128' },
  pidfd_send_signal: { 2: 'in:128' },
  // struct sysinfo (64 bytes), get_robust_list's pointer and size_t.
  sysinfo: { 0: 'out:64' },
  get_robust_list: { 1: 'out:4', 2: 'out:4' },
  // Two old_timespec32s, or two 64-bit timespecs (utimensat_time64).
  utimensat: { 1: 'path', 2: 'in:16' },
  // ppoll's and pselect6's timeouts (old_timespec32 or, for the _time64 calls, 64-bit); pselect6's
  // { const sigset_t *ss; size_t ss_len } of two words.
  ppoll: { 0: 'inout:a1*8', 2: 'inout:8', 3: 'in:a4' },
  ppoll_time64: { 0: 'inout:a1*8', 2: 'inout:16', 3: 'in:a4' },
  pselect6: { 1: 'inout:fdset(a0)', 2: 'inout:fdset(a0)', 3: 'inout:fdset(a0)', 4: 'inout:8', 5: 'in:8' },
  pselect6_time64: { 1: 'inout:fdset(a0)', 2: 'inout:fdset(a0)', 3: 'inout:fdset(a0)', 4: 'inout:16', 5: 'in:8' },
  // The futex word; the timeout and the second word are read by the op (selectCaptureTableI386).
  futex: { 0: 'in:4' },
  futex_time64: { 0: 'in:4' },
  // The argument array; the memory of the subcall's arguments is read by the subcall's row.
  socketcall: { 1: 'socketcall' },
  socket: {},
  connect: { 1: 'in:a2' },
  bind: { 1: 'in:a2' },
  sendto: { 1: 'in:a2', 4: 'in:a5' },
  recvfrom: { 1: 'out:ret', 4: 'out:*a5', 5: 'inout:4' },
  getsockname: { 1: 'out:*a2', 2: 'inout:4' },
  getpeername: { 1: 'out:*a2', 2: 'inout:4' },
  accept4: { 1: 'out:*a2', 2: 'inout:4' },
  socketpair: { 3: 'out:8' },
  setsockopt: { 3: 'in:a4' },
  getsockopt: { 3: 'out:*a4', 4: 'inout:4' },
  sendmsg: { 1: 'msg-in' },
  recvmsg: { 1: 'msg-out' },
};

/** fcntl's and fcntl64's third argument by command: struct flock (16 bytes), the packed flock64 (24). */
const fcntlCases: Readonly<Record<number, string>> = {
  5: 'inout:16', // F_GETLK
  6: 'in:16', // F_SETLK
  7: 'in:16', // F_SETLKW
  12: 'inout:24', // F_GETLK64
  13: 'in:24', // F_SETLK64
  14: 'in:24', // F_SETLKW64
  36: 'inout:24', // F_OFD_GETLK
  37: 'in:24', // F_OFD_SETLK
  38: 'in:24', // F_OFD_SETLKW
  16: 'out:8', // F_GETOWN_EX
  15: 'in:8', // F_SETOWN_EX
  1035: 'out:8', // F_GET_RW_HINT
  1036: 'in:8', // F_SET_RW_HINT
  1037: 'out:8', // F_GET_FILE_RW_HINT
  1038: 'in:8', // F_SET_FILE_RW_HINT
};

/**
 * ioctl's third argument for the requests whose data has the same layout in both ABIs
 * (terminals: termios, termio, winsize, ints; FIONREAD, FIONBIO, FIOQSIZE, FIGETBSZ...): x86_64's
 * cases but those of a struct with longs or pointers (ifreq, ifconf, timeval) or whose
 * request encodes a long's size (FS_IOC_*, BLKGETSIZE64).
 */
const sameIoctls = new Set([
  0x5401, 0x5402, 0x5403, 0x5404, 0x5405, 0x5406, 0x5407, 0x5408, 0x802c542a, 0x402c542b, 0x402c542c, 0x402c542d, 0x5456, 0x5457,
  0x540f, 0x5410, 0x5411, 0x5412, 0x5413, 0x5414, 0x5415, 0x5416, 0x5417, 0x5418, 0x5419, 0x541a, 0x541b, 0x5420, 0x5421, 0x5423,
  0x5424, 0x5429, 0x80045430, 0x40045431, 0x80045432, 0x80045438, 0x80045440, 0x5452, 0x5460, 0x2, 0x1268, 0x8905,
]);

/** Arguments read by another argument's value (see selectCaptureTable). */
export const selectCaptureTableI386: readonly SelectCapture[] = [
  ...selectCaptureTable
    .filter((s) => s.syscall === 'ioctl')
    .map((s) => ({ ...s, cases: Object.fromEntries(Object.entries(s.cases).filter(([k]) => sameIoctls.has(Number(k)))) })),
  // clone's parent_tid as on x86_64; its tls (argument 3, not 4) is a struct user_desc
  ...selectCaptureTable.filter((s) => s.syscall === 'clone'),
  { syscall: 'clone', arg: 3, selector: 0, mask: 0x80000, cases: { 0x80000: 'out:16' } },
  // prctl's strings (PR_SET_NAME, PR_GET_NAME, PR_SET_VMA's name) and ints; not PR_GET_TID_ADDRESS's pointer nor PR_SET_SECCOMP's sock_fprog
  ...selectCaptureTable
    .filter((s) => s.syscall === 'prctl')
    .map((s) => ({ ...s, cases: Object.fromEntries(Object.entries(s.cases).filter(([k]) => k !== '40' && k !== '22')) })),
  { syscall: 'fcntl', arg: 2, selector: 1, cases: fcntlCases },
  { syscall: 'fcntl64', arg: 2, selector: 1, cases: fcntlCases },
  // futex's timeout: an old_timespec32 for futex, x86_64's timespec for futex_time64; its second word
  ...selectCaptureTable
    .filter((s) => s.syscall === 'futex')
    .flatMap((s) => [
      { ...s, cases: s.arg === 3 ? Object.fromEntries(Object.keys(s.cases).map((k) => [k, 'in:8'])) : s.cases },
      { ...s, syscall: 'futex_time64' },
    ]),
  // ipc's pointer (argument 4) by subcall (argument 0's low 16 bits)
  {
    syscall: 'ipc',
    arg: 4,
    selector: 0,
    mask: 0xffff,
    cases: {
      1: 'in:a2*6', // semop: struct sembuf[second]
      3: 'in:4', // semctl: the union semun's pointer
      4: 'in:a2*6', // semtimedop
      11: 'in:a2+4', // msgsnd: long mtype, then `second` bytes of mtext
    },
  },
];
