import os from 'node:os';
import { libc } from '@tracedb/native/libc';

/** Pins one thread (0: the calling one; sched_setaffinity is per thread) to `cpus`. */
export function pinThread(tid: number, cpus: readonly number[]): boolean {
  if (cpus.length === 0) return false;
  const mask = Buffer.alloc(128);
  for (const cpu of cpus) mask[cpu >> 3] |= 1 << (cpu & 7);
  return libc.sched_setaffinity(tid, mask.length, mask) === 0;
}

/** Every CPU but `cpu`: where the writer goes, so it never competes with the tracer and tracees. */
export function otherCpus(cpu: number): number[] {
  return os
    .cpus()
    .map((_, i) => i)
    .filter((i) => i !== cpu);
}
