// A new recording gets its schema from one SQL text made by the build (migrations/schema.sql
// in the recorder package) instead of the migrations one by one: the result must be what the
// migrations make, object for object and in the same order.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';
import { openRecording, runTraceRec } from './support/recording.js';

type Master = { type: string; name: string; tbl_name: string; sql: string | null }[];
const masterOf = (db: Database.Database): Master => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid').all() as Master;

/** The repository's migrations applied one at a time, as the migrator does. */
function migratedOneByOne(): { master: Master; version: number } {
  const dir = path.join(repoRoot, 'migrations');
  const db = new Database(':memory:');
  let version = 0;
  for (const f of readdirSync(dir).filter((n) => /^\d{4}-.*\.sql$/.test(n)).sort()) {
    version = Number(f.slice(0, 4));
    db.transaction(() => {
      db.exec(readFileSync(path.join(dir, f), 'utf8'));
      db.pragma(`user_version = ${version}`);
    })();
  }
  return { master: masterOf(db), version };
}

describe('trace-rec: the schema of a new recording', () => {
  it('is what the migrations make, in the same order, at the latest version', () => {
    const r = runTraceRec(['true'], { env: testEnv(), cwd: runCwd() });
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    const db = openRecording(r.dbPath);
    const want = migratedOneByOne();
    expect(masterOf(db)).toEqual(want.master);
    expect(db.pragma('user_version', { simple: true })).toBe(want.version);
    expect(db.prepare('SELECT schema_version, complete FROM recording').get()).toEqual({ schema_version: want.version, complete: 1 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare("SELECT count(*) AS n FROM syscall_names WHERE name = 'execve'").get() as { n: number }).n).toBe(1);
  });

  it('the build wrote the schema text for these migrations (not a stale one)', () => {
    const text = readFileSync(path.join(repoRoot, 'packages/recorder/migrations/schema.sql'), 'utf8');
    const db = new Database(':memory:');
    db.exec(text);
    expect(masterOf(db)).toEqual(migratedOneByOne().master);
  });

  it('is made without fsync (the recording is written with synchronous = OFF from its first transaction)', () => {
    const dir = scratchDir('schema');
    const log = path.join(dir, 'strace.log');
    // trace-rec's own threads only: strace lets go of the program at its exec, before trace-rec seizes it
    const r = spawnSync('strace', ['-f', '--detach-on=execve', '-e', 'trace=fsync,fdatasync,sync_file_range', '-o', log, process.execPath, traceRecBin, '-q', '-o', path.join(dir, 'r.db'), 'true'], { env: testEnv(), cwd: runCwd() });
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    const syncs = readFileSync(log, 'utf8').split('\n').filter((l) => /\b(fsync|fdatasync|sync_file_range)\((\d+)/.exec(l) !== null);
    // Node flushes the tracing thread's descriptors 1 and 2 at its end: not the recording's
    expect(syncs.filter((l) => !/\b(fsync|fdatasync)\([12]\)/.test(l))).toEqual([]);
    expect(openRecording(path.join(dir, 'r.db')).pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
