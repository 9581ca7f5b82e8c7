import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, unlinkSync } from 'node:fs';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { SCHEMA_VERSION } from './schema-version.js';
import { UsageError } from '../cli/errors.js';
import type { RecordingTable } from './recording-schema.js';

/** An open recording: a read-only connection and the recording row. */
export interface Recording {
  readonly path: string;
  readonly db: BetterSqlite3.Database;
  readonly row: RecordingTable;
  readonly schemaVersion: number;
  /** The last stop's seq (0 for a recording without stops). */
  readonly lastSeq: number;
}

/**
 * Opens a recording read-only, so that no query can change it. Every way a file can fail
 * to be a readable recording is a UsageError with one clear line.
 */
export function openRecording(path: string): Recording {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new UsageError(`${path}: no such file`);
  }
  if (st.isDirectory()) throw new UsageError(`${path}: is a directory, not a recording`);
  const db = openReadOnly(path, st.size);
  try {
    return readRecording(path, db);
  } catch (e) {
    const err = explainSqliteError(e, path, db);
    db.close();
    throw err;
  }
}

/** WAL mode (the file format bytes at offset 18 and 19 are 2): a recording being written, or made before schema 7. */
function isWalMode(path: string): boolean {
  const header = Buffer.alloc(20);
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    return readSync(fd, header, 0, 20, 0) === 20 && header[18] === 2 && header[19] === 2;
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Largest WAL-mode recording read into memory when its folder cannot be written to. */
const MAX_IN_MEMORY = 1 << 30;

/**
 * A read-only connection that leaves nothing behind. A file in WAL mode needs -wal and -shm
 * files beside it: the ones this reader had to make are removed at exit (when still empty),
 * and where they cannot be made (a read-only folder) the file is read into memory instead.
 */
function openReadOnly(path: string, size: number): BetterSqlite3.Database {
  const wal = isWalMode(path);
  const made = wal ? ['-wal', '-shm'].filter((s) => !existsSync(path + s)) : [];
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    if (wal) db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get(); // makes the side files now, or fails here
    if (made.length === 2) process.once('exit', () => removeIfEmpty(path));
    return db;
  } catch (e) {
    const cannotMakeSideFiles = e instanceof Database.SqliteError && /^SQLITE_(CANTOPEN|READONLY)/.test(e.code);
    if (!(wal && cannotMakeSideFiles && size <= MAX_IN_MEMORY)) {
      throw new UsageError(`${path}: cannot open: ${(e as Error).message}`);
    }
  }
  const image = readFileSync(path);
  image[18] = 1; // rollback-journal mode: an in-memory image cannot be in WAL mode
  image[19] = 1;
  return new Database(image, { readonly: true });
}

function removeIfEmpty(path: string): void {
  try {
    if (statSync(path + '-wal').size !== 0) return;
    unlinkSync(path + '-wal');
    unlinkSync(path + '-shm');
  } catch {
    // already gone, or a writer has them now
  }
}

function readRecording(path: string, db: BetterSqlite3.Database): Recording {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'recording'").get() !== undefined;
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  if (userVersion > SCHEMA_VERSION) {
    throw new UsageError(
      `${path}: recording has schema version ${userVersion}, newer than this trace-q reads (${SCHEMA_VERSION}); use a newer tracedb`,
    );
  }
  if (!hasTable) throw new UsageError(`${path}: a SQLite database but not a tracedb recording (it has no recording table)`);
  const row = db.prepare('SELECT * FROM recording WHERE id = 1').get() as RecordingTable | undefined;
  if (row === undefined) throw new UsageError(`${path}: not a tracedb recording (its recording table is empty)`);
  if (row.schema_version > SCHEMA_VERSION) {
    throw new UsageError(
      `${path}: recording has schema version ${row.schema_version}, newer than this trace-q reads (${SCHEMA_VERSION}); use a newer tracedb`,
    );
  }
  const last = db.prepare('SELECT max(seq) AS seq FROM stops').get() as { seq: number | null };
  return { path, db, row, schemaVersion: Math.max(userVersion, row.schema_version), lastSeq: last.seq ?? 0 };
}

/** The stderr note for a recording that trace-rec did not finish, or null. */
export function interruptedNote(rec: Recording): string | null {
  if (rec.row.complete) return null;
  const why = rec.row.interrupted_by ?? 'trace-rec did not finish it';
  return `note: recording was interrupted (${why}); it ends at stop ${rec.lastSeq}`;
}

/**
 * Turns an SQLite error met while reading a recording into the one line the user sees.
 * Corruption is diagnosed with `PRAGMA quick_check` only then, since it reads the whole file.
 */
export function explainSqliteError(e: unknown, path: string, db?: BetterSqlite3.Database): unknown {
  if (!(e instanceof Database.SqliteError)) return e;
  if (e.code === 'SQLITE_NOTADB') return new UsageError(`${path}: not a SQLite file (${e.message})`);
  if (e.code.startsWith('SQLITE_CORRUPT') || e.code === 'SQLITE_IOERR_SHORT_READ') {
    return new UsageError(`${path}: the recording is damaged (truncated or corrupt): ${quickCheck(db) ?? e.message}`);
  }
  return new UsageError(`${path}: ${e.message}`);
}

function quickCheck(db: BetterSqlite3.Database | undefined): string | null {
  if (!db?.open) return null;
  try {
    const rows = db.pragma('quick_check(1)') as { quick_check: string }[];
    const first = rows[0]?.quick_check;
    return first && first !== 'ok' ? first : null;
  } catch (e) {
    return (e as Error).message;
  }
}
