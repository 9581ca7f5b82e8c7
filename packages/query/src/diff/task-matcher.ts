import path from 'node:path';
import { KeyInterner, editBlocks, myersDiff } from './myers-diff.js';
import type { Trace, TraceTask } from './trace.js';

/** A task of A and its counterpart in B; one side is null for a task only one run has. */
export interface TaskPair {
  /** The task's place in the tree: A's label for a matched pair, "-1.3" (only A) or "+1.3" (only B). */
  readonly label: string;
  readonly a: TraceTask | null;
  readonly b: TraceTask | null;
}

export interface TaskMatch {
  readonly pairs: TaskPair[];
  /** tid → label, per side, for masking pids. */
  readonly labelA: (tid: number) => string;
  readonly labelB: (tid: number) => string;
  /** The traced tids of each side and their labels. */
  readonly tidsA: ReadonlyMap<number, string>;
  readonly tidsB: ReadonlyMap<number, string>;
}

/** What a task is for matching: thread or process, and the programs it exec'd. */
function signature(t: TraceTask): string {
  const programs = t.execs.map((e) => (e.path === null ? '?' : path.posix.basename(e.path)));
  return `${t.thread ? 'T' : 'P'}:${programs.join('>')}`;
}

/**
 * Matches the task trees of two runs: the roots with each other, then, recursively, the
 * children of matched tasks in creation order, aligned by what they are (thread/process and
 * the programs they exec'd) so that one extra child does not shift all the others.
 * Unaligned children at the same place are paired when they are the same kind of task.
 */
export function matchTasks(a: Trace, b: Trace): TaskMatch {
  const pairs: TaskPair[] = [];
  const la = new Map<number, string>();
  const lb = new Map<number, string>();
  const interner = new KeyInterner();

  const only = (t: TraceTask, side: '-' | '+'): void => {
    const label = `${side}${t.label}`;
    (side === '-' ? la : lb).set(t.tid, label);
    pairs.push(side === '-' ? { label, a: t, b: null } : { label, a: null, b: t });
    for (const c of t.children) only(c, side);
  };
  const both = (x: TraceTask, y: TraceTask): void => {
    la.set(x.tid, x.label);
    lb.set(y.tid, x.label);
    pairs.push({ label: x.label, a: x, b: y });
    matchLists(x.children, y.children);
  };
  const matchLists = (xs: readonly TraceTask[], ys: readonly TraceTask[]): void => {
    const sa = Int32Array.from(xs, (t) => interner.id(signature(t)));
    const sb = Int32Array.from(ys, (t) => interner.id(signature(t)));
    for (const block of editBlocks(myersDiff(sa, sb))) {
      if (block.equal) {
        for (let k = 0; k < block.aEnd - block.aStart; k++) both(xs[block.aStart + k], ys[block.bStart + k]);
        continue;
      }
      // pair from the end: a wrapper or an extra helper is more often added before than after
      let i = block.aEnd - 1;
      let j = block.bEnd - 1;
      const paired: [TraceTask, TraceTask][] = [];
      while (i >= block.aStart && j >= block.bStart && xs[i].thread === ys[j].thread) paired.unshift([xs[i--], ys[j--]]);
      for (let k = block.aStart; k <= i; k++) only(xs[k], '-');
      for (let k = block.bStart; k <= j; k++) only(ys[k], '+');
      for (const [x, y] of paired) both(x, y);
    }
  };
  matchLists(a.roots, b.roots);
  return {
    pairs,
    labelA: (tid) => la.get(tid) ?? 'ext',
    labelB: (tid) => lb.get(tid) ?? 'ext',
    tidsA: la,
    tidsB: lb,
  };
}
