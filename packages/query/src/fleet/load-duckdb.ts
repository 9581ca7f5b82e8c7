import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * A connection to a new in-memory DuckDB. @duckdb/node-api ships its engine (Parquet included)
 * in the npm package; it is loaded only by the commands that need it, and never asked to fetch
 * an extension.
 */
export async function openDuckDb(): Promise<DuckDBConnection> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '2' });
  return instance.connect();
}

/** A string literal of DuckDB's SQL. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** A quoted identifier of DuckDB's SQL. */
export const sqlName = (s: string): string => `"${s.replace(/"/g, '""')}"`;
