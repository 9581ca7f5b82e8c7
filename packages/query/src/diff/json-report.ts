import { causeCounts } from './explain/cause.js';
import type { DiffReport } from './diff-traces.js';
import { TRACE_DIFF_FORMAT_VERSION } from '../output/format-versions.js';
import { buildHunks } from './hunk-builder.js';
import { syscallLine } from './syscall-line.js';
import type { Trace } from './trace.js';

export interface JsonOptions {
  readonly context: number;
  readonly raw: boolean;
}

function run(t: Trace) {
  let argv: unknown = null;
  try {
    argv = JSON.parse(t.row.argv);
  } catch {
    // left null
  }
  return { path: t.path, mode: t.row.mode, argv, syscalls: t.syscallCount, tasks: t.tasks.length, unrecorded: [...t.unknown].sort() };
}

/**
 * The report for tools: everything the text shows, with ids, and its `format_version`
 * (schemas/trace-diff-json.schema.json). Causes are numbered from 1 as in the text; each diff
 * line carries its cause id (null: unexplained). Write it with jsonReplacer (integers past
 * 2^53-1 as strings).
 */
export function jsonReport(r: DiffReport, o: JsonOptions): unknown {
  const causeId = new Map(r.causes.map((c, i) => [c, i + 1]));
  return {
    format_version: TRACE_DIFF_FORMAT_VERSION,
    equivalent: r.equivalent,
    a: run(r.a),
    b: run(r.b),
    context: r.context,
    counts: r.counts,
    causes: r.causes.map((c, i) => ({ id: i + 1, kind: c.kind, title: c.title, timing: c.timing, ...causeCounts(c), evidence: c.evidence })),
    signals: r.signals,
    exits: r.exits,
    tasks: r.alignments.map((al) => ({
      label: al.pair.label,
      a: al.pair.a ? { tid: al.pair.a.tid, pid: al.pair.a.pid, thread: al.pair.a.thread } : null,
      b: al.pair.b ? { tid: al.pair.b.tid, pid: al.pair.b.pid, thread: al.pair.b.thread } : null,
    })),
    hunks: r.alignments.flatMap((al) =>
      buildHunks(al, o.context).map((h) => ({
        task: al.pair.label,
        a: { start: h.aStart, lines: h.aLen },
        b: { start: h.bStart, lines: h.bLen },
        lines: h.lines.map((l) => ({
          op: l.op,
          index: l.call.index + 1,
          id: l.call.id,
          name: l.call.name,
          text: syscallLine(l.call, l.op === '+' ? { raw: o.raw, label: r.match.labelB, db: r.b.db } : { raw: o.raw, label: r.match.labelA, db: r.a.db }),
          ...(l.diff ? { change: l.diff.op, cause: l.diff.cause ? causeId.get(l.diff.cause)! : null } : {}),
        })),
      })),
    ),
  };
}
