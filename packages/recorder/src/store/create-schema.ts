import { readFileSync, writeFileSync } from 'node:fs';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { loadMigrations, migrate } from './migrator.js';
import type { Migration } from './migrator.js';
import type { SqliteDatabase } from './sqlite-database.js';

/**
 * The schema the migrations make, as one SQL text written by the build (scripts/bundle.mjs)
 * beside the migrations it comes from: a new recording runs it at once instead of the
 * migrations one by one (a third of the time). Its first line names the migrations it was
 * made from; a text made from others (a migration edited since the build) is not used.
 */
export const SCHEMA_FILE = `${MIGRATIONS_DIR}schema.sql`;

/** The first line of the schema text made from `migrations`. */
function stampOf(migrations: readonly Migration[]): string {
  // FNV-1a over every migration's name and text: a cheap check, not a security boundary
  let h = 0x811c9dc5;
  for (const m of migrations) {
    const s = `${m.version}-${m.name}\n${m.sql}\n`;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return `-- tracedb schema ${Math.max(0, ...migrations.map((m) => m.version))} from migrations ${(h >>> 0).toString(16).padStart(8, '0')}`;
}

/** The schema text of `migrations`, from `empty`, a new database (in memory) that it migrates. */
export function schemaText(empty: SqliteDatabase, migrations: readonly Migration[] = loadMigrations()): string {
  migrate(empty, [...migrations]);
  const rows = empty.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\_%' ESCAPE '\\' ORDER BY rowid").all() as { sql: string }[];
  return `${stampOf(migrations)}\n${rows.map((r) => `${r.sql};\n`).join('')}`;
}

/** Writes SCHEMA_FILE (the build). */
export function writeSchemaFile(empty: SqliteDatabase): void {
  writeFileSync(SCHEMA_FILE, schemaText(empty));
}

/** Gives a new, empty database the latest schema; returns its version (as migrate). */
export function createSchema(db: SqliteDatabase, migrations: readonly Migration[] = loadMigrations(), file = SCHEMA_FILE): number {
  const version = Math.max(0, ...migrations.map((m) => m.version));
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // not built: the migrations make it
  }
  if (text === null || !text.startsWith(`${stampOf(migrations)}\n`) || db.pragma('user_version', { simple: true }) !== 0) return migrate(db, [...migrations]);
  db.transaction(() => {
    db.exec(text);
    db.pragma(`user_version = ${version}`);
  })();
  return version;
}
