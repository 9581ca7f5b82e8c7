import type { Cause, DiffReport, Difference, TaskAlignment, TraceCall } from '@tracedb/query';

/** The first place, in recording order, where the live run did something else. */
export interface Divergence {
  readonly al: TaskAlignment;
  readonly d: Difference;
  /** null: trace-diff found no cause for it. */
  readonly cause: Cause | null;
  /** The recorded call at that place (for a call only the live run made: the recorded call it came before). */
  readonly recorded: TraceCall | null;
  /** Index in the recorded task's calls where it happens (the calls before it are shown). */
  readonly at: number;
}

/**
 * The earliest difference that is not timing, in recording order: differences are placed at
 * the recorded call they replace or come before (a call only the live run made sits before
 * the next recorded call of its task; one after a task's last call, after that call).
 */
export function firstDivergence(report: DiffReport): Divergence | null {
  let best: Divergence | null = null;
  let bestOrder = Infinity;
  for (const al of report.alignments) {
    const calls = al.pair.a?.calls ?? [];
    for (const [i, r] of al.rows.entries()) {
      if (r.op === 'same' || (r.cause !== null && r.cause.timing)) continue;
      const recorded = r.a ?? nextRecorded(al, i);
      const order = recorded ? recorded.id : (calls.at(-1)?.id ?? Number.MAX_SAFE_INTEGER) + 0.5;
      if (order < bestOrder) {
        best = { al, d: r, cause: r.cause, recorded, at: recorded ? recorded.index : calls.length };
        bestOrder = order;
      }
    }
  }
  return best;
}

function nextRecorded(al: TaskAlignment, from: number): TraceCall | null {
  for (let i = from + 1; i < al.rows.length; i++) {
    const r = al.rows[i];
    if (r.op === 'same') return al.pair.a!.calls[r.a];
    if (r.a) return r.a;
  }
  return null;
}
