// The regs view (migrations/0013-regs-view.sql): each register of each stop as an INTEGER decoded
// in SQL, read through trace-q --sql, equals the register unpacked from the stop's BLOB here, and
// its rip at a syscall's entry is the instruction pointer real strace -i prints for that call.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { regNames, regOffset } from '../packages/native/src/arch/x86_64/regs.js';
import { parseCsv } from './support/parse-csv.js';
import { repoRoot, runCwd, scratchDir, testEnv } from './support/paths.js';
import { query, runTraceRec } from './support/recording.js';

const traceQ = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');
const PROGRAM = ['/bin/ls', '/nonexistent', '/'];

function sql(db: string, text: string): string[][] {
  const r = spawnSync(process.execPath, [traceQ, db, '--sql', text, '--format', 'csv'], { env: testEnv(), cwd: runCwd(), encoding: 'utf8', maxBuffer: 256 << 20 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return parseCsv(r.stdout);
}

let db: string;

beforeAll(() => {
  const run = runTraceRec(PROGRAM, { env: testEnv(), cwd: runCwd() });
  expect(run.status, run.stderr.toString()).toBe(2); // ls: cannot access '/nonexistent'
  db = run.dbPath;
});

describe('the regs view', () => {
  it('has every register of every stop that has registers, as the BLOB holds it (two\'s complement above 2^63)', () => {
    const rows = sql(db, `SELECT seq, ${regNames.join(', ')} FROM regs ORDER BY seq`);
    expect(rows[0]).toEqual(['seq', ...regNames]);
    const blobs = query<{ seq: number; regs: Buffer }>(db, 'SELECT seq, regs FROM stops WHERE regs IS NOT NULL ORDER BY seq');
    expect(blobs.length).toBeGreaterThan(100);
    const expected = blobs.map((b) => [String(b.seq), ...regNames.map((n) => b.regs.readBigInt64LE(regOffset[n]).toString())]);
    expect(rows.slice(1)).toEqual(expected);
    // the exit stops of the failed calls: rax is -ENOENT, which is 2^64 - 2 unsigned
    const failed = sql(db, "SELECT r.rax, printf('%x', r.rax) FROM regs r JOIN syscalls s ON s.exit_seq = r.seq WHERE s.errno = 'ENOENT'");
    expect(failed.length).toBeGreaterThan(1);
    for (const row of failed.slice(1)) expect(row).toEqual(['-2', 'fffffffffffffffe']);
    // and the BLOB's bytes of that rax are all ones but the lowest bit
    expect(blobs.some((b) => b.regs.readBigUInt64LE(regOffset.rax) === 2n ** 64n - 2n)).toBe(true);
  });

  it('gives at each syscall entry the rip and orig_rax strace -i prints', () => {
    const log = path.join(scratchDir('regs'), 'strace.log');
    const s = spawnSync('setarch', ['-R', 'strace', '-f', '-i', '-qq', '-o', log, '--', ...PROGRAM], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
    expect(s.status).toBe(2);
    // "PID [00007ffff7e9e0fb] openat(AT_FDCWD, …" → [ip, name]
    const straced = readFileSync(log, 'utf8')
      .split('\n')
      .map((l) => /^\d+ +\[([0-9a-f]{16})\] (\w+)\(/.exec(l))
      .filter((m) => m !== null)
      .map((m) => [BigInt(`0x${m[1]}`).toString(), m[2]]);
    const recorded = sql(db, 'SELECT r.rip, s.name FROM syscalls s JOIN regs r ON r.seq = s.entry_seq ORDER BY s.id').slice(1);
    expect(straced.length).toBeGreaterThan(50);
    // the first execve is made by the launcher (strace's child, trace-rec's): its rip is theirs
    expect(recorded[0][1]).toBe('execve');
    expect(straced[0][1]).toBe('execve');
    expect(recorded.slice(1)).toEqual(straced.slice(1));
    const numbers = sql(db, "SELECT count(*) FROM syscalls s JOIN regs r ON r.seq = s.entry_seq WHERE r.orig_rax <> s.nr OR r.kind <> 'syscall-entry'");
    expect(numbers[1]).toEqual(['0']);
  });
});
