import type { Difference } from '../sequence-aligner.js';
import type { TraceTask } from '../trace.js';
import type { Cause } from './cause.js';
import { tally, sideCalls } from './call-facts.js';
import type { ExplainContext } from './explain-context.js';

const CREATES_TASK = new Set(['clone', 'clone3', 'fork', 'vfork']);
const REAPS = new Set(['wait4', 'waitid']);

/**
 * Tasks only one run has: all their calls, and in their creator the clone/fork that made them
 * and the wait4 that reaped them. One cause per topmost extra task (its descendants included).
 */
export function explainProcessTree(ctx: ExplainContext): void {
  const top = new Map<TraceTask, string>();
  const sideOf = new Map<Cause, 'a' | 'b'>();
  for (const al of ctx.alignments) {
    const { a, b } = al.pair;
    if (a && b) continue;
    const t = (a ?? b)!;
    const side = a ? 'a' : 'b';
    const me = side.toUpperCase();
    // the topmost task of this unmatched subtree
    let root = t;
    while (root.parent && !ctx.alignments.some((x) => (side === 'a' ? x.pair.a : x.pair.b) === root.parent && x.pair.a && x.pair.b)) root = root.parent;
    const key = `task:${side}:${root.tid}`;
    const program = root.execs.at(-1)?.path;
    const isDescendant = (tid: number): boolean => {
      for (let t = (side === 'a' ? ctx.a : ctx.b).tasks.find((x) => x.tid === tid); t; t = t.parent ?? undefined) if (t === root) return true;
      return false;
    };
    const cause = ctx.cause(key, () => ({
      kind: 'process-tree',
      title: `only ${me} has ${root.thread ? 'thread' : 'process'} ${al.pair.label}${program ? ` (${program})` : ''}`,
      describe: (diffs) => {
        const own = diffs.filter((d) => (d.a ?? d.b)!.tid === root.tid || isDescendant((d.a ?? d.b)!.tid));
        return [
          `its calls: ${tally(sideCalls(own, side))}`,
          `in its creator: ${tally(sideCalls(diffs.filter((d) => !own.includes(d)), side)) || 'nothing'}`,
          ...(root.exit ? [`it ${root.exit}`] : []),
        ];
      },
    }));
    top.set(t, key);
    sideOf.set(cause, side);
    for (const r of al.rows) if (r.op !== 'same') ctx.claim(r, cause);
  }
  // the creating and reaping calls in the matched parent
  for (const x of ctx.open()) {
    const { d } = x;
    if (d.op === 'changed') continue;
    const c = d.op === 'deleted' ? d.a : d.b;
    if (!CREATES_TASK.has(c.name) && !REAPS.has(c.name)) continue;
    const trace = d.op === 'deleted' ? ctx.a : ctx.b;
    const child = trace.tasks.find((t) => t.tid === Number(c.ret));
    const key = child ? top.get(child) : undefined;
    if (key) ctx.claim(d, ctx.causes.get(key)!);
  }
  // around the fork in the creator: the calls of the same block (signal masks around vfork, the
  // extra SIGCHLD's handler, the wait4 that finds no more children) come with the extra task
  for (const al of ctx.alignments) {
    if (!al.pair.a || !al.pair.b) continue;
    let block: Difference[] = [];
    const flush = (): void => {
      const cause = block.map((r) => r.cause).find((c) => c !== null && sideOf.has(c));
      if (cause) for (const r of block) if (r.op === (sideOf.get(cause) === 'a' ? 'deleted' : 'inserted')) ctx.claim(r, cause);
      block = [];
    };
    for (const r of al.rows) {
      if (r.op === 'same') flush();
      else block.push(r);
    }
    flush();
  }
}
