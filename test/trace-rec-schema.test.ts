// A recording starts as a copy of the build's schema template (packages/recorder/dist/schema-template.db,
// see writer/schema-template.ts): what trace-rec writes has exactly the tables, views, indexes and
// name rows that the migrations in migrations/ and the native tables make when applied one by one.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { errnoTable, syscallTable, syscallTableI386 } from '../packages/native/src/index.js';
import { repoRoot, runCwd, scratchDir, testEnv } from './support/paths.js';
import { openRecording, runTraceRec } from './support/recording.js';

const migrationsDir = path.join(repoRoot, 'migrations');
const templateFile = path.join(repoRoot, 'packages', 'recorder', 'dist', 'schema-template.db');

/** migrations/ applied in order by hand, then the name rows. */
function reference(): Database.Database {
  const db = new Database(path.join(scratchDir('schema'), 'reference.db'));
  const files = readdirSync(migrationsDir).filter((f) => /^\d{4}-.*\.sql$/.test(f)).sort();
  for (const f of files) db.exec(readFileSync(path.join(migrationsDir, f), 'utf8'));
  db.pragma(`user_version = ${Number(files[files.length - 1].slice(0, 4))}`);
  const name = db.prepare('INSERT INTO syscall_names (nr, name) VALUES (?, ?)');
  for (const s of syscallTable) name.run(s.nr, s.name);
  const abi = db.prepare("INSERT INTO syscall_abi_names (abi, nr, name) VALUES ('i386', ?, ?)");
  for (const s of syscallTableI386) abi.run(s.nr, s.name);
  const err = db.prepare('INSERT INTO errno_names (num, name, message) VALUES (?, ?, ?)');
  for (const e of errnoTable) err.run(e.num, e.name, e.message);
  return db;
}

function schemaOf(db: Database.Database): unknown {
  return {
    objects: db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all(),
    userVersion: db.pragma('user_version', { simple: true }),
    syscallNames: db.prepare('SELECT * FROM syscall_names ORDER BY nr').all(),
    abiNames: db.prepare('SELECT * FROM syscall_abi_names ORDER BY abi, nr').all(),
    errnoNames: db.prepare('SELECT * FROM errno_names ORDER BY num').all(),
  };
}

describe('a new recording', () => {
  it('is made from the build’s template, at the schema version of migrations/', () => {
    expect(existsSync(templateFile)).toBe(true);
    const latest = Math.max(...readdirSync(migrationsDir).filter((f) => /^\d{4}-/.test(f)).map((f) => Number(f.slice(0, 4))));
    expect(readFileSync(templateFile).readUInt32BE(60)).toBe(latest);
  });

  it('has the schema and name rows the migrations make one by one', () => {
    const run = runTraceRec(['/bin/true'], { env: testEnv(), cwd: runCwd() });
    expect(run.stderr.toString()).toBe('');
    expect(run.status).toBe(0);
    const rec = openRecording(run.dbPath);
    const ref = reference();
    expect(schemaOf(rec)).toEqual(schemaOf(ref));
    expect(rec.prepare('SELECT schema_version FROM recording').pluck().get()).toBe(ref.pragma('user_version', { simple: true }));
    expect(rec.prepare('SELECT count(*) FROM syscalls').pluck().get()).toBeGreaterThan(0);
    rec.close();
    ref.close();
  });
});
