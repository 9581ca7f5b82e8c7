/**
 * Where an emulated descriptor-making call keeps its close-on-exec flag, and the flag's bit: the
 * placeholder must share it, so that an exec closes it exactly when it closed the recorded one.
 * (O_CLOEXEC, SOCK_CLOEXEC, EFD_CLOEXEC, EPOLL_CLOEXEC, TFD_CLOEXEC, IN_CLOEXEC and SFD_CLOEXEC
 * are all 0o2000000; MFD_CLOEXEC is 1.)
 */
const O_CLOEXEC = 0o2000000n;

export const placeholderCloexec: Readonly<Record<string, readonly [arg: number, bit: bigint]>> = {
  open: [1, O_CLOEXEC],
  openat: [2, O_CLOEXEC],
  socket: [1, O_CLOEXEC],
  accept4: [3, O_CLOEXEC],
  eventfd2: [1, O_CLOEXEC],
  epoll_create1: [0, O_CLOEXEC],
  timerfd_create: [1, O_CLOEXEC],
  inotify_init1: [0, O_CLOEXEC],
  signalfd4: [3, O_CLOEXEC],
  memfd_create: [1, 1n],
};
