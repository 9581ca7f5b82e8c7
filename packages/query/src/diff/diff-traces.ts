import { contextDiff, contextGaps } from './context-diff.js';
import type { ContextDifference, ContextGaps } from './context-diff.js';
import { causeCounts } from './explain/cause.js';
import type { Cause } from './explain/cause.js';
import { ExplainContext } from './explain/explain-context.js';
import { explainBinary, explainDifferentExecutable } from './explain/binary-explainer.js';
import { explainCommand } from './explain/command-explainer.js';
import { explainFiles } from './explain/file-explainer.js';
import { explainLoaderPath } from './explain/loader-path-explainer.js';
import { explainLocale } from './explain/locale-explainer.js';
import { explainProcessTree } from './explain/process-tree-explainer.js';
import { explainSignals, signalDifferences } from './explain/signal-explainer.js';
import type { SignalDifference } from './explain/signal-explainer.js';
import { explainTerminal } from './explain/terminal-explainer.js';
import { explainFdNumbers, explainTiming } from './explain/timing-explainer.js';
import { explainTracingStart } from './explain/tracing-start-explainer.js';
import { explainUser } from './explain/user-explainer.js';
import { KeyInterner } from './myers-diff.js';
import { alignTasks } from './sequence-aligner.js';
import type { Difference, TaskAlignment } from './sequence-aligner.js';
import { assignKeys } from './syscall-normaliser.js';
import { matchTasks } from './task-matcher.js';
import type { TaskMatch } from './task-matcher.js';
import type { Trace } from './trace.js';

export interface DiffCounts {
  /** Syscalls in each recording. */
  readonly a: number;
  readonly b: number;
  /** Differing syscalls: only in A + only in B + changed pairs. */
  readonly differing: number;
  readonly onlyA: number;
  readonly onlyB: number;
  readonly changed: number;
  /** Differing syscalls a (non-timing) cause explains. */
  readonly explained: number;
  /** Differing syscalls that only depend on timing. */
  readonly timing: number;
  readonly unexplained: number;
}

export interface DiffReport {
  readonly a: Trace;
  readonly b: Trace;
  readonly context: ContextDifference[];
  readonly gaps: ContextGaps;
  readonly match: TaskMatch;
  readonly alignments: TaskAlignment[];
  /** Causes that explain at least one difference, most first; timing last. */
  readonly causes: Cause[];
  readonly unexplained: Difference[];
  readonly signals: SignalDifference[];
  /** Matched tasks that ended differently. */
  readonly exits: { readonly label: string; readonly a: string | null; readonly b: string | null }[];
  readonly counts: DiffCounts;
  /** Nothing but timing differs once addresses, pids, times and random bytes are masked. */
  readonly equivalent: boolean;
}

/**
 * Compares two recordings: matches their task trees, aligns each pair of tasks' syscalls,
 * and attributes the differences to causes. The explainers run from the most specific
 * evidence to the least; each claims only what no earlier one claimed.
 *
 * @example
 * const report = diffTraces(loadTrace('a.db', dbA, rowA), loadTrace('b.db', dbB, rowB));
 * if (!report.equivalent) for (const c of report.causes) console.log(c.title);
 */
export function diffTraces(a: Trace, b: Trace): DiffReport {
  const interner = new KeyInterner();
  assignKeys(a, interner);
  assignKeys(b, interner);
  const match = matchTasks(a, b);
  const alignments = match.pairs.map((p) => alignTasks(p, match));
  const ctx = new ExplainContext(a, b, alignments, match.labelA, match.labelB);
  const signals = signalDifferences(ctx);

  explainTracingStart(ctx);
  explainProcessTree(ctx);
  explainLoaderPath(ctx);
  explainLocale(ctx);
  explainTerminal(ctx);
  explainCommand(ctx);
  explainFiles(ctx);
  explainUser(ctx);
  explainBinary(ctx);
  explainSignals(ctx, signals);
  explainTiming(ctx);
  explainFdNumbers(ctx);
  explainDifferentExecutable(ctx);

  const causes = [...ctx.causes.values()].filter((c) => c.diffs.length > 0);
  for (const c of causes) if (c.describe) c.evidence = [...c.evidence, ...c.describe(c.diffs)];
  causes.sort((x, y) => Number(x.timing) - Number(y.timing) || y.diffs.length - x.diffs.length);

  let onlyA = 0;
  let onlyB = 0;
  let changed = 0;
  for (const { d } of ctx.diffs) {
    if (d.op === 'deleted') onlyA++;
    else if (d.op === 'inserted') onlyB++;
    else changed++;
  }
  const timing = causes.filter((c) => c.timing).reduce((n, c) => n + causeCounts(c).total, 0);
  const explained = causes.filter((c) => !c.timing).reduce((n, c) => n + causeCounts(c).total, 0);
  const unexplained = ctx.diffs.filter((x) => x.d.cause === null).map((x) => x.d);
  const exits = alignments
    .filter((al) => al.pair.a && al.pair.b && al.pair.a.exit !== al.pair.b.exit && !al.pair.a.thread)
    .map((al) => ({ label: al.pair.label, a: al.pair.a!.exit, b: al.pair.b!.exit }));
  const unmatchedTasks = alignments.some((al) => !al.pair.a || !al.pair.b);
  const counts: DiffCounts = {
    a: a.syscallCount,
    b: b.syscallCount,
    differing: ctx.diffs.length,
    onlyA,
    onlyB,
    changed,
    explained,
    timing,
    unexplained: unexplained.length,
  };
  const equivalent = explained === 0 && unexplained.length === 0 && !unmatchedTasks && signals.every((s) => s.timing) && exits.length === 0;
  return { a, b, context: contextDiff(a, b), gaps: contextGaps(a, b), match, alignments, causes, unexplained, signals, exits, counts, equivalent };
}
