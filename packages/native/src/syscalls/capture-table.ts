/**
 * Which argument memory the recorder reads for each x86_64 syscall, in the
 * DSL parsed by `capture-spec.ts`. Sizes are x86_64 kernel ABI sizes, checked
 * with sizeof against the kernel uapi headers (see capture-table.test.ts).
 *
 * A syscall listed with `{}` is known and has nothing to capture (no pointer
 * arguments, or only pointers the kernel stores without dereferencing).
 * A syscall missing from the table has no capture rules yet.
 */

/** syscall name → { argument index → spec text } */
export const captureTable: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  // ---- file descriptors and I/O ----
  read: { 1: 'out:ret' },
  write: { 1: 'in:a2' },
  pread64: { 1: 'out:ret' },
  pwrite64: { 1: 'in:a2' },
  readv: { 1: 'iov-out:a2' },
  writev: { 1: 'iov-in:a2' },
  preadv: { 1: 'iov-out:a2' },
  pwritev: { 1: 'iov-in:a2' },
  preadv2: { 1: 'iov-out:a2' },
  pwritev2: { 1: 'iov-in:a2' },
  lseek: {},
  close: {},
  close_range: {},
  dup: {},
  dup2: {},
  dup3: {},
  pipe: { 0: 'out:8' },
  pipe2: { 0: 'out:8' },
  // loff_t *offset is read and advanced by the kernel.
  sendfile: { 2: 'inout:8' },
  copy_file_range: { 1: 'inout:8', 3: 'inout:8' },
  splice: { 1: 'inout:8', 3: 'inout:8' },
  tee: {},
  // Almost always used to feed a pipe from user memory; the reverse direction is not captured.
  vmsplice: { 1: 'iov-in:a2' },
  readahead: {},
  fadvise64: {},
  fallocate: {},
  flock: {},
  fsync: {},
  fdatasync: {},
  sync: {},
  syncfs: {},
  sync_file_range: {},
  // fcntl and ioctl third arguments depend on the command: see selectCaptureTable.
  fcntl: {},
  ioctl: {},

  // ---- paths and file metadata ----
  open: { 0: 'path' },
  openat: { 1: 'path' },
  // struct open_how, sized by the size argument (24 today).
  openat2: { 1: 'path', 2: 'in:a3' },
  creat: { 0: 'path' },
  stat: { 0: 'path', 1: 'out:144' },
  lstat: { 0: 'path', 1: 'out:144' },
  fstat: { 1: 'out:144' },
  newfstatat: { 1: 'path', 2: 'out:144' },
  statx: { 1: 'path', 4: 'out:256' },
  statfs: { 0: 'path', 1: 'out:120' },
  fstatfs: { 1: 'out:120' },
  access: { 0: 'path' },
  faccessat: { 1: 'path' },
  faccessat2: { 1: 'path' },
  readlink: { 0: 'path', 1: 'out:ret' },
  readlinkat: { 1: 'path', 2: 'out:ret' },
  getdents: { 1: 'out:ret' },
  getdents64: { 1: 'out:ret' },
  // The syscall returns the length including the NUL.
  getcwd: { 0: 'out:ret' },
  chdir: { 0: 'path' },
  fchdir: {},
  chroot: { 0: 'path' },
  pivot_root: { 0: 'path', 1: 'path' },
  rename: { 0: 'path', 1: 'path' },
  renameat: { 1: 'path', 3: 'path' },
  renameat2: { 1: 'path', 3: 'path' },
  unlink: { 0: 'path' },
  unlinkat: { 1: 'path' },
  rmdir: { 0: 'path' },
  mkdir: { 0: 'path' },
  mkdirat: { 1: 'path' },
  mknod: { 0: 'path' },
  mknodat: { 1: 'path' },
  // A symlink target is stored verbatim, never resolved by this call: a string, not a path.
  symlink: { 0: 'str', 1: 'path' },
  symlinkat: { 0: 'str', 2: 'path' },
  link: { 0: 'path', 1: 'path' },
  linkat: { 1: 'path', 3: 'path' },
  chmod: { 0: 'path' },
  fchmod: {},
  fchmodat: { 1: 'path' },
  fchmodat2: { 1: 'path' },
  chown: { 0: 'path' },
  lchown: { 0: 'path' },
  fchown: {},
  fchownat: { 1: 'path' },
  umask: {},
  // struct timespec[2] / struct timeval[2] / struct utimbuf.
  utimensat: { 1: 'path', 2: 'in:32' },
  utimes: { 0: 'path', 1: 'in:32' },
  futimesat: { 1: 'path', 2: 'in:32' },
  utime: { 0: 'path', 1: 'in:16' },
  truncate: { 0: 'path' },
  ftruncate: {},
  getxattr: { 0: 'path', 1: 'str', 2: 'out:ret' },
  lgetxattr: { 0: 'path', 1: 'str', 2: 'out:ret' },
  fgetxattr: { 1: 'str', 2: 'out:ret' },
  setxattr: { 0: 'path', 1: 'str', 2: 'in:a3' },
  lsetxattr: { 0: 'path', 1: 'str', 2: 'in:a3' },
  fsetxattr: { 1: 'str', 2: 'in:a3' },
  // A NUL-separated list of names.
  listxattr: { 0: 'path', 1: 'out:ret' },
  llistxattr: { 0: 'path', 1: 'out:ret' },
  flistxattr: { 1: 'out:ret' },
  removexattr: { 0: 'path', 1: 'str' },
  lremovexattr: { 0: 'path', 1: 'str' },
  fremovexattr: { 1: 'str' },
  inotify_init: {},
  inotify_init1: {},
  inotify_add_watch: { 1: 'path' },
  inotify_rm_watch: {},
  fanotify_init: {},
  fanotify_mark: { 4: 'path' },
  memfd_create: { 0: 'str' },
  // source and fstype are often not paths ("proc", "tmpfs"); data is an option string for most filesystems.
  mount: { 0: 'str', 1: 'path', 2: 'str', 4: 'str' },
  umount2: { 0: 'path' },
  open_tree: { 1: 'path' },
  move_mount: { 1: 'path', 3: 'path' },
  fsopen: { 0: 'str' },
  // The key; the value's type depends on the command: see selectCaptureTable.
  fsconfig: { 2: 'str' },
  fsmount: {},
  fspick: { 1: 'path' },
  // struct mount_attr, sized by the size argument.
  mount_setattr: { 1: 'path', 3: 'in:a4' },
  swapon: { 0: 'path' },
  swapoff: { 0: 'path' },
  acct: { 0: 'path' },
  // LINUX_REBOOT_CMD_RESTART2's command string: see selectCaptureTable.
  reboot: {},
  init_module: { 2: 'str' },
  finit_module: { 1: 'str' },
  delete_module: { 0: 'str' },
  kexec_load: {},
  kexec_file_load: { 3: 'in:a2' },
  lookup_dcookie: {},
  remap_file_pages: {},
  iopl: {},
  ioperm: {},
  userfaultfd: {},
  // SYSLOG_ACTION_READ*: the log text the kernel copied (ret bytes); nothing for the other actions.
  syslog: { 1: 'out:ret' },

  // ---- event and timer descriptors ----
  eventfd: {},
  eventfd2: {},
  timerfd_create: {},
  // struct itimerspec: new in, old out.
  timerfd_settime: { 2: 'in:32', 3: 'out:32' },
  timerfd_gettime: { 1: 'out:32' },
  // Kernel sigset, sized by the sizemask argument (8).
  signalfd: { 1: 'in:a2' },
  signalfd4: { 1: 'in:a2' },
  epoll_create: {},
  epoll_create1: {},
  // struct epoll_event is packed on x86_64: 12 bytes. NULL for EPOLL_CTL_DEL.
  epoll_ctl: { 3: 'in:12' },
  epoll_wait: { 1: 'out:ret*12' },
  epoll_pwait: { 1: 'out:ret*12', 4: 'in:a5' },
  epoll_pwait2: { 1: 'out:ret*12', 3: 'in:16', 4: 'in:a5' },
  poll: { 0: 'inout:a1*8' },
  // The kernel writes the remaining time back into the timespec.
  ppoll: { 0: 'inout:a1*8', 2: 'inout:16', 3: 'in:a4' },
  select: { 1: 'inout:fdset(a0)', 2: 'inout:fdset(a0)', 3: 'inout:fdset(a0)', 4: 'inout:16' },
  // Arg 5 is { const sigset_t *ss; size_t ss_len } (16 bytes); the sigset it points to is not followed.
  pselect6: { 1: 'inout:fdset(a0)', 2: 'inout:fdset(a0)', 3: 'inout:fdset(a0)', 4: 'inout:16', 5: 'in:16' },

  // ---- sockets ----
  socket: {},
  socketpair: { 3: 'out:8' },
  bind: { 1: 'in:a2' },
  connect: { 1: 'in:a2' },
  listen: {},
  shutdown: {},
  // The socklen_t is in/out; at exit it holds the full address length, which can exceed the buffer.
  accept: { 1: 'out:*a2', 2: 'inout:4' },
  accept4: { 1: 'out:*a2', 2: 'inout:4' },
  getsockname: { 1: 'out:*a2', 2: 'inout:4' },
  getpeername: { 1: 'out:*a2', 2: 'inout:4' },
  sendto: { 1: 'in:a2', 4: 'in:a5' },
  recvfrom: { 1: 'out:ret', 4: 'out:*a5', 5: 'inout:4' },
  sendmsg: { 1: 'msg-in' },
  recvmsg: { 1: 'msg-out' },
  // The struct mmsghdr array (64 bytes each, msg_len filled in at exit) and each message's name, control and data.
  sendmmsg: { 1: 'mmsg-in:a2' },
  recvmmsg: { 1: 'mmsg-out:a2', 4: 'inout:16' },
  // optval depends on the option (socket filters): see selectCaptureTable.
  getsockopt: { 4: 'inout:4' },
  setsockopt: {},

  // ---- processes ----
  execve: { 0: 'path', 1: 'strv', 2: 'strv' },
  execveat: { 1: 'path', 2: 'strv', 3: 'strv' },
  fork: {},
  vfork: {},
  // parent_tid (arg 2) depends on the flags: see selectCaptureTable. child_tid is written in the child.
  clone: {},
  // struct clone_args, sized by the size argument (88 for CLONE_ARGS_SIZE_VER2).
  clone3: { 0: 'in:a1' },
  exit: {},
  exit_group: {},
  wait4: { 1: 'out:4', 3: 'out:144' },
  // siginfo_t is 128 bytes.
  waitid: { 2: 'out:128', 4: 'out:144' },
  kill: {},
  tkill: {},
  tgkill: {},
  pidfd_open: {},
  pidfd_send_signal: { 2: 'in:128' },
  pidfd_getfd: {},
  // struct iovec[vlen]: only the array (the ranges are the other process's memory).
  process_madvise: { 1: 'in:a2*16' },
  // The local iovecs (with the data read or written), the remote ones (addresses only).
  process_vm_readv: { 1: 'iov-out:a2', 3: 'in:a4*16' },
  process_vm_writev: { 1: 'iov-in:a2', 3: 'in:a4*16' },
  process_mrelease: {},
  // KCMP_EPOLL_TFD's struct kcmp_epoll_slot: see selectCaptureTable.
  kcmp: {},
  memfd_secret: {},
  getpid: {},
  getppid: {},
  gettid: {},
  getuid: {},
  geteuid: {},
  getgid: {},
  getegid: {},
  getpgrp: {},
  getpgid: {},
  setpgid: {},
  getsid: {},
  setsid: {},
  setuid: {},
  setgid: {},
  setreuid: {},
  setregid: {},
  setresuid: {},
  setresgid: {},
  setfsuid: {},
  setfsgid: {},
  getresuid: { 0: 'out:4', 1: 'out:4', 2: 'out:4' },
  getresgid: { 0: 'out:4', 1: 'out:4', 2: 'out:4' },
  // gid_t[]: getgroups returns the count it stored.
  getgroups: { 1: 'out:ret*4' },
  setgroups: { 1: 'in:a0*4' },
  // The kernel writes its preferred version into the header when the caller's is unknown (an EINVAL probe).
  capget: { 0: 'inout:8', 1: 'out:24' },
  // Two struct __user_cap_data_struct (12 bytes each) for _LINUX_CAPABILITY_VERSION_2/3; version 1 uses one.
  capset: { 0: 'in:8', 1: 'in:24' },
  // Options are in selectCaptureTable.
  prctl: {},
  arch_prctl: {},
  seccomp: {},
  // struct perf_event_attr as strace 6.1 knows it (PERF_ATTR_SIZE_VER7); on E2BIG the kernel writes its size into it.
  perf_event_open: { 0: 'inout:128' },
  // struct io_uring_params: the setup flags in, the ring sizes and offsets out.
  io_uring_setup: { 1: 'inout:120' },
  // A kernel sigset of sigsetsize bytes (a struct io_uring_getevents_arg with IORING_ENTER_EXT_ARG).
  io_uring_enter: { 4: 'in:a5' },
  // The argument depends on the opcode: see selectCaptureTable.
  io_uring_register: {},
  // union bpf_attr of size bytes, and what some commands' attr points to: see selectCaptureTable.
  bpf: {},
  ptrace: {},
  personality: {},
  unshare: {},
  setns: {},
  getpriority: {},
  setpriority: {},
  ioprio_get: {},
  ioprio_set: {},
  // The kernel only stores the address; the word is written at thread exit.
  set_tid_address: {},
  set_robust_list: { 0: 'in:a1' },
  // struct robust_list_head ** and size_t *.
  get_robust_list: { 1: 'out:8', 2: 'out:8' },
  rseq: { 0: 'in:a1' },
  // The futex word; timeout (arg 3) and uaddr2 (arg 4) depend on the op: see selectCaptureTable.
  futex: { 0: 'in:4' },
  // struct futex_waitv[nr_futexes] (24 bytes each) and an absolute timespec.
  futex_waitv: { 0: 'in:a1*24', 3: 'in:16' },
  membarrier: {},
  // Keys: strings and payloads; keyctl's depend on the command (see selectCaptureTable).
  add_key: { 0: 'str', 1: 'str', 2: 'in:a3' },
  request_key: { 0: 'str', 1: 'str', 2: 'str' },
  keyctl: {},
  // struct landlock_ruleset_attr, sized by the size argument; struct landlock_path_beneath_attr (packed, 12 bytes).
  landlock_create_ruleset: { 0: 'in:a1' },
  landlock_add_rule: { 2: 'in:12' },
  landlock_restrict_self: {},
  restart_syscall: {},

  // ---- signals ----
  // Kernel struct sigaction with sigsetsize 8: handler, flags, restorer, mask.
  rt_sigaction: { 1: 'in:32', 2: 'out:32' },
  rt_sigprocmask: { 1: 'in:a3', 2: 'out:a3' },
  // Reads the signal frame from the stack; nothing addressed by an argument.
  rt_sigreturn: {},
  rt_sigpending: { 0: 'out:a1' },
  rt_sigsuspend: { 0: 'in:a1' },
  rt_sigtimedwait: { 0: 'in:a3', 1: 'out:128', 2: 'in:16' },
  rt_sigqueueinfo: { 2: 'in:128' },
  rt_tgsigqueueinfo: { 3: 'in:128' },
  // stack_t.
  sigaltstack: { 0: 'in:24', 1: 'out:24' },
  pause: {},
  alarm: {},

  // ---- memory ----
  mmap: {},
  munmap: {},
  mprotect: {},
  pkey_mprotect: {},
  pkey_alloc: {},
  pkey_free: {},
  brk: {},
  mremap: {},
  madvise: {},
  msync: {},
  mlock: {},
  mlock2: {},
  munlock: {},
  mlockall: {},
  munlockall: {},
  // Node masks: ceil((maxnode - 1) / 64) longs, which maxnode + 8 bytes always hold.
  mbind: { 3: 'in:a4+8' },
  set_mempolicy: { 1: 'in:a2+8' },
  get_mempolicy: { 0: 'out:4', 1: 'out:a2+8' },
  migrate_pages: { 2: 'in:a1+8', 3: 'in:a1+8' },
  // void *pages[count], int nodes[count] in, int status[count] out.
  move_pages: { 2: 'in:a1*8', 3: 'in:a1*4', 4: 'out:a1*4' },
  set_mempolicy_home_node: {},

  // ---- time ----
  clock_gettime: { 1: 'out:16' },
  clock_getres: { 1: 'out:16' },
  clock_settime: { 1: 'in:16' },
  // rmtp is written only when the sleep is interrupted, i.e. when the call fails, so it is read at exit whatever the result.
  clock_nanosleep: { 2: 'in:16', 3: 'inout:16' },
  nanosleep: { 0: 'in:16', 1: 'inout:16' },
  gettimeofday: { 0: 'out:16', 1: 'out:8' },
  settimeofday: { 0: 'in:16', 1: 'in:8' },
  time: { 0: 'out:8' },
  // struct __kernel_timex.
  adjtimex: { 0: 'inout:208' },
  clock_adjtime: { 1: 'inout:208' },
  // struct itimerval.
  getitimer: { 1: 'out:32' },
  setitimer: { 1: 'in:32', 2: 'out:32' },
  // struct sigevent in, timer_t (int) out.
  timer_create: { 1: 'in:64', 2: 'out:4' },
  timer_settime: { 2: 'in:32', 3: 'out:32' },
  timer_gettime: { 1: 'out:32' },
  timer_getoverrun: {},
  timer_delete: {},
  times: { 0: 'out:32' },

  // ---- resources and system information ----
  getrusage: { 1: 'out:144' },
  getrlimit: { 1: 'out:16' },
  setrlimit: { 1: 'in:16' },
  prlimit64: { 2: 'in:16', 3: 'out:16' },
  // struct new_utsname.
  uname: { 0: 'out:390' },
  sysinfo: { 0: 'out:112' },
  getrandom: { 0: 'out:ret' },
  sethostname: { 0: 'in:a1' },
  setdomainname: { 0: 'in:a1' },
  // Returns the number of mask bytes it copied.
  sched_getaffinity: { 2: 'out:ret' },
  sched_setaffinity: { 2: 'in:a1' },
  sched_yield: {},
  sched_getparam: { 1: 'out:4' },
  sched_setparam: { 1: 'in:4' },
  sched_setscheduler: { 2: 'in:4' },
  sched_getscheduler: {},
  sched_get_priority_max: {},
  sched_get_priority_min: {},
  sched_rr_get_interval: { 1: 'out:16' },
  // struct sched_attr; 56 bytes (SCHED_ATTR_SIZE_VER1), sized by its own size field.
  sched_setattr: { 1: 'in:56' },
  sched_getattr: { 1: 'out:a2' },
  getcpu: { 0: 'out:4', 1: 'out:4' },

  // ---- asynchronous I/O ----
  io_setup: { 1: 'out:8' },
  io_destroy: {},
  // The struct iocb pointers, the iocbs, and the buffers or iovecs of those that write.
  io_submit: { 2: 'iocbs:a1' },
  // struct io_event is 32 bytes.
  io_getevents: { 3: 'out:ret*32', 4: 'in:16' },
  // And { const sigset_t *sigmask; size_t sigsetsize }, with the set.
  io_pgetevents: { 3: 'out:ret*32', 4: 'in:16', 5: 'sigset-ptr' },
  io_cancel: { 1: 'in:64', 2: 'out:32' },

  // ---- descriptors, obsolete and small calls ----
  // A byte per page of the range.
  mincore: { 2: 'out:a1/4096' },
  // struct user_desc when bytecount is its size (16); a read's buffer is not followed.
  modify_ldt: { 1: 'in:a2' },
  // The kernel writes the entry it chose back into the struct user_desc.
  set_thread_area: { 0: 'inout:16' },
  get_thread_area: { 0: 'inout:16' },
  ustat: {},
  uselib: { 0: 'path' },
  // struct __sysctl_args.
  _sysctl: { 0: 'in:80' },

  // struct file_handle: handle_bytes, handle_type and up to MAX_HANDLE_SZ (128) bytes; the mount id.
  name_to_handle_at: { 1: 'path', 2: 'inout:136', 3: 'out:4' },
  open_by_handle_at: { 1: 'in:136' },
  // The quota command's structure: see selectCaptureTable.
  quotactl: { 1: 'path' },
  quotactl_fd: {},

  // ---- System V IPC ----
  shmget: {},
  shmat: {},
  shmdt: {},
  // The buffer depends on the command: see selectCaptureTable.
  shmctl: {},
  semget: {},
  // struct sembuf[nsops], 6 bytes each.
  semop: { 1: 'in:a2*6' },
  semtimedop: { 1: 'in:a2*6', 3: 'in:16' },
  semctl: {},
  msgget: {},
  // struct msgbuf: a long mtype, then msgsz bytes of mtext (strace prints msgsz bytes, whatever msgrcv returned).
  msgsnd: { 1: 'in:a2+8' },
  msgrcv: { 1: 'out:a2+8' },
  msgctl: {},

  // ---- POSIX message queues ----
  // The queue's name (not a path in the filesystem); struct mq_attr (four longs, four reserved), used with O_CREAT.
  mq_open: { 0: 'str', 3: 'in:64' },
  mq_unlink: { 0: 'str' },
  mq_timedsend: { 1: 'in:a2', 4: 'in:16' },
  // The message (ret bytes), its priority (unsigned int), the timeout read at entry.
  mq_timedreceive: { 1: 'out:ret', 3: 'out:4', 4: 'in:16' },
  // struct sigevent.
  mq_notify: { 1: 'in:64' },
  mq_getsetattr: { 1: 'in:64', 2: 'out:64' },
};

