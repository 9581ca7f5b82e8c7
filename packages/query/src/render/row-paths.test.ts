import Database from 'better-sqlite3';
import { syscallTable } from '@tracedb/native';
import { describe, expect, it } from 'vitest';
import { StopMemory } from '../decode/context.js';
import { RowPaths } from './row-paths.js';
import type { SyscallRow } from './syscall-row.js';

const nr = (name: string): number => syscallTable.find((s) => s.name === name)!.nr;

function recording(schema: number, mode: string, captureBytes: number): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE recording (schema_version INTEGER, mode TEXT, options TEXT)');
  db.prepare('INSERT INTO recording VALUES (?, ?, ?)').run(schema, mode, JSON.stringify({ pin: false, captureBytes, attach: null }));
  return db;
}

function row(name: string, path: string | null, args: bigint[]): SyscallRow {
  const a = [...args, 0n, 0n, 0n, 0n, 0n, 0n];
  return {
    id: 1, pid: 1, tid: 1, nr: nr(name), name, a0: a[0], a1: a[1], a2: a[2], a3: a[3], a4: a[4], a5: a[5],
    ret: -2n, errno: 'ENOENT', entry_seq: 1, exit_seq: 2, entry_ns: 0, exit_ns: 0, path,
  };
}

describe('RowPaths', () => {
  it("gives the path argument's part from the row when the column is exact", () => {
    const paths = new RowPaths(recording(6, 'launch', 65536));
    const open = paths.known(row('openat', '/etc/hostname', [-100n, 0x7ffc1000n, 0n]));
    expect(open?.get(StopMemory.key(1, 0))).toEqual({ addr: 0x7ffc1000n, size: 13, data: Buffer.from('/etc/hostname'), truncated: false });
    expect(open?.size).toBe(1);
    const exec = paths.known(row('execve', '/bin/é', [0x4000n, 0n, 0n]));
    expect(exec?.get(StopMemory.key(0, 0))?.data).toEqual(Buffer.from('/bin/é'));
    // an address above 2^63 is stored negative
    expect(paths.known(row('openat', '/x', [-100n, -4096n]))?.get(StopMemory.key(1, 0))?.addr).toBe(2n ** 64n - 4096n);
  });

  it('gives nothing when the column may differ from the bytes read', () => {
    const paths = new RowPaths(recording(6, 'launch', 64));
    expect(paths.known(row('openat', null, [-100n, 0x1000n]))).toBeUndefined();
    expect(paths.known(row('openat', '/a\uFFFDb', [-100n, 0x1000n]))).toBeUndefined(); // not UTF-8, or a real U+FFFD
    expect(paths.known(row('openat', '/' + 'y'.repeat(63), [-100n, 0x1000n]))).toBeUndefined(); // cut at the limit
    expect(paths.known(row('openat', '/' + 'y'.repeat(62), [-100n, 0x1000n]))).toBeDefined();
    expect(paths.known(row('read', '/etc', [3n, 0x1000n]))).toBeUndefined(); // no path argument
    expect(new RowPaths(recording(6, 'launch', 1 << 20)).known(row('openat', '/' + 'z'.repeat(4095), [-100n, 1n]))).toBeUndefined(); // PATH_MAX
  });

  it('trusts only recordings of schema 6 on, and not imported ones', () => {
    const r = row('openat', '/etc/hostname', [-100n, 0x1000n]);
    expect(new RowPaths(recording(5, 'launch', 65536)).known(r)).toBeUndefined();
    expect(new RowPaths(recording(6, 'import', 65536)).known(r)).toBeUndefined();
    expect(new RowPaths(recording(7, 'attach', 65536)).known(r)).toBeDefined();
  });
});
