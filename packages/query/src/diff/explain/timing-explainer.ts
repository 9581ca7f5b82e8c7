import { comparable, differences, fdArgsOf, kindsOf, outcome } from '../syscall-normaliser.js';
import { FD_RETURNING } from '../../filter/syscall-args.js';
import type { TraceCall, TraceTask } from '../trace.js';
import { isRead, isWrite, tally, sideCalls } from './call-facts.js';
import type { ExplainContext, Located } from './explain-context.js';

const WAITS = new Set([
  'futex', 'futex_waitv', 'nanosleep', 'clock_nanosleep', 'poll', 'ppoll', 'select', 'pselect6', 'epoll_wait', 'epoll_pwait', 'epoll_pwait2',
  'sched_yield', 'clock_gettime', 'gettimeofday', 'time', 'times', 'getrusage', 'sysinfo', 'rt_sigtimedwait', 'io_getevents', 'wait4', 'waitid',
  'rt_sigsuspend', 'pause', 'membarrier',
  // where a handler runs (and so its rt_sigreturn) depends on when the signal arrives; signals only one run got are claimed earlier
  'rt_sigreturn',
]);
const RETRIES = new Set(['EAGAIN', 'EINTR', 'ERESTARTSYS', 'ERESTARTNOINTR', 'ERESTARTNOHAND', 'ERESTART_RESTARTBLOCK', 'ETIMEDOUT']);
/** Calls whose return value is a descriptor number (fcntl's F_DUPFD too), which may differ with what else is open. */
const FD_RESULT = new Set([...FD_RETURNING, 'fcntl']);

/** Durations and rates in a program's output ("0.51 s, 195 kB/s"). */
const TIME_TEXT = /\d(?:[.,]\d+)?\s?(?:s|ms|us|µs|sec|secs|seconds?|[kKMGT]i?B\/s|B\/s)\b/;

/** Two writes whose text differs only in its numbers, and that print a duration or a rate. */
function elapsedTimeOutput(x: TraceCall, y: TraceCall): boolean {
  if (!isWrite(x) || !isWrite(y) || x.data === null || y.data === null) return false;
  const [a, b] = [x.data.bytes.toString('latin1'), y.data.bytes.toString('latin1')];
  return TIME_TEXT.test(a) && TIME_TEXT.test(b) && a.replace(/\d+/g, '#') === b.replace(/\d+/g, '#');
}

/** The same call addressed to another of the tasks both runs have (pidfd_open, kill, wait4 of child 2 before child 1): order, not content. */
function otherTaskSameOrder(c: TraceCall, what: readonly string[]): boolean {
  const kinds = kindsOf(c.nr);
  return what.length > 0 && what.every((w) => {
    const m = /^arg (\d+)$/.exec(w);
    return m !== null && kinds[Number(m[1])] === 'pid';
  });
}

const timingCall = (c: TraceCall): boolean =>
  WAITS.has(c.name) || RETRIES.has(outcome(c)) || (isRead(c) && c.fdOrigins.some((o) => o === '<pipe>' || o === '<socket>'));

/**
 * A call the kernel made again after a signal cut it: the same call before it in its task (past
 * the handler's rt_sigreturn) ended ERESTART*. Whether a signal came during the call is timing;
 * aligned with the other run's one call, the cut one may take its place and leave this one over.
 */
function restarted(c: TraceCall, task: TraceTask | null): boolean {
  if (task === null) return false;
  let k = c.index - 1;
  while (k >= 0 && task.calls[k]?.name === 'rt_sigreturn') k--;
  const before = task.calls[k];
  return before !== undefined && before.nr === c.nr && outcome(before).startsWith('ERESTART');
}

/** An inserted or deleted call that is a restart (see restarted). */
function lonelyRestart(x: Located): boolean {
  if (x.d.op === 'inserted') return restarted(x.d.b, x.al.pair.b);
  return x.d.op === 'deleted' && restarted(x.d.a, x.al.pair.a);
}

/**
 * Timing: waits, timeouts and retries whose number and results depend on scheduling (futex,
 * poll/epoll/select, sleeps, clock reads, EAGAIN/EINTR/ETIMEDOUT, a call a signal cut and the
 * kernel restarted, the chunks a pipe or socket delivers). Reported as timing, not as real
 * differences.
 */
export function explainTiming(ctx: ExplainContext): void {
  const cause = ctx.cause('timing', () => ({
    kind: 'timing',
    timing: true,
    title: 'timing-dependent calls: waits, timeouts, retries and printed durations depend on scheduling, not on the runs',
    describe: (diffs) => (['a', 'b'] as const).map((s) => `${s.toUpperCase()}: ${tally(sideCalls(diffs, s)) || 'nothing'}`),
  }));
  for (const x of ctx.open()) {
    const calls = [x.d.a, x.d.b].filter((c): c is TraceCall => c !== undefined);
    if (calls.every(timingCall) || lonelyRestart(x) || (x.d.op === 'changed' && (calls.some(timingCall) || elapsedTimeOutput(x.d.a, x.d.b) || otherTaskSameOrder(x.d.a, x.d.what)))) {
      ctx.claim(x.d, cause);
    }
  }
}

/**
 * Descriptor numbers: aligned calls that are the same once fd arguments (and the fd a call
 * returns) are ignored. One run holds a descriptor more at that point; the cause of that is
 * elsewhere (usually an explained difference earlier in the task).
 */
export function explainFdNumbers(ctx: ExplainContext): void {
  const cause = ctx.cause('fd-numbers', () => ({
    kind: 'fd-numbers',
    title: 'descriptor numbers shifted: one run holds a descriptor more at that point (the same files, other numbers)',
    describe: (diffs) => {
      const d = diffs.find((x) => x.op === 'changed');
      return d && d.op === 'changed' ? [`first: ${d.a.name} on ${d.a.fdOrigins.find((o) => o !== null) ?? `fd ${String(d.a.ret)}`}`] : [];
    },
  }));
  for (const x of ctx.open()) {
    const d = x.d;
    if (d.op !== 'changed' || d.a.name !== d.b.name) continue;
    const ignore = d.a.name === 'pipe' || d.a.name === 'pipe2' ? [0] : fdArgsOf(d.a.nr);
    const ca = comparable(d.a, ctx.labelA);
    const cb = comparable(d.b, ctx.labelB);
    const rest = differences(ca, cb, ignore).filter((w) => !(w === 'ret' && FD_RESULT.has(d.a.name)));
    if (rest.length === 0 && d.a.fdOrigins.join() === d.b.fdOrigins.join()) ctx.claim(d, cause);
  }
}