/**
 * Arguments whose capture depends on another argument's value (ioctl request,
 * fcntl cmd, futex op, ...). The selector argument's value is taken as an
 * unsigned 64-bit integer, ANDed with `mask` when present, and looked up in
 * `cases`; no matching case means `otherwise`, or nothing. Use `selectCase` to do
 * this lookup: JavaScript's `&` on numbers is signed 32-bit and would turn
 * ioctl requests such as 0x802c542a negative.
 */
export interface SelectCapture {
  readonly syscall: string;
  readonly arg: number;
  readonly selector: number;
  readonly mask?: number;
  readonly cases: Readonly<Record<number, string>>;
  /** The spec for the values `cases` does not list. */
  readonly otherwise?: string;
}

/** quotactl's and quotactl_fd's addr by QCMD's command (its type, the low byte, masked off). */
const QUOTA_CMD_BUFFERS = {
  0x80000200: 'path', // Q_QUOTAON (the quota file)
  0x80000400: 'out:4', // Q_GETFMT
  0x80000500: 'out:24', // Q_GETINFO (struct if_dqinfo)
  0x80000600: 'in:24', // Q_SETINFO
  0x80000700: 'out:72', // Q_GETQUOTA (struct if_dqblk)
  0x80000800: 'in:72', // Q_SETQUOTA
  0x80000900: 'out:80', // Q_GETNEXTQUOTA (struct if_nextdqblk)
} as const;

