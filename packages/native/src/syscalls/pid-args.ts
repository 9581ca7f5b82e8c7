import type { SyscallDef } from '../syscall-def.js';

/**
 * The arguments strace -Y prints with the named process's comm (printpid of a thread or a thread
 * group, not of a process group): by syscall name, the argument indexes, or, where another
 * argument says what the number is, [index, selector argument, the selector's value that makes
 * it a pid]. trace-rec reads /proc/PID/comm for those the program names outside the recording.
 */
const PID_ARGS: Readonly<Record<string, readonly (number | readonly [number, number, number])[]>> = {
  kill: [0], tkill: [0], tgkill: [0, 1], wait4: [0], getpgid: [0], getsid: [0], setpgid: [0], prlimit64: [0], get_robust_list: [0],
  sched_getaffinity: [0], sched_setaffinity: [0], sched_getparam: [0], sched_setparam: [0], sched_setscheduler: [0],
  sched_getscheduler: [0], sched_rr_get_interval: [0], sched_setattr: [0], sched_getattr: [0], kcmp: [0, 1], pidfd_open: [0], process_vm_readv: [0],
  process_vm_writev: [0], waitid: [[1, 0, 1]], getpriority: [[1, 0, 0]], setpriority: [[1, 0, 0]], ioprio_get: [[1, 0, 1]],
  ioprio_set: [[1, 0, 1]], ptrace: [1], rt_sigqueueinfo: [0], rt_tgsigqueueinfo: [0, 1], fcntl: [[2, 1, 8]],
  move_pages: [0], migrate_pages: [0], prctl: [[1, 0, 0x59616d61]],
};

/** The syscalls whose return value strace -Y prints with a comm: the parent, which is often outside the recording. */
const PID_RETURNS: ReadonlySet<string> = new Set(['getppid']);

/** By syscall number, the pids among its arguments (as C ints, the selector's low 32 bits compared); none: absent. */
export function pidArgs(table: readonly SyscallDef[]): (((args: ArrayLike<number>) => number[]) | undefined)[] {
  const out: (((args: ArrayLike<number>) => number[]) | undefined)[] = [];
  for (const d of table) {
    const spec = PID_ARGS[d.name];
    if (spec === undefined) continue;
    out[d.nr] = (args) => spec.flatMap((s) => (typeof s === 'number' ? [args[s] | 0] : (args[s[1]] | 0) === s[2] ? [args[s[0]] | 0] : []));
  }
  return out;
}

/** By syscall number: 1 when its return value is a pid strace -Y names. */
export function pidReturns(table: readonly SyscallDef[]): Uint8Array {
  const out = new Uint8Array(Math.max(0, ...table.map((d) => d.nr)) + 1);
  for (const d of table) if (PID_RETURNS.has(d.name)) out[d.nr] = 1;
  return out;
}
