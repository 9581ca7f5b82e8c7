// Comparing syscall sequences from two runs of the same program (strace's and
// trace-rec's), where thread ids and addresses differ between runs.
//
// Thread ids: each side's tids are replaced by labels derived from the
// process tree, not from raw order of first appearance. The first thread is
// "1"; the k-th thread/process that thread L creates (clone, clone3, fork,
// vfork returning a tid in L) is "L.k". Because a thread's own syscall
// sequence is deterministic, this naming is the same on both sides even when
// the threads' first syscalls interleave differently (plain first-appearance
// order would not be: in threads4, threads 2 and 3 race to their first
// syscall). A tid no clone returned (should not happen) falls back to its
// order of first appearance, "?1", "?2"...
//
// Return values are masked where they cannot be equal between runs:
//  - address-valued (mmap, mmap2, mremap, brk, shmat) non-error returns
//    >= 0x1000 become "ADDR";
//  - pid/tid-valued (getpid, gettid, getppid, getpgid, getpgrp, getsid, setsid,
//    set_tid_address, clone, clone3, fork, vfork, wait4) returns > 0 become
//    "TID<label>" using the same tid labels, or "TID<ext>" for a process
//    outside the trace (getppid of the first process). So a wrong tid in the
//    recording is still caught, as a wrong label;
//  - rt_sigreturn returns the interrupted context's rax: when that is a traced
//    tid (dash's SIGCHLD handler interrupting wait4, which returned a pid) it
//    becomes "TID<label>" too; otherwise it stays as it is.
// Everything else (fd numbers, byte counts, errno values) must match exactly.
// One opt-in exception, for programs whose output depends on the machine's
// state (ls -l / prints /proc's link count, i.e. the number of processes):
// maskStdoutWrites turns the return of write(1, …) into "STDOUT"; the caller
// then checks those returns against the run's own stdout instead.

export interface Call {
  /** thread id that entered the syscall */
  pid: number;
  name: string;
  ret: number | null;
  /** first argument, when known (used for write's fd) */
  a0?: number;
}

export interface MaskOptions {
  maskStdoutWrites?: boolean;
  /**
   * For programs with a handler for an asynchronous signal (dash's SIGCHLD):
   * where the handler runs, and whether a syscall is interrupted by it and
   * restarted, depends on when the signal arrives. Such a thread's sequence is
   * compared without its rt_sigreturn calls and without the interrupted
   * attempts of syscalls that the kernel restarts by itself (ERESTARTSYS,
   * ERESTARTNOINTR, ERESTARTNOHAND: the same syscall is entered again).
   */
  asyncSignals?: boolean;
  /**
   * For a parent that waits for several children which end at nearly the same time (a shell
   * pipeline): which one wait4(-1) reaps first is a race between the children, so a run of
   * successful wait4 calls is compared as the set of children it reaped.
   */
  reapOrder?: boolean;
}

const RESTARTED_BY_KERNEL = new Set([-512, -513, -514]);

/** The calls that take part in the comparison (all of them unless opts.asyncSignals). */
export function comparedCalls<T extends Call>(calls: readonly T[], opts: MaskOptions = {}): T[] {
  if (!opts.asyncSignals) return [...calls];
  return calls.filter((c) => c.name !== 'rt_sigreturn' && !(c.ret !== null && RESTARTED_BY_KERNEL.has(c.ret)));
}

const ADDRESS_VALUED = new Set(['mmap', 'mmap2', 'mremap', 'brk', 'shmat']);
const PID_VALUED = new Set([
  'getpid', 'gettid', 'getppid', 'getpgid', 'getpgrp', 'getsid', 'setsid',
  'set_tid_address', 'clone', 'clone3', 'fork', 'vfork', 'wait4',
]);
const CREATES_TASK = new Set(['clone', 'clone3', 'fork', 'vfork']);

/** tid → label, by process tree (see the header comment). */
export function labelTids(calls: readonly Call[]): Map<number, string> {
  const labels = new Map<number, string>();
  const children = new Map<string, number>();
  let unknown = 0;
  const labelOf = (tid: number): string => {
    let l = labels.get(tid);
    if (l === undefined) {
      l = labels.size === 0 ? '1' : `?${++unknown}`;
      labels.set(tid, l);
    }
    return l;
  };
  for (const c of calls) {
    const parent = labelOf(c.pid);
    if (CREATES_TASK.has(c.name) && c.ret !== null && c.ret > 0 && !labels.has(c.ret)) {
      const k = (children.get(parent) ?? 0) + 1;
      children.set(parent, k);
      labels.set(c.ret, `${parent}.${k}`);
    }
  }
  return labels;
}

export function isErrorReturn(ret: number): boolean {
  return ret >= -4095 && ret <= -1;
}

/** The comparable form of one return value. */
export function maskReturn(name: string, ret: number | null, labels: ReadonlyMap<number, string>): string {
  if (ret === null) return '?';
  if (isErrorReturn(ret)) return String(ret);
  if (ADDRESS_VALUED.has(name) && ret >= 0x1000) return 'ADDR';
  if (PID_VALUED.has(name) && ret > 0) return `TID<${labels.get(ret) ?? 'ext'}>`;
  if (name === 'rt_sigreturn' && ret > 0 && labels.has(ret)) return `TID<${labels.get(ret)}>`;
  return String(ret);
}

/** "name=maskedret" */
export function callKey(c: Call, labels: ReadonlyMap<number, string>, opts: MaskOptions = {}): string {
  if (opts.maskStdoutWrites && c.name === 'write' && c.a0 === 1 && c.ret !== null && !isErrorReturn(c.ret)) return 'write=STDOUT';
  return `${c.name}=${maskReturn(c.name, c.ret, labels)}`;
}

/** label → that thread's syscalls in entry order, as "name=maskedret". Keys sorted, for readable diffs. */
export function perThread(
  calls: readonly Call[],
  labels: ReadonlyMap<number, string> = labelTids(calls),
  opts: MaskOptions = {},
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of comparedCalls(calls, opts)) {
    const l = labels.get(c.pid)!;
    (out[l] ??= []).push(callKey(c, labels, opts));
  }
  if (opts.reapOrder) for (const keys of Object.values(out)) sortReapRuns(keys);
  return sortByLabel(out);
}

/** Sorts, in place, each run of consecutive `wait4=TID<…>` keys (see MaskOptions.reapOrder). */
function sortReapRuns(keys: string[]): void {
  for (let i = 0; i < keys.length; ) {
    let j = i;
    while (j < keys.length && keys[j].startsWith('wait4=TID<')) j++;
    if (j - i > 1) keys.splice(i, j - i, ...keys.slice(i, j).sort());
    i = j + 1;
  }
}

/** The whole sequence in entry order, as "label:name=maskedret". */
export function globalSequence(
  calls: readonly Call[],
  labels: ReadonlyMap<number, string> = labelTids(calls),
  opts: MaskOptions = {},
): string[] {
  return comparedCalls(calls, opts).map((c) => `${labels.get(c.pid)}:${callKey(c, labels, opts)}`);
}

export function sortByLabel<T>(rec: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(rec).sort(([a], [b]) => compareLabels(a, b)));
}

export function compareLabels(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] !== pb[i]) {
      const na = Number(pa[i]);
      const nb = Number(pb[i]);
      return Number.isNaN(na) || Number.isNaN(nb) ? pa[i].localeCompare(pb[i]) : na - nb;
    }
  }
  return pa.length - pb.length;
}
