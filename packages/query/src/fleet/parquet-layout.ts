import path from 'node:path';

/**
 * Where a table of a recording lives in an export directory: Hive's layout, one directory per
 * value of the partition column (recording_id), which DuckDB, Spark, Trino and ClickHouse read
 * as a column of the table.
 */
export function partFile(dir: string, table: string, recordingId: string): string {
  return path.join(dir, table, `recording_id=${recordingId}`, 'part-0.parquet');
}

/** Every part of a table, as a glob for read_parquet. */
export function tableGlob(dir: string, table: string): string {
  return path.join(dir, table, '*', '*.parquet');
}
