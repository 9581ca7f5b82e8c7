import { PTRACE_GETREGS, PTRACE_SINGLESTEP, REGS_SIZE, WIFSTOPPED, WSTOPSIG, __WALL, preemptionRegs, regOffset } from '@tracedb/native';
import { libc } from '@tracedb/native/libc';
import type { TraceeMemory } from '@tracedb/native/tracee';

const SIGTRAP = 5;
/**
 * Instructions stepped at most to meet a recorded preemption point (about 0.1 s of single steps):
 * a spin-wait's registers recur within a few iterations of its loop (the spin fixtures' within 30
 * steps), while a thread preempted after computing for a whole slice is millions of instructions away.
 */
export const PREEMPTION_STEPS = 5_000;

export type PreemptionOutcome = 'reached' | 'syscall' | 'limit' | 'gone';

/**
 * Runs the stopped thread `tid` one instruction at a time until its registers are the ones the
 * recording had where it preempted the thread (issue 13: a PTRACE_INTERRUPT of a thread in user
 * space, recorded with its registers). Without hardware counters this is the best the replay can
 * do: 'syscall' when the thread reaches a syscall instruction first, 'limit' after `limit`
 * instructions; either way the thread runs on to its next syscall (see ReplayLoop.meetPreemption).
 */
export function runToPreemption(pid: number, tid: number, recorded: Buffer, mem: TraceeMemory, limit = PREEMPTION_STEPS): PreemptionOutcome {
  const regs = Buffer.alloc(REGS_SIZE);
  const status = new Int32Array(1);
  for (let i = 0; i <= limit; i++) {
    if (libc.ptracePtr(PTRACE_GETREGS, tid, 0, regs) !== 0) return 'gone';
    if (preemptionRegs.every((r) => regs.readBigUInt64LE(regOffset[r]) === recorded.readBigUInt64LE(regOffset[r]))) return 'reached';
    if (i === limit) break;
    const insn = mem.read(pid, regs.readBigUInt64LE(regOffset.rip), 2);
    if (insn !== null && insn[0] === 0x0f && insn[1] === 0x05) return 'syscall';
    if (libc.ptraceInt(PTRACE_SINGLESTEP, tid, 0, 0) !== 0) return 'gone';
    if (libc.waitpid(tid, status, __WALL) !== tid || !WIFSTOPPED(status[0]) || WSTOPSIG(status[0]) !== SIGTRAP) return 'gone';
  }
  return 'limit';
}
