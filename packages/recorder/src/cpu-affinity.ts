import os from 'node:os';
import { libc } from '@tracedb/native/libc';

export const MASK_BYTES = 128; // 1024 CPUs, glibc's cpu_set_t

/** A CPU list (`[0, 1]`) as a kernel cpumask. */
export function cpuMask(cpus: readonly number[]): Buffer {
  const mask = Buffer.alloc(MASK_BYTES);
  for (const cpu of cpus) mask[cpu >> 3] |= 1 << (cpu & 7);
  return mask;
}

/** Pins one thread (0: the calling one; sched_setaffinity is per thread) to `cpus`. */
export function pinThread(tid: number, cpus: readonly number[]): boolean {
  if (cpus.length === 0) return false;
  const mask = cpuMask(cpus);
  return libc.sched_setaffinity(tid, mask.length, mask) === 0;
}

/** Every CPU but `cpu`: where trace-replay's feeder and ticker go, so they never compete with the replayed program. */
export function otherCpus(cpu: number): number[] {
  return os
    .cpus()
    .map((_, i) => i)
    .filter((i) => i !== cpu);
}
