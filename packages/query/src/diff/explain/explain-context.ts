import type { Difference, TaskAlignment } from '../sequence-aligner.js';
import type { PidLabeller } from '../syscall-normaliser.js';
import type { Trace, TraceCall, TraceTask } from '../trace.js';
import type { Cause, CauseKind } from './cause.js';

export type Side = 'a' | 'b';

/** A difference and the task pair it belongs to. */
export interface Located {
  readonly d: Difference;
  readonly al: TaskAlignment;
}

export type Env = ReadonlyMap<string, string>;

export function parseEnv(list: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const kv of list) {
    const i = kv.indexOf('=');
    if (i > 0) m.set(kv.slice(0, i), kv.slice(i + 1));
  }
  return m;
}

/** What the explainers share: both runs, all differences, and the causes found so far. */
export class ExplainContext {
  readonly diffs: Located[] = [];
  readonly causes = new Map<string, Cause>();
  private readonly envCache = new Map<string, Env | null>();

  constructor(
    readonly a: Trace,
    readonly b: Trace,
    readonly alignments: readonly TaskAlignment[],
    /** tid → tree label, per side (pids compared across runs). */
    readonly labelA: PidLabeller,
    readonly labelB: PidLabeller,
  ) {
    for (const al of alignments) for (const r of al.rows) if (r.op !== 'same') this.diffs.push({ d: r, al });
  }

  trace(side: Side): Trace {
    return side === 'a' ? this.a : this.b;
  }

  /** The differences no explainer has claimed yet. */
  open(): Located[] {
    return this.diffs.filter((x) => x.d.cause === null);
  }

  /** The cause registered under `key`, created with `make` the first time. */
  cause(key: string, make: () => { kind: CauseKind; title: string; timing?: boolean; describe?: Cause['describe']; evidence?: string[] }): Cause {
    let c = this.causes.get(key);
    if (!c) {
      const m = make();
      c = { kind: m.kind, title: m.title, timing: m.timing ?? false, evidence: m.evidence ?? [], diffs: [], describe: m.describe };
      this.causes.set(key, c);
    }
    return c;
  }

  claim(d: Difference, cause: Cause): void {
    if (d.cause !== null) return;
    d.cause = cause;
    cause.diffs.push(d);
  }

  /** The calls of a difference, with their side. */
  static calls(d: Difference): { side: Side; call: TraceCall }[] {
    if (d.op === 'deleted') return [{ side: 'a', call: d.a }];
    if (d.op === 'inserted') return [{ side: 'b', call: d.b }];
    return [{ side: 'a', call: d.a }, { side: 'b', call: d.b }];
  }

  task(side: Side, al: TaskAlignment): TraceTask | null {
    return side === 'a' ? al.pair.a : al.pair.b;
  }

  /**
   * The environment a task had at one of its calls: what its last exec before it got, else
   * what its creator had, else the recording's. null when the run did not record it.
   */
  envAt(side: Side, task: TraceTask | null, index: number): Env | null {
    const trace = this.trace(side);
    if (!task) return this.rootEnv(trace);
    let exec = -1;
    for (let k = 0; k < task.execs.length; k++) if (task.execs[k].index <= index) exec = k;
    const key = `${side}:${task.tid}:${exec}`;
    if (this.envCache.has(key)) return this.envCache.get(key)!;
    let env: Env | null;
    if (exec >= 0 && task.execs[exec].env !== null) env = parseEnv(task.execs[exec].env!);
    else if (exec > 0) env = this.envAt(side, task, task.execs[exec - 1].index);
    else if (task.parent) env = this.envAt(side, task.parent, task.parent.calls.length);
    else env = this.rootEnv(trace);
    this.envCache.set(key, env);
    return env;
  }

  rootEnv(trace: Trace): Env | null {
    if (trace.unknown.has('env')) return null;
    try {
      return parseEnv(JSON.parse(trace.row.env) as string[]);
    } catch {
      return null;
    }
  }

  /** The environment of a difference's side at its call (for a changed pair: A's and B's). */
  envsOf(x: Located): { a: Env | null; b: Env | null } {
    const { d, al } = x;
    const ia = d.a ? d.a.index : nearestIndex(al, 'a', d);
    const ib = d.b ? d.b.index : nearestIndex(al, 'b', d);
    return { a: this.envAt('a', al.pair.a, ia), b: this.envAt('b', al.pair.b, ib) };
  }
}

/** For a call only one side has: the index the other side was at (its preceding aligned call). */
function nearestIndex(al: TaskAlignment, side: Side, d: Difference): number {
  let last = 0;
  for (const r of al.rows) {
    if (r === d) return last;
    if (r.op === 'same') last = (side === 'a' ? r.a : r.b) + r.n;
    else if (side === 'a' && r.a) last = r.a.index + 1;
    else if (side === 'b' && r.b) last = r.b.index + 1;
  }
  return last;
}
