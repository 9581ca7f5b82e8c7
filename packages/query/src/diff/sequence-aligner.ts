import path from 'node:path';
import { KeyInterner, editBlocks, myersDiff } from './myers-diff.js';
import { comparable, differences, looseKey, quickSame } from './syscall-normaliser.js';
import type { PidLabeller } from './syscall-normaliser.js';
import type { TaskMatch, TaskPair } from './task-matcher.js';
import type { TraceCall, TraceTask } from './trace.js';
import type { Cause } from './explain/cause.js';

/** A run of calls that are the same in both runs: a.calls[a..a+n) and b.calls[b..b+n). */
export interface SameRun {
  readonly op: 'same';
  readonly a: number;
  readonly b: number;
  readonly n: number;
}

/** A call of one run without a counterpart, or two aligned calls that differ. */
export type Difference =
  | { readonly op: 'deleted'; readonly a: TraceCall; readonly b?: undefined; cause: Cause | null }
  | { readonly op: 'inserted'; readonly a?: undefined; readonly b: TraceCall; cause: Cause | null }
  | { readonly op: 'changed'; readonly a: TraceCall; readonly b: TraceCall; readonly what: readonly string[]; cause: Cause | null };

export type Row = SameRun | Difference;

/** Where a task's program changes: segment k runs from the k-th exec on (segment 0: before any). */
export interface Segment {
  readonly start: number;
  readonly end: number;
  /** The program the segment runs (basename of the exec'd path), "" for segment 0. */
  readonly program: string;
  /** The exec that starts it (index into task.execs), -1 for segment 0. */
  readonly exec: number;
}

export interface TaskAlignment {
  readonly pair: TaskPair;
  readonly rows: Row[];
  /** Exec segments of A's and B's task that have no counterpart (the other run did not exec that program there). */
  readonly unmatchedSegments: { readonly side: 'a' | 'b'; readonly segment: Segment; readonly leading: boolean }[];
}

export function segments(t: TraceTask): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  let program = '';
  let exec = -1;
  t.execs.forEach((e, k) => {
    out.push({ start, end: e.index, program, exec });
    start = e.index;
    program = e.path === null ? '?' : path.posix.basename(e.path);
    exec = k;
  });
  out.push({ start, end: t.calls.length, program, exec });
  return out;
}

/**
 * Aligns the calls of a matched pair of tasks: exec segments are matched by the program they
 * run, and within matched segments the alignment keys are diffed (Myers); aligned calls whose
 * masked arguments or return differ become `changed`, and inside a block of insertions and
 * deletions calls doing the same operation on the same thing are paired as `changed` too.
 */
export function alignTasks(pair: TaskPair, match: TaskMatch): TaskAlignment {
  const rows: Row[] = [];
  const unmatchedSegments: TaskAlignment['unmatchedSegments'][number][] = [];
  const { a, b } = pair;
  if (!a || !b) {
    for (const c of (a ?? b)!.calls) rows.push(a ? { op: 'deleted', a: c, cause: null } : { op: 'inserted', b: c, cause: null });
    return { pair, rows, unmatchedSegments };
  }
  const sa = segments(a);
  const sb = segments(b);
  const interner = new KeyInterner();
  const blocks = editBlocks(myersDiff(Int32Array.from(sa, (s) => interner.id(s.program)), Int32Array.from(sb, (s) => interner.id(s.program))));
  let matchedYet = false;
  for (const block of blocks) {
    if (block.equal) {
      for (let k = 0; k < block.aEnd - block.aStart; k++) {
        alignCalls(a, b, sa[block.aStart + k], sb[block.bStart + k], match, rows);
        // the part before any exec does not make a run's start: a wrapper's exec comes after it
        if (sa[block.aStart + k].exec >= 0) matchedYet = true;
      }
      continue;
    }
    // same rule as for tasks: pair leftovers from the end of the block
    const na = block.aEnd - block.aStart;
    const nb = block.bEnd - block.bStart;
    const paired = Math.min(na, nb);
    for (let k = block.aStart; k < block.aEnd - paired; k++) {
      unmatchedSegments.push({ side: 'a', segment: sa[k], leading: !matchedYet });
      for (let i = sa[k].start; i < sa[k].end; i++) rows.push({ op: 'deleted', a: a.calls[i], cause: null });
    }
    for (let k = block.bStart; k < block.bEnd - paired; k++) {
      unmatchedSegments.push({ side: 'b', segment: sb[k], leading: !matchedYet });
      for (let i = sb[k].start; i < sb[k].end; i++) rows.push({ op: 'inserted', b: b.calls[i], cause: null });
    }
    for (let k = 0; k < paired; k++) alignCalls(a, b, sa[block.aEnd - paired + k], sb[block.bEnd - paired + k], match, rows);
    if (paired > 0) matchedYet = true;
  }
  return { pair, rows, unmatchedSegments };
}

