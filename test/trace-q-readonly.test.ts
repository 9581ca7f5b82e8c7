// Readers of a recording write nothing: a finished recording is one file (not in WAL mode), and
// trace-q / trace-diff read it, or an older WAL-mode one, from a folder they cannot write to and
// leave no -wal/-shm files behind where they can.

import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, openSync, readdirSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';

const traceQ = path.join(repoRoot, 'packages/query/bin/trace-q.js');
const traceDiff = path.join(repoRoot, 'packages/query/bin/trace-diff.js');
const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

function record(dir: string, name: string): string {
  const db = path.join(dir, name);
  const r = spawnSync(process.execPath, [traceRecBin, '-q', '-o', db, '--', 'ls', '/'], { env: testEnv(), cwd: runCwd() });
  expect(r.status, r.stderr.toString()).toBe(0);
  return db;
}

function fileFormat(db: string): number {
  const b = Buffer.alloc(20);
  const fd = openSync(db, 'r');
  readSync(fd, b, 0, 20, 0);
  closeSync(fd);
  return b[18]; // 1 rollback journal, 2 WAL
}

/** A copy in WAL mode, as recordings were before schema 7 (and as one still being written is). */
function walCopy(db: string, to: string): string {
  copyFileSync(db, to);
  const w = new Database(to);
  w.pragma('journal_mode = WAL');
  w.close();
  expect(fileFormat(to)).toBe(2);
  return to;
}

const READS = [['--tree'], ['-c'], ['--info'], ['--sql', 'select count(*) from syscalls'], ['-e', 'trace=openat']];

function run(cmd: string[], user: 'root' | 'nobody' = 'root'): { status: number | null; stdout: string; stderr: string } {
  const argv = user === 'nobody' ? [...NOBODY, process.execPath, ...cmd] : [process.execPath, ...cmd];
  const r = spawnSync(argv[0], argv.slice(1), { env: testEnv(), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('reading a recording writes nothing', () => {
  it('a finished recording is one file, not in WAL mode', () => {
    const dir = scratchDir('ro');
    const db = record(dir, 'ls.db');
    expect(readdirSync(dir)).toEqual(['ls.db']);
    expect(fileFormat(db)).toBe(1);
  });

  it('trace-q and trace-diff leave no side files, for a new and for a WAL-mode recording', () => {
    const dir = scratchDir('ro');
    const db = record(dir, 'ls.db');
    const old = walCopy(db, path.join(dir, 'old.db'));
    const before = readdirSync(dir).sort();
    expect(before).toEqual(['ls.db', 'old.db']);
    for (const file of [db, old]) for (const args of READS) expect(run([traceQ, file, ...args]).status).toBe(0);
    expect(run([traceDiff, db, old]).status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('from a folder the reader cannot write to, both print what they print elsewhere', () => {
    const dir = scratchDir('ro');
    const db = record(dir, 'ls.db');
    const old = walCopy(db, path.join(dir, 'old.db'));
    const expected = new Map([db, old].map((f) => [f, READS.map((args) => run([traceQ, f, ...args]).stdout)]));
    chmodSync(db, 0o444);
    chmodSync(old, 0o444);
    chmodSync(dir, 0o555);
    try {
      for (const file of [db, old]) {
        READS.forEach((args, i) => {
          const r = run([traceQ, file, ...args], 'nobody');
          expect(r.stderr).toBe('');
          expect(r.status).toBe(0);
          expect(r.stdout).toBe(expected.get(file)![i]);
        });
      }
      const d = run([traceDiff, db, old], 'nobody');
      expect({ status: d.status, stderr: d.stderr }).toEqual({ status: 0, stderr: '' });
      expect(readdirSync(dir).sort()).toEqual(['ls.db', 'old.db']);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});
