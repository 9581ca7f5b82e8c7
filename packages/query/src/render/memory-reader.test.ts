import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MemoryCursor, MemoryLookup } from './memory-reader.js';

interface Part {
  seq: number;
  arg: number;
  part: number;
  data: Buffer | null;
}

/** A memory table with parts of every size (none, empty, NUL bytes, 100 KiB), several per stop. */
function recording(): { db: Database.Database; parts: Part[] } {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE memory (seq INTEGER NOT NULL, arg INTEGER NOT NULL, part INTEGER NOT NULL, addr INTEGER NOT NULL,
    size INTEGER NOT NULL, data BLOB, truncated INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (seq, arg, part)) WITHOUT ROWID`);
  const ins = db.prepare('INSERT INTO memory VALUES (?, ?, ?, ?, ?, ?, ?)');
  const parts: Part[] = [];
  for (let seq = 1; seq <= 400; seq += 1 + (seq % 3)) {
    for (let k = 0; k < 1 + (seq % 4); k++) {
      const size = [0, 1, 7, 300, 100_000][(seq + k) % 5];
      const data = (seq + k) % 11 === 0 ? null : randomBytes(size);
      const p = { seq, arg: k % 2, part: k, data };
      ins.run(seq, p.arg, p.part, 0x7ffc0000 + seq, size, data, k % 2);
      parts.push(p);
    }
  }
  return { db, parts };
}

const same = (a: Buffer | null | undefined, b: Buffer | null): boolean => (a === null || b === null ? a === b : a !== undefined && a.equals(b));

describe('MemoryCursor', () => {
  it('gives every stop its parts, the data exact, whatever the window and byte budget', () => {
    const { db, parts } = recording();
    const lookup = new MemoryLookup(db);
    for (const [window, budget] of [
      [4096, 8 << 20],
      [16, 1000],
      [3, 1],
    ]) {
      const cursor = new MemoryCursor(db, window, budget);
      for (let seq = 1; seq <= 401; seq++) {
        const m = cursor.at(seq);
        const want = parts.filter((p) => p.seq === seq);
        for (const p of want) {
          const got = m.get(p.arg, p.part);
          const other = lookup.at(seq).get(p.arg, p.part);
          // booleans: a diff of 100 KiB buffers would take the runner minutes to print
          expect(same(got?.data, p.data), `seq ${seq} part ${p.part}`).toBe(true);
          expect(same(other?.data, p.data), `seq ${seq} part ${p.part} by lookup`).toBe(true);
          expect(got?.addr).toBe(BigInt(0x7ffc0000 + seq));
          expect({ ...got, data: null }).toEqual({ ...other, data: null });
        }
        if (want.length === 0) expect(m.get(0)).toBeUndefined();
      }
    }
  });

  it('skips the stops it is not asked about', () => {
    const { db, parts } = recording();
    const cursor = new MemoryCursor(db, 8, 500);
    for (const seq of [5, 97, 98, 350]) {
      const p = parts.find((x) => x.seq === seq);
      expect(same(cursor.at(seq).get(p?.arg ?? 0, p?.part ?? 0)?.data ?? null, p?.data ?? null)).toBe(true);
    }
  });
});
