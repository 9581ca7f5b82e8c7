import { commandLine, escapeControls, escapeText } from '@tracedb/native/terminal';
import type { Colors } from '@tracedb/native/terminal';
import { causeCounts } from './explain/cause.js';
import type { Cause } from './explain/cause.js';
import type { DiffReport } from './diff-traces.js';
import { buildHunks } from './hunk-builder.js';
import type { Hunk } from './hunk-builder.js';
import { syscallLine } from './syscall-line.js';
import type { TaskAlignment } from './sequence-aligner.js';
import type { Trace, TraceTask } from './trace.js';

export interface TextOptions {
  /** Unchanged calls around each change (-U). */
  readonly context: number;
  readonly colors: Colors;
  /** Show raw addresses and pids instead of their masks. */
  readonly raw: boolean;
}

/** Calls of a task only one run has that are shown before "… N more". */
const UNMATCHED_SHOWN = 20;


function describeRun(t: Trace): string {
  let argv: string[] = [];
  try {
    argv = JSON.parse(t.row.argv) as string[];
  } catch {
    // shown as []
  }
  const processes = t.tasks.filter((x) => !x.thread).length;
  const threads = t.tasks.length - processes;
  const cmd = argv.length > 0 ? commandLine(argv) : '(argv not recorded)';
  return `${t.row.mode} of ${cmd}: ${t.syscallCount} syscalls, ${processes} process${processes === 1 ? '' : 'es'}${threads > 0 ? `, ${threads} thread${threads === 1 ? '' : 's'}` : ''}`;
}

/** The summary: runs, context differences, counts, causes with evidence, verdict. */
export function* summaryLines(r: DiffReport, o: TextOptions): Generator<string> {
  const bold = o.colors.bold;
  yield `${bold('A')}: ${escapeText(r.a.path)} (${describeRun(r.a)})`;
  yield `${bold('B')}: ${escapeText(r.b.path)} (${describeRun(r.b)})`;
  yield '';
  yield bold('Context:');
  if (r.context.length === 0) yield '  no differences in how the runs were made';
  for (const c of r.context) {
    const none = c.field.startsWith('env ') ? '(unset)' : '(none)';
    yield `  ${escapeText(c.field)}: ${c.a === null ? none : escapeText(c.a)} in A, ${c.b === null ? none : escapeText(c.b)} in B`;
  }
  for (const side of ['a', 'b'] as const) {
    const gaps = r.gaps[side];
    if (gaps.length > 0) yield `  (${side.toUpperCase()} did not record: ${gaps.join(', ')})`;
  }
  yield '';
  const n = r.counts;
  yield bold(`Syscalls: ${n.differing} differ`) + ` (${n.onlyA} only in A, ${n.onlyB} only in B, ${n.changed} changed; A has ${n.a}, B has ${n.b})`;
  for (const [i, c] of r.causes.entries()) yield* causeLines(c, i + 1, o);
  yield `  ${String(n.unexplained).padStart(5)}  ${n.unexplained === 0 ? 'unexplained' : o.colors.red('unexplained')}`;
  const tasksOnly = r.alignments.filter((al) => !al.pair.a || !al.pair.b);
  if (tasksOnly.length > 0) yield `  tasks only in one run: ${tasksOnly.map((al) => al.pair.label).join(', ')}`;
  for (const s of r.signals) yield `  signal: ${s.sig} delivered to ${s.label} ${s.a}× in A, ${s.b}× in B${s.timing ? ' (timing)' : ''}`;
  for (const e of r.exits) yield `  exit: ${e.label} ${e.a ?? '(not recorded)'} in A, ${e.b ?? '(not recorded)'} in B`;
  yield '';
  const timingOnly = n.timing > 0 ? ` (${n.timing} timing-dependent difference${n.timing === 1 ? '' : 's'} ignored)` : '';
  yield bold(r.equivalent ? `Equivalent after normalisation${timingOnly}.` : `Different: ${n.explained} of ${n.differing} differing syscalls explained, ${n.unexplained} unexplained${timingOnly ? `, ${n.timing} timing` : ''}.`);
}

function causeLines(c: Cause, id: number, o: TextOptions): string[] {
  const k = causeCounts(c);
  const parts = [k.onlyA > 0 ? `${k.onlyA} only in A` : '', k.onlyB > 0 ? `${k.onlyB} only in B` : '', k.changed > 0 ? `${k.changed} changed` : ''].filter(Boolean);
  const head = `  ${String(k.total).padStart(5)}  [${id}] ${(c.timing ? o.colors.dim : o.colors.yellow)(escapeControls(c.title))}`;
  return [head, `         ${' '.repeat(String(id).length + 3)}(${parts.join(', ')}${c.timing ? '; timing, not a real difference' : ''})`, ...c.evidence.map((e) => `         ${' '.repeat(String(id).length + 3)}${escapeControls(e)}`)];
}

function taskName(t: TraceTask | null, side: 'A' | 'B', label: string): string {
  if (!t) return `${side}: (no such task)`;
  const prog = t.execs.at(-1)?.path;
  return `${side}: ${escapeControls(label)} (${t.thread ? 'thread' : 'process'} ${t.tid}${prog ? `, ${escapeText(prog)}` : ''})`;
}

/** The unified diff of every task pair that differs. */
export function* diffLines(r: DiffReport, o: TextOptions): Generator<string> {
  const causeId = new Map(r.causes.map((c, i) => [c, i + 1]));
  for (const al of r.alignments) {
    const hunks = buildHunks(al, o.context);
    if (hunks.length === 0) continue;
    yield o.colors.bold(`--- ${taskName(al.pair.a, 'A', al.pair.label)}`);
    yield o.colors.bold(`+++ ${taskName(al.pair.b, 'B', al.pair.label)}`);
    for (const h of hunks) yield* hunkLines(r, al, h, causeId, o);
  }
}

function* hunkLines(r: DiffReport, al: TaskAlignment, h: Hunk, causeId: Map<Cause, number>, o: TextOptions): Generator<string> {
  const causes = new Map<string, number>();
  for (const l of h.lines) {
    if (!l.diff || (l.op === '+' && l.diff.op === 'changed')) continue;
    const tag = l.diff.cause ? `[${causeId.get(l.diff.cause)}]` : 'unexplained';
    causes.set(tag, (causes.get(tag) ?? 0) + 1);
  }
  const tags = [...causes].map(([t, n]) => `${t} ×${n}`).join(' ');
  yield o.colors.cyan(`@@ -${h.aStart},${h.aLen} +${h.bStart},${h.bLen} @@`) + ` ${tags}`;
  const perLine = causes.size > 1;
  const unmatched = !al.pair.a || !al.pair.b;
  let shown = 0;
  for (const l of h.lines) {
    if (unmatched && shown === UNMATCHED_SHOWN) {
      yield `${l.op} … ${h.lines.length - shown} more calls of this task`;
      break;
    }
    shown++;
    const text = syscallLine(l.call, l.op === '+' ? { raw: o.raw, label: r.match.labelB, db: r.b.db } : { raw: o.raw, label: r.match.labelA, db: r.a.db });
    const tag = perLine && l.diff ? `   [${l.diff.cause ? causeId.get(l.diff.cause) : '?'}]` : '';
    const line = `${l.op} ${escapeControls(text)}${tag}`;
    yield l.op === '-' ? o.colors.red(line) : l.op === '+' ? o.colors.green(line) : line;
  }
}
