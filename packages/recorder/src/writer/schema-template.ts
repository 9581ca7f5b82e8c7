import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { errnoTable, syscallTable, syscallTableI386 } from '@tracedb/native';
import { migrate, SCHEMA_VERSION } from '../store/migrator.js';
import type { SqliteDatabase } from '../store/sqlite-database.js';

/**
 * A new recording's file before its run: every migration and the name tables, made by the build
 * (scripts/bundle.mjs) with createSchema, so that a recording starts as a copy of it rather than
 * running the migrations (most of the time between trace-rec's start and the first stop written).
 */
export const schemaTemplateFile = fileURLToPath(new URL('../schema-template.db', import.meta.url));

/** The tables of a new recording: the migrations, then the names of syscalls and errnos. Returns its schema version. */
export function createSchema(db: SqliteDatabase): number {
  const version = migrate(db);
  db.transaction(() => {
    const name = db.prepare('INSERT INTO syscall_names (nr, name) VALUES (?, ?)');
    for (const s of syscallTable) name.run(s.nr, s.name);
    const abiName = db.prepare("INSERT INTO syscall_abi_names (abi, nr, name) VALUES ('i386', ?, ?)");
    for (const s of syscallTableI386) abiName.run(s.nr, s.name);
    const err = db.prepare('INSERT INTO errno_names (num, name, message) VALUES (?, ?, ?)');
    for (const e of errnoTable) err.run(e.num, e.name, e.message);
  })();
  return version;
}

/** The build's step: the template, in WAL mode as recordings are written. */
export function writeSchemaTemplate(file = schemaTemplateFile): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  createSchema(db);
  db.close();
}

/** SQLite's header: the user_version, big-endian at byte 60. */
const USER_VERSION_AT = 60;

/**
 * Writes the template `file` into the empty file `path`, when there is one at the schema version of
 * the migrations this package has (a build older than its migrations has none that fits): false
 * otherwise, and createSchema makes the tables.
 */
export function copySchemaTemplate(path: string, file = schemaTemplateFile): boolean {
  let template: Buffer;
  try {
    template = readFileSync(file);
  } catch {
    return false;
  }
  if (template.length < 100 || template.readUInt32BE(USER_VERSION_AT) !== SCHEMA_VERSION) return false;
  writeFileSync(path, template);
  return true;
}
