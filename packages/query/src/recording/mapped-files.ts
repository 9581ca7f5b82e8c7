import type BetterSqlite3 from 'better-sqlite3';
import { exactText } from './exact-paths.js';
import type { MappedFilesTable } from './recording-schema.js';

export interface MappedFile {
  /** The file's name exactly, in bytesToString's form. */
  readonly path: string;
  readonly size: number | null;
  readonly sha256: string | null;
}

/** The files the program mapped, by name, with each name exact (path_bytes: schema 10 on). */
export function mappedFiles(db: BetterSqlite3.Database): MappedFile[] {
  const rows = db.prepare('SELECT * FROM mapped_files ORDER BY path, rowid').all() as MappedFilesTable[];
  return rows.map((r) => ({ path: exactText(r.path, r.path_bytes), size: r.size, sha256: r.sha256 }));
}
