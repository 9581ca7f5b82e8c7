import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyRegsChanges, REGS_SIZE, regOffset, storedStopKinds, syscallRegs } from '@tracedb/native';
import { migrate } from '../store/migrator.js';
import { exitRegs } from './exit-regs.js';
import { RegsDelta } from './regs-delta.js';

const ENTRY = storedStopKinds.indexOf('syscall-entry');
const EXIT = storedStopKinds.indexOf('syscall-exit');

/**
 * Two threads' syscall entries and exits as a loop makes them: a few call sites, a counter that
 * drifts (r14), arguments that change, now and then every register new (an exec), and bytes of
 * every value (NUL, 0xff, invalid UTF-8), each written the way the recorder writes it.
 */
function record(db: Database.Database, stops: number): Map<number, Buffer> {
  const delta = new RegsDelta();
  const insert = db.prepare('INSERT INTO stop (seq, ts_ns, pid, tid, kind, nr, regs, base_seq, regs_changed, entry_seq) VALUES (?, 0, 1, ?, ?, 0, ?, ?, ?, ?)');
  const want = new Map<number, Buffer>();
  const sites = [randomBytes(8), randomBytes(8), randomBytes(8)];
  const now = new Map<number, Buffer>([[1, randomBytes(REGS_SIZE)], [2, randomBytes(REGS_SIZE)]]);
  let seq = 0;
  for (let i = 0; i < stops; i++) {
    const tid = 1 + (i % 3 === 0 ? 1 : 0);
    const regs = Buffer.from(now.get(tid)!);
    if (i % 97 === 0) randomBytes(REGS_SIZE).copy(regs);
    sites[i % sites.length].copy(regs, regOffset.rip);
    regs.writeBigUInt64LE(BigInt(i), regOffset.r14);
    if (i % 2) regs.fill(0, regOffset.rdi, regOffset.rdi + 8);
    else regs.fill(0xff, regOffset.rdi, regOffset.rdi + 8);
    if (i % 7 === 0) randomBytes(8).copy(regs, regOffset.rsi);
    now.set(tid, regs);
    const entrySeq = ++seq;
    const stored = delta.encode(tid, entrySeq, regs);
    insert.run(entrySeq, tid, ENTRY, stored.regs, stored.base, stored.changed, null);
    want.set(entrySeq, Buffer.from(regs));
    const exit = Buffer.from(regs);
    exit.writeBigInt64LE(BigInt(-(i % 40)), syscallRegs.ret);
    if (i % 11 === 0) exit[regOffset.rcx] ^= 0x80; // rt_sigreturn, execve…: stored whole
    insert.run(++seq, tid, EXIT, exitRegs(exit, regs), null, null, entrySeq);
    want.set(seq, exit);
  }
  return want;
}

describe('registers stored as changes (schema 18)', () => {
  it('the stops view gives back every stop\'s registers exactly', () => {
    const db = new Database(':memory:');
    migrate(db);
    const want = db.transaction(() => record(db, 3000))();
    const rows = db.prepare('SELECT seq, kind, regs FROM stops ORDER BY seq').all() as { seq: number; kind: string; regs: Buffer }[];
    expect(rows).toHaveLength(want.size);
    for (const r of rows) {
      expect(r.kind).toBe(r.seq % 2 ? 'syscall-entry' : 'syscall-exit');
      expect(r.regs.equals(want.get(r.seq)!), `seq ${r.seq}`).toBe(true);
    }
    const regsView = db.prepare('SELECT seq, rip, r14 FROM regs WHERE kind = ? ORDER BY seq').all('syscall-entry') as { seq: number; rip: number | bigint; r14: number }[];
    for (const r of regsView) expect(BigInt(r.r14)).toBe(want.get(r.seq)!.readBigInt64LE(regOffset.r14));
  });

  it('keeps a few registers an entry where it kept all 27', () => {
    const db = new Database(':memory:');
    migrate(db);
    db.transaction(() => record(db, 3000))();
    const s = db.prepare(`SELECT count(*) AS n, sum(base_seq IS NULL) AS whole, sum(length(regs)) AS bytes FROM stop WHERE kind = ${ENTRY}`).get() as { n: number; whole: number; bytes: number };
    expect(s.n).toBe(3000);
    expect(s.whole).toBeLessThan(150); // the exec-like renewals (1 in 97 stops, on both threads) and the stale bases
    expect(s.bytes / s.n).toBeLessThan(60);
  });

  it('applyRegsChanges (trace-q -i\'s reader) gives back what the encoder was given, and `entry` holds it until the exit', () => {
    const delta = new RegsDelta();
    const wholes = new Map<number, Buffer>();
    const now = randomBytes(REGS_SIZE);
    for (let seq = 1; seq <= 500; seq++) {
      const regs = Buffer.from(now);
      regs.writeBigUInt64LE(BigInt(seq), regOffset.r14);
      if (seq % 3 === 0) randomBytes(8).copy(regs, regOffset.rsi);
      if (seq % 50 === 0) randomBytes(REGS_SIZE).copy(now);
      const stored = delta.encode(1, seq, regs);
      expect(stored.entry.equals(regs), `seq ${seq}`).toBe(true);
      if (stored.base === null) wholes.set(seq, Buffer.from(stored.regs));
      else expect(applyRegsChanges(stored.regs, stored.changed, wholes.get(stored.base)!).equals(regs), `seq ${seq}`).toBe(true);
    }
    expect(wholes.size).toBeLessThan(100);
  });

  it('a base is always a stop of the same thread stored whole', () => {
    const db = new Database(':memory:');
    migrate(db);
    db.transaction(() => record(db, 1000))();
    const bad = db.prepare('SELECT count(*) AS n FROM stop s JOIN stop b ON b.seq = s.base_seq WHERE b.tid <> s.tid OR b.base_seq IS NOT NULL OR length(b.regs) <> ? OR b.seq >= s.seq').get(REGS_SIZE) as { n: number };
    expect(bad.n).toBe(0);
  });
});