function alignCalls(a: TraceTask, b: TraceTask, sa: Segment, sb: Segment, match: TaskMatch, rows: Row[]): void {
  const { labelA, labelB } = match;
  const keysA = new Int32Array(sa.end - sa.start);
  const keysB = new Int32Array(sb.end - sb.start);
  for (let i = 0; i < keysA.length; i++) keysA[i] = a.calls[sa.start + i].key;
  for (let j = 0; j < keysB.length; j++) keysB[j] = b.calls[sb.start + j].key;
  let run: { a: number; b: number; n: number } | null = null;
  const flush = (): void => {
    if (run && run.n > 0) rows.push({ op: 'same', ...run });
    run = null;
  };
  for (const block of editBlocks(myersDiff(keysA, keysB))) {
    if (block.equal) {
      for (let k = 0; k < block.aEnd - block.aStart; k++) {
        const x = a.calls[sa.start + block.aStart + k];
        const y = b.calls[sb.start + block.bStart + k];
        let what = quickSame(x, y, labelA, labelB) ? [] : differences(comparable(x, labelA), comparable(y, labelB));
        if (what.length > 0 && what.every((w) => w.endsWith(' data')) && samePidsMasked(x, y, match)) what = [];
        if (what.length === 0) {
          if (run && run.a + run.n === x.index && run.b + run.n === y.index) run.n++;
          else {
            flush();
            run = { a: x.index, b: y.index, n: 1 };
          }
        } else {
          flush();
          rows.push({ op: 'changed', a: x, b: y, what, cause: null });
        }
      }
      continue;
    }
    flush();
    pairBlock(
      a.calls.slice(sa.start + block.aStart, sa.start + block.aEnd),
      b.calls.slice(sb.start + block.bStart, sb.start + block.bEnd),
      labelA, labelB, rows,
    );
  }
  flush();
}

/**
 * Buffers that differ only where they hold the runs' own tids (as decimal text or as a native
 * int: a pid file, a tid sent through a pipe) are the same once those are masked too. Only
 * tried on the few aligned pairs whose data differ.
 */
function samePidsMasked(x: TraceCall, y: TraceCall, match: TaskMatch): boolean {
  if (!x.data || !y.data) return false;
  const mask = (bytes: Buffer, tids: ReadonlyMap<number, string>): string => {
    let s = bytes.toString('latin1');
    for (const [tid, label] of tids) {
      const raw = Buffer.alloc(4);
      raw.writeInt32LE(tid);
      s = s.split(raw.toString('latin1')).join(`<pid ${label}>`).replace(new RegExp(`(?<!\\d)${tid}(?!\\d)`, 'g'), `<pid ${label}>`);
    }
    return s;
  };
  return mask(x.data.bytes, match.tidsA) === mask(y.data.bytes, match.tidsB);
}

/** Inside a changed block: calls doing the same operation on the same thing become `changed` pairs. */
function pairBlock(xs: TraceCall[], ys: TraceCall[], labelA: PidLabeller, labelB: PidLabeller, rows: Row[]): void {
  if (xs.length === 0 || ys.length === 0) {
    for (const x of xs) rows.push({ op: 'deleted', a: x, cause: null });
    for (const y of ys) rows.push({ op: 'inserted', b: y, cause: null });
    return;
  }
  const interner = new KeyInterner();
  const la = Int32Array.from(xs, (c) => interner.id(looseKey(c)));
  const lb = Int32Array.from(ys, (c) => interner.id(looseKey(c)));
  for (const block of editBlocks(myersDiff(la, lb))) {
    if (block.equal) {
      for (let k = 0; k < block.aEnd - block.aStart; k++) {
        const x = xs[block.aStart + k];
        const y = ys[block.bStart + k];
        const what = differences(comparable(x, labelA), comparable(y, labelB));
        rows.push({ op: 'changed', a: x, b: y, what: what.length > 0 ? what : ['fd target'], cause: null });
      }
      continue;
    }
    for (let k = block.aStart; k < block.aEnd; k++) rows.push({ op: 'deleted', a: xs[k], cause: null });
    for (let k = block.bStart; k < block.bEnd; k++) rows.push({ op: 'inserted', b: ys[k], cause: null });
  }
}
