import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSchema, schemaText } from './create-schema.js';
import { loadMigrations, migrate } from './migrator.js';

const master = (db: Database.Database): unknown[] => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid').all();

function byMigrations(): Database.Database {
  const db = new Database(':memory:');
  migrate(db);
  return db;
}

describe('createSchema', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'schema-'));
  const migrations = loadMigrations();

  it('from the schema text: the migrations’ schema and version', () => {
    const file = path.join(dir, 'ok.sql');
    writeFileSync(file, schemaText(new Database(':memory:'), migrations));
    const db = new Database(':memory:');
    expect(createSchema(db, migrations, file)).toBe(migrations.at(-1)!.version);
    expect(master(db)).toEqual(master(byMigrations()));
  });

  it('a text made from other migrations, or none, is not used: the migrations run', () => {
    const stale = path.join(dir, 'stale.sql');
    writeFileSync(stale, schemaText(new Database(':memory:'), migrations.slice(0, -1)));
    for (const file of [stale, path.join(dir, 'missing.sql')]) {
      const db = new Database(':memory:');
      expect(createSchema(db, migrations, file)).toBe(migrations.at(-1)!.version);
      expect(master(db)).toEqual(master(byMigrations()));
    }
  });

  it('a database that is not new is migrated, not given the text again', () => {
    const file = path.join(dir, 'ok2.sql');
    writeFileSync(file, schemaText(new Database(':memory:'), migrations));
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, -1));
    expect(createSchema(db, migrations, file)).toBe(migrations.at(-1)!.version);
    expect(master(db)).toEqual(master(byMigrations()));
  });
});
