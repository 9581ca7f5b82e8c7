import { mkdtempSync, rmSync, existsSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fsName } from '@tracedb/native';
import { commandLine, escapeControls, escapeText } from '@tracedb/native/terminal';
import { diffTraces, loadTrace, openRecording, QueryUsageError } from '@tracedb/query';
import type { Recording } from '@tracedb/query';
import type { ReplayCommand } from '../cli/replay-args.js';
import { UsageError } from '../cli/errors.js';
import { changedBinaries } from './binary-check.js';
import { environmentNotes } from './environment-notes.js';
import { firstDivergence } from './first-divergence.js';
import { runLive } from './live-run.js';
import { recordedWithoutAslr } from './recorded-aslr.js';
import { openRecordedRun } from './recorded-run.js';
import type { RecordedRun } from './recorded-run.js';
import { StopSignals } from './stop-signals.js';
import { contextLines, countLine, divergenceLines, matchedLine } from './verify-report.js';

const say = (line: string): void => {
  writeSync(2, line + '\n');
};

const short = (sha: string): string => `${sha.slice(0, 12)}…`;

/**
 * --verify: reruns the recorded command for real under trace-rec and compares the two
 * recordings stop by stop with trace-diff's alignment. 0: every stop matched (timing aside);
 * 1: a divergence (a changed binary or library is one, found before the run); 2: trouble;
 * 128+N when signal N (Ctrl-C: 130) stopped it, the program killed.
 */
export async function runVerify(cmd: ReplayCommand): Promise<number> {
  const stops = StopSignals.catch();
  let tmp: string | null = null;
  let run: RecordedRun | null = null;
  try {
    run = openRecordedRun(cmd.recording);
    // trace-rec runs in the recorded cwd: -o is taken relative to ours
    const kept = cmd.output === null ? null : path.resolve(cmd.output);
    if (kept !== null && existsSync(fsName(kept))) throw new UsageError(`${escapeText(cmd.output!)} exists; not overwriting it`);
    const changed = changedBinaries(run.rec);
    if (changed.length > 0) {
      for (const c of changed) {
        const what = c.now !== null ? 'changed since the recording' : c.gone ? 'is gone since the recording' : 'cannot be read now';
        say(`trace-replay: ${escapeText(c.path)} ${what} (sha256 ${short(c.recorded)}→${c.now === null ? '?' : short(c.now)})`);
      }
      say(`trace-replay: not rerun: the recorded program would not run the same code`);
      return 1;
    }
    for (const note of environmentNotes(run.rec)) say(`trace-replay: note: ${note}`);
    if (!run.rec.row.complete) say(`trace-replay: note: the recording was interrupted (${escapeControls(run.rec.row.interrupted_by ?? 'trace-rec did not finish it')}); the rerun is compared with what it holds`);

    if (stops.first) return interrupted(stops, 'before the rerun');
    if (kept === null) tmp = mkdtempSync(path.join(os.tmpdir(), 'trace-replay-'));
    const output = kept ?? path.join(tmp!, 'live.db');
    const live = await runLive(run, output, recordedWithoutAslr(run.rec, run.options), stops);
    if (stops.first) return interrupted(stops, 'the program was killed');
    return compare(run.rec, output, cmd.output ?? null, live.status);
  } finally {
    run?.rec.db.close();
    if (tmp !== null) rmSync(tmp, { recursive: true, force: true });
    stops.release();
  }
}

function interrupted(stops: StopSignals, when: string): number {
  say(`trace-replay: interrupted by ${stops.first}; ${when}`);
  return stops.exitStatus;
}

function compare(recorded: Recording, output: string, kept: string | null, traceRecStatus: number | null): number {
  let live: Recording;
  try {
    live = openRecording(output);
  } catch (e) {
    if (!(e instanceof QueryUsageError)) throw e;
    throw new UsageError(`the rerun could not be recorded (trace-rec exited ${traceRecStatus ?? 'on a signal'})`);
  }
  try {
    const report = diffTraces(loadTrace(recorded.path, recorded.db, recorded.row), loadTrace(kept ?? 'the live run', live.db, live.row));
    if (report.equivalent) {
      say(matchedLine(report));
      return 0;
    }
    const div = firstDivergence(report);
    if (div) for (const l of divergenceLines(report, div)) say(l);
    else say('trace-replay: the rerun departs from the recording in how its processes ended or the signals they got');
    const context = contextLines(report);
    if (context.length > 0) say('  how the runs differ besides:');
    for (const l of context) say(l);
    say(countLine(report));
    say(kept ? `  ${commandLine(['trace-diff', recorded.path, kept])} shows every difference` : '  -o FILE keeps the live recording; trace-diff RECORDING FILE then shows every difference');
    return 1;
  } finally {
    live.db.close();
  }
}
