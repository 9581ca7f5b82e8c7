import { signalTable } from '@tracedb/native';
import { outcome } from '../syscall-normaliser.js';
import type { TraceTask } from '../trace.js';
import type { ExplainContext } from './explain-context.js';

const SIGNAME = new Map(signalTable.map((s) => [s.num, s.name]));
const INTERRUPTED = new Set(['EINTR', 'ERESTARTSYS', 'ERESTARTNOINTR', 'ERESTARTNOHAND', 'ERESTART_RESTARTBLOCK']);

export interface SignalDifference {
  readonly label: string;
  readonly sig: string;
  /** Deliveries in A and in B. */
  readonly a: number;
  readonly b: number;
  /** Both runs got it, a different number of times: standard signals merge while pending, which depends on timing. */
  readonly timing: boolean;
}

function counts(t: TraceTask | null): Map<number, number> {
  const m = new Map<number, number>();
  for (const s of t?.signals ?? []) m.set(s.sig, (m.get(s.sig) ?? 0) + 1);
  return m;
}

/** Signals delivered to a task more often in one run, per matched task. */
export function signalDifferences(ctx: ExplainContext): SignalDifference[] {
  const out: SignalDifference[] = [];
  for (const al of ctx.alignments) {
    if (!al.pair.a || !al.pair.b) continue;
    const [ca, cb] = [counts(al.pair.a), counts(al.pair.b)];
    for (const sig of new Set([...ca.keys(), ...cb.keys()])) {
      const [na, nb] = [ca.get(sig) ?? 0, cb.get(sig) ?? 0];
      if (na !== nb) out.push({ label: al.pair.label, sig: SIGNAME.get(sig) ?? `signal ${sig}`, a: na, b: nb, timing: na > 0 && nb > 0 && sig < 32 });
    }
  }
  return out;
}

/**
 * Signals one run received and the other did not: the handler's rt_sigreturn and the calls
 * the signal interrupted (EINTR, ERESTART*) in that task.
 */
export function explainSignals(ctx: ExplainContext, diffs: readonly SignalDifference[]): void {
  for (const s of diffs) {
    const cause = ctx.cause(`signal:${s.label}:${s.sig}`, () => ({
      kind: s.timing ? 'timing' : 'signal',
      timing: s.timing,
      title: `${s.sig} is delivered to ${s.label} ${s.a} time${s.a === 1 ? '' : 's'} in A, ${s.b} in B${s.timing ? ' (pending signals merge: how many arrive depends on timing)' : ''}`,
    }));
    for (const x of ctx.open()) {
      if (x.al.pair.label !== s.label) continue;
      const calls = [x.d.a, x.d.b].filter((c) => c !== undefined);
      if (calls.some((c) => c!.name === 'rt_sigreturn' || INTERRUPTED.has(outcome(c!)))) ctx.claim(x.d, cause);
    }
  }
}
