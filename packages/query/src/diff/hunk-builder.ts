import type { Difference, TaskAlignment } from './sequence-aligner.js';
import type { TraceCall } from './trace.js';

export interface HunkLine {
  readonly op: ' ' | '-' | '+';
  /** The call shown (A's for context and '-', B's for '+'). */
  readonly call: TraceCall;
  /** The difference it belongs to ('-'/'+' lines). */
  readonly diff: Difference | null;
}

/** A unified-diff hunk: 1-based start lines and lengths in A's and B's task sequences. */
export interface Hunk {
  readonly aStart: number;
  readonly aLen: number;
  readonly bStart: number;
  readonly bLen: number;
  readonly lines: HunkLine[];
}

/**
 * Cuts an alignment into hunks with `context` unchanged calls around each change (diff -U).
 * Runs of equal calls are never materialised beyond the context they contribute.
 */
export function buildHunks(al: TaskAlignment, context: number): Hunk[] {
  const a = al.pair.a;
  const hunks: Hunk[] = [];
  let lines: HunkLine[] = [];
  let aPos = 0;
  let bPos = 0;
  let start: { a: number; b: number } | null = null;
  const close = (): void => {
    if (!start || lines.length === 0) return;
    const aLen = lines.filter((l) => l.op !== '+').length;
    const bLen = lines.filter((l) => l.op !== '-').length;
    hunks.push({ aStart: start.a + (aLen > 0 ? 1 : 0), aLen, bStart: start.b + (bLen > 0 ? 1 : 0), bLen, lines });
    lines = [];
    start = null;
  };
  const same = (from: number, n: number): void => {
    for (let k = 0; k < n; k++) lines.push({ op: ' ', call: a!.calls[from + k], diff: null });
  };
  const rows = al.rows;
  let lastChange = -1;
  rows.forEach((x, i) => {
    if (x.op !== 'same') lastChange = i;
  });
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.op === 'same') {
      const more = i < lastChange;
      if (start) {
        if (more && r.n <= 2 * context) {
          same(r.a, r.n);
        } else {
          same(r.a, Math.min(context, r.n));
          close();
        }
      }
      aPos = r.a + r.n;
      bPos = r.b + r.n;
      continue;
    }
    if (!start) {
      const prev = rows[i - 1];
      const lead = prev && prev.op === 'same' ? Math.min(context, prev.n) : 0;
      start = { a: aPos - lead, b: bPos - lead };
      if (lead > 0) same(aPos - lead, lead);
    }
    if (r.op === 'deleted') {
      lines.push({ op: '-', call: r.a, diff: r });
      aPos = r.a.index + 1;
    } else if (r.op === 'inserted') {
      lines.push({ op: '+', call: r.b, diff: r });
      bPos = r.b.index + 1;
    } else {
      lines.push({ op: '-', call: r.a, diff: r });
      lines.push({ op: '+', call: r.b, diff: r });
      aPos = r.a.index + 1;
      bPos = r.b.index + 1;
    }
  }
  close();
  return hunks;
}
