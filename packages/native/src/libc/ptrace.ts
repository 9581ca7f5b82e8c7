import { ErrnoError } from '../errno-error.js';
import { errno, libc, setErrno } from './libc.js';
import { REGS_SIZE } from '../arch/x86_64/regs.js';
import { SIGINFO_SIZE } from '../arch/x86_64/siginfo.js';
import { SYSCALL_INFO_SIZE } from '../arch/x86_64/syscall-info.js';
import {
  PTRACE_CONT,
  PTRACE_DETACH,
  PTRACE_GETEVENTMSG,
  PTRACE_GETREGS,
  PTRACE_GETSIGINFO,
  PTRACE_GET_SYSCALL_INFO,
  PTRACE_INTERRUPT,
  PTRACE_LISTEN,
  PTRACE_PEEKDATA,
  PTRACE_SEIZE,
  PTRACE_SETOPTIONS,
  PTRACE_SETREGS,
  PTRACE_SYSCALL,
} from '../generated/ptrace-constants.js';

// Typed ptrace requests that throw ErrnoError. The tracing loop calls `libc` directly instead,
// checking return values itself: no exceptions or allocations on its hot path.

function check(r: number, request: string, tid: number): number {
  if (r < 0) throw new ErrnoError(`${request}(${tid})`, errno());
  return r;
}

export const ptrace = {
  seize: (tid: number, options: number): void => void check(libc.ptraceInt(PTRACE_SEIZE, tid, 0, options), 'PTRACE_SEIZE', tid),
  setOptions: (tid: number, options: number): void => void check(libc.ptraceInt(PTRACE_SETOPTIONS, tid, 0, options), 'PTRACE_SETOPTIONS', tid),
  interrupt: (tid: number): void => void check(libc.ptraceInt(PTRACE_INTERRUPT, tid, 0, 0), 'PTRACE_INTERRUPT', tid),
  syscall: (tid: number, sig = 0): void => void check(libc.ptraceInt(PTRACE_SYSCALL, tid, 0, sig), 'PTRACE_SYSCALL', tid),
  cont: (tid: number, sig = 0): void => void check(libc.ptraceInt(PTRACE_CONT, tid, 0, sig), 'PTRACE_CONT', tid),
  listen: (tid: number): void => void check(libc.ptraceInt(PTRACE_LISTEN, tid, 0, 0), 'PTRACE_LISTEN', tid),
  detach: (tid: number, sig = 0): void => void check(libc.ptraceInt(PTRACE_DETACH, tid, 0, sig), 'PTRACE_DETACH', tid),
  getRegs: (tid: number, out: Buffer = Buffer.alloc(REGS_SIZE)): Buffer => {
    check(libc.ptracePtr(PTRACE_GETREGS, tid, 0, out), 'PTRACE_GETREGS', tid);
    return out;
  },
  setRegs: (tid: number, regs: Buffer): void => void check(libc.ptracePtr(PTRACE_SETREGS, tid, 0, regs), 'PTRACE_SETREGS', tid),
  getSiginfo: (tid: number, out: Buffer = Buffer.alloc(SIGINFO_SIZE)): Buffer => {
    check(libc.ptracePtr(PTRACE_GETSIGINFO, tid, 0, out), 'PTRACE_GETSIGINFO', tid);
    return out;
  },
  getEventMsg: (tid: number): bigint => {
    const out = Buffer.alloc(8);
    check(libc.ptracePtr(PTRACE_GETEVENTMSG, tid, 0, out), 'PTRACE_GETEVENTMSG', tid);
    return out.readBigUInt64LE(0);
  },
  getSyscallInfo: (tid: number, out: Buffer = Buffer.alloc(SYSCALL_INFO_SIZE)): Buffer => {
    check(libc.ptracePtr(PTRACE_GET_SYSCALL_INFO, tid, SYSCALL_INFO_SIZE, out), 'PTRACE_GET_SYSCALL_INFO', tid);
    return out;
  },
  /** One word of tracee memory. PEEKDATA returns the word itself, so errno tells failure apart. */
  peekData: (tid: number, addr: number): bigint => {
    setErrno(0);
    const v = BigInt(libc.ptracePeek(PTRACE_PEEKDATA, tid, addr, 0));
    if (errno() !== 0) throw new ErrnoError(`PTRACE_PEEKDATA(${tid})`, errno());
    return BigInt.asUintN(64, v);
  },
};
