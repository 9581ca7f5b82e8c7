import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, unlinkSync } from 'node:fs';
import type { Stats } from 'node:fs';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { fileUsers, fsName, hasEscapedBytes } from '@tracedb/native';
import { SCHEMA_VERSION } from './schema-version.js';
import { UsageError } from '../cli/errors.js';
import { exactText } from './exact-paths.js';
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
 * to be a readable recording is a UsageError with one clear line. `path` is bytes in
 * bytesToString's form (see rawArgs): a name that is not UTF-8 is opened exactly.
 */
export function openRecording(path: string): Recording {
  let st;
  try {
    st = statSync(fsName(path));
  } catch {
    throw new UsageError(`${path}: no such file`);
  }
  if (st.isDirectory()) throw new UsageError(`${path}: is a directory, not a recording`);
  if (!st.isFile()) throw new UsageError(`${path}: not a regular file (${fileKind(st)}), not a recording`);
  const damage = truncation(path, st.size);
  if (damage) throw new UsageError(`${path}: the recording is damaged (truncated or corrupt): ${damage}`);
  const db = openReadOnly(path, st.size);
  try {
    return readRecording(path, db);
  } catch (e) {
    const err = explainSqliteError(e, path, db);
    db.close();
    throw err;
  }
}

/** What a path that is not a regular file is, in words. */
export function fileKind(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a file';
}

function readHeader(path: string): Buffer | null {
  const header = Buffer.alloc(100);
  let fd: number | null = null;
  try {
    fd = openSync(fsName(path), 'r');
    return readSync(fd, header, 0, 100, 0) === 100 ? header : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * A cut-off file, found from its header alone (cheap, unlike quick_check): outside WAL mode
 * the header's page count is valid when its version-valid-for number equals the change counter,
 * and the file must hold that many pages.
 */
function truncation(path: string, size: number): string | null {
  const h = readHeader(path);
  if (h === null || h.toString('latin1', 0, 16) !== 'SQLite format 3\0' || h[18] === 2) return null;
  const pageSize = h.readUInt16BE(16) === 1 ? 65536 : h.readUInt16BE(16);
  const pages = h.readUInt32BE(28);
  if (pages === 0 || h.readUInt32BE(92) !== h.readUInt32BE(24)) return null;
  const expected = pages * pageSize;
  return size < expected ? `cut short at ${size} of its ${expected} bytes` : null;
}

/** WAL mode (the file format bytes at offset 18 and 19 are 2): a recording being written, or made before schema 7. */
function isWalMode(path: string): boolean {
  const h = readHeader(path);
  return h !== null && h[18] === 2 && h[19] === 2;
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
  const made = wal ? ['-wal', '-shm'].filter((s) => !existsSync(fsName(path + s))) : [];
  try {
    const db = new Database(sqliteName(path), { readonly: true, fileMustExist: true });
    if (wal) db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get(); // makes the side files now, or fails here
    if (made.length === 2) process.once('exit', () => removeIfEmpty(path));
    return db;
  } catch (e) {
    const cannotMakeSideFiles = e instanceof Database.SqliteError && /^SQLITE_(CANTOPEN|READONLY)/.test(e.code);
    if (!(wal && cannotMakeSideFiles && size <= MAX_IN_MEMORY)) {
      throw new UsageError(`${path}: cannot open: ${(e as Error).message}`);
    }
  }
  const image = readFileSync(fsName(path));
  image[18] = 1; // rollback-journal mode: an in-memory image cannot be in WAL mode
  image[19] = 1;
  return new Database(image, { readonly: true });
}

/**
 * The name to give SQLite: better-sqlite3 takes only UTF-8 text, so a name that is not UTF-8 is
 * opened here and given as /proc/self/fd/N, a link SQLite follows to the file's real name
 * (beside which it finds or makes -wal and -shm). The descriptor stays open while the process
 * runs: closing it would drop SQLite's locks on the file.
 */
function sqliteName(path: string): string {
  if (!hasEscapedBytes(path)) return path;
  return `/proc/self/fd/${openSync(fsName(path), 'r')}`;
}

function removeIfEmpty(path: string): void {
  try {
    if (statSync(fsName(path + '-wal')).size !== 0) return;
    unlinkSync(fsName(path + '-wal'));
    unlinkSync(fsName(path + '-shm'));
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
  row.cwd = exactText(row.cwd, row.cwd_bytes);
  if (row.exe_path !== null) row.exe_path = exactText(row.exe_path, row.exe_path_bytes);
  const last = db.prepare('SELECT max(seq) AS seq FROM stops').get() as { seq: number | null };
  return { path, db, row, schemaVersion: Math.max(userVersion, row.schema_version), lastSeq: last.seq ?? 0 };
}

/**
 * The stderr note for a recording that trace-rec did not finish, or null: still being written
 * (a trace-rec process has it open; it holds its output open for the whole run), or interrupted.
 */
export function interruptedNote(rec: Recording): string | null {
  if (rec.row.complete) return null;
  if (rec.row.interrupted_by === null) {
    const st = statSync(fsName(rec.path));
    const writer = fileUsers(st.dev, st.ino).find((u) => /trace-rec/.test(u.command));
    if (writer) return `note: recording is still being written (trace-rec, pid ${writer.pid}); it ends at stop ${rec.lastSeq} so far`;
  }
  const why = rec.row.interrupted_by ?? 'trace-rec did not finish it';
  return `note: recording was interrupted (${why}); it ends at stop ${rec.lastSeq}`;
}

/** A recording made with trace-rec -e trace=SET (recording.options.filter): SET as typed; null when every syscall stopped. */
export function recordedFilter(options: string | null): string | null {
  try {
    const filter = (JSON.parse(options ?? '{}') as { filter?: { trace?: unknown } }).filter;
    return typeof filter?.trace === 'string' ? filter.trace : null;
  } catch {
    return null;
  }
}

/** The note a rendering of a partial recording starts with (on stderr: stdout stays as strace prints it), or null. */
export function partialNote(rec: Recording): string | null {
  const set = recordedFilter(rec.row.options);
  return set === null ? null : `note: partial recording: only the syscalls in trace=${set} stopped (trace-rec -e trace=${set})`;
}

/**
 * Turns an SQLite error met while reading a recording into the one line the user sees.
 * Corruption is diagnosed with `PRAGMA quick_check` only then, since it reads the whole file.
 */
export function explainSqliteError(e: unknown, path: string, db?: BetterSqlite3.Database): unknown {
  if (!(e instanceof Database.SqliteError)) return e;
  if (e.code === 'SQLITE_NOTADB') return new UsageError(`${path}: not a SQLite file (${e.message})`);
  if (e.code.startsWith('SQLITE_CORRUPT') || e.code === 'SQLITE_IOERR_SHORT_READ') {
    // quick_check's findings span lines ("*** in database main ***\nPage 5: …"): one line here
    const detail = (quickCheck(db) ?? e.message).replace(/\s*\n\s*/g, '; ');
    return new UsageError(`${path}: the recording is damaged (truncated or corrupt): ${detail}`);
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
