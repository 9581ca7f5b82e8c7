import { parseIntArg, splitArgs } from '../import/strace-args.js';
import type { TraceCall } from './trace.js';

// The few argument values that say WHICH operation a multiplexing syscall performs: they are
// part of the alignment key, and must read the same from registers and from strace's text.

export const FCNTL_CMDS = new Map<string, number>([
  ['F_DUPFD', 0], ['F_GETFD', 1], ['F_SETFD', 2], ['F_GETFL', 3], ['F_SETFL', 4], ['F_GETLK', 5], ['F_SETLK', 6], ['F_SETLKW', 7],
  ['F_SETOWN', 8], ['F_GETOWN', 9], ['F_SETSIG', 10], ['F_GETSIG', 11], ['F_SETOWN_EX', 15], ['F_GETOWN_EX', 16],
  ['F_OFD_GETLK', 36], ['F_OFD_SETLK', 37], ['F_OFD_SETLKW', 38], ['F_SETLEASE', 1024], ['F_GETLEASE', 1025], ['F_NOTIFY', 1026],
  ['F_DUPFD_CLOEXEC', 1030], ['F_SETPIPE_SZ', 1031], ['F_GETPIPE_SZ', 1032], ['F_ADD_SEALS', 1033], ['F_GET_SEALS', 1034],
]);

export const IOCTL_CMDS = new Map<string, number>([
  ['TCGETS', 0x5401], ['TCSETS', 0x5402], ['TCSETSW', 0x5403], ['TCSETSF', 0x5404], ['TCGETA', 0x5405], ['TCSETA', 0x5406],
  ['TCSBRK', 0x5409], ['TCXONC', 0x540a], ['TCFLSH', 0x540b], ['TIOCEXCL', 0x540c], ['TIOCNXCL', 0x540d], ['TIOCSCTTY', 0x540e],
  ['TIOCGPGRP', 0x540f], ['TIOCSPGRP', 0x5410], ['TIOCOUTQ', 0x5411], ['TIOCSTI', 0x5412], ['TIOCGWINSZ', 0x5413], ['TIOCSWINSZ', 0x5414],
  ['TIOCMGET', 0x5415], ['FIONREAD', 0x541b], ['TIOCLINUX', 0x541c], ['TIOCNOTTY', 0x5422], ['FIONBIO', 0x5421], ['TIOCGSID', 0x5429],
  ['TCGETS2', 0x802c542a], ['TCSETS2', 0x402c542b], ['TIOCGPTN', 0x80045430], ['TIOCSPTLCK', 0x40045431],
  ['FIONCLEX', 0x5450], ['FIOCLEX', 0x5451], ['FIOASYNC', 0x5452], ['TIOCGPTPEER', 0x5441],
]);
export const IOCTL_NAMES = new Map([...IOCTL_CMDS].map(([k, v]) => [v, k]));

const TERMINAL_IOCTLS = new Set([0x5401, 0x5402, 0x5403, 0x5404, 0x5405, 0x540f, 0x5410, 0x5413, 0x5414, 0x5429, 0x802c542a]);

/** The command of an ioctl or fcntl call, as a number when it can be told, else strace's text. */
export function operation(c: TraceCall): string {
  if (c.name !== 'ioctl' && c.name !== 'fcntl') return '';
  const names = c.name === 'ioctl' ? IOCTL_CMDS : FCNTL_CMDS;
  if (c.text) {
    let cmd = splitArgs(c.text.args)[1] ?? '';
    // strace prints ambiguous ioctl numbers as "SNDCTL_TMR_TIMEBASE or TCGETS"
    if (cmd.includes(' or ')) cmd = cmd.split(' or ').at(-1)!;
    const n = names.get(cmd) ?? parseIntArg(cmd);
    return n === null ? cmd : String(Number(n) >>> 0);
  }
  const v = c.args[1];
  return v === null ? '' : String(Number(BigInt.asUintN(32, BigInt(v))));
}

/** Whether a call is a terminal ioctl (isatty's TCGETS, the window size…). */
export function isTerminalIoctl(c: TraceCall): boolean {
  return c.name === 'ioctl' && TERMINAL_IOCTLS.has(Number(operation(c)));
}

/** Syscalls that do the same thing: a different libc or kernel may use one for another. */
const FAMILIES: string[][] = [
  ['stat', 'lstat', 'fstat', 'newfstatat', 'statx', 'fstatat64'],
  ['open', 'openat', 'openat2', 'creat'],
  ['access', 'faccessat', 'faccessat2'],
  ['clone', 'clone3', 'fork', 'vfork'],
  ['dup2', 'dup3'],
  ['pipe', 'pipe2'],
  ['select', 'pselect6', 'poll', 'ppoll'],
  ['epoll_wait', 'epoll_pwait', 'epoll_pwait2'],
  ['epoll_create', 'epoll_create1'],
  ['eventfd', 'eventfd2'],
  ['signalfd', 'signalfd4'],
  ['inotify_init', 'inotify_init1'],
  ['accept', 'accept4'],
  ['getdents', 'getdents64'],
  ['wait4', 'waitid'],
  ['readlink', 'readlinkat'],
  ['unlink', 'unlinkat', 'rmdir'],
  ['mkdir', 'mkdirat'],
  ['rename', 'renameat', 'renameat2'],
  ['link', 'linkat'],
  ['symlink', 'symlinkat'],
  ['chmod', 'fchmodat', 'fchmodat2'],
  ['chown', 'lchown', 'fchownat'],
  ['utime', 'utimes', 'utimensat', 'futimesat'],
  ['time', 'gettimeofday', 'clock_gettime'],
  ['nanosleep', 'clock_nanosleep'],
  ['getrlimit', 'setrlimit', 'prlimit64'],
  ['sendfile', 'copy_file_range', 'splice'],
  ['mmap', 'mmap2'],
  ['rt_sigprocmask', 'sigprocmask'],
  ['rt_sigaction', 'sigaction', 'signal'],
  ['read', 'pread64', 'readv', 'preadv', 'preadv2'],
  ['write', 'pwrite64', 'writev', 'pwritev', 'pwritev2'],
  ['exit', 'exit_group'],
];
const FAMILY = new Map<string, string>();
for (const f of FAMILIES) for (const name of f) FAMILY.set(name, f[0]);

/** The family a syscall belongs to (its own name when it has none). */
export function family(name: string): string {
  return FAMILY.get(name) ?? name;
}
