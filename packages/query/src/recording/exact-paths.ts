import type BetterSqlite3 from 'better-sqlite3';
import { bytesToString } from '@tracedb/native';

/**
 * The syscall table's `path` as the exact bytes (in bytesToString's form). The column holds the
 * bytes decoded as UTF-8; where they were not UTF-8 (U+FFFD stands in, schema 8 on) `path_bytes`
 * holds them, looked up here by id: such rows are few, and the rest are read as they were.
 */
export class ExactPaths {
  private readonly bytes: BetterSqlite3.Statement | null;

  constructor(db: BetterSqlite3.Database) {
    this.bytes = hasColumn(db, 'syscall', 'path_bytes') ? db.prepare('SELECT path_bytes FROM syscall WHERE id = ?').pluck() : null;
  }

  of(id: number | bigint, path: string | null): string | null {
    if (path === null || this.bytes === null || !path.includes('\ufffd')) return path;
    const b = this.bytes.get(id) as Buffer | null | undefined;
    return b ? bytesToString(b) : path;
  }
}

const known = new WeakMap<BetterSqlite3.Database, ExactPaths>();

/** The connection's ExactPaths (made once). */
export function exactPaths(db: BetterSqlite3.Database): ExactPaths {
  let e = known.get(db);
  if (!e) known.set(db, (e = new ExactPaths(db)));
  return e;
}

/** A text column with its `*_bytes` companion (schema 8 on) as the exact bytes, in bytesToString's form. */
export function exactText(text: string, bytes: Buffer | null | undefined): string {
  return bytes ? bytesToString(bytes) : text;
}

/** The recording's working directory, exactly. */
export function recordingCwd(db: BetterSqlite3.Database): string {
  const r = db.prepare('SELECT * FROM recording WHERE id = 1').get() as { cwd: string; cwd_bytes?: Buffer | null } | undefined;
  return r ? exactText(r.cwd, r.cwd_bytes) : '';
}

export function hasColumn(db: BetterSqlite3.Database, table: string, column: string): boolean {
  return db.prepare('SELECT 1 FROM pragma_table_info(?) WHERE name = ?').get(table, column) !== undefined;
}
