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
}

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
  return { aslr: 'off', vdso: 'hidden', tsc: 'trapped', cpuid: trapCpuid ? CPUID_TRAPPED : CPUID_NOT_ASKED, rseq: 'ENOSYS', captures: 'full', files: 'hashed when mapped; non-system files copied' };
}
