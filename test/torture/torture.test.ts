// Hostile and unlucky programs (test/torture/torture.c), each recorded by trace-rec and run under
// strace -f: the same exit status and output, the same processes and threads, and the stops
// that must be there (every signal of a storm, the EINTR of an interrupted read). A run that
// does not end within its time limit fails instead of hanging the suite.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tortureProgram } from '../support/fixtures.js';
import { runCwd, scratchDir, testEnv, traceRecBin } from '../support/paths.js';
import { query } from '../support/recording.js';

interface Run {
  status: number | null;
  stdout: string;
  /** Distinct tids that ended, per the trace. */
  tasks: number;
}

function underStrace(argv: string[]): Run & { log: string } {
  const log = path.join(scratchDir('torture'), 'strace.log');
  const r = spawnSync('strace', ['-f', '-q', '-o', log, '--', ...argv], { env: testEnv(), cwd: runCwd(), encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 26 });
  const text = readFileSync(log, 'utf8');
  const ended = new Set(text.split('\n').filter((l) => /\+\+\+ (exited|killed)/.test(l)).map((l) => l.split(' ')[0]));
  return { status: r.status, stdout: r.stdout, tasks: ended.size, log: text };
}

function underTraceRec(argv: string[]): Run & { db: string } {
  const db = path.join(scratchDir('torture'), 'run.db');
  const r = spawnSync(process.execPath, [traceRecBin, '-q', '-o', db, '--', ...argv], { env: testEnv(), cwd: runCwd(), encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 26 });
  expect(r.error, 'trace-rec did not end within 120 s').toBeUndefined();
  const [t] = query<{ n: number }>(db, 'select count(*) n from threads where exit_status is not null or exit_signal is not null');
  return { status: r.status, stdout: r.stdout, tasks: t.n, db };
}

const CASES: { name: string; args: string[]; sameTasks?: false; check?: (rec: string, strace: string) => void }[] = [
  { name: '64 threads x 1,000 syscalls', args: ['threads', '64', '1000'],
    check: (db) => expect(query<{ n: number }>(db, "select count(*) n from syscalls where name = 'getppid'")[0].n).toBe(64_000) },
  { name: 'a storm of 10,000 signals', args: ['storm', '10000'],
    check: (db, log) => {
      const recorded = query<{ n: number }>(db, "select count(*) n from stops where kind = 'signal' and sig = 10")[0].n;
      expect(recorded).toBe(log.split('\n').filter((l) => l.includes('--- SIGUSR1')).length);
      expect(recorded).toBe(10_000);
    } },
  { name: 'read cut by SIGALRM, SA_RESTART', args: ['alarm-read', '1'] },
  { name: 'read cut by SIGALRM, no SA_RESTART: EINTR', args: ['alarm-read', '0'],
    // the exit stop sees the kernel's ERESTARTSYS (as strace shows it); the program gets EINTR (its output says so)
    check: (db) => expect(query(db, "select errno from syscalls where name = 'read' and errno is not null")).toEqual([{ errno: 'ERESTARTSYS' }]) },
  { name: 'PTRACE_TRACEME by the program', args: ['traceme'] },
  { name: 'a chain of 50 vforks', args: ['vfork-chain', '50'] },
  { name: '1 MiB of argv and environment', args: ['big-args'],
    check: (db) => {
      const [e] = query<{ argv: string }>(db, 'select argv from execs order by seq desc limit 1');
      expect((JSON.parse(e.argv) as string[]).join('').length).toBeGreaterThan(500_000);
    } },
  // strace counts the leader as superseded, not ended; the threads table has all three ended
  { name: 'execve from a thread while another runs', args: ['thread-exec'], sameTasks: false,
    check: (db) => {
      expect(query(db, "select count(*) n from syscalls where name = 'execve' and ret = 0")).toEqual([{ n: 2 }]);
      expect(query(db, 'select count(*) n from processes')).toEqual([{ n: 1 }]);
    } },
];

describe('torture programs against strace -f', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const argv = [tortureProgram('torture'), ...c.args];
      const ref = underStrace(argv);
      const got = underTraceRec(argv);
      expect({ status: got.status, stdout: got.stdout }).toEqual({ status: ref.status, stdout: ref.stdout });
      if (c.sameTasks !== false) expect(got.tasks).toBe(ref.tasks);
      c.check?.(got.db, ref.log);
    }, 240_000);
  }

  it('strace run under trace-rec fails as it does under strace', () => {
    const argv = ['strace', '-f', '-o', '/dev/null', '/bin/true'];
    const ref = underStrace(argv);
    const got = underTraceRec(argv);
    expect({ status: got.status, stdout: got.stdout }).toEqual({ status: ref.status, stdout: ref.stdout });
  }, 60_000);
});

describe('SIGSTOP and SIGCONT from outside', () => {
  it('the program stops and goes on; the SIGSTOP, its group stop and the SIGCONT are recorded', async () => {
    const { spawn } = await import('node:child_process');
    const db = path.join(scratchDir('torture'), 'stopcont.db');
    const p = spawn(process.execPath, [traceRecBin, '-q', '-o', db, '--', 'sh', '-c', 'echo ready; sleep 0.6; echo done'], { env: testEnv(), cwd: runCwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const closed = new Promise<number | null>((resolve) => p.on('close', resolve));
    await new Promise<void>((resolve) => p.stdout.once('data', () => resolve()));
    const program = spawnSync('pgrep', ['-P', String(p.pid), '-x', 'sh'], { encoding: 'utf8' }).stdout.trim().split('\n').map(Number).find((pid) => {
      return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('echo ready');
    })!;
    expect(program).toBeGreaterThan(0);
    process.kill(program, 'SIGSTOP');
    await new Promise((r) => setTimeout(r, 300));
    process.kill(program, 'SIGCONT');
    expect(await closed).toBe(0);
    expect(out).toBe('ready\ndone\n');
    expect(query(db, "select kind, sig from stops where kind in ('group-stop', 'signal') and sig in (18, 19) order by seq")).toEqual([
      { kind: 'signal', sig: 19 },
      { kind: 'group-stop', sig: 19 },
      { kind: 'signal', sig: 18 },
    ]);
  }, 60_000);
});
