import { readdirSync } from 'node:fs';
import { MIGRATIONS_DIR } from '@tracedb/recorder/migrations-dir';

/**
 * The newest recording schema this trace-q reads: the number of the last migration, which is
 * how @tracedb/recorder computes the version it writes. Reading it here rather than importing
 * the recorder's index keeps trace-q from loading the whole recorder (the tracer, its workers' code) at start.
 */
export const SCHEMA_VERSION = Math.max(
  ...readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}-.*\.sql$/.test(f))
    .map((f) => Number(f.slice(0, 4))),
);
