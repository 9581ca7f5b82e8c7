// trace-rec --replayable's schedule: one tracee in user space at a time (a watchdog preempts
// spin-waits), asynchronous signals held until their thread's next syscall boundary, rseq
// refused. Each fixture runs untraced, recorded by default and recorded --replayable: the
// program's output is the same each time, and the recording says what the schedule did.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';
import { query } from './support/recording.js';

const traceQ = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');
const RIP = 16 * 8; // user_regs_struct.rip

function untraced(prog: string): string {
  const r = spawnSync(prog, [], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

function record(prog: string, replayable: boolean, more: string[] = []): { stdout: string; db: string } {
  const db = path.join(scratchDir('serialized'), `${path.basename(prog)}-${replayable ? 'replayable' : 'default'}.db`);
  const opts = [...(replayable ? ['--replayable'] : []), ...more];
  const r = spawnSync(process.execPath, [traceRecBin, '-q', '--force', ...opts, '-o', db, '--', prog], { env: testEnv(), cwd: runCwd(), encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return { stdout: r.stdout, db };
}

function traceQRun(args: string[]): string {
  const r = spawnSync(process.execPath, [traceQ, ...args], { env: testEnv(), cwd: runCwd(), encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

interface StopRow {
  seq: number;
  tid: number;
  kind: string;
  event: string | null;
  sig: number | null;
  regs: Buffer | null;
  siginfo: Buffer | null;
}

/** Stops after which the thread was resumed into user space (not into a syscall it is in). */
const USER_RESUMING = (s: StopRow): boolean => s.kind === 'syscall-exit' || s.kind === 'signal' || (s.kind === 'event' && ['stop', 'preempt', 'signal-held'].includes(s.event!));

/**
 * What is checked: a thread's "user interval" runs from a stop after which it was resumed into
 * user space (syscall exit, signal, PTRACE_EVENT_STOP, preemption, held signal) to its next stop
 * (intervals ended by a kill, event 'exit' or 'exit', are left out: such a thread is taken from
 * its stop, it ran nothing). Ordered by the seq of the stops that begin them, the intervals
 * must end in the same order: no thread's interval lies inside another's. With one token handed
 * on first come, first served at each stop, a thread that stopped later cannot have run and
 * stopped again before one that stopped earlier; a thread that computes between two syscalls
 * while another makes several (any unserialized run) shows as such a nesting. Returns the nestings.
 */
function nestedIntervals(stops: readonly StopRow[]): string[] {
  const last = new Map<number, StopRow>();
  const intervals: { tid: number; from: number; to: number }[] = [];
  for (const s of stops) {
    const prev = last.get(s.tid);
    if (prev !== undefined && USER_RESUMING(prev) && s.kind !== 'exit' && !(s.kind === 'event' && s.event === 'exit')) intervals.push({ tid: s.tid, from: prev.seq, to: s.seq });
    last.set(s.tid, s);
  }
  intervals.sort((a, b) => a.from - b.from);
  const out: string[] = [];
  let outer = { tid: 0, from: 0, to: 0 };
  for (const i of intervals) {
    if (i.to < outer.to && i.tid !== outer.tid) out.push(`tid ${i.tid} ran ${i.from}..${i.to} inside tid ${outer.tid}'s ${outer.from}..${outer.to}`);
    if (i.to > outer.to) outer = i;
  }
  return out;
}

function stops(db: string): StopRow[] {
  return query<StopRow>(db, 'SELECT seq, tid, kind, event, sig, regs, siginfo FROM stops ORDER BY seq');
}

function scheduleStops(db: string): { preempt: number; held: number; deliveries: number } {
  const n = (sql: string): number => (query<{ n: number }>(db, sql)[0]).n;
  return {
    preempt: n("SELECT count(*) AS n FROM stops WHERE event = 'preempt'"),
    held: n("SELECT count(*) AS n FROM stops WHERE event = 'signal-held'"),
    deliveries: n('SELECT count(*) AS n FROM signal_deliveries'),
  };
}

/**
 * Every held signal was delivered once, at a signal stop of the same thread and signal with the
 * siginfo it came with; a delivery not marked async follows a syscall-exit stop of its thread
 * (with at most other signal deliveries between). Returns the problems and the number of async ones.
 */
function deliveryProblems(db: string): { problems: string[]; async: number; sync: number } {
  const all = stops(db);
  const bySeq = new Map(all.map((s) => [s.seq, s]));
  const deliveries = query<{ seq: number; held_seq: number; async: number }>(db, 'SELECT seq, held_seq, async FROM signal_deliveries ORDER BY seq');
  const problems: string[] = [];
  const heldSeqs = all.filter((s) => s.event === 'signal-held').map((s) => s.seq);
  if (JSON.stringify(deliveries.map((d) => d.held_seq).sort((a, b) => a - b)) !== JSON.stringify(heldSeqs)) problems.push(`held ${heldSeqs} delivered ${deliveries.map((d) => d.held_seq)}`);
  for (const d of deliveries) {
    const s = bySeq.get(d.seq)!;
    const h = bySeq.get(d.held_seq)!;
    if (s.kind !== 'signal' || s.tid !== h.tid || s.sig !== h.sig || h.seq >= s.seq) problems.push(`delivery ${d.seq} does not match held ${d.held_seq}`);
    if (!s.siginfo || !h.siginfo || !s.siginfo.equals(h.siginfo)) problems.push(`delivery ${d.seq}: siginfo differs from the held one's`);
    if (d.async === 1) continue;
    const before = all.filter((x) => x.tid === s.tid && x.seq < s.seq).reverse();
    const boundary = before.find((x) => x.kind !== 'signal');
    if (boundary?.kind !== 'syscall-exit') problems.push(`delivery ${d.seq} follows ${boundary?.kind} ${boundary?.event ?? ''} ${boundary?.seq}, not a syscall exit`);
    else if (before[0] === boundary && !boundary.regs!.subarray(RIP, RIP + 8).equals(s.regs!.subarray(RIP, RIP + 8))) problems.push(`delivery ${d.seq}: rip moved since exit stop ${boundary.seq}`);
  }
  return { problems, async: deliveries.filter((d) => d.async === 1).length, sync: deliveries.filter((d) => d.async === 0).length };
}

describe('trace-rec --replayable: serialized schedule', () => {
  it('4 threads (mutex, condition variable, pipe): same output; no thread ran user code while another did; default recordings are not serialized', () => {
    const prog = fixture('sched-threads');
    const expected = untraced(prog);
    expect(expected).toBe('reader got 200 bytes\ncounter 60\n');
    const rec = record(prog, true);
    expect(rec.stdout).toBe(expected);
    const s = stops(rec.db);
    expect(new Set(s.map((x) => x.tid)).size).toBe(5);
    expect(nestedIntervals(s)).toEqual([]);
    expect(scheduleStops(rec.db).held).toBe(0);
    // with both CPUs to run on (--no-pin), the threads could run at once: the schedule still serializes them
    const unpinned = record(prog, true, ['--no-pin']);
    expect(unpinned.stdout).toBe(expected);
    expect(nestedIntervals(stops(unpinned.db))).toEqual([]);

    const plain = record(prog, false);
    expect(plain.stdout).toBe(expected);
    expect(scheduleStops(plain.db)).toEqual({ preempt: 0, held: 0, deliveries: 0 });
  });

  it('two threads spinning without syscalls: the watchdog preempts them, the run completes; unserialized, the same check finds nestings', () => {
    const prog = fixture('sched-spin');
    const expected = untraced(prog);
    const rec = record(prog, true);
    expect(rec.stdout).toBe(expected);
    const counts = scheduleStops(rec.db);
    expect(counts.preempt).toBeGreaterThanOrEqual(1);
    expect(nestedIntervals(stops(rec.db))).toEqual([]);
    // a preemption has the registers where the thread was stopped, and prints nothing as strace
    const p = query<{ regs: Buffer | null; sig: number | null }>(rec.db, "SELECT regs, sig FROM stops WHERE event = 'preempt'");
    for (const r of p) expect(r.regs?.length).toBe(27 * 8);
    const info = traceQRun([rec.db, '--info']);
    expect(info).toMatch(new RegExp(`^schedule +${counts.preempt} preemptions, 0 signals held, 0 delivered asynchronously$`, 'm'));
    expect(info).toMatch(/serialized true, preemptSliceMs 30, preemptComputeMs 500, holdSignals true$/m);
    expect(traceQRun([rec.db])).not.toMatch(/preempt|SIGURG/);

    const plain = record(prog, false);
    expect(plain.stdout).toBe(expected);
    expect(scheduleStops(plain.db).preempt).toBe(0);
    expect(nestedIntervals(stops(plain.db)).length).toBeGreaterThan(0);
    expect(traceQRun([plain.db, '--info'])).not.toMatch(/^schedule/m);
  });

  it('rseq: ENOSYS in every thread under --replayable; the kernel answers it in a default recording', () => {
    const prog = fixture('sched-threads');
    const results = (db: string): string[] =>
      traceQRun([db, '-e', 'trace=rseq', '-qq'])
        .split('\n')
        .filter((l) => !l.endsWith('<unfinished ...>') && l !== '')
        .map((l) => l.replace(/^.*\) +/, ''));
    const serial = record(prog, true).db;
    expect(results(serial)).toEqual(query(serial, "SELECT 1 FROM syscalls WHERE name = 'rseq'").map(() => '= -1 ENOSYS (Function not implemented)'));
    expect(results(serial).length).toBeGreaterThanOrEqual(1);
    expect(results(record(prog, false).db)).toEqual(Array(5).fill('= 0'));
  });
});

describe('trace-rec --replayable: asynchronous signals', () => {
  it('alarm() cutting a read short (with and without SA_RESTART), an alarm while spinning, a timer while computing: same output; held signals land after a syscall or are marked async', () => {
    const prog = fixture('sched-alarm');
    const expected = untraced(prog);
    expect(expected).toMatch(/^read -1 Interrupted system call; handled 1, si_code 128, si_pid 0\nread 1 x; handled 2, si_code 128, si_pid 0\n/);
    const rec = record(prog, true);
    expect(rec.stdout).toBe(expected);
    const { problems, async, sync } = deliveryProblems(rec.db);
    expect(problems).toEqual([]);
    expect(async).toBeGreaterThanOrEqual(1); // the spin: no syscall until the handler ran
    expect(sync).toBeGreaterThanOrEqual(1); // the timer: delivered after a getppid
    // each SIGALRM is printed once, where the program got it
    const alarms = query<{ n: number }>(rec.db, "SELECT count(*) AS n FROM stops WHERE kind = 'signal' AND sig = 14")[0].n;
    expect(traceQRun([rec.db]).match(/--- SIGALRM \{si_signo=SIGALRM, si_code=SI_KERNEL\} ---/g)?.length).toBe(alarms);
    expect(traceQRun([rec.db, '--info'])).toMatch(new RegExp(`^schedule +\\d+ preemptions, ${async + sync} signals held, ${async} delivered asynchronously$`, 'm'));

    const plain = record(prog, false);
    expect(plain.stdout).toBe(expected);
    expect(scheduleStops(plain.db)).toEqual({ preempt: 0, held: 0, deliveries: 0 });
  });

  it("a child's SIGUSR1s to its parent (SA_SIGINFO): si_code, si_pid and si_uid as untraced", () => {
    const prog = fixture('sched-sigusr1');
    const expected = untraced(prog);
    expect(expected).toBe('signals 10, si_code 0 0 0 0 0 0 0 0 0 0, all from the child yes, sender\'s uid yes, child status 0\n');
    const rec = record(prog, true);
    expect(rec.stdout).toBe(expected);
    expect(deliveryProblems(rec.db).problems).toEqual([]);
    expect(nestedIntervals(stops(rec.db))).toEqual([]);
    const plain = record(prog, false);
    expect(plain.stdout).toBe(expected);
    expect(scheduleStops(plain.db)).toEqual({ preempt: 0, held: 0, deliveries: 0 });
  });
});
