import { readFileSync } from 'node:fs';

/** Field 39 of /proc/TID/stat, counted after the command name (which may hold spaces and parentheses). */
const PROCESSOR_AFTER_COMM = 39 - 3;

/**
 * The CPU thread `tid` last ran on (/proc/TID/stat's `processor`): what rdtscp's TSC_AUX and
 * cpuid's per-CPU leaves (APIC ids) would have said there. -1 when unknown (the thread is gone).
 */
export function traceeCpu(tid: number): number {
  try {
    const stat = readFileSync(`/proc/${tid}/stat`, 'latin1');
    const cpu = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[PROCESSOR_AFTER_COMM]);
    return Number.isInteger(cpu) ? cpu : -1;
  } catch {
    return -1;
  }
}
