/** siginfo_t on x86_64: 128 bytes; the union starts at offset 16. */
export const SIGINFO_SIZE = 128;

export const siginfoOffset = {
  signo: 0,
  errno: 4,
  code: 8,
  pid: 16, // kill, sigqueue, SIGCHLD
  uid: 20,
  status: 24, // SIGCHLD
  utime: 32, // SIGCHLD (clock_t, 8 bytes)
  stime: 40,
  addr: 16, // SIGSEGV, SIGBUS, SIGILL, SIGFPE (8 bytes)
  timerid: 16, // POSIX timers
  overrun: 20,
  value: 24, // sigqueue, timers (sigval, 8 bytes)
  band: 16, // SIGPOLL (long)
  fd: 24,
  syscall: 24, // SIGSYS: call_addr at 16 (8 bytes), syscall at 24, arch at 28
  arch: 28,
} as const;
