/**
 * Where the descriptors a syscall makes end up: its return value, the int[2] an argument points
 * to, or the SCM_RIGHTS messages of the msghdr an argument points to.
 */
export type NewDescriptors =
  /** The return value; with `when`, only when argument `when.arg` (its low 32 bits) is one of `when.values`. */
  | { readonly at: 'ret'; readonly when?: { readonly arg: number; readonly values: readonly number[] } }
  | { readonly at: 'pair'; readonly arg: number }
  | { readonly at: 'scm-rights'; readonly arg: number };

const ret: NewDescriptors = { at: 'ret' };

/**
 * The syscalls that make descriptors for something (a file, a pipe, a socket, an eventfd…), not
 * copies of other descriptors (dup, fcntl F_DUPFD): trace-rec records what each one refers to
 * (fd_names), and trace-q -y shows it.
 */
export const newDescriptors: Readonly<Record<string, NewDescriptors>> = {
  open: ret, openat: ret, openat2: ret, creat: ret, open_by_handle_at: ret, socket: ret, accept: ret, accept4: ret,
  eventfd: ret, eventfd2: ret, epoll_create: ret, epoll_create1: ret, timerfd_create: ret, signalfd: ret, signalfd4: ret,
  inotify_init: ret, inotify_init1: ret, fanotify_init: ret, memfd_create: ret, memfd_secret: ret, pidfd_open: ret,
  pidfd_getfd: ret, userfaultfd: ret, perf_event_open: ret, io_uring_setup: ret, open_tree: ret, fsopen: ret, fspick: ret,
  fsmount: ret, landlock_create_ruleset: ret, mq_open: ret,
  pipe: { at: 'pair', arg: 0 },
  pipe2: { at: 'pair', arg: 0 },
  socketpair: { at: 'pair', arg: 3 },
  recvmsg: { at: 'scm-rights', arg: 1 },
  // BPF_MAP_CREATE, BPF_PROG_LOAD, BPF_OBJ_GET, BPF_*_GET_FD_BY_ID, BPF_RAW_TRACEPOINT_OPEN, BPF_BTF_LOAD,
  // BPF_LINK_CREATE, BPF_ENABLE_STATS, BPF_ITER_CREATE; the other commands return 0 or a count.
  bpf: { at: 'ret', when: { arg: 0, values: [0, 5, 7, 13, 14, 17, 18, 19, 28, 30, 32, 33] } },
};

/** Whether a call with these arguments (unsigned numbers) made descriptors where `d` says. */
export function makesDescriptors(d: NewDescriptors, arg: (i: number) => number | bigint): boolean {
  if (d.at !== 'ret' || d.when === undefined) return true;
  return d.when.values.includes(Number(BigInt.asUintN(32, BigInt(arg(d.when.arg)))));
}
