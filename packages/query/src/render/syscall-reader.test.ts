import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SYSCALL_TABLE_COLUMNS, SyscallReader } from './syscall-reader.js';

function recording(): Database.Database {
  const db = new Database(':memory:');
  db.exec(`
    CREATE TABLE syscall_names (nr INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE errno_names (num INTEGER PRIMARY KEY, name TEXT NOT NULL, message TEXT NOT NULL);
    CREATE TABLE syscall (id INTEGER PRIMARY KEY, pid INTEGER NOT NULL, tid INTEGER NOT NULL, nr INTEGER NOT NULL,
      a0 INTEGER, a1 INTEGER, a2 INTEGER, a3 INTEGER, a4 INTEGER, a5 INTEGER, ret INTEGER,
      entry_seq INTEGER, exit_seq INTEGER, entry_ns INTEGER, exit_ns INTEGER, path TEXT);
    INSERT INTO syscall_names VALUES (257, 'openat');
    INSERT INTO errno_names VALUES (2, 'ENOENT', 'No such file or directory');
  `);
  const ins = db.prepare('INSERT INTO syscall VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)');
  ins.run(1, 10, 10, 257, -100, 140737488355328n, 0, null, null, null, -2, 1, 2, 5, 6, '/x');
  ins.run(2, 10, 10, 999, 9223372036854775807n, -9223372036854775808n, 9007199254740993n, -9007199254740993n, 1, 2, 9007199254740992n, 3, 4, 7, 8, null);
  return db;
}

describe('SyscallReader', () => {
  it('reads rows as the syscalls view gives them, every register exact', () => {
    const db = recording();
    const reader = new SyscallReader(db);
    const raw = db.prepare(`SELECT ${SYSCALL_TABLE_COLUMNS} FROM syscall ORDER BY id`).raw(true).all() as unknown[][];
    const [a, b] = raw.map((r) => reader.row(r));
    expect(a).toMatchObject({ id: 1, name: 'openat', a0: -100n, a1: 140737488355328n, a2: 0n, a3: null, ret: -2n, errno: 'ENOENT', entry_seq: 1, exit_ns: 6, path: '/x' });
    // beyond 2^53 a number is no longer exact: these come from a second, exact read
    expect(b).toMatchObject({ name: null, a0: 9223372036854775807n, a1: -9223372036854775808n, a2: 9007199254740993n, a3: -9007199254740993n, a4: 1n, ret: 9007199254740992n, errno: null });
    // the same through JSON, as AllSyscalls reads them
    const json = JSON.parse(db.prepare(`SELECT json_group_array(json_array(${SYSCALL_TABLE_COLUMNS})) FROM syscall`).pluck().get() as string) as unknown[][];
    expect(json.map((r) => reader.row(r))).toEqual([a, b]);
    expect(reader.numbers(['openat', 'nosuch'])).toEqual([257]);
  });
});
