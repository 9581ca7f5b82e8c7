/** Where a live thread is, as the schedule sees it. */
export type ThreadPlace =
  /** resumed and in user space (or about to be): its next stop ends a user-space segment */
  | 'user'
  /** resumed into the kernel at an executed call's entry: it may block there; its next stop is that call's exit */
  | 'kernel'
  /** stopped, waiting for the schedule to let it go on */
  | 'parked';

/** What kind of recorded stop ends a thread's user-space segment. */
export type UserStopKind = 'entry' | 'signal' | 'preemption';

export interface ScheduledThread {
  readonly tid: number;
  readonly place: ThreadPlace;
  /**
   * The seq of the recorded stop the thread reaches next: for 'kernel', its call's exit; otherwise
   * the stop that ends its next (or current) user-space segment, a syscall entry or, once the
   * recording has them, a preemption. Infinity when the recording has no more.
   */
  readonly due: number;
}

export type Turn =
  /** let this parked thread go on (handle the stop it is at, or resume it into user space) */
  | { readonly go: 'run'; readonly tid: number }
  /** wait for this running thread's stop: it comes first in the recorded order */
  | { readonly go: 'wait'; readonly tid: number }
  /** nothing is due: every thread is done or waits for the kernel */
  | { readonly go: 'idle' };

/**
 * The thread whose turn it is, by the recorded order of stops (stops.seq).
 *
 * The rule, for one thread in user space at a time:
 * - a thread in user space runs alone: nothing else is let go until it stops;
 * - otherwise the thread owning the smallest due stop goes: when it is parked it is let go (a
 *   parked entry is handled, a thread parked after a stop is resumed into user space); when it
 *   is in the kernel, the replay waits for its exit (the recorded call returned before anything
 *   else happened);
 * - a thread resumed into the kernel for an executed call that may block (futex, wait4) does not
 *   hold the others: its due is its call's exit, so when another thread's stop comes first in
 *   the recording, that thread goes, and the blocked call completes when its recorded waker runs.
 *
 * A recording made without a serialized schedule may have had two threads in user space at once;
 * replayed one at a time, their stops still come in the recorded order of entries, which is all
 * the program can see as long as its threads interact through syscalls.
 */
export function nextTurn(threads: Iterable<ScheduledThread>): Turn {
  let first: ScheduledThread | null = null;
  let parked: ScheduledThread | null = null;
  for (const t of threads) {
    if (t.place === 'user') return { go: 'wait', tid: t.tid };
    if (first === null || t.due < first.due || (t.due === first.due && t.place === 'kernel')) first = t;
    if (t.place === 'parked' && (parked === null || t.due < parked.due)) parked = t;
  }
  if (first !== null && first.place === 'kernel' && first.due !== Infinity) return { go: 'wait', tid: first.tid };
  return parked !== null ? { go: 'run', tid: parked.tid } : { go: 'idle' };
}
