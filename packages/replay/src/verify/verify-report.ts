import { escapeControls, escapeText } from '@tracedb/native/terminal';
import { syscallLine } from '@tracedb/query';
import type { DiffReport, TraceCall, TraceTask } from '@tracedb/query';
import type { Divergence } from './first-divergence.js';

/** Recorded calls shown before the divergence. */
const CALLS_BEFORE = 3;

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

function taskName(label: string, t: TraceTask): string {
  const prog = t.execs.at(-1)?.path;
  return `${t.thread ? 'thread' : 'process'} ${escapeControls(label)} (pid ${t.pid}, thread ${t.tid}${prog ? `, ${escapeText(prog)}` : ''})`;
}

function seqOf(report: DiffReport, c: TraceCall): number | null {
  const row = report.a.db.prepare('SELECT entry_seq FROM syscall WHERE id = ?').get(c.id) as { entry_seq: number | null } | undefined;
  return row?.entry_seq ?? null;
}

/** The first divergence: where (recorded seq, task), the calls before it, both calls, its cause in trace-diff's words. */
export function divergenceLines(report: DiffReport, div: Divergence): string[] {
  const { al, d } = div;
  const recordedTask = al.pair.a;
  const line = (c: TraceCall, side: 'a' | 'b'): string =>
    escapeControls(syscallLine(c, side === 'a' ? { raw: false, label: report.match.labelA, db: report.a.db } : { raw: false, label: report.match.labelB, db: report.b.db }));
  const out: string[] = [];
  if (recordedTask) {
    const seq = div.recorded ? seqOf(report, div.recorded) : null;
    const where = seq !== null ? `at seq ${seq}` : 'after its last recorded call';
    out.push(`trace-replay: the rerun departs from the recording ${where}, in ${taskName(al.pair.label, recordedTask)}`);
    const before = recordedTask.calls.slice(Math.max(0, div.at - CALLS_BEFORE), div.at);
    if (before.length > 0) out.push('  before it:', ...before.map((c) => `    ${line(c, 'a')}`));
  } else {
    out.push(`trace-replay: the rerun departs from the recording: it has ${taskName(al.pair.label, al.pair.b!)}, which the recording does not`);
  }
  out.push(`  recorded: ${d.a ? line(d.a, 'a') : '(no call: the live run made one the recording does not have here)'}`);
  out.push(`  live:     ${d.b ? line(d.b, 'b') : '(no call: the live run did not make this one)'}`);
  if (div.cause) {
    out.push(`  cause: ${escapeControls(div.cause.title)}`, ...div.cause.evidence.map((e) => `         ${escapeControls(e)}`), '         (A: the recording, B: the live run)');
  } else {
    out.push('  cause: not found (trace-diff leaves this difference unexplained)');
  }
  return out;
}

const STDIO = new Set(['stdin', 'stdout', 'stderr']);
const kindOf = (shown: string | null): string | null => shown?.split(' ')[0] ?? null;

/**
 * A context difference worth showing: descriptors above 2 (the rerun inherits only stdin,
 * stdout and stderr) and stdio that is a file both times, another file, are not.
 */
function telling(c: DiffReport['context'][number]): boolean {
  if (c.field.startsWith('fd ')) return false;
  return !STDIO.has(c.field) || kindOf(c.a) !== kindOf(c.b);
}

/** What differs in how the runs were made, and how tasks ended, when the calls alone do not say it. */
export function contextLines(report: DiffReport): string[] {
  const out: string[] = [];
  for (const c of report.context) {
    if (!telling(c)) continue;
    out.push(`    ${escapeText(c.field)}: ${c.a === null ? '(none)' : escapeText(c.a)} in the recording, ${c.b === null ? '(none)' : escapeText(c.b)} live`);
  }
  for (const e of report.exits) out.push(`    ${escapeControls(e.label)} ${e.a ?? '(not recorded)'} in the recording, ${e.b ?? '(not recorded)'} live`);
  for (const s of report.signals) {
    if (!s.timing) out.push(`    ${s.sig} delivered to ${escapeControls(s.label)} ${s.a}× in the recording, ${s.b}× live`);
  }
  return out;
}

/** The counts: how much differs in all, and what was put down to timing. */
export function countLine(report: DiffReport): string {
  const n = report.counts;
  const timing = n.timing > 0 ? `; ${plural(n.timing, 'timing-dependent difference')} ignored` : '';
  return `  in all: ${n.explained + n.unexplained} of ${n.a} recorded syscalls differ (${n.explained} explained, ${n.unexplained} unexplained${timing})`;
}

/** The verdict when nothing but timing differs. */
export function matchedLine(report: DiffReport): string {
  const n = report.counts;
  const processes = report.a.tasks.filter((t) => !t.thread).length;
  const timing = n.timing > 0 ? `; ${plural(n.timing, 'timing-dependent difference')} ignored` : '';
  return `trace-replay: verified: the rerun matched the recording stop by stop (${plural(n.a, 'syscall')}, ${plural(processes, 'process', 'processes')}${timing})`;
}
