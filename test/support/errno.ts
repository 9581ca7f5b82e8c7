// Linux errno and signal names (x86_64), for turning strace's symbolic output
// back into the raw numbers the kernel (and so a recording) holds.
//
// The errno table is /usr/include/asm-generic/errno-base.h + errno.h, plus the
// kernel-internal restart codes of include/linux/errno.h that a tracer sees at
// syscall-exit stops (strace prints them as "= ? ERESTARTSYS (...)").

import { constants } from 'node:os';

export const ERRNO: Readonly<Record<string, number>> = Object.freeze({
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, ENXIO: 6, E2BIG: 7, ENOEXEC: 8,
  EBADF: 9, ECHILD: 10, EAGAIN: 11, EWOULDBLOCK: 11, ENOMEM: 12, EACCES: 13,
  EFAULT: 14, ENOTBLK: 15, EBUSY: 16, EEXIST: 17, EXDEV: 18, ENODEV: 19,
  ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENFILE: 23, EMFILE: 24, ENOTTY: 25,
  ETXTBSY: 26, EFBIG: 27, ENOSPC: 28, ESPIPE: 29, EROFS: 30, EMLINK: 31,
  EPIPE: 32, EDOM: 33, ERANGE: 34, EDEADLK: 35, EDEADLOCK: 35,
  ENAMETOOLONG: 36, ENOLCK: 37, ENOSYS: 38, ENOTEMPTY: 39, ELOOP: 40,
  ENOMSG: 42, EIDRM: 43, ECHRNG: 44, EL2NSYNC: 45, EL3HLT: 46, EL3RST: 47,
  ELNRNG: 48, EUNATCH: 49, ENOCSI: 50, EL2HLT: 51, EBADE: 52, EBADR: 53,
  EXFULL: 54, ENOANO: 55, EBADRQC: 56, EBADSLT: 57, EBFONT: 59, ENOSTR: 60,
  ENODATA: 61, ETIME: 62, ENOSR: 63, ENONET: 64, ENOPKG: 65, EREMOTE: 66,
  ENOLINK: 67, EADV: 68, ESRMNT: 69, ECOMM: 70, EPROTO: 71, EMULTIHOP: 72,
  EDOTDOT: 73, EBADMSG: 74, EOVERFLOW: 75, ENOTUNIQ: 76, EBADFD: 77,
  EREMCHG: 78, ELIBACC: 79, ELIBBAD: 80, ELIBSCN: 81, ELIBMAX: 82,
  ELIBEXEC: 83, EILSEQ: 84, ERESTART: 85, ESTRPIPE: 86, EUSERS: 87,
  ENOTSOCK: 88, EDESTADDRREQ: 89, EMSGSIZE: 90, EPROTOTYPE: 91,
  ENOPROTOOPT: 92, EPROTONOSUPPORT: 93, ESOCKTNOSUPPORT: 94, EOPNOTSUPP: 95,
  ENOTSUP: 95, EPFNOSUPPORT: 96, EAFNOSUPPORT: 97, EADDRINUSE: 98,
  EADDRNOTAVAIL: 99, ENETDOWN: 100, ENETUNREACH: 101, ENETRESET: 102,
  ECONNABORTED: 103, ECONNRESET: 104, ENOBUFS: 105, EISCONN: 106,
  ENOTCONN: 107, ESHUTDOWN: 108, ETOOMANYREFS: 109, ETIMEDOUT: 110,
  ECONNREFUSED: 111, EHOSTDOWN: 112, EHOSTUNREACH: 113, EALREADY: 114,
  EINPROGRESS: 115, ESTALE: 116, EUCLEAN: 117, ENOTNAM: 118, ENAVAIL: 119,
  EISNAM: 120, EREMOTEIO: 121, EDQUOT: 122, ENOMEDIUM: 123, EMEDIUMTYPE: 124,
  ECANCELED: 125, ENOKEY: 126, EKEYEXPIRED: 127, EKEYREVOKED: 128,
  EKEYREJECTED: 129, EOWNERDEAD: 130, ENOTRECOVERABLE: 131, ERFKILL: 132,
  EHWPOISON: 133,
  // kernel-internal (include/linux/errno.h): never seen by the program, but
  // visible to a tracer at the syscall-exit stop of an interrupted syscall.
  ERESTARTSYS: 512, ERESTARTNOINTR: 513, ERESTARTNOHAND: 514, ENOIOCTLCMD: 515,
  ERESTART_RESTARTBLOCK: 516, EPROBE_DEFER: 517, EOPENSTALE: 518, ENOPARAM: 519,
  EBADHANDLE: 521, ENOTSYNC: 522, EBADCOOKIE: 523, ENOTSUPP: 524, ETOOSMALL: 525,
  ESERVERFAULT: 526, EBADTYPE: 527, EJUKEBOX: 528, EIOCBQUEUED: 529,
  ERECALLCONFLICT: 530,
});

/** errno name (as strace prints it) → positive errno number. Throws on an unknown name. */
export function errnoNumber(name: string): number {
  const n = ERRNO[name];
  if (n !== undefined) return n;
  const m = /^ERRNO_(\d+)$/.exec(name); // strace's spelling for numbers it has no name for
  if (m) return Number(m[1]);
  throw new Error(`unknown errno name ${JSON.stringify(name)}`);
}

const SIGRTMIN_KERNEL = 32;

/** Signal name as strace prints it (SIGUSR1, SIGRTMIN, SIGRT_3) → number. Throws on an unknown name. */
export function signalNumber(name: string): number {
  const n = (constants.signals as Record<string, number>)[name];
  if (n !== undefined) return n;
  if (name === 'SIGRTMIN') return SIGRTMIN_KERNEL;
  const m = /^SIGRT_(\d+)$/.exec(name);
  if (m) return SIGRTMIN_KERNEL + Number(m[1]);
  throw new Error(`unknown signal name ${JSON.stringify(name)}`);
}

export const SIG = Object.freeze({
  SIGTRAP: 5, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGTERM: 15, SIGCHLD: 17,
  SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22,
});

/** Signals whose default action stops the process (the ones a group-stop can be for). */
export const STOP_SIGNALS: ReadonlySet<number> = new Set([SIG.SIGSTOP, SIG.SIGTSTP, SIG.SIGTTIN, SIG.SIGTTOU]);
