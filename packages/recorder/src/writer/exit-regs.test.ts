import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { REGS_SIZE, storedStopKinds, syscallRegs } from '@tracedb/native';
import { migrate } from '../store/migrator.js';
import { exitRegs } from './exit-regs.js';

const RAX = syscallRegs.ret;
const ENTRY = storedStopKinds.indexOf('syscall-entry');
const EXIT = storedStopKinds.indexOf('syscall-exit');

/** Entry registers with every byte value a blob can hold (NULs, invalid UTF-8), and an exit that differs only in rax. */
function entryAndExit(): { entry: Buffer; exit: Buffer } {
  const entry = randomBytes(REGS_SIZE);
  entry.fill(0, 0, 8);
  entry.fill(0xff, 8, 16);
  entry.set([0xc3, 0x28, 0xe2, 0x82], 16);
  const exit = Buffer.from(entry);
  exit.writeBigInt64LE(-2n, RAX);
  return { entry, exit };
}

describe('exitRegs', () => {
  it('keeps only rax when nothing else changed', () => {
    const { entry, exit } = entryAndExit();
    expect(exitRegs(exit, entry)).toEqual(exit.subarray(RAX, RAX + 8));
  });

  it('keeps all the registers when any other byte changed', () => {
    const { entry, exit } = entryAndExit();
    for (const at of [0, RAX - 1, RAX + 8, REGS_SIZE - 1]) {
      const changed = Buffer.from(exit);
      changed[at] ^= 1;
      expect(exitRegs(changed, entry)).toBe(changed);
    }
  });
});

describe('the stops view', () => {
  it('gives back exactly the registers the exit stop had, whichever way they were stored', () => {
    const db = new Database(':memory:');
    migrate(db);
    const insert = db.prepare('INSERT INTO stop (seq, ts_ns, pid, tid, kind, nr, regs, entry_seq) VALUES (?, 0, 1, 1, ?, 0, ?, ?)');
    const want = new Map<number, Buffer>();
    for (let i = 0; i < 50; i++) {
      const { entry, exit } = entryAndExit();
      if (i % 5 === 0) exit[i] ^= 0x80; // execve, rt_sigreturn…: stored whole
      const seq = 2 * i + 1;
      insert.run(seq, ENTRY, entry, null);
      insert.run(seq + 1, EXIT, exitRegs(exit, entry), seq);
      want.set(seq, entry).set(seq + 1, exit);
    }
    const stored = db.prepare(`SELECT count(*) AS n FROM stop WHERE kind = ${EXIT} AND length(regs) = 8`).get() as { n: number };
    expect(stored.n).toBe(40);
    const rows = db.prepare('SELECT seq, regs FROM stops ORDER BY seq').all() as { seq: number; regs: Buffer }[];
    expect(rows).toHaveLength(100);
    for (const r of rows) expect(r.regs.equals(want.get(r.seq)!), `seq ${r.seq}`).toBe(true);
  });
});
