import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BulkInsert } from './bulk-insert.js';

describe('BulkInsert', () => {
  it('writes every row in order, whatever count a batch ends with, preparing at most 8 statements', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT)');
    let prepared = 0;
    const counting = new Proxy(db, {
      get: (target, key) => (key === 'prepare' ? (sql: string) => (prepared++, target.prepare(sql)) : Reflect.get(target, key)),
    });
    const bulk = new BulkInsert(counting, 't', ['a', 'b']);
    const expected: { id: number; a: number; b: string }[] = [];
    let a = 0;
    for (const batch of [0, 1, 63, 64, 65, 37, 127, 200, 5, 31, 32, 33]) {
      for (let i = 0; i < batch; i++, a++) {
        bulk.add(a, `row ${a}`);
        expected.push({ id: a + 1, a, b: `row ${a}` });
      }
      bulk.flush();
    }
    expect(db.prepare('SELECT id, a, b FROM t ORDER BY id').all()).toEqual(expected);
    expect(prepared).toBeLessThanOrEqual(8); // 64, 32, 16, 8, 4, 2, 1
  });
});
