// recording.options.replayable: what trace-rec --replayable put in force (see tracer/replay-controls.ts).

/** What was in force, as recording.options.replayable says it (see the README). */
export interface ReplayableOptions {
  aslr: string;
  vdso: string;
  tsc: string;
  cpuid: string;
  rseq: string;
  captures: string;
  files: string;
  /** One tracee in user space at a time (tracer/serial-schedule.ts). */
  serialized: boolean;
  /** The watchdog's time slice (PREEMPT_SLICE_MS). */
  preemptSliceMs: number;
  /** How long a computing thread may keep running while others wait (PREEMPT_COMPUTE_MS). */
  preemptComputeMs: number;
  /** Asynchronous signals held until their thread's next syscall stop (or a time slice). */
  holdSignals: boolean;
}

/**
 * --replayable's time slice: how long a thread may run user code without a stop while others
 * wait before the watchdog interrupts it, and how long a held signal waits for its thread's next
 * syscall. Long enough that a thread busy between two syscalls is rarely cut (a preemption
 * point is the one place a replay cannot hit exactly), short enough that a spin-wait costs little.
 */
export const PREEMPT_SLICE_MS = 30;

/**
 * A thread found computing when its slice ends (no register state recurred within a few hundred
 * single steps: not a spin-wait) runs on, holding the token, checked again after twice as long,
 * until it has had this much CPU time: only then is it preempted in a computation, the point a
 * replay can only run past. Threads that compute between syscalls for less than this (sort's, sorting their
 * halves) are never preempted; a spin-wait is preempted after one slice, where its loop recurs.
 */
export const PREEMPT_COMPUTE_MS = 500;

export const CPUID_TRAPPED = 'trapped';
/**
 * cpuid faulting is an MSR that the kernel writes at every switch between a faulting task and
 * another; under ptrace that is two switches per stop, and on a VM each write exits to the
 * hypervisor (~8 µs measured here): so only on request.
 */
export const CPUID_NOT_ASKED = 'not trapped (--trap-cpuid)';
/**
 * Without the kernel's cpuid driver (/dev/cpu/N/cpuid) a faulting cpuid could not be answered:
 * trace-rec, in JavaScript, cannot execute the instruction for the program.
 */
export const CPUID_NO_DRIVER = 'not trapped: no /dev/cpu/N/cpuid to answer it with';

/** The controls a --replayable recording asks for, before the tracer reports what it got. */
export function intendedReplayable(trapCpuid: boolean): ReplayableOptions {
  return { aslr: 'off', vdso: 'hidden', tsc: 'trapped', cpuid: trapCpuid ? CPUID_TRAPPED : CPUID_NOT_ASKED, rseq: 'ENOSYS', captures: 'full', files: 'hashed when mapped; non-system files copied', serialized: true, preemptSliceMs: PREEMPT_SLICE_MS, preemptComputeMs: PREEMPT_COMPUTE_MS, holdSignals: true };
}
