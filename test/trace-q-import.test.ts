// trace-q import: a strace log (or trace-q's own rendering) read back into a recording renders
// as the same lines.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';

const traceQ = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');

function q(args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [traceQ, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, env });
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
    const one = path.join(dir, 'hello.strace');
    expect(spawnSync('strace', ['-f', '-o', one, fixture('hello')], { env: testEnv(), cwd: runCwd() }).status).toBe(0);
    const single = q(['import', one, '-o', path.join(dir, 'hello.db')]);
    expect(single.stderr).toMatch(/^trace-q: imported \d+ syscalls, 1 process, 1 thread from \d+ lines -> .*hello\.db\n$/);
    expect(q([db]).stdout).toBe(readFileSync(log, 'utf8'));
    const rec = new Database(db, { readonly: true });
    expect(rec.prepare('SELECT mode FROM recording').get()).toEqual({ mode: 'import' });
    rec.close();
  });

  // strace's own times: each log imported and printed again with the options it was made with
  for (const opts of [['-tt', '-T'], ['-ttt'], ['-t'], ['-r'], ['-ttt', '-T'], ['-r', '-T'], ['-T'], ['-tt', '-T', '-y']]) {
    it(`keeps the times of a strace ${opts.join(' ')} log: printed with ${opts.join(' ')}, the same lines`, () => {
      const dir = scratchDir('imp');
      const log = path.join(dir, 'sh.strace');
      const r = spawnSync('strace', ['-f', ...opts, '-o', log, 'sh', '-c', 'echo a | cat; ls /nonexistent'], { env: testEnv(), cwd: runCwd() });
      expect(r.status).toBe(2);
      const text = readFileSync(log, 'utf8');
      // the log has what is compared: times on every line, -T durations on the finished ones
      if (opts.includes('-T')) expect(text).toMatch(/ = 0 <0\.\d{6}>\n/);
      if (opts.includes('-tt')) expect(text).toMatch(/^\d+ +\d\d:\d\d:\d\d\.\d{6} /m);
      const db = path.join(dir, 'sh.db');
      expect(q(['import', log, '-o', db, '-q']).status).toBe(0);
      // strace and trace-q print the time of day in the same time zone
      const out = q([db, ...opts], testEnv());
      expect(out.status).toBe(0);
      expect(out.stdout.split('\n')).toEqual(text.split('\n'));
    });
  }

  it('strace -k: the stack-trace lines are skipped with one line that counts them', () => {
    const dir = scratchDir('imp');
    const log = path.join(dir, 'k.strace');
    expect(spawnSync('strace', ['-f', '-k', '-o', log, 'sh', '-c', 'echo a | cat'], { env: testEnv(), cwd: runCwd() }).status).toBe(0);
    const lines = readFileSync(log, 'utf8').split('\n');
    const frames = lines.filter((l) => l.startsWith(' > '));
    expect(frames.length).toBeGreaterThan(100);
    const db = path.join(dir, 'k.db');
    const imp = q(['import', log, '-o', db]);
    expect(imp.status).toBe(0);
    expect(imp.stderr).toMatch(new RegExp(`^trace-q: skipped ${frames.length} stack-trace lines \\(strace -k\\)\ntrace-q: imported \\d+ syscalls, 3 processes, 3 threads from ${lines.length - 1} lines -> \\S+\n$`));
    expect(q([db]).stdout).toBe(lines.filter((l) => !l.startsWith(' > ')).join('\n'));
    const rec = new Database(db, { readonly: true });
    expect(rec.prepare('SELECT count(*) AS n FROM import_problems').get()).toEqual({ n: 0 });
    rec.close();
  });

  it('strace -ff: the LOG.PID files, named or by their prefix, merged by time', () => {
    const dir = scratchDir('imp');
    const prefix = path.join(dir, 'ff');
    expect(spawnSync('strace', ['-ff', '-tt', '-o', prefix, 'sh', '-c', 'echo a | cat'], { env: testEnv(), cwd: runCwd() }).status).toBe(0);
    const files = readdirSync(dir).filter((f) => /^ff\.\d+$/.test(f)).map((f) => path.join(dir, f));
    expect(files).toHaveLength(3);
    const db = path.join(dir, 'ff.db');
    const imp = q(['import', prefix, '-o', db]);
    expect(imp.status).toBe(0);
    expect(imp.stderr).toMatch(/^trace-q: imported \d+ syscalls, 3 processes, 3 threads from \d+ lines of 3 files merged by time -> /);
    const out = q([db, '-tt'], testEnv());
    expect(out.status).toBe(0);
    const printed = out.stdout.trimEnd().split('\n');
    // in time order, and each thread's lines are its file's (the return column aside: no pid column there)
    const times = printed.map((l) => l.split(/ +/)[1]);
    expect(times).toEqual([...times].sort());
    const squeeze = (l: string): string => l.replace(/\) +=/, ') =');
    for (const f of files) {
      const pid = f.slice(f.lastIndexOf('.') + 1);
      const mine = printed.filter((l) => l.startsWith(`${pid} `)).map((l) => squeeze(l.replace(/^\d+ +/, '')));
      expect(mine).toEqual(readFileSync(f, 'utf8').trimEnd().split('\n').map(squeeze));
    }
    // the same files named one by one, in another order: the same recording
    const named = path.join(dir, 'named.db');
    expect(q(['import', ...[...files].reverse(), '-o', named, '-q']).status).toBe(0);
    expect(q([named, '-tt'], testEnv()).stdout).toBe(out.stdout);
    // without timestamps: one file after the other, and it says so
    const plain = path.join(dir, 'plain');
    expect(spawnSync('strace', ['-ff', '-o', plain, 'sh', '-c', 'echo a | cat'], { env: testEnv(), cwd: runCwd() }).status).toBe(0);
    const byOrder = q(['import', plain, '-o', path.join(dir, 'plain.db'), '-q']);
    expect(byOrder.status).toBe(0);
    expect(byOrder.stderr).toMatch(/^trace-q: note: the logs have no -t\/-tt\/-ttt timestamps to merge them by: read one after the other \(.*plain\.\d+, .*plain\.\d+, .*plain\.\d+\)\n$/);
    expect(q(['import', path.join(dir, 'nothing'), '-o', path.join(dir, 'n.db')])).toMatchObject({
      status: 2,
      stderr: `trace-q: ${path.join(dir, 'nothing')}: no such file, nor ${path.join(dir, 'nothing')}.PID files of strace -ff\n`,
    });
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
