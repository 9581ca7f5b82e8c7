// What happens to a recording when the run is cut short: Ctrl-C and SIGTERM to trace-rec,
// a SIGKILL of trace-rec, a full disk, and detaching from an attached process.

import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';

const LOOP = ['sh', '-c', 'while :; do echo x > /dev/null; done'];

/** trace-rec runs a test started, killed after the test should it still run (a failed test must not leave one tracing a loop for ever). */
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  running.clear();
});

function start(args: string[], group = false): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stderr: string }> } {
  const child = spawn(process.execPath, [traceRecBin, ...args], { env: testEnv(), cwd: runCwd(), stdio: ['ignore', 'ignore', 'pipe'], detached: group });
  running.add(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until the recording holds at least `n` syscalls (committed batches). */
async function waitForSyscalls(db: string, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (existsSync(db)) {
      try {
        const c = new Database(db, { readonly: true });
        const got = (c.prepare('SELECT count(*) AS n FROM syscall').get() as { n: number }).n;
        c.close();
        if (got >= n) return;
      } catch {
        // not created yet
      }
    }
    await sleep(50);
  }
  throw new Error(`recording ${db} never reached ${n} syscalls`);
}

/**
 * A cut-short recording: its row, its syscalls, SQLite's integrity check, and how its stops kept
 * as changes (schema 18) read: `deltas` entry stops name a base, `broken` syscall stops have not
 * all 27 registers through the view (a base lost with a batch would leave them so).
 */
function read(db: string): { recording: Record<string, unknown>; syscalls: number; check: string; deltas: number; broken: number } {
  const c = new Database(db, { readonly: true });
  const n = (sql: string): number => c.prepare(sql).pluck().get() as number;
  try {
    return {
      recording: c.prepare('SELECT * FROM recording').get() as Record<string, unknown>,
      syscalls: n('SELECT count(*) FROM syscalls'),
      check: (c.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check,
      deltas: n('SELECT count(*) FROM stop WHERE base_seq IS NOT NULL'),
      broken: n("SELECT count(*) FROM stops WHERE kind IN ('syscall-entry', 'syscall-exit') AND (regs IS NULL OR length(regs) <> 216)"),
    };
  } finally {
    c.close();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

describe('trace-rec cut short', () => {
  for (const [signal, status] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: commits what was recorded, marks it interrupted, kills the program`, async () => {
      const db = path.join(scratchDir('int'), 'loop.db');
      const { child, done } = start(['-o', db, '--', ...LOOP]);
      await waitForSyscalls(db, 200);
      child.kill(signal);
      const r = await done;
      expect(r.code).toBe(status);
      expect(r.stderr).toMatch(new RegExp(`^trace-rec: \\d+ syscalls, 1 process, 1 thread -> .*loop\\.db \\(.*\\) \\(interrupted by ${signal}\\)\\n$`));
      const rec = read(db);
      expect(rec.check).toBe('ok');
      expect(rec.recording).toMatchObject({ complete: 0, interrupted_by: signal });
      expect(rec.syscalls).toBeGreaterThanOrEqual(200);
      expect(rec.deltas).toBeGreaterThan(100);
      expect(rec.broken).toBe(0);
      // The launched program was killed: its exit stop says SIGKILL.
      const c = new Database(db, { readonly: true });
      const last = c.prepare("SELECT sig FROM stops WHERE kind = 'exit' ORDER BY seq DESC LIMIT 1").get() as { sig: number } | undefined;
      c.close();
      expect(last?.sig).toBe(9);
    });
  }

  it('Ctrl-C at a terminal (SIGINT to the whole process group): the same, no stack trace', async () => {
    const db = path.join(scratchDir('int'), 'loop.db');
    const { child, done } = start(['-o', db, '--', ...LOOP], true);
    await waitForSyscalls(db, 200);
    process.kill(-child.pid!, 'SIGINT');
    const r = await done;
    // The program gets the SIGINT too. Whichever trace-rec sees first, it says so in one line
    // and exits 130: either it stopped the recording, or it recorded the program's death by SIGINT.
    expect(r.stderr).toMatch(/^trace-rec: \d+ syscalls, 1 process, 1 thread -> .*loop\.db \([\d.]+ [KM]iB\)( \(interrupted by SIGINT\))?\n$/);
    expect(r.code).toBe(130);
    const rec = read(db).recording;
    if (rec.complete === 0) expect(rec.interrupted_by).toBe('SIGINT');
    else expect(rec).toMatchObject({ complete: 1, exit_status: 130 });
  });

  it('SIGKILL of trace-rec: the file stays a valid database with the committed batches; the program dies with it', async () => {
    const db = path.join(scratchDir('kill'), 'loop.db');
    const { child, done } = start(['-q', '-o', db, '--', ...LOOP]);
    await waitForSyscalls(db, 200);
    const tracee = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
    child.kill('SIGKILL');
    const r = await done;
    expect(r.signal).toBe('SIGKILL');
    const rec = read(db);
    expect(rec.check).toBe('ok');
    expect(rec.recording).toMatchObject({ complete: 0, interrupted_by: null });
    expect(rec.syscalls).toBeGreaterThanOrEqual(200);
    expect(rec.deltas).toBeGreaterThan(100);
    expect(rec.broken).toBe(0);
    for (let i = 0; i < 40 && alive(tracee); i++) await sleep(50);
    expect(alive(tracee)).toBe(false);
  });
});

describe('trace-rec -p PID', () => {
  const victims: ChildProcess[] = [];
  afterAll(() => victims.forEach((v) => v.kill('SIGKILL')));

  it('records a running process and detaches on Ctrl-C, leaving it running untraced', async () => {
    const victim = spawn('sh', ['-c', 'while :; do echo x > /dev/null; done'], { stdio: 'ignore' });
    victims.push(victim);
    await sleep(100);
    const db = path.join(scratchDir('attach'), 'attached.db');
    const { child, done } = start(['-o', db, '-p', String(victim.pid)]);
    await waitForSyscalls(db, 100);
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(alive(victim.pid!)).toBe(true);
    expect(readFileSync(`/proc/${victim.pid}/status`, 'utf8')).toMatch(/^TracerPid:\s+0$/m);
    const rec = read(db);
    expect(rec.check).toBe('ok');
    expect(rec.recording).toMatchObject({ mode: 'attach', complete: 0, interrupted_by: 'SIGINT' });
    expect(JSON.parse(rec.recording.argv as string)).toEqual(['sh', '-c', 'while :; do echo x > /dev/null; done']);
    const c = new Database(db, { readonly: true });
    const names = c.prepare('SELECT DISTINCT name FROM syscalls').all().map((x) => (x as { name: string }).name);
    c.close();
    expect(names).toEqual(expect.arrayContaining(['openat', 'dup2', 'close']));
  });

  it('a process another tracer holds: ptrace not permitted, one line, exit 1', async () => {
    const strace = spawn('strace', ['-o', '/dev/null', 'sleep', '30'], { stdio: 'ignore' });
    victims.push(strace);
    let sleeper = 0;
    for (let i = 0; i < 100 && !sleeper; i++) {
      await sleep(20);
      const kids = readFileSync(`/proc/${strace.pid}/task/${strace.pid}/children`, 'utf8').trim();
      if (kids && readFileSync(`/proc/${kids}/comm`, 'utf8').trim() === 'sleep') sleeper = Number(kids);
    }
    const r = spawnSync(process.execPath, [traceRecBin, '-o', path.join(scratchDir('attach'), 'x.db'), '-p', String(sleeper)], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^trace-rec: ptrace not permitted: Operation not permitted.*\n$/);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  it('a process that does not exist: one line, exit 1', () => {
    const r = spawnSync(process.execPath, [traceRecBin, '-o', path.join(scratchDir('attach'), 'x.db'), '-p', '999999999'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('trace-rec: cannot attach to 999999999: No such process\n');
  });
});

describe('trace-rec on a full disk', () => {
  const mnt = path.join(scratchDir('full'), 'mnt');
  mkdirSync(mnt);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=600k', 'tmpfs', mnt]);
  afterAll(() => spawnSync('umount', [mnt]));

  it('stops, says so in one line, exits 1, and keeps a valid database of what fitted', () => {
    expect(mounted.status, `mount tmpfs (needs root): ${mounted.stderr}`).toBe(0);
    const db = path.join(mnt, 'dd.db');
    const r = spawnSync(process.execPath, [traceRecBin, '-o', db, '--', 'dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=50000'], {
      env: testEnv(),
      cwd: runCwd(),
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`trace-rec: disk full writing '${db}'; the recording up to that point is kept in '${db}'\n`);
    const rec = read(db);
    expect(rec.check).toBe('ok');
    expect(rec.recording.complete).toBe(0);
    expect(rec.recording.interrupted_by).toMatch(/^write error: disk full/);
    // the batch that did not fit went whole: no stop kept names a base it took with it
    expect(rec.deltas).toBeGreaterThan(100);
    expect(rec.broken).toBe(0);
  });
});

describe('trace-rec on a terminal', () => {
  it('shows progress on stderr while recording, and clears it before the summary', () => {
    const db = path.join(scratchDir('tty'), 'sleep.db');
    const cmd = `${process.execPath} ${traceRecBin} -o ${db} -- sh -c 'sleep 1.2; echo done'`;
    // Progress counts what is already written, so it must show the start-up syscalls during the sleep.
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\r\x1b\[2Ktrace-rec: [1-9]\d* syscalls, (1 process|2 processes), \d+\.\d s, [\d,]+ syscalls\/s, [\d.]+ KiB…/);
    // taken off before the program's output, and the summary on a line of its own
    expect(r.stdout).toContain('\r\x1b[2Kdone\r\n');
    expect(r.stdout).toMatch(/(\n|\r\x1b\[2K)trace-rec: \d+ syscalls, 2 processes, 2 threads -> .*sleep\.db/);
  });

  it('shows no progress when stderr is not a terminal', () => {
    const db = path.join(scratchDir('tty'), 'sleep.db');
    const r = spawnSync(process.execPath, [traceRecBin, '-o', db, '--', 'sh', '-c', 'sleep 1.2'], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^trace-rec: \d+ syscalls, 2 processes, 2 threads -> .*sleep\.db \([\d.]+ KiB\)\n$/);
  });
});
