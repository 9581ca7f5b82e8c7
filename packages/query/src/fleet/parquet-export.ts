import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { UsageError } from '../cli/errors.js';
import { openRecording } from '../recording/open-recording.js';
import type { Recording } from '../recording/open-recording.js';
import { EXPORT_TABLES } from './export-tables.js';
import type { Column, ColumnType, ExportOptions } from './export-tables.js';
import { openDuckDb, sqlName, sqlString } from './load-duckdb.js';
import { partFile } from './parquet-layout.js';

export interface ExportedRecording {
  readonly file: string;
  readonly recordingId: string;
  /** It was in DIR already: its files were replaced, never added beside. */
  readonly replaced: boolean;
  /** Rows written per table. */
  readonly rows: Readonly<Record<string, number>>;
}

const append: Record<ColumnType, (a: DuckDBAppender, v: unknown) => void> = {
  BIGINT: (a, v) => a.appendBigInt(typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)))),
  VARCHAR: (a, v) => a.appendVarchar(String(v)),
  BLOB: (a, v) => a.appendBlob(v as Uint8Array),
};

/**
 * trace-q export: writes each recording's public tables to DIR as Parquet (see EXPORT_TABLES and
 * parquet-layout.ts). Every recording is opened and checked before anything is written. Each
 * file is written under a temporary name and renamed over the old one, so a reader or a crash
 * sees a whole old file or a whole new one; a recording exported again replaces its own files.
 */
export async function exportParquet(files: readonly string[], dir: string, o: ExportOptions, done: (r: ExportedRecording) => void): Promise<void> {
  // all checked first, then opened again one at a time: a fleet's worth of open files and page caches would add up
  for (const f of files) withId(openRecording(f)).db.close();
  prepareDir(dir);
  const db = await openDuckDb();
  try {
    for (const f of files) {
      const rec = withId(openRecording(f));
      try {
        done(await exportOne(db, rec, dir, o));
      } finally {
        rec.db.close();
      }
    }
  } finally {
    db.closeSync();
  }
}

function withId(rec: Recording): Recording {
  const id = rec.row.recording_id;
  if (id === undefined || id === null) {
    rec.db.close();
    throw new UsageError(`${rec.path}: has no recording_id (schema version ${rec.schemaVersion}, before 16): trace-q upgrade ${rec.path} gives it one`);
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
    rec.db.close();
    throw new UsageError(`${rec.path}: its recording_id '${id}' is not a UUID`);
  }
  return rec;
}

/**
 * mkdir -p without Node's recursive mkdir, which loops forever where mkdir fails with ENOENT
 * under a parent that exists (/proc/NEW).
 */
function makeDir(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return;
    if (code !== 'ENOENT' || path.dirname(dir) === dir || existsSync(path.dirname(dir))) throw e;
    makeDir(path.dirname(dir));
    mkdirSync(dir);
  }
}

/** DIR exists (made if need be) and takes a new file. */
function prepareDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${dir}: not a directory`);
  const probe = path.join(dir, `.trace-q-probe-${process.pid}`);
  try {
    makeDir(path.resolve(dir));
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    throw new UsageError(`${dir}: cannot write there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

async function exportOne(db: DuckDBConnection, rec: Recording, dir: string, o: ExportOptions): Promise<ExportedRecording> {
  const id = rec.row.recording_id as string;
  const replaced = existsSync(partFile(dir, 'recording', id));
  const rows: Record<string, number> = {};
  for (const table of EXPORT_TABLES) {
    const columns = table.columns(o);
    rows[table.name] = await writePart(db, partFile(dir, table.name, id), columns, table.rows(rec.db, columns));
  }
  return { file: rec.path, recordingId: id, replaced, rows };
}

/** Writes the rows to `file` (replacing it) through a DuckDB table; returns how many. */
async function writePart(db: DuckDBConnection, file: string, columns: readonly Column[], rows: Iterable<readonly unknown[]>): Promise<number> {
  const partDir = path.dirname(file);
  makeDir(partDir);
  // what a run that died here left behind
  for (const f of readdirSync(partDir)) if (f.startsWith('.part-0.parquet.tmp-')) rmSync(path.join(partDir, f), { force: true });
  await db.run(`CREATE OR REPLACE TABLE part (${columns.map(([c, t]) => `${sqlName(c)} ${t}`).join(', ')})`);
  const a = await db.createAppender('part');
  const put = columns.map(([, t]) => append[t]);
  let n = 0;
  for (const row of rows) {
    for (let i = 0; i < put.length; i++) {
      const v = row[i];
      if (v === null || v === undefined) a.appendNull();
      else put[i](a, v);
    }
    a.endRow();
    n++;
  }
  a.closeSync();
  const tmp = path.join(partDir, `.part-0.parquet.tmp-${process.pid}`);
  await db.run(`COPY part TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
  renameSync(tmp, file);
  await db.run('DROP TABLE part');
  return n;
}
