import { existsSync, statSync } from 'node:fs';
import { fsName } from '@tracedb/native';
import { escapeText } from '@tracedb/native/terminal';
import { openRecording, QueryUsageError, recordedFilter } from '@tracedb/query';
import { partialRefusal } from '../inject/recording-requirements.js';
import type { Recording } from '@tracedb/query';
import { UsageError } from '../cli/errors.js';

/** A recording that can be rerun: how its program was started. */
export interface RecordedRun {
  readonly rec: Recording;
  readonly argv: string[];
  /** The environment, in its recorded order. */
  readonly env: string[];
  readonly cwd: string;
  readonly exePath: string;
  readonly options: RecordedOptions;
}

/** The parts of recording.options a rerun repeats. */
export interface RecordedOptions {
  readonly pin?: boolean;
  readonly captureBytes?: number;
  readonly user?: { readonly name: string };
  readonly replayable?: { readonly aslr?: string; readonly cpuid?: string };
}

/**
 * Opens the recording to verify and reads how it was launched. Anything that keeps it from
 * being rerun (not a recording, a future schema, an attach or an import, the program or the
 * working directory gone) is a UsageError: one line, exit 2.
 */
export function openRecordedRun(file: string): RecordedRun {
  let rec: Recording;
  try {
    rec = openRecording(file);
  } catch (e) {
    if (e instanceof QueryUsageError) throw new UsageError(e.message.replace('this trace-q', 'this trace-replay'));
    throw e;
  }
  try {
    return readRun(file, rec);
  } catch (e) {
    rec.db.close();
    throw e;
  }
}

function readRun(file: string, rec: Recording): RecordedRun {
  const row = rec.row;
  const name = escapeText(file);
  if (row.mode === 'attach') throw new UsageError(`${name}: made by attaching to a running process; only a launched program can be rerun`);
  if (row.mode !== 'launch') throw new UsageError(`${name}: imported from a strace log, which does not say how the program was started; it cannot be rerun`);
  const partial = recordedFilter(row.options);
  if (partial !== null) throw new UsageError(partialRefusal(name, partial));
  const argv = parseList(row.argv);
  const env = parseList(row.env);
  if (!argv || argv.length === 0 || !env || row.exe_path === null) throw new UsageError(`${name}: the recording does not say how its program was started`);
  if (!existsSync(fsName(row.cwd)) || !statSync(fsName(row.cwd)).isDirectory()) {
    throw new UsageError(`the recorded working directory ${escapeText(row.cwd)} is gone; the program cannot be rerun there`);
  }
  if (!existsSync(fsName(row.exe_path))) throw new UsageError(`${escapeText(row.exe_path)}: the recorded program is missing`);
  let options: RecordedOptions = {};
  try {
    options = JSON.parse(row.options) as RecordedOptions;
  } catch {
    // a rerun with trace-rec's defaults
  }
  return { rec, argv, env, cwd: row.cwd, exePath: row.exe_path, options };
}

function parseList(json: string | null): string[] | null {
  if (json === null) return null;
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : null;
  } catch {
    return null;
  }
}
