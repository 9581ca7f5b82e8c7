import { PTRACE_GETREGS, PTRACE_SINGLESTEP, REGS_SIZE, WIFSTOPPED, WSTOPSIG, __WALL, preemptionRegs, regOffset } from '@tracedb/native';
import { libc } from '@tracedb/native/libc';
import type { TraceeMemory } from '@tracedb/native/tracee';

const SIGTRAP = 5;
/** Instructions stepped at most, looking for a state the thread was in before: a spin-wait's turn is a few. */
export const SPIN_STEPS = 256;

export type SpinCheck =
  /** its registers recurred: it waits in a loop for memory another thread writes; stopped in that loop */
  | { readonly kind: 'spin' }
  /** its next instruction is a syscall (or a trap): it will stop by itself */
  | { readonly kind: 'stops' }
  /** no state recurred within SPIN_STEPS instructions: it computes */
  | { readonly kind: 'computes' }
  /** it stopped otherwise meanwhile (a signal, its end): that stop's wait status, for the tracer */
  | { readonly kind: 'other'; readonly status: number }
  /** it is gone */
  | { readonly kind: 'gone' };

/** syscall, sysenter, int $0x80, int3: the thread stops at them without being stepped. */
function stopsAt(insn: Buffer | null): boolean {
  if (insn === null) return false;
  return (insn[0] === 0x0f && (insn[1] === 0x05 || insn[1] === 0x34)) || (insn[0] === 0xcd && insn[1] === 0x80) || insn[0] === 0xcc;
}

/**
 * Single-steps the stopped thread `tid` (of process `pid`) until its general registers are ones it
 * had before (a loop that changes nothing but waits: a spin-wait, which a replay reaches exactly
 * by stepping to the same registers) or SPIN_STEPS instructions have passed (a computation, which
 * no replay without counters can stop at the same instruction). A syscall instruction ends the
 * check before it is stepped over: its stops would be lost.
 */
export function spinCheck(pid: number, tid: number, mem: TraceeMemory): SpinCheck {
  const regs = Buffer.alloc(REGS_SIZE);
  const status = new Int32Array(1);
  const seen = new Set<string>();
  for (let i = 0; i < SPIN_STEPS; i++) {
    if (libc.ptracePtr(PTRACE_GETREGS, tid, 0, regs) !== 0) return { kind: 'gone' };
    const state = preemptionRegs.map((r) => regs.readBigUInt64LE(regOffset[r])).join(',');
    if (seen.has(state)) return { kind: 'spin' };
    seen.add(state);
    if (stopsAt(mem.read(pid, regs.readBigUInt64LE(regOffset.rip), 2))) return { kind: 'stops' };
    if (libc.ptraceInt(PTRACE_SINGLESTEP, tid, 0, 0) !== 0) return { kind: 'gone' };
    if (libc.waitpid(tid, status, __WALL) !== tid) return { kind: 'gone' };
    if (!WIFSTOPPED(status[0]) || WSTOPSIG(status[0]) !== SIGTRAP || status[0] >>> 16 !== 0) return { kind: 'other', status: status[0] };
  }
  return { kind: 'computes' };
}
