import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

const requireDependency = createRequire(import.meta.url);

/**
 * Opens `file` with better-sqlite3, loaded at the first call rather than with trace-rec: its ~10
 * modules then load after the tracing thread has its orders, not before. Its addon is named by
 * path rather than found by the `bindings` package's search (which loads two more modules).
 */
export function openDatabase(file: string, options: BetterSqlite3.Options = {}): BetterSqlite3.Database {
  const Database = requireDependency('better-sqlite3') as typeof BetterSqlite3;
  const addon = path.join(path.dirname(requireDependency.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
  return new Database(file, existsSync(addon) ? { ...options, nativeBinding: addon } : options);
}
