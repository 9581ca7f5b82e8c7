// trace-rec's command-line errors: one line on stderr starting "trace-rec: ",
// a non-zero exit, no stack trace, and no damage to existing files.

import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { scratchDir, testEnv } from './support/paths.js';
import { runTraceRecRaw } from './support/recording.js';

function run(args: string[], cwd: string) {
  const r = runTraceRecRaw(args, { env: testEnv(), cwd });
  return { ...r, out: r.stdout.toString(), err: r.stderr.toString() };
}

/** Exactly one line, "trace-rec: …", and nothing that looks like a stack trace. */
function expectOneErrorLine(err: string): void {
  expect(err).toMatch(/^trace-rec: [^\n]+\n$/);
  expect(err.split('\n').filter((l) => l.includes('    at '))).toEqual([]);
}

describe('trace-rec errors', () => {
  it('a program that does not exist', () => {
    const cwd = scratchDir('err');
    const r = run(['nosuchprog'], cwd);
    expect(r.signal).toBeNull();
    expect(r.status).not.toBe(0);
    expect(r.err).toBe("trace-rec: cannot execute 'nosuchprog': No such file or directory\n");
    expectOneErrorLine(r.err);
    expect(r.out).toBe('');
  });

  it('a program that is not executable', () => {
    const cwd = scratchDir('err');
    const file = path.join(cwd, 'not-executable');
    writeFileSync(file, '#!/bin/sh\necho should not run\n');
    chmodSync(file, 0o644);
    const r = run([file], cwd);
    expect(r.signal).toBeNull();
    expect(r.status).not.toBe(0);
    expect(r.err).toBe(`trace-rec: cannot execute '${file}': Permission denied\n`);
    expect(r.out).toBe('');
  });

  it.each([
    ['a script whose #! interpreter is missing', '#!/missing/interp\necho should not run\n', 'No such file or directory', "No such file or directory (its interpreter '/missing/interp' does not exist)"],
    ['a script without #!', 'echo should not run\n', 'Exec format error', 'Exec format error'],
    ['an empty file', '', 'Exec format error', 'Exec format error'],
  ])('%s fails as under strace, not through /bin/sh', (_what, content, straceSays, ours) => {
    const cwd = scratchDir('err');
    const file = path.join(cwd, 'prog');
    writeFileSync(file, content);
    chmodSync(file, 0o755);
    const s = spawnSync('strace', ['-o', '/dev/null', file], { env: testEnv(), cwd, encoding: 'utf8' });
    expect(s.stderr).toBe(`strace: exec: ${straceSays}\n`);
    const r = run([file], cwd);
    expect(r.status).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(`trace-rec: cannot execute '${file}': ${ours}\n`);
    expect(readdirSync(cwd)).toEqual(['prog']);
  });

  it('an unknown option', () => {
    const cwd = scratchDir('err');
    const r = run(['--bogus', '/bin/true'], cwd);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expectOneErrorLine(r.err);
    expect(r.out).toBe('');
  });

  it('an output directory that does not exist', () => {
    const cwd = scratchDir('err');
    const r = run(['-o', '/nonexistent/dir/x.db', '--', '/bin/true'], cwd);
    expect(r.signal).toBeNull();
    expect(r.status).not.toBe(0);
    expectOneErrorLine(r.err);
    expect(existsSync('/nonexistent/dir/x.db')).toBe(false);
  });

  it('an existing output file without --force is refused and left alone', () => {
    const cwd = scratchDir('err');
    const file = path.join(cwd, 'existing.db');
    const content = 'precious, not a recording\n';
    writeFileSync(file, content);
    const before = statSync(file);
    const r = run(['-o', file, '--', '/bin/true'], cwd);
    expect(r.signal).toBeNull();
    expect(r.status).not.toBe(0);
    expectOneErrorLine(r.err);
    expect(readFileSync(file, 'utf8')).toBe(content);
    const after = statSync(file);
    expect({ mtime: after.mtimeMs, ino: after.ino, size: after.size }).toEqual({ mtime: before.mtimeMs, ino: before.ino, size: before.size });
  });

  it('an existing output file with --force is overwritten with the recording', () => {
    const cwd = scratchDir('err');
    const file = path.join(cwd, 'existing.db');
    writeFileSync(file, 'precious, not a recording\n');
    const r = run(['-o', file, '--force', '--', '/bin/true'], cwd);
    expect({ status: r.status, signal: r.signal }).toEqual({ status: 0, signal: null });
    expect(r.err.split('\n').filter((l) => l.includes('    at '))).toEqual([]);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const rec = db.prepare('SELECT argv, exit_status, complete FROM recording').get() as { argv: string; exit_status: number; complete: number };
      expect({ ...rec, argv: JSON.parse(rec.argv) as unknown }).toEqual({ argv: ['/bin/true'], exit_status: 0, complete: 1 });
      const first = db.prepare('SELECT name, path FROM syscalls ORDER BY id LIMIT 1').get();
      expect(first).toEqual({ name: 'execve', path: '/bin/true' });
    } finally {
      db.close();
    }
  });
});
