// Controls on a stopped tracee shared by the recorder (trace-rec --replayable) and the replayer:
// memory through /proc/PID/mem, the auxv of a fresh image, rdtsc/rdtscp emulation, syscall
// injection. They load koffi (through ../libc), so they have their own entry point.
export { readProcMem, TraceeMemory, writeProcMem } from './proc-mem.js';
export { AT_IGNORE, AT_NULL, AT_RANDOM, AT_RANDOM_SIZE, AT_SYSINFO_EHDR, findAuxv, hideVdso, readAtRandom, writeAtRandom } from './auxv.js';
export type { AuxvEntry } from './auxv.js';
export { emulateTsc, tscInstructionAt } from './tsc.js';
export type { TscInstruction } from './tsc.js';
export { injectSyscall } from './inject-syscall.js';
export { ARCH_SET_CPUID, cpuidAt, cpuidQuery, emulateCpuid, hostCpuid } from './cpuid.js';
export type { CpuidResult } from './cpuid.js';
export { traceeCpu } from './tracee-cpu.js';
export { FAULT_CPUID, TRAP_TSC, isTrapFault } from './traps.js';
export type { Injection } from './traps.js';
export { TRAP_HWBKPT, breakAt, clearBreaks } from './breakpoint.js';
export { installSeccompFilter } from './seccomp-install.js';
