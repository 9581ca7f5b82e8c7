import type { Difference } from '../sequence-aligner.js';

export type CauseKind =
  | 'tracing-start'
  | 'process-tree'
  | 'loader-path'
  | 'locale'
  | 'terminal'
  | 'command'
  | 'file-presence'
  | 'file-content'
  | 'user'
  | 'binary'
  | 'signal'
  | 'timing'
  | 'fd-numbers';

/** Why some differing syscalls differ, with the evidence for it. */
export interface Cause {
  readonly kind: CauseKind;
  /** One line: what differs between the runs and what it makes the program do. */
  readonly title: string;
  /** Facts that support it: context values, counts, example calls. Filled once all claims are made. */
  evidence: string[];
  /** Differences that depend on scheduling, not on the runs: reported, but not real differences. */
  readonly timing: boolean;
  /** The differences it explains. */
  readonly diffs: Difference[];
  /** Builds the evidence from the claimed differences (called once, after all explainers ran). */
  readonly describe?: (diffs: readonly Difference[]) => string[];
}

/** How many differing syscalls a cause explains, by kind of difference. */
export function causeCounts(c: Cause): { total: number; onlyA: number; onlyB: number; changed: number } {
  let onlyA = 0;
  let onlyB = 0;
  let changed = 0;
  for (const d of c.diffs) {
    if (d.op === 'deleted') onlyA++;
    else if (d.op === 'inserted') onlyB++;
    else changed++;
  }
  return { total: c.diffs.length, onlyA, onlyB, changed };
}
