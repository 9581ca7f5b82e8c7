import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { UsageError } from '../cli/errors.js';
import type { Format } from '../cli/parse-args.js';
import { toJson } from '../output/json-value.js';
import { resultLines } from '../output/result-lines.js';
import { EXPORT_TABLES } from './export-tables.js';
import { openDuckDb, sqlString } from './load-duckdb.js';
import { tableGlob } from './parquet-layout.js';

/** DuckDB's statement types (duckdb_statement_type) that only read: SELECT and EXPLAIN. */
const READING = new Set([1, 4]);

/**
 * trace-q fleet: one SQL statement over every recording exported to DIR, with DuckDB. Each
 * table of the export is a view of the same name over its Parquet files (Hive partitions:
 * recording_id is a column); files of different schema versions are read by column name.
 */
export async function* fleetSql(dir: string, sql: string, format: Format): AsyncGenerator<string> {
  const tables = exportedTables(dir);
  const db = await openDuckDb();
  try {
    for (const t of tables) {
      const source = `read_parquet(${sqlString(tableGlob(dir, t))}, hive_partitioning = true, hive_types = {'recording_id': VARCHAR}, union_by_name = true)`;
      await db.run(`CREATE VIEW ${t} AS SELECT * FROM ${source}`);
    }
    const reader = await readOnly(db, sql);
    const rows = reader.getRowsJS().map((r) => r.map((v) => cell(v, format)));
    yield* resultLines(reader.columnNames(), rows, format);
  } finally {
    db.closeSync();
  }
}

/** The tables of EXPORT_TABLES that DIR holds; a DIR without any is not an export. */
function exportedTables(dir: string): string[] {
  if (!existsSync(dir)) throw new UsageError(`${dir}: no such directory`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`${dir}: not a directory`);
  const tables = EXPORT_TABLES.map((t) => t.name).filter((t) => existsSync(path.join(dir, t)) && readdirSync(path.join(dir, t)).some((p) => p.startsWith('recording_id=')));
  if (!tables.includes('recording')) throw new UsageError(`${dir}: no exported recordings in it (trace-q export REC… --parquet ${dir} writes them)`);
  return tables;
}

async function readOnly(db: DuckDBConnection, sql: string): Promise<Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>> {
  let statements;
  try {
    statements = await db.extractStatements(sql);
  } catch (e) {
    throw new UsageError(`--sql: ${oneLine((e as Error).message)}`);
  }
  if (statements.count !== 1) throw new UsageError(`--sql takes one statement; got ${statements.count}`);
  try {
    const prepared = await statements.prepare(0);
    if (!READING.has(prepared.statementType)) throw new UsageError('--sql runs read-only queries (SELECT); this statement would write');
    return await prepared.runAndReadAll();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--sql: ${oneLine((e as Error).message)}`);
  }
}

/** DuckDB's message, first line (its others point at the error in the statement), without the API's preamble. */
const oneLine = (s: string): string => (s.split('\n').find((l) => l.trim() !== '') ?? s).replace(/^Failed to extract statements: /, '');

/** A value of DuckDB's JS form as the output formats take it (result-lines.ts). */
function cell(v: unknown, format: Format): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === 'object' && format !== 'json' && format !== 'ndjson') return toJson(v);
  return v;
}
