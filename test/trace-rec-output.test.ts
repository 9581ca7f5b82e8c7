// The output file: of two runs on one name exactly one gets it, a run never reports or removes a
// file it did not create, a symlink at the name is never followed, a directory never removed.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir, testEnv, traceRecBin } from './support/paths.js';
import { query } from './support/recording.js';

interface Run {
  status: number | null;
  stderr: string;
}

/** Starts trace-rec without waiting (so that two runs overlap). */
function start(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [traceRecBin, ...args], { env: testEnv(), cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (status) => resolve({ status, stderr }));
  });
}

const dd = (count: number): string[] => ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', `count=${count}`];

function recordedArgv(db: string): string[] {
  const [r] = query<{ argv: string; complete: number }>(db, 'select argv, complete from recording');
  expect(r.complete).toBe(1);
  return JSON.parse(r.argv) as string[];
}

/** A failure is one line naming trace-rec, never a stack trace or an SQL error. */
function expectOneLine(stderr: string): void {
  expect(stderr).toMatch(/^trace-rec: [^\n]+\n$/);
  expect(stderr).not.toMatch(/SQLITE|constraint|    at /);
}

describe('trace-rec output file', () => {
  it('two runs on one -o: exactly one gets it, the other fails with one line and touches nothing (10 tries)', async () => {
    for (let i = 0; i < 10; i++) {
      const cwd = scratchDir('out');
      const [a, b] = await Promise.all([start(['-o', 'same.db', '--', ...dd(3000)], cwd), start(['-o', 'same.db', '--', ...dd(3001)], cwd)]);
      const runs = [a, b];
      expect(runs.map((r) => r.status).sort()).toEqual([0, 1]);
      const winner = runs.findIndex((r) => r.status === 0);
      const loser = runs[1 - winner];
      expectOneLine(loser.stderr);
      expect(loser.stderr).toContain("'same.db' exists");
      expect(runs[winner].stderr).toMatch(/-> same\.db \(\d/);
      expect(recordedArgv(path.join(cwd, 'same.db'))).toEqual(dd(3000 + winner));
    }
  }, 120_000);

  it('two --force runs on one -o: the file left is a whole recording of a run that exited 0 (10 tries)', async () => {
    for (let i = 0; i < 10; i++) {
      const cwd = scratchDir('out');
      writeFileSync(path.join(cwd, 'same.db'), 'old\n');
      const runs = await Promise.all([start(['--force', '-o', 'same.db', '--', ...dd(3000)], cwd), start(['--force', '-o', 'same.db', '--', ...dd(3001)], cwd)]);
      for (const r of runs) if (r.status !== 0) expectOneLine(r.stderr);
      expect(readdirSync(cwd).sort()).toEqual(['same.db']); // before a reader makes its WAL side files
      const argv = recordedArgv(path.join(cwd, 'same.db'));
      const owner = argv[4] === 'count=3000' ? 0 : 1;
      expect(runs[owner].status).toBe(0);
    }
  }, 120_000);

  it('--force does not overwrite a recording still being written', async () => {
    const cwd = scratchDir('out');
    const first = start(['-o', 'busy.db', '--', 'sleep', '1.5'], cwd);
    for (let t = 0; t < 100 && !existsSync(path.join(cwd, 'busy.db')); t++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    const second = spawnSync(process.execPath, [traceRecBin, '--force', '-o', 'busy.db', '--', 'true'], { env: testEnv(), cwd, encoding: 'utf8' });
    expect(second.status).toBe(1);
    expectOneLine(second.stderr);
    expect(second.stderr).toMatch(/'busy\.db' is open in process \d+/);
    expect((await first).status).toBe(0);
    expect(recordedArgv(path.join(cwd, 'busy.db'))).toEqual(['sleep', '1.5']);
  });

  it('a dangling symlink at -o is not followed; --force replaces the link itself', () => {
    const cwd = scratchDir('out');
    const target = path.join(cwd, 'target.db');
    symlinkSync(target, path.join(cwd, 'link.db'));
    const r = spawnSync(process.execPath, [traceRecBin, '-q', '-o', 'link.db', '--', 'true'], { env: testEnv(), cwd, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expectOneLine(r.stderr);
    expect(existsSync(target)).toBe(false);
    expect(lstatSync(path.join(cwd, 'link.db')).isSymbolicLink()).toBe(true);
    const f = spawnSync(process.execPath, [traceRecBin, '-q', '--force', '-o', 'link.db', '--', 'true'], { env: testEnv(), cwd, encoding: 'utf8' });
    expect(f.status, f.stderr).toBe(0);
    expect(existsSync(target)).toBe(false);
    expect(lstatSync(path.join(cwd, 'link.db')).isFile()).toBe(true);
    expect(recordedArgv(path.join(cwd, 'link.db'))).toEqual(['true']);
  });

  it('--force never removes a directory', () => {
    const cwd = scratchDir('out');
    mkdirSync(path.join(cwd, 'dir.db'));
    writeFileSync(path.join(cwd, 'dir.db', 'keep'), 'x');
    const r = spawnSync(process.execPath, [traceRecBin, '-q', '--force', '-o', 'dir.db', '--', 'true'], { env: testEnv(), cwd, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain("'dir.db' is a directory");
    expect(existsSync(path.join(cwd, 'dir.db', 'keep'))).toBe(true);
  });

  it('without -o, concurrent runs of one program take PROG.trace.db and PROG-1.trace.db', async () => {
    const cwd = scratchDir('out');
    const runs = await Promise.all([start(['-q', '--', ...dd(3000)], cwd), start(['-q', '--', ...dd(3001)], cwd)]);
    expect(runs.map((r) => r.status)).toEqual([0, 0]);
    expect(readdirSync(cwd).sort()).toEqual(['dd-1.trace.db', 'dd.trace.db']);
    const argvs = ['dd.trace.db', 'dd-1.trace.db'].map((f) => recordedArgv(path.join(cwd, f))[4]).sort();
    expect(argvs).toEqual(['count=3000', 'count=3001']);
  });
});

describe('a recording read while it is written', () => {
  const traceQ = path.join(path.dirname(traceRecBin), '..', '..', 'query', 'bin', 'trace-q.js');

  it('trace-q says it is still being written, and after a SIGKILL of trace-rec that it was interrupted', async () => {
    const cwd = scratchDir('out');
    const db = path.join(cwd, 'live.db');
    const p = spawn(process.execPath, [traceRecBin, '-q', '-o', db, '--', 'sh', '-c', 'echo go; sleep 30'], { env: testEnv(), cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    const closed = new Promise((r) => p.on('close', r));
    try {
      await new Promise<void>((resolve) => p.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 500)); // the echo's batch reaches the file
      const live = spawnSync(process.execPath, [traceQ, db, '--tree'], { encoding: 'utf8' });
      expect(live.status).toBe(0);
      expect(live.stderr).toMatch(new RegExp(`^trace-q: note: recording is still being written \\(trace-rec, pid ${p.pid}\\); it ends at stop \\d+ so far\\n$`));
    } finally {
      p.kill('SIGKILL'); // the traced sh and sleep die with it (PTRACE_O_EXITKILL)
      await closed;
    }
    const after = spawnSync(process.execPath, [traceQ, db, '--tree'], { encoding: 'utf8' });
    expect(after.status).toBe(0);
    expect(after.stderr).toMatch(/^trace-q: note: recording was interrupted \(trace-rec did not finish it\); it ends at stop \d+\n$/);
  });
});
