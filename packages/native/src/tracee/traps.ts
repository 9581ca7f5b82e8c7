import { syscallTable } from '../arch/x86_64/syscall-table.js';
import { siginfoOffset } from '../arch/x86_64/siginfo.js';
import { ARCH_SET_CPUID } from './cpuid.js';

const numberOf = (name: string): number => syscallTable.find((d) => d.name === name)!.nr;

/** A syscall a tracee is made to run (see injectSyscall). */
export interface Injection {
  readonly nr: number;
  readonly args: readonly number[];
}

/** rdtsc and rdtscp fault (SIGSEGV) from now on, in this thread and what it forks and execs. */
export const TRAP_TSC: Injection = { nr: numberOf('prctl'), args: [26 /* PR_SET_TSC */, 2 /* PR_TSC_SIGSEGV */] };

/** cpuid faults (SIGSEGV) until the next execve, which resets it. */
export const FAULT_CPUID: Injection = { nr: numberOf('arch_prctl'), args: [ARCH_SET_CPUID, 0] };

const SI_KERNEL = 0x80;

/** Whether a SIGSEGV's siginfo says the kernel sent it for a trapped instruction (not a bad access). */
export function isTrapFault(siginfo: Buffer): boolean {
  return siginfo.readInt32LE(siginfoOffset.code) === SI_KERNEL;
}
