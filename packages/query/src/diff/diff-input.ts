import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fsName } from '@tracedb/native';
import { UsageError } from '../cli/errors.js';
import { importStraceLog } from '../import/import-strace-log.js';
import type { LogProblem } from '../import/strace-log-parser.js';
import { straceLogFiles } from '../import/strace-log-files.js';
import { looksLikeStraceLog } from '../import/strace-log-parser.js';
import { explainSqliteError, fileKind, openRecording } from '../recording/open-recording.js';
import { loadTrace } from './trace-loader.js';
import type { Trace } from './trace.js';

/** A side of the diff, read and ready; close() releases the database and any temporary import. */
export interface DiffInput {
  readonly trace: Trace;
  /** Lines of a strace log that could not be imported (empty for recordings). */
  readonly problems: readonly LogProblem[];
  close(): void;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

function head(file: string, bytes: number): Buffer {
  const fd = openSync(fsName(file), 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens one side of a diff: a tracedb recording, or a strace log (not a SQLite file, and its
 * first lines parse as strace output) — or the LOG.PID files of `strace -ff -o LOG` — imported
 * into a temporary recording first.
 */
export function openDiffInput(file: string): DiffInput {
  let st;
  try {
    st = statSync(fsName(file));
  } catch {
    let perThread: string[];
    try {
      perThread = straceLogFiles([file]).files;
    } catch {
      throw new UsageError(`${file}: no such file`);
    }
    return importLog(perThread, file, true);
  }
  if (st.isDirectory()) throw new UsageError(`${file}: is a directory, not a recording`);
  if (!st.isFile()) throw new UsageError(`${file}: not a regular file (${fileKind(st)}); give a recording or a strace log`);
  let start: Buffer;
  try {
    start = head(file, 65536);
  } catch (e) {
    throw new UsageError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (start.subarray(0, 16).toString('latin1') === SQLITE_MAGIC) return openDb(file, file, () => {});
  if (!looksLikeStraceLog(start.toString('utf8'))) throw new UsageError(`${file}: neither a tracedb recording nor a strace log`);
  return importLog([file], file, false);
}

function importLog(files: readonly string[], shownAs: string, perThread: boolean): DiffInput {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trace-diff-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const result = importStraceLog(files, path.join(dir, 'import.db'), { perThread });
    const input = openDb(path.join(dir, 'import.db'), shownAs, cleanup);
    return { ...input, problems: result.problems };
  } catch (e) {
    cleanup();
    throw e;
  }
}

function openDb(dbPath: string, shownAs: string, cleanup: () => void): DiffInput {
  let rec;
  try {
    rec = openRecording(dbPath);
  } catch (e) {
    cleanup();
    throw rename(e, dbPath, shownAs);
  }
  try {
    const trace = loadTrace(shownAs, rec.db, rec.row);
    return {
      trace,
      problems: [],
      close: () => {
        rec.db.close();
        cleanup();
      },
    };
  } catch (e) {
    const err = explainSqliteError(e, shownAs, rec.db);
    rec.db.close();
    cleanup();
    throw err;
  }
}

/** Messages name the file the user gave and this tool. */
function rename(e: unknown, dbPath: string, shownAs: string): unknown {
  if (!(e instanceof UsageError)) return e;
  return new UsageError(e.message.split(dbPath).join(shownAs).replace('this trace-q', 'this trace-diff'), e.code);
}
