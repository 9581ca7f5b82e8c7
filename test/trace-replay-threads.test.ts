// trace-replay of threaded programs (issue 13): one thread at a time, in the recorded order of
// stops. trace-rec --replayable runs one thread's user code at a time (its serialized schedule),
// so that order is the one the threads' user code ran in; a default recording's threads ran
// freely, and its replay (--force) can only say where they overlapped.

import { spawnSync } from 'node:child_process';
import type { SpawnSyncOptions } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, scratchDir, testEnv, traceRecBin } from './support/paths.js';

const traceReplayBin = path.join(repoRoot, 'packages', 'replay', 'bin', 'trace-replay.js');
const traceDiffBin = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-diff.js');

interface Run {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): Run {
  const r = spawnSync(cmd, args, { env: testEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout as Buffer, stderr: (r.stderr as Buffer).toString() };
}

/**
 * trace-rec --replayable of argv in cwd; when `serialized` is false, a default recording (threads
 * not serialized) under `setarch -R`, so that its addresses are the ones a replay (ASLR off) has.
 */
function record(argv: string[], cwd: string, serialized = true): Run & { db: string } {
  const db = path.join(scratchDir('threads-rec'), 'run.db');
  const rec = [process.execPath, traceRecBin, '-q', '-o', db, '--', ...argv];
  const r = serialized ? run(rec[0], [rec[1], '--replayable', ...rec.slice(2)], { cwd }) : run('setarch', ['x86_64', '-R', ...rec], { cwd });
  return { ...r, db };
}

function replay(args: string[], opts: SpawnSyncOptions = {}): Run {
  return run(process.execPath, [traceReplayBin, ...args], opts);
}

/** What the recorded program wrote to fd 1, from the recording's write calls, in the recorded order. */
function recordedStdout(db: string): Buffer {
  const d = new Database(db, { readonly: true });
  const rows = d.prepare("SELECT m.data FROM syscalls s JOIN memory m ON m.seq = s.entry_seq AND m.arg = 1 WHERE s.name = 'write' AND s.a0 = 1 AND s.ret > 0 ORDER BY s.entry_seq, m.part").pluck().all() as Buffer[];
  d.close();
  return Buffer.concat(rows);
}

function threadCount(db: string): number {
  const d = new Database(db, { readonly: true });
  const n = d.prepare('SELECT count(DISTINCT tid) FROM syscall').pluck().get() as number;
  d.close();
  return n;
}

/** Preemptions trace-rec's watchdog recorded (threads that made no syscall for a time slice while another waited): their stops and threads. */
function preemptionStops(db: string): { seq: number; tid: number }[] {
  const d = new Database(db, { readonly: true });
  const rows = d.prepare("SELECT seq, tid FROM stops WHERE kind = 'event' AND event = 'preempt' ORDER BY seq").all() as { seq: number; tid: number }[];
  d.close();
  return rows;
}

const preemptions = (db: string): number => preemptionStops(db).length;

describe('trace-replay: threads run one at a time, in the recorded order', () => {
  it('a mutex, a condition variable and a pipe between 4 threads: 20 replays, each the recorded run (trace-diff: nothing unexplained)', () => {
    const dir = scratchDir('threads-sync');
    const rec = record([fixture('replay-threads-sync')], dir);
    expect([rec.status, rec.stderr]).toEqual([0, '']);
    expect(threadCount(rec.db)).toBe(5);
    expect(rec.stdout.toString()).toMatch(/^(?:.*\n)*main: joined, total 210\n$/);
    for (let i = 0; i < 20; i++) {
      const again = path.join(dir, `again-${i}.db`);
      const r = replay(['--record-to', again, rec.db]);
      expect([r.status, r.stderr, r.stdout.toString()]).toEqual([0, '', rec.stdout.toString()]);
      const d = run(process.execPath, [traceDiffBin, rec.db, again]);
      const text = d.stdout.toString();
      expect(text, text).toMatch(/\n {6}0 {2}unexplained\n/);
      expect(text).toMatch(/\nEquivalent after normalisation/);
      expect(d.status).toBe(0);
      rmSync(again);
    }
  });

  it('producer/consumer: the replay prints the recorded order, which plain reruns do not keep', () => {
    const dir = scratchDir('threads-queue');
    const prog = fixture('replay-threads-queue');
    const rec = record([prog], dir);
    expect([rec.status, rec.stderr]).toEqual([0, '']);
    const lines = rec.stdout.toString().split('\n');
    expect(lines.filter((l) => /^consumer \d took item \d+$/.test(l))).toHaveLength(30);
    expect(recordedStdout(rec.db).equals(rec.stdout)).toBe(true);
    // the order is the schedule's and time's: plain runs of the program print others
    const plain = Array.from({ length: 8 }, () => run(prog, []).stdout.toString());
    expect(plain.some((p) => p !== rec.stdout.toString())).toBe(true);
    // at replay nanosleep returns at once: only the recorded order of stops gives these lines back
    for (let i = 0; i < 5; i++) {
      const r = replay([rec.db]);
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(r.stdout.toString()).toBe(rec.stdout.toString());
    }
  });

  it('python3 threads reading files: the files deleted, the replay prints the recorded lines', () => {
    const dir = scratchDir('threads-python');
    const files = ['in0.txt', 'in1.txt', 'in2.txt', 'in3.txt'];
    files.forEach((f, i) => writeFileSync(path.join(dir, f), `contents of file ${i}: ${'x'.repeat(i * 7 + 1)}\n`));
    const script = [
      'import threading',
      'def work(i):',
      '    with open(f"in{i}.txt") as f:',
      '        data = f.read()',
      '    print(f"thread {i} read {len(data)} bytes: {data.strip()}", flush=True)',
      'ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]',
      'for t in ts: t.start()',
      'for t in ts: t.join()',
      'print("done", flush=True)',
    ].join('\n');
    const rec = record(['python3', '-c', script], dir);
    expect([rec.status, rec.stderr]).toEqual([0, '']);
    expect(rec.stdout.toString()).toMatch(/^(?:thread \d read \d+ bytes: contents of file \d: x+\n){4}done\n$/);
    expect(threadCount(rec.db)).toBe(5);
    for (const f of files) rmSync(path.join(dir, f));
    for (let i = 0; i < 3; i++) {
      const r = replay([rec.db]);
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(r.stdout.toString()).toBe(rec.stdout.toString());
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('each thread sees its recorded tid: gettid, and pthread_kill through the tid the kernel wrote at clone3', () => {
    const dir = scratchDir('threads-tids');
    const rec = record([fixture('replay-threads-tids')], dir);
    expect([rec.status, rec.stderr]).toEqual([0, '']);
    const d = new Database(rec.db, { readonly: true });
    const tids = (d.prepare('SELECT tid FROM threads ORDER BY tid').pluck().all() as number[]).map(String);
    d.close();
    const m = /^thread: tid (\d+) pid (\d+)\nsigwait: tid (\d+) pid \2\nmain: tid (\2) pid \2\n$/.exec(rec.stdout.toString());
    expect(m, rec.stdout.toString()).not.toBeNull();
    expect(m![3]).toBe(m![1]);
    expect([m![2], m![1]]).toEqual(tids);
    for (let i = 0; i < 3; i++) {
      const r = replay([rec.db]);
      expect([r.status, r.stderr, r.stdout.toString()]).toEqual([0, '', rec.stdout.toString()]);
    }
  });

  it("the suite's other multi-threaded fixtures: thread-exec replays as recorded, threads4 is refused at its pidfd_open", () => {
    const exec = record([fixture('thread-exec')], scratchDir('threads-thread-exec'));
    const again = replay([exec.db]);
    expect([again.status, again.stderr, again.stdout.toString()]).toEqual([exec.status, '', exec.stdout.toString()]);
    const rec = record([fixture('threads4')], scratchDir('threads-threads4'));
    expect(rec.status).toBe(0);
    const r = replay([rec.db]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^trace-replay: cannot replay stop \d+ \(thread \d+\): the recording cannot answer this call\n {2}recorded: \d+ +pidfd_open\(\d+, [^\n]*\n/);
    expect(r.stderr).toMatch(/\n {2}cause: pidfd_open: pidfd descriptors are not replayed yet\n$/);
  });

  it('--until in a threaded program: every thread left stopped, the hint names the thread stopped before the call', () => {
    const dir = scratchDir('threads-until');
    const rec = record([fixture('replay-threads-sync')], dir);
    expect(rec.status).toBe(0);
    const d = new Database(rec.db, { readonly: true });
    const at = d.prepare("SELECT entry_seq AS seq, tid FROM syscalls WHERE name = 'write' AND a0 = 1 AND a2 = 30").get() as { seq: number; tid: number };
    const before = d.prepare("SELECT count(*) FROM syscalls WHERE name = 'write' AND a0 = 1 AND entry_seq < ?").pluck().get(at.seq) as number;
    d.close();
    const out = path.join(dir, 'out');
    const err = path.join(dir, 'err');
    const fds = [openSync(out, 'w'), openSync(err, 'w')];
    const r = spawnSync(process.execPath, [traceReplayBin, '--until', String(at.seq), rec.db], { env: testEnv(), stdio: ['ignore', fds[0], fds[1]], timeout: 60_000 });
    for (const fd of fds) closeSync(fd);
    const text = readFileSync(err, 'utf8');
    const m = /^trace-replay: stopped before stop (\d+) \(thread (\d+), live pid (\d+)\): \d+ +write\(1, "adder: end of pipe, total 210\\n", 30\) += 30\n {2}attach a debugger: gdb -p (\d+) \(the thread stopped there is LWP (\d+); in gdb: thread find (\d+)\)\n$/.exec(text);
    expect(m, text).not.toBeNull();
    const pid = Number(m![3]);
    const lwp = Number(m![5]);
    try {
      expect(r.status).toBe(0);
      expect([Number(m![1]), Number(m![2]), Number(m![4]), Number(m![6])]).toEqual([at.seq, at.tid, pid, lwp]);
      expect(lwp).not.toBe(pid);
      // every thread stopped, none traced any more
      const tasks = readdirSync(`/proc/${pid}/task`).map(Number);
      expect(tasks).toContain(lwp);
      expect(tasks.length).toBeGreaterThan(1);
      for (const task of tasks) {
        const status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
        expect([task, /^State:\s+(\S)/m.exec(status)![1], /^TracerPid:\s+(\d+)/m.exec(status)![1]]).toEqual([task, 'T', '0']);
      }
      // what the program printed is the recording's output before that write
      const printed = readFileSync(out, 'utf8');
      expect(printed.split('\n').length - 1).toBe(before);
      expect(rec.stdout.toString().startsWith(printed)).toBe(true);
      // gdb finds the thread by its LWP, inside libc's write
      const g = run('gdb', ['-batch', '-nx', '-p', String(pid), '-ex', 'info threads']);
      expect(g.stdout.toString()).toMatch(new RegExp(`\\(LWP ${lwp}\\)[^\\n]*write`));
    } finally {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // it ended
      }
    }
  });
});

describe('trace-replay: real threaded programs, their inputs deleted', () => {
  /** Records argv in a directory holding `files`, deletes them, and replays `replays` times: the recorded output each time. */
  function replayWithout(argv: string[], files: Record<string, string>, threads: number, replays = 3): void {
    const dir = scratchDir('threads-real');
    for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
    const rec = record(argv, dir);
    expect([rec.status, rec.stderr]).toEqual([0, '']);
    expect(threadCount(rec.db)).toBeGreaterThanOrEqual(threads);
    for (const f of Object.keys(files)) rmSync(path.join(dir, f));
    for (let i = 0; i < replays; i++) {
      const r = replay([rec.db], { cwd: dir });
      expect([r.status, r.stderr, r.stdout.toString()]).toEqual([0, '', rec.stdout.toString()]);
    }
  }

  it("node: a timer and a file read through libuv's thread pool", () => {
    const script = "setTimeout(() => console.log('timer fired'), 20); require('fs').readFile('in.txt', 'utf8', (e, d) => console.log('read:', d.trim()));";
    replayWithout([process.execPath, '-e', script], { 'in.txt': 'node input\n' }, 5);
  });

  it("node: eight files read at once through libuv's pool, its four threads opening and closing descriptors at once: each replay gives them the recorded numbers", () => {
    const script = "const fs = require('fs'); for (let i = 0; i < 8; i++) fs.readFile(`f${i}.txt`, 'utf8', (e, d) => console.log(i, d.length));";
    const files = Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7].map((i) => [`f${i}.txt`, 'x'.repeat(1000 * (i + 1))]));
    for (let k = 0; k < 2; k++) replayWithout([process.execPath, '-e', script], files, 5, 8);
  });

  it('python3: concurrent.futures.ThreadPoolExecutor mapping file reads', () => {
    const script = ['from concurrent.futures import ThreadPoolExecutor', 'def work(i):', '    with open(f"cf{i}.txt") as f:', '        return f.read().strip()', 'with ThreadPoolExecutor(max_workers=3) as ex:', '    for r in ex.map(work, range(4)):', '        print(r, flush=True)'].join('\n');
    replayWithout(['python3', '-c', script], Object.fromEntries([0, 1, 2, 3].map((i) => [`cf${i}.txt`, `data ${i}\n`])), 3);
  });

  it('sort --parallel=2 of 1,000,000 lines: its threads, computing between syscalls for less than PREEMPT_COMPUTE_MS, are not preempted; the replay prints the recorded output', () => {
    const lines = Array.from({ length: 1_000_000 }, (_, i) => `${(i * 7919) % 1_000_003}`).join('\n') + '\n';
    const dir = scratchDir('threads-sort');
    writeFileSync(path.join(dir, 'big.txt'), lines);
    const rec = record(['sort', '--parallel=2', 'big.txt'], dir);
    expect([rec.status, rec.stderr]).toEqual([0, '']);
    expect(rec.stdout.length).toBe(lines.length);
    // each of its threads sorting its half ran on past the slice (no register state recurred: not a spin-wait)
    expect(preemptions(rec.db)).toBe(0);
    rmSync(path.join(dir, 'big.txt'));
    for (let i = 0; i < 3; i++) {
      const r = replay([rec.db], { cwd: dir, timeout: 55_000 });
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(r.stdout.equals(rec.stdout)).toBe(true);
    }
  });
});

describe('trace-replay: spin-waits, and what one thread at a time cannot replay is reported, never a hang', () => {
  it('two threads spinning on each other without syscalls: the recording preempts them; the replay reaches each preemption, or names the first (never a silent difference)', () => {
    for (let i = 0; i < 3; i++) {
      const rec = record([fixture('replay-threads-spin')], scratchDir('threads-spin'));
      expect([rec.status, rec.stderr]).toEqual([0, '']);
      expect(preemptions(rec.db)).toBeGreaterThan(0);
      const r = replay([rec.db], { timeout: 50_000 });
      if (r.status === 0) {
        expect([r.stderr, r.stdout.toString()]).toEqual(['', rec.stdout.toString()]);
        continue;
      }
      expect(r.status, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/a data race or spin-wait in tid \d+ after seq \d+/);
      expect(rec.stdout.toString().startsWith(r.stdout.toString())).toBe(true);
    }
  });

  it('a data race (two threads adding to one counter without a lock or a syscall): the replay prints the recorded total, or names the preemption it could not reproduce (never a silent difference)', () => {
    for (let i = 0; i < 3; i++) {
      // each thread computes for about 1 s of CPU (2 ns a round): more than PREEMPT_COMPUTE_MS, so the watchdog preempts it in its loop
      const rec = record([fixture('replay-threads-racy'), '400000000'], scratchDir('threads-racy'));
      expect([rec.status, rec.stderr]).toEqual([0, '']);
      const total = /^counter (\d+) of 800000000\n$/.exec(rec.stdout.toString());
      expect(total, rec.stdout.toString()).not.toBeNull();
      const points = preemptionStops(rec.db);
      expect(points.length).toBeGreaterThan(0);
      const r = replay([rec.db], { timeout: 50_000 });
      if (r.status === 0) {
        expect([r.stderr, r.stdout.toString()]).toEqual(['', rec.stdout.toString()]);
        continue;
      }
      expect(r.status, r.stderr).toBe(3);
      // where the total is written, naming a recorded preemption of that thread
      const d = new Database(rec.db, { readonly: true });
      const write = d.prepare("SELECT entry_seq, tid FROM syscalls WHERE name = 'write' AND a0 = 1").get() as { entry_seq: number; tid: number };
      d.close();
      expect(r.stderr.split('\n')[0]).toBe(`trace-replay: divergence at stop ${write.entry_seq} (thread ${write.tid})`);
      const named = /; likely cause: a data race or spin-wait in tid (\d+) after seq \d+ \(the recording preempted it in user space at stop (\d+), at 0x[0-9a-f]+, where the replay could not bring it: [^)]*; it ran on to its next syscall\)\n$/.exec(r.stderr);
      expect(named, r.stderr).not.toBeNull();
      expect(points).toContainEqual({ seq: Number(named![2]), tid: Number(named![1]) });
      expect(r.stdout.toString()).toBe('');
    }
  });

  it('the same threads recorded without --replayable (no preemption recorded): exit 3 naming the spinning thread and its last stop', () => {
    const dir = scratchDir('threads-spin-default');
    const rec = record([fixture('replay-threads-spin')], dir, false);
    expect([rec.status, rec.stderr]).toEqual([0, '']);
    expect(preemptions(rec.db)).toBe(0);
    const d = new Database(rec.db, { readonly: true });
    const tids = d.prepare('SELECT DISTINCT tid FROM syscall').pluck().all() as number[];
    d.close();
    const started = Date.now();
    const r = replay(['--force', rec.db], { timeout: 50_000 });
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(r.status).toBe(3);
    const lines = r.stderr.split('\n');
    const head = /^trace-replay: divergence at stop (\d+) \(thread (\d+)\)$/.exec(lines[0]);
    expect(head, r.stderr).not.toBeNull();
    expect(tids).toContain(Number(head![2]));
    expect(lines[2]).toBe('  live:     (no stop for 10 s)');
    const cause = lines.find((l) => l.startsWith('  cause: '))!;
    const spin = new RegExp(`^  cause: no progress for 10 s: thread ${head![2]} runs in user space without reaching its recorded stop ${head![1]}: a data race or spin-wait in tid ${head![2]} after seq (\\d+) \\(it waits on memory another thread writes without a syscall\\); thread (\\d+) waits for its turn to run, at stop (\\d+); likely cause: the recording was made without --replayable: .*$`);
    const m = spin.exec(cause);
    expect(m, cause).not.toBeNull();
    expect(Number(m![1])).toBeLessThan(Number(head![1]));
    expect(tids).toContain(Number(m![2]));
    expect(recordedStdout(rec.db).toString().startsWith(r.stdout.toString())).toBe(true);
  });

  it('a recording whose threads were not serialized (no --replayable): replayed exactly, or the divergence names the thread and the likely cause, the same each time', () => {
    const dir = scratchDir('threads-unserialized');
    const rec = record([fixture('replay-threads-queue')], dir, false);
    expect([rec.status, rec.stderr]).toEqual([0, '']);
    const d = new Database(rec.db, { readonly: true });
    const tids = d.prepare('SELECT DISTINCT tid FROM syscall').pluck().all() as number[];
    d.close();
    const outcomes = [replay(['--force', rec.db]), replay(['--force', rec.db])];
    expect(outcomes[1]).toEqual(outcomes[0]);
    const r = outcomes[0];
    // its threads wrote at once in the kernel: the recorded calls' order, which the replay keeps, is not always the pipe's
    const written = recordedStdout(rec.db).toString();
    if (r.status === 0) {
      expect([r.stderr, r.stdout.toString()]).toEqual(['', written]);
    } else {
      expect(r.status).toBe(3);
      const head = /^trace-replay: divergence at stop \d+ \(thread (\d+)\)\n/.exec(r.stderr);
      expect(head, r.stderr).not.toBeNull();
      expect(tids).toContain(Number(head![1]));
      expect(r.stderr).toMatch(/\n {2}cause: .*; likely cause: the recording did not serialize the program's threads, and their user code overlapped where a replay one thread at a time cannot \(a lock found taken, a value read while another thread changed it\)\n$/);
      expect(written.startsWith(r.stdout.toString())).toBe(true);
    }
  });
});

describe('trace-replay: signals where the recording delivered them', () => {
  const RIP = 128; // offset of rip in struct user_regs_struct

  it('alarm() cutting reads short (with and without SA_RESTART), an alarm while spinning (delivered asynchronously), an interval timer: 20 replays, each the recorded output', () => {
    const dir = scratchDir('signals-alarm');
    const rec = record([fixture('sched-alarm')], dir);
    expect([rec.status, rec.stderr]).toEqual([0, '']);
    const d = new Database(rec.db, { readonly: true });
    const async = d.prepare('SELECT s.seq, s.regs FROM signal_deliveries d JOIN stops s USING (seq) WHERE d.async = 1 ORDER BY s.seq').all() as { seq: number; regs: Buffer }[];
    d.close();
    // the alarm that comes while the program spins without syscalls is delivered where it spins
    expect(async.length).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) {
      const r = replay([rec.db]);
      expect([r.status, r.stderr, r.stdout.toString()]).toEqual([0, '', rec.stdout.toString()]);
    }
    // --record-to: the replayed run got that signal at the instruction the recording got it at
    const again = path.join(dir, 'again.db');
    expect(replay(['-q', '--record-to', again, rec.db]).status).toBe(0);
    const a = new Database(again, { readonly: true });
    const rips = (a.prepare("SELECT regs FROM stops WHERE kind = 'signal' AND sig = 14").pluck().all() as Buffer[]).map((r) => r.readBigUInt64LE(RIP));
    a.close();
    for (const s of async) expect(rips).toContain(s.regs.readBigUInt64LE(RIP));
  });

  it('a SIGCHLD handler reaping children that end two at a time, each signal cutting a read short (EINTR): 20 replays, each the recorded output', () => {
    const rec = record([fixture('sched-sigchld')], scratchDir('signals-chld'));
    expect([rec.status, rec.stderr]).toEqual([0, '']);
    expect(rec.stdout.toString()).toMatch(/^reads (\d+), EINTR \1, reaped 6:( child \d \(si_code 1, status 1\d\)){6}\n$/);
    const d = new Database(rec.db, { readonly: true });
    const delivered = d.prepare("SELECT count(*) FROM stops WHERE kind = 'signal' AND sig = 17").pluck().get() as number;
    // the kernel ends the read with ERESTARTSYS; the program sees EINTR when the handler returns (twice when a second SIGCHLD was pending)
    const eintr = d.prepare("SELECT count(*) FROM syscalls WHERE name = 'read' AND errno = 'ERESTARTSYS'").pluck().get() as number;
    d.close();
    expect(delivered).toBeGreaterThan(0);
    expect(rec.stdout.toString()).toContain(`EINTR ${eintr},`);
    for (let i = 0; i < 20; i++) {
      const r = replay([rec.db]);
      expect([r.status, r.stderr, r.stdout.toString()]).toEqual([0, '', rec.stdout.toString()]);
    }
  });

  it("a child's SIGUSR1s to its parent (SA_SIGINFO): 20 replays, each the recorded output (si_code, si_pid as recorded)", () => {
    const rec = record([fixture('sched-sigusr1')], scratchDir('signals-usr1'));
    expect([rec.status, rec.stderr]).toEqual([0, '']);
    for (let i = 0; i < 20; i++) {
      const r = replay([rec.db]);
      expect([r.status, r.stderr, r.stdout.toString()]).toEqual([0, '', rec.stdout.toString()]);
    }
  });
});
