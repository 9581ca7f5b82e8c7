// Pinning (the default) must not show: a program under trace-rec sees the CPUs it would see
// untraced, through sched_getaffinity and everything built on it (nproc, Python, sort's threads).

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';
import { query } from './support/recording.js';

function untraced(argv: string[], prefix: string[] = []): string {
  const r = spawnSync(prefix[0] ?? argv[0], [...prefix.slice(1), ...(prefix.length ? argv : argv.slice(1))], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

function traced(argv: string[], opts: { prefix?: string[]; pin?: boolean } = {}): { stdout: string; db: string } {
  const db = path.join(scratchDir('affinity'), 'run.db');
  const prefix = opts.prefix ?? [];
  const args = [traceRecBin, '-q', ...(opts.pin === false ? ['--no-pin'] : []), '-o', db, '--', ...argv];
  const r = spawnSync(prefix[0] ?? process.execPath, prefix.length ? [...prefix.slice(1), process.execPath, ...args] : args, {
    env: testEnv(),
    cwd: runCwd(),
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, db };
}

const PY = "import os; print(sorted(os.sched_getaffinity(0)))";

describe('pinning is invisible to the program', () => {
  it('nproc prints what it prints untraced', () => {
    const plain = untraced(['nproc']);
    expect(traced(['nproc']).stdout).toBe(plain);
  });

  it("Python's os.sched_getaffinity is the untraced set", () => {
    const plain = untraced(['python3', '-c', PY]);
    expect(traced(['python3', '-c', PY]).stdout).toBe(plain);
  });

  it('the untraced set is the one trace-rec was started with (taskset -c 0)', () => {
    const plain = untraced(['nproc'], ['taskset', '-c', '0']);
    expect(plain).toBe('1\n');
    expect(traced(['nproc'], { prefix: ['taskset', '-c', '0'] }).stdout).toBe(plain);
  });

  it('sort starts as many threads as under strace', () => {
    const input = path.join(scratchDir('affinity'), 'lines.txt');
    writeFileSync(input, Array.from({ length: 300_000 }, (_, i) => `${(i * 7919) % 300_007}\n`).join(''));
    const log = path.join(scratchDir('affinity'), 'sort.log');
    const s = spawnSync('strace', ['-f', '-qq', '-e', 'trace=clone,clone3', '-o', log, 'sort', '-o', '/dev/null', input], { env: testEnv(), cwd: runCwd() });
    expect(s.status).toBe(0);
    const viaStrace = spawnSync('grep', ['-c', 'clone', log], { encoding: 'utf8' }).stdout.trim();
    const { db } = traced(['sort', '-o', '/dev/null', input]);
    const recorded = query(db, "select count(*) n from syscalls where name in ('clone', 'clone3')")[0] as { n: number };
    expect(String(recorded.n)).toBe(viaStrace);
  });

  it("the program's own sched_setaffinity: threads and children inherit it, errors are the kernel's", () => {
    const prog = fixture('affinity');
    const plain = untraced([prog]);
    expect(plain).toMatch(/^start: .*\nafter set: \d+\n/);
    expect(traced([prog]).stdout).toBe(plain);
    expect(traced([prog], { pin: false }).stdout).toBe(plain);
  });

  it('the recording says what the program was shown', () => {
    const { db } = traced(['nproc']);
    const [row] = query(db, 'select options from recording') as { options: string }[];
    const cpus = untraced(['python3', '-c', PY]).trim();
    expect(JSON.parse(row.options)).toMatchObject({ pin: true, affinity: { shown: 'untraced', cpus: JSON.parse(cpus) } });
    const { db: unpinned } = traced(['nproc'], { pin: false });
    const [row2] = query(unpinned, 'select options from recording') as { options: string }[];
    expect(JSON.parse(row2.options)).toMatchObject({ pin: false, affinity: null });
  });

  it('the recorded sched_getaffinity shows the untraced mask, as strace does', () => {
    const { db } = traced(['nproc']);
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'packages/query/bin/trace-q.js'), db, '-e', 'trace=sched_getaffinity'], { encoding: 'utf8' });
    const log = path.join(scratchDir('affinity'), 'nproc.log');
    spawnSync('strace', ['-f', '-qq', '-e', 'trace=sched_getaffinity', '-o', log, 'nproc'], { env: testEnv(), cwd: runCwd() });
    const strip = (s: string): string => s.replace(/^\d+ +/gm, '').replace(/^\+\+\+.*\n/gm, '');
    expect(strip(r.stdout)).toBe(strip(readFileSync(log, 'utf8')));
  });
});