export const selectCaptureTable: readonly SelectCapture[] = [
  { syscall: 'quotactl', arg: 3, selector: 0, mask: 0xffffff00, cases: QUOTA_CMD_BUFFERS },
  { syscall: 'quotactl_fd', arg: 3, selector: 1, mask: 0xffffff00, cases: QUOTA_CMD_BUFFERS },
  // The System V *ctl buffers (x86_64's struct ipc64_perm-based *id64_ds and the *info structs), by command without IPC_64.
  {
    syscall: 'shmctl',
    arg: 2,
    selector: 1,
    mask: 0xfffffeff,
    cases: { 1: 'in:112', 2: 'out:112', 13: 'out:112', 15: 'out:112', 3: 'out:72', 14: 'out:48' },
  },
  {
    syscall: 'semctl',
    arg: 3,
    selector: 2,
    mask: 0xfffffeff,
    cases: { 1: 'in:104', 2: 'out:104', 18: 'out:104', 20: 'out:104', 3: 'out:40', 19: 'out:40' },
  },
  {
    syscall: 'msgctl',
    arg: 2,
    selector: 1,
    mask: 0xfffffeff,
    cases: { 1: 'in:120', 2: 'out:120', 11: 'out:120', 13: 'out:120', 3: 'out:32', 12: 'out:32' },
  },
  {
    syscall: 'ioctl',
    arg: 2,
    selector: 1,
    // The request is an unsigned int; callers passing a negative int sign-extend it into the register.
    mask: 0xffffffff,
    cases: {
      // Kernel struct termios is 36 bytes (glibc's is 60).
      0x5401: 'out:36', // TCGETS
      0x5402: 'in:36', // TCSETS
      0x5403: 'in:36', // TCSETSW
      0x5404: 'in:36', // TCSETSF
      // struct termio.
      0x5405: 'out:18', // TCGETA
      0x5406: 'in:18', // TCSETA
      0x5407: 'in:18', // TCSETAW
      0x5408: 'in:18', // TCSETAF
      // struct termios2.
      0x802c542a: 'out:44', // TCGETS2
      0x402c542b: 'in:44', // TCSETS2
      0x402c542c: 'in:44', // TCSETSW2
      0x402c542d: 'in:44', // TCSETSF2
      0x5456: 'out:36', // TIOCGLCKTRMIOS
      0x5457: 'in:36', // TIOCSLCKTRMIOS
      0x540f: 'out:4', // TIOCGPGRP
      0x5410: 'in:4', // TIOCSPGRP
      0x5411: 'out:4', // TIOCOUTQ (SIOCOUTQ)
      0x5412: 'in:1', // TIOCSTI
      0x5413: 'out:8', // TIOCGWINSZ
      0x5414: 'in:8', // TIOCSWINSZ
      0x5415: 'out:4', // TIOCMGET
      0x5416: 'in:4', // TIOCMBIS
      0x5417: 'in:4', // TIOCMBIC
      0x5418: 'in:4', // TIOCMSET
      0x5419: 'out:4', // TIOCGSOFTCAR
      0x541a: 'in:4', // TIOCSSOFTCAR
      0x541b: 'out:4', // FIONREAD (TIOCINQ, SIOCINQ)
      0x5420: 'in:4', // TIOCPKT
      0x5421: 'in:4', // FIONBIO
      0x5423: 'in:4', // TIOCSETD
      0x5424: 'out:4', // TIOCGETD
      0x5429: 'out:4', // TIOCGSID
      0x80045430: 'out:4', // TIOCGPTN
      0x40045431: 'in:4', // TIOCSPTLCK
      0x80045432: 'out:4', // TIOCGDEV
      0x80045438: 'out:4', // TIOCGPKT
      0x80045440: 'out:4', // TIOCGEXCL
      0x5452: 'in:4', // FIOASYNC
      // loff_t.
      0x5460: 'out:8', // FIOQSIZE
      0x2: 'out:4', // FIGETBSZ
      // Declared with long, but the kernel transfers an int.
      0x80086601: 'out:4', // FS_IOC_GETFLAGS
      0x40086602: 'in:4', // FS_IOC_SETFLAGS
      0x80087601: 'out:4', // FS_IOC_GETVERSION
      0x80081272: 'out:8', // BLKGETSIZE64
      0x1268: 'out:4', // BLKSSZGET
      0x8905: 'out:4', // SIOCATMARK
      0x8906: 'out:16', // SIOCGSTAMP_OLD (struct timeval)
      // struct ifconf; the ifreq array it points to is not followed.
      0x8912: 'inout:16', // SIOCGIFCONF
      // struct ifreq (40 bytes): the name goes in, the answer comes out.
      0x8910: 'inout:40', // SIOCGIFNAME
      0x8913: 'inout:40', // SIOCGIFFLAGS
      0x8915: 'inout:40', // SIOCGIFADDR
      0x8921: 'inout:40', // SIOCGIFMTU
      0x8927: 'inout:40', // SIOCGIFHWADDR
      0x8933: 'inout:40', // SIOCGIFINDEX
    },
  },
  {
    syscall: 'fcntl',
    arg: 2,
    selector: 1,
    cases: {
      // struct flock is 32 bytes; GETLK reads the lock to test and writes back the conflicting one.
      5: 'inout:32', // F_GETLK
      6: 'in:32', // F_SETLK
      7: 'in:32', // F_SETLKW
      36: 'inout:32', // F_OFD_GETLK
      37: 'in:32', // F_OFD_SETLK
      38: 'in:32', // F_OFD_SETLKW
      // struct f_owner_ex.
      16: 'out:8', // F_GETOWN_EX
      15: 'in:8', // F_SETOWN_EX
      // u64 write-life hints.
      1035: 'out:8', // F_GET_RW_HINT
      1036: 'in:8', // F_SET_RW_HINT
      1037: 'out:8', // F_GET_FILE_RW_HINT
      1038: 'in:8', // F_SET_FILE_RW_HINT
    },
  },
  {
    syscall: 'futex',
    arg: 3,
    selector: 1,
    // Strips FUTEX_PRIVATE_FLAG (128) and FUTEX_CLOCK_REALTIME (256); for the other ops arg 3 is an integer (val2).
    mask: 0x7f,
    cases: {
      0: 'in:16', // FUTEX_WAIT
      6: 'in:16', // FUTEX_LOCK_PI
      9: 'in:16', // FUTEX_WAIT_BITSET
      11: 'in:16', // FUTEX_WAIT_REQUEUE_PI
      13: 'in:16', // FUTEX_LOCK_PI2
    },
  },
  {
    syscall: 'futex',
    arg: 4,
    selector: 1,
    // uaddr2, the second futex word.
    mask: 0x7f,
    cases: {
      4: 'in:4', // FUTEX_CMP_REQUEUE
      5: 'in:4', // FUTEX_WAKE_OP
      11: 'in:4', // FUTEX_WAIT_REQUEUE_PI
      12: 'in:4', // FUTEX_CMP_REQUEUE_PI
    },
  },
  {
    syscall: 'clone',
    arg: 2,
    selector: 0,
    // The parent_tid slot receives the child's tid, or a pidfd with CLONE_PIDFD (the two flags are exclusive for clone).
    mask: 0x101000,
    cases: {
      0x100000: 'out:4', // CLONE_PARENT_SETTID
      0x1000: 'out:4', // CLONE_PIDFD
    },
  },
  {
    syscall: 'arch_prctl',
    arg: 1,
    selector: 0,
    cases: {
      0x1003: 'out:8', // ARCH_GET_FS
      0x1004: 'out:8', // ARCH_GET_GS
      0x1021: 'out:8', // ARCH_GET_XCOMP_SUPP
      0x1022: 'out:8', // ARCH_GET_XCOMP_PERM
      0x1024: 'out:8', // ARCH_GET_XCOMP_GUEST_PERM
    },
  },
  {
    syscall: 'prctl',
    arg: 1,
    selector: 0,
    cases: {
      // The comm name: TASK_COMM_LEN bytes.
      15: 'in:16', // PR_SET_NAME
      16: 'out:16', // PR_GET_NAME
      2: 'out:4', // PR_GET_PDEATHSIG
      5: 'out:4', // PR_GET_UNALIGN
      9: 'out:4', // PR_GET_FPEMU
      11: 'out:4', // PR_GET_FPEXC
      19: 'out:4', // PR_GET_ENDIAN
      25: 'out:4', // PR_GET_TSC
      37: 'out:4', // PR_GET_CHILD_SUBREAPER
      40: 'out:8', // PR_GET_TID_ADDRESS
    },
  },
  {
    syscall: 'prctl',
    arg: 2,
    selector: 0,
    cases: {
      // struct sock_fprog when arg 1 is SECCOMP_MODE_FILTER; NULL for SECCOMP_MODE_STRICT.
      22: 'fprog-in', // PR_SET_SECCOMP
    },
  },
  {
    syscall: 'prctl',
    arg: 4,
    selector: 0,
    cases: {
      // The name for PR_SET_VMA_ANON_NAME, its only sub-command.
      0x53564d41: 'str', // PR_SET_VMA
    },
  },
  {
    syscall: 'fsconfig',
    arg: 3,
    selector: 1,
    mask: 0xffffffff,
    cases: {
      1: 'str', // FSCONFIG_SET_STRING
      2: 'in:a4', // FSCONFIG_SET_BINARY (aux is the length)
      3: 'path', // FSCONFIG_SET_PATH
      4: 'path', // FSCONFIG_SET_PATH_EMPTY
    },
  },
  {
    syscall: 'keyctl',
    arg: 1,
    selector: 0,
    mask: 0xffffffff,
    cases: { 1: 'str' }, // KEYCTL_JOIN_SESSION_KEYRING
  },
  {
    syscall: 'keyctl',
    arg: 2,
    selector: 0,
    mask: 0xffffffff,
    cases: {
      2: 'in:a3', // KEYCTL_UPDATE
      // The kernel returns the full size, which may exceed the buffer: trace-q prints min(ret, len) bytes.
      6: 'out:ret', // KEYCTL_DESCRIBE
      10: 'str', // KEYCTL_SEARCH
      11: 'out:ret', // KEYCTL_READ
      12: 'in:a3', // KEYCTL_INSTANTIATE
      17: 'out:ret', // KEYCTL_GET_SECURITY
      29: 'str', // KEYCTL_RESTRICT_KEYRING
    },
  },
  {
    syscall: 'keyctl',
    arg: 3,
    selector: 0,
    mask: 0xffffffff,
    cases: { 10: 'str', 29: 'str' }, // KEYCTL_SEARCH, KEYCTL_RESTRICT_KEYRING
  },
  {
    syscall: 'reboot',
    arg: 3,
    selector: 2,
    mask: 0xffffffff,
    cases: { 0xa1b2c3d4: 'str' }, // LINUX_REBOOT_CMD_RESTART2
  },
  {
    syscall: 'kcmp',
    arg: 4,
    selector: 2,
    mask: 0xffffffff,
    cases: {
      7: 'in:12', // KCMP_EPOLL_TFD (struct kcmp_epoll_slot)
    },
  },
  {
    syscall: 'seccomp',
    arg: 2,
    selector: 0,
    cases: {
      1: 'fprog-in', // SECCOMP_SET_MODE_FILTER (struct sock_fprog and its program)
      2: 'in:4', // SECCOMP_GET_ACTION_AVAIL
      3: 'out:6', // SECCOMP_GET_NOTIF_SIZES
    },
  },
  {
    syscall: 'ptrace',
    arg: 3,
    selector: 0,
    cases: {
      // The raw syscall stores peeked words through data; glibc's wrapper returns them.
      1: 'out:8', // PTRACE_PEEKTEXT
      2: 'out:8', // PTRACE_PEEKDATA
      3: 'out:8', // PTRACE_PEEKUSER
      12: 'out:216', // PTRACE_GETREGS (struct user_regs_struct)
      13: 'in:216', // PTRACE_SETREGS
      14: 'out:512', // PTRACE_GETFPREGS (struct user_fpregs_struct)
      15: 'in:512', // PTRACE_SETFPREGS
      0x4201: 'out:8', // PTRACE_GETEVENTMSG
      0x4202: 'out:128', // PTRACE_GETSIGINFO
      0x4203: 'in:128', // PTRACE_SETSIGINFO
      // struct iovec and the regset it holds.
      0x4204: 'iov1-out', // PTRACE_GETREGSET
      0x4205: 'iov1-in', // PTRACE_SETREGSET
      // siginfo_t[ret].
      0x4209: 'out:ret*128', // PTRACE_PEEKSIGINFO
      // A kernel sigset of addr bytes.
      0x420a: 'out:a2', // PTRACE_GETSIGMASK
      0x420b: 'in:a2', // PTRACE_SETSIGMASK
      // struct sock_filter[ret].
      0x420c: 'out:ret*8', // PTRACE_SECCOMP_GET_FILTER
      // struct seccomp_metadata {u64 filter_off; u64 flags}: the offset in, the flags out.
      0x420d: 'inout:16', // PTRACE_SECCOMP_GET_METADATA
      // struct ptrace_syscall_info, addr bytes at most.
      0x420e: 'out:a2', // PTRACE_GET_SYSCALL_INFO
    },
  },
  {
    syscall: 'bpf',
    arg: 1,
    selector: 0,
    mask: 0xffffffff,
    cases: {
      // the attr, then insns (insn_cnt * 8 bytes), license, log_buf (log_size bytes)
      5: 'deep-in:a2,8:@4*8,16:str,32:@28*1', // BPF_PROG_LOAD
      6: 'deep-in:a2,0:path', // BPF_OBJ_PIN
      7: 'deep-in:a2,0:path', // BPF_OBJ_GET
      17: 'deep-in:a2,0:str', // BPF_RAW_TRACEPOINT_OPEN
      18: 'deep-in:a2,0:@16*1', // BPF_BTF_LOAD (the BTF data, btf_size bytes)
      20: 'deep-inout:a2,16:@12*1', // BPF_TASK_FD_QUERY (buf, buf_len bytes, filled in by the kernel)
      // BPF_LINK_CREATE: TRACE_ITER's iter_info (iter_info_len 4-byte elements), TRACE_KPROBE_MULTI's addrs and cookies (cnt u64s)
      28: 'deep-in:a2,16:@24*4,32:@20*8,40:@20*8',
    },
    // The other commands: the attr, which some fill in (next_id, info_len, prog_cnt...).
    otherwise: 'inout:a2',
  },
  {
    syscall: 'io_uring_register',
    arg: 2,
    selector: 1,
    mask: 0xffffffff,
    cases: {
      0: 'in:a3*16', // IORING_REGISTER_BUFFERS (struct iovec[nr_args])
      2: 'in:a3*4', // IORING_REGISTER_FILES (int[nr_args])
      4: 'in:4', // IORING_REGISTER_EVENTFD
      7: 'in:4', // IORING_REGISTER_EVENTFD_ASYNC
      6: 'deep-in:16,8:a3*4', // IORING_REGISTER_FILES_UPDATE (struct io_uring_files_update and its fds)
      8: 'inout:a3*8+16', // IORING_REGISTER_PROBE (struct io_uring_probe and nr_args ops, filled in by the kernel)
      11: 'in:a3*16', // IORING_REGISTER_RESTRICTIONS
      // struct io_uring_rsrc_register {nr, flags, resv2, data, tags} and its data (fds or iovecs) and tags.
      13: 'deep-in:32,16:@0*4,24:@0*8', // IORING_REGISTER_FILES2
      15: 'deep-in:32,16:@0*16,24:@0*8', // IORING_REGISTER_BUFFERS2
      // struct io_uring_rsrc_update2 {offset, resv, data, tags, nr, resv2}.
      14: 'deep-in:32,8:@24*4,16:@24*8', // IORING_REGISTER_FILES_UPDATE2
      16: 'deep-in:32,8:@24*16,16:@24*8', // IORING_REGISTER_BUFFERS_UPDATE
      17: 'in:a3', // IORING_REGISTER_IOWQ_AFF (a CPU mask of nr_args bytes)
      19: 'inout:a3*4', // IORING_REGISTER_IOWQ_MAX_WORKERS
      20: 'in:a3*16', // IORING_REGISTER_RING_FDS (struct io_uring_rsrc_update[nr_args])
      21: 'in:a3*16', // IORING_UNREGISTER_RING_FDS
    },
  },
  {
    syscall: 'setsockopt',
    arg: 3,
    selector: 2,
    mask: 0xffffffff,
    // struct sock_fprog and its program (SO_ATTACH_FILTER, SO_ATTACH_REUSEPORT_CBPF; the same
    // numbers at other levels read 16 bytes).
    cases: { 26: 'fprog-in', 51: 'fprog-in' },
    otherwise: 'in:a4',
  },
  {
    syscall: 'getsockopt',
    arg: 3,
    selector: 2,
    mask: 0xffffffff,
    // SO_GET_FILTER's optlen counts struct sock_filter instructions.
    cases: { 26: 'out:*a4*8' },
    otherwise: 'out:*a4',
  },
  {
    syscall: 'ptrace',
    arg: 2,
    selector: 0,
    cases: {
      // struct ptrace_peeksiginfo_args {u64 off; u32 flags; s32 nr}.
      0x4209: 'in:16', // PTRACE_PEEKSIGINFO
    },
  },
];

/**
 * The spec text a select entry yields for a selector argument value, or
 * undefined when no case applies. `selectorValue` is the raw register value
 * (a bigint or a non-negative number).
 */
export function selectCase(entry: SelectCapture, selectorValue: bigint | number): string | undefined {
  let v = BigInt.asUintN(64, BigInt(selectorValue));
  if (entry.mask !== undefined) v &= BigInt(entry.mask);
  const key = Number(v);
  if (!Number.isSafeInteger(key) || !Object.hasOwn(entry.cases, key)) return entry.otherwise;
  return entry.cases[key];
}
