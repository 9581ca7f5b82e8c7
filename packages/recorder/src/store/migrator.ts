import { readdirSync, readFileSync } from 'node:fs';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import type { SqliteDatabase } from './sqlite-database.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (dir === MIGRATIONS_DIR) return (packaged ??= readMigrations(dir));
  return readMigrations(dir);
}

/** The package's own migrations, read once. */
let packaged: Migration[] | undefined;

function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}-.*\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f.slice(5, -4), sql: readFileSync(dir + f, 'utf8') }));
}

/** The schema version this build writes, and the newest it can read. */
export const SCHEMA_VERSION = Math.max(...loadMigrations().map((m) => m.version));

/** Brings a database up to the latest schema (each migration once, in order); returns the version it is at. */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = loadMigrations()): number {
  let version = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= version) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    version = m.version;
  }
  return version;
}
