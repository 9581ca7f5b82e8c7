import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { REGS_SIZE, syscallRegs } from '@tracedb/native';
import { migrate } from '@tracedb/recorder';
import { chunkStatement, packChunk, readChunk, unpackChunk } from './memory-chunk.js';
import { RecordedCalls } from './recorded-calls.js';

const TWO63 = 1n << 63n;
/** Argument values on both sides of what a double holds exactly, as the recorder stores them (signed 64-bit). */
const VALUES = [0n, -100n, 0x7ffd_1234_5678n, (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n, -(1n << 53n) - 1n, TWO63 - 1n, -TWO63, -1n];

function recording(): Database.Database {
  const db = new Database(':memory:');
  migrate(db);
  db.defaultSafeIntegers(true);
  const insert = db.prepare('INSERT INTO syscall (id, pid, tid, nr, a0, a1, a2, a3, a4, a5, ret, entry_seq, exit_seq) VALUES (?, 1, 1, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  VALUES.forEach((v, i) => insert.run(i + 1, v, 0n, 1n, 2n, 3n, 4n, v, 2 * i + 1, 2 * i + 2));
  const mem = db.prepare('INSERT INTO memory (seq, arg, part, addr, size, data, truncated) VALUES (?, ?, 0, ?, ?, ?, 0)');
  VALUES.forEach((v, i) => mem.run(2 * i + 2, 1, v, 3, i % 3 === 0 ? null : Buffer.from([i, 0, 255])));
  mem.run(9000, 0, 0x1000n, 1, Buffer.from([7])); // in a later chunk
  db.defaultSafeIntegers(false); // as trace-replay opens a recording
  return db;
}

function regsWith(arg: number, v: bigint): Buffer {
  const regs = Buffer.alloc(REGS_SIZE);
  regs.writeBigUInt64LE(BigInt.asUintN(64, v), syscallRegs.args[arg]);
  return regs;
}

describe('RecordedCalls', () => {
  it('keeps every 64-bit argument exactly, and compares it with a live register exactly', () => {
    const calls = new RecordedCalls(recording()).byTid.get(1)!;
    expect(calls.map((c) => c.args[0])).toEqual(VALUES.map((v) => BigInt.asUintN(64, v)));
    expect(calls.map((c) => c.ret)).toEqual(VALUES);
    calls.forEach((c, i) => {
      const v = VALUES[i];
      expect(c.arg(0)).toBe(BigInt.asUintN(64, v));
      expect(c.argDiffers(0, regsWith(0, v), syscallRegs.args[0])).toBe(false);
      for (const near of [v + 1n, v - 1n, v ^ (1n << 40n), v ^ TWO63]) expect(c.argDiffers(0, regsWith(0, near), syscallRegs.args[0])).toBe(true);
    });
  });

  it('gives the same memory rows whether it reads them or the main thread feeds them (packed and unpacked)', () => {
    const db = recording();
    const stmt = chunkStatement(db);
    for (const chunk of [0, 1, 2, 3]) {
      const read = readChunk(stmt, chunk);
      const fed = unpackChunk(packChunk(stmt, chunk));
      const plain = (rows: typeof read) => [...rows].map(([seq, list]) => [seq, list.map((m) => ({ arg: m.arg, part: m.part, addr: m.addr, size: m.size, data: m.data, truncated: m.truncated }))]);
      expect(plain(fed)).toEqual(plain(read));
    }
    expect([...readChunk(stmt, 0).values()].flat().map((m) => m.addr)).toEqual(VALUES.map((v) => BigInt.asUintN(64, v)));
    expect(readChunk(stmt, 2).get(9000)?.[0].data).toEqual(Buffer.from([7]));
  });
});
