import { PTRACE_POKEUSR } from '../generated/ptrace-constants.js';
import { libc } from '../libc/libc.js';

/** offsetof(struct user, u_debugreg) on x86_64: DR0…DR7, 8 bytes each. */
const DEBUGREG = 848;
const DR7 = DEBUGREG + 7 * 8;
/** si_code of the SIGTRAP a hardware breakpoint raises. */
export const TRAP_HWBKPT = 4;

/**
 * A hardware breakpoint on the execution of the instruction at `addr` in thread `tid`: DR0 =
 * addr, and in DR7 L0 set with RW0 = LEN0 = 0 (execution). The thread stops with SIGTRAP
 * (si_code TRAP_HWBKPT) before it executes that instruction.
 */
export function breakAt(tid: number, addr: bigint): boolean {
  return libc.ptraceWord(PTRACE_POKEUSR, tid, DEBUGREG, addr) === 0 && libc.ptraceWord(PTRACE_POKEUSR, tid, DR7, 1n) === 0;
}

/** Disables the breakpoints breakAt set. */
export function clearBreaks(tid: number): void {
  libc.ptraceWord(PTRACE_POKEUSR, tid, DR7, 0n);
}
