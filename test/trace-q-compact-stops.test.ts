// Schema 18 (migrations/0018-compact-stops.sql): trace-rec stores a syscall entry's registers as
// the ones that changed since a base stop, the kind as a number, an exit's pid and system time
// against its entry. The view stops must read as before: checked here on real recordings against
// what the syscall table keeps on its own (number, arguments, return value, system time), against
// the same recording written the way schema 17 wrote it, and after trace-q upgrade migrates that.

import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REGS_SIZE, regOffset, syscallRegs } from '../packages/native/src/arch/x86_64/regs.js';
import type { StopsTable } from '../packages/query/src/recording/recording-schema.js';
import { fixture } from './support/fixtures.js';
import { writeOldSchema } from './support/old-schema.js';
import { repoRoot, runCwd, scratchDir, testEnv } from './support/paths.js';
import { openRecording, query, runTraceRec } from './support/recording.js';

const traceQ = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');

function q(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [traceQ, ...args], { env: testEnv(), cwd: runCwd(), encoding: 'utf8', maxBuffer: 256 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(...args: string[]): string {
  const r = q(...args);
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.status, args.join(' ')).toBe(0);
  return r.stdout;
}

const stops = (db: string): StopsTable[] => query<StopsTable>(db, 'SELECT * FROM stops ORDER BY seq');

const RENDERINGS = [['-f'], ['-f', '-i', '-T', '-tt'], ['-f', '-c'], ['-f', '-c', '-w'], ['--tree'], ['-f', '--signal', 'all', '-e', 'trace=none']];

let recordings: string[];

beforeAll(() => {
  const shell = runTraceRec(['/bin/sh', '-c', 'ls -l /nonexistent / >/dev/null 2>&1; dd if=/dev/zero of=/dev/null bs=1 count=3000 2>/dev/null; sleep 5 & kill -STOP $!; kill -CONT $!; kill $!; wait; exec /bin/true'], { env: testEnv(), cwd: runCwd() });
  expect(shell.status, shell.stderr.toString()).toBe(0);
  const threads = runTraceRec([fixture('thread-exec')], { env: testEnv(), cwd: runCwd() });
  expect(threads.status, threads.stderr.toString()).toBe(0);
  recordings = [shell.dbPath, threads.dbPath];
}, 120_000);

describe('stops kept as changes (schema 18)', () => {
  it('every syscall\'s entry and exit registers read through the view agree with its row in the syscall table', () => {
    for (const db of recordings) {
      const byseq = new Map(stops(db).map((s) => [s.seq, s]));
      const conn = openRecording(db);
      const calls = conn.prepare(
        'SELECT nr, pid, a0, a1, a2, a3, a4, a5, ret, entry_seq, exit_seq, sys_ns, abi FROM syscall WHERE entry_seq IS NOT NULL ORDER BY id',
      ).safeIntegers(true).all() as { nr: bigint; pid: bigint; a0: bigint; a1: bigint; a2: bigint; a3: bigint; a4: bigint; a5: bigint; ret: bigint | null; entry_seq: bigint; exit_seq: bigint | null; sys_ns: bigint | null; abi: string | null }[];
      conn.close();
      expect(calls.length, db).toBeGreaterThan(40);
      let whole = 0;
      for (const c of calls) {
        const entry = byseq.get(Number(c.entry_seq))!;
        expect(entry.kind).toBe('syscall-entry');
        expect(entry.regs!.length).toBe(REGS_SIZE);
        expect(entry.regs!.readBigInt64LE(syscallRegs.nr), `seq ${c.entry_seq}`).toBe(c.nr);
        if (c.abi === null) {
          const args = syscallRegs.args.map((o) => entry.regs!.readBigInt64LE(o));
          expect(args, `seq ${c.entry_seq}`).toEqual([c.a0, c.a1, c.a2, c.a3, c.a4, c.a5]);
          // the syscall instruction leaves its return address in rcx and the flags in r11
          expect(entry.regs!.readBigUInt64LE(regOffset.rcx)).toBe(entry.regs!.readBigUInt64LE(regOffset.rip));
          expect(entry.regs!.readBigUInt64LE(regOffset.r11)).toBe(entry.regs!.readBigUInt64LE(regOffset.eflags));
        }
        if (c.exit_seq === null) continue;
        const exit = byseq.get(Number(c.exit_seq))!;
        expect(exit.kind).toBe('syscall-exit');
        expect(exit.pid).toBe(Number(c.pid));
        expect(exit.entry_seq).toBe(Number(c.entry_seq));
        expect(exit.regs!.readBigInt64LE(syscallRegs.ret)).toBe(c.ret);
        if (c.sys_ns !== null) expect(exit.stime_ns! - entry.stime_ns!).toBe(Number(c.sys_ns));
        const rest = (r: Buffer): Buffer => Buffer.concat([r.subarray(0, syscallRegs.ret), r.subarray(syscallRegs.ret + 8)]);
        if (!rest(exit.regs!).equals(rest(entry.regs!))) whole++;
      }
      // execve, rt_sigreturn, clone's child…: the exits whose registers are not their entry's but for rax
      expect(whole).toBeLessThan(calls.length / 10);
    }
  });

  it('stores few registers: most entry stops name a base, and dd\'s loop carries a handful', () => {
    for (const db of recordings) {
      const [s] = query<{ n: number; whole: number; bytes: number }>(db, 'SELECT count(*) AS n, sum(base_seq IS NULL) AS whole, sum(length(regs)) AS bytes FROM stop WHERE kind = 0');
      expect(s.whole).toBeLessThan(s.n / 2);
      if (db === recordings[0]) expect(s.bytes / s.n).toBeLessThan(REGS_SIZE / 10);
      const [exits] = query<{ n: number; pids: number }>(db, 'SELECT count(*) AS n, count(pid) AS pids FROM stop WHERE kind = 1 AND entry_seq IS NOT NULL');
      expect(exits.n).toBeGreaterThan(0);
      expect(exits.pids).toBe(0);
    }
  });

  it('reads as the same recording written the way schema 17 wrote it, and trace-q upgrade migrates that one to the same stops', () => {
    const dir = scratchDir('compact-stops');
    recordings.forEach((db, i) => {
      const old = path.join(dir, `old-${i}.db`);
      writeOldSchema(db, old, 17);
      expect(query<{ kind: string }>(old, 'SELECT DISTINCT typeof(kind) AS kind FROM stop')).toEqual([{ kind: 'text' }]);
      const want = stops(db);
      expect(stops(old)).toEqual(want);
      for (const args of RENDERINGS) expect(ok(old, ...args), args.join(' ')).toBe(ok(db, ...args));

      const size = statSync(old).size;
      expect(q('upgrade', old)).toMatchObject({ status: 0, stdout: '', stderr: expect.stringMatching(/: schema 17 -> 18, recording /) });
      expect(query<{ kind: string }>(old, 'SELECT DISTINCT typeof(kind) AS kind FROM stop')).toEqual([{ kind: 'integer' }]);
      // its entry stops now kept as changes, as trace-rec keeps them, and the file vacuumed
      const [entries] = query<{ n: number; deltas: number }>(old, 'SELECT count(*) AS n, count(base_seq) AS deltas FROM stop WHERE kind = 0');
      expect(entries.deltas).toBeGreaterThan(entries.n / 2);
      if (i === 0) expect(statSync(old).size).toBeLessThan(size * 0.75); // dd's 3000 calls (the other one is a few dozen)
      expect(stops(old)).toEqual(want);
      for (const args of RENDERINGS) expect(ok(old, ...args), args.join(' ')).toBe(ok(db, ...args));
    });
  });
});
