// trace-q import: a strace log (or trace-q's own rendering) read back into a recording renders
// as the same lines.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';

const traceQ = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');

function q(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [traceQ, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function record(argv: string[]): string {
  const db = path.join(scratchDir('imp'), 'run.db');
  const r = spawnSync(process.execPath, [traceRecBin, '-q', '--no-pin', '-o', db, '--', ...argv], { env: testEnv(), cwd: runCwd() });
  expect(r.status, r.stderr?.toString()).toBe(0);
  return db;
}

describe('trace-q import', () => {
  for (const [name, argv] of [
    ['ls -l /', () => ['ls', '-l', '/']],
    ["sh -c 'echo a | cat' (processes, signals, unfinished/resumed)", () => ['sh', '-c', 'echo a | cat']],
    ['signals caught', () => [fixture('signals'), 'caught']],
  ] as const) {
    it(`round trip: trace-rec, render, import, render again gives the same lines: ${name}`, () => {
      const db = record([...argv()]);
      const first = q([db]);
      expect(first.status).toBe(0);
      const log = path.join(path.dirname(db), 'rendered.strace');
      writeFileSync(log, first.stdout);
      const imported = path.join(path.dirname(db), 'imported.db');
      const imp = q(['import', log, '-o', imported, '-q']);
      expect(imp.stderr).toBe('');
      expect(imp.status).toBe(0);
      const again = q([imported]);
      expect(again.status).toBe(0);
      expect(again.stdout).toBe(first.stdout);
    });
  }

  it('a real strace log renders as strace wrote it', () => {
    const dir = scratchDir('imp');
    const log = path.join(dir, 'sh.strace');
    const r = spawnSync('strace', ['-f', '-o', log, 'sh', '-c', 'echo a | cat; ls /nonexistent'], { env: testEnv(), cwd: runCwd() });
    expect(r.status).toBe(2);
    const db = path.join(dir, 'sh.db');
    const imp = q(['import', log, '-o', db]);
    expect(imp.status).toBe(0);
    expect(imp.stderr).toMatch(/^trace-q: imported \d+ syscalls, 4 processes, 4 threads from \d+ lines -> .*sh\.db\n$/);
    expect(q([db]).stdout).toBe(readFileSync(log, 'utf8'));
    const rec = new Database(db, { readonly: true });
    expect(rec.prepare('SELECT mode FROM recording').get()).toEqual({ mode: 'import' });
    rec.close();
  });

  it('reports the lines it does not understand, with their numbers, and keeps them', () => {
    const dir = scratchDir('imp');
    const log = path.join(dir, 'bad.strace');
    writeFileSync(log, '123 getpid() = 123\nthis is not strace\n123 +++ exited with 0 +++\n');
    const db = path.join(dir, 'bad.db');
    const imp = q(['import', log, '-o', db]);
    expect(imp.status).toBe(0);
    expect(imp.stderr).toMatch(new RegExp(`^trace-q: ${log.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: .*this is not strace\n`));
    const rec = new Database(db, { readonly: true });
    expect(rec.prepare('SELECT line, text FROM import_problems').all()).toEqual([{ line: 2, text: 'this is not strace' }]);
    rec.close();
  });

  it('bad input: one line, exit 2', () => {
    const missing = q(['import', '/nonexistent/log', '-o', path.join(scratchDir('imp'), 'x.db')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.split('\n')).toHaveLength(2);
    const noOutput = q(['import', '/etc/hostname']);
    expect(noOutput.status).toBe(2);
    expect(noOutput.stderr).toBe('trace-q: import needs -o RECORDING\n');
  });
});
