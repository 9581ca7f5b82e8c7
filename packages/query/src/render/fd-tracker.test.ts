import { syscallTable } from '@tracedb/native';
import { describe, expect, it } from 'vitest';
import { StopMemory } from '../decode/context.js';
import { FdTracker } from './fd-tracker.js';
import type { SyscallRow } from './syscall-row.js';

const nr = (name: string): number => syscallTable.find((s) => s.name === name)!.nr;

function exit(tid: number, name: string, ret: bigint, args: bigint[], path: string | null = null): SyscallRow {
  const a = [...args, 0n, 0n, 0n, 0n, 0n, 0n];
  return {
    id: 1, pid: tid, tid, nr: nr(name), name, a0: a[0], a1: a[1], a2: a[2], a3: a[3], a4: a[4], a5: a[5],
    ret, errno: null, entry_seq: 1, exit_seq: 2, entry_ns: 0, exit_ns: 0, path,
  };
}

describe('FdTracker', () => {
  it("keeps what a forked child opened before its parent's fork returned, and what it inherited", () => {
    const t = new FdTracker();
    const none = StopMemory.empty;
    t.onSyscallExit(exit(100, 'openat', 3n, [-100n, 0n, 0n], '/etc/hostname'), none, none);
    // the child's socket() exit comes first, the parent's fork (clone with SIGCHLD) after
    t.onSyscallExit(exit(200, 'socket', 4n, [1n, 1n, 0n]), none, none);
    t.onSyscallExit(exit(100, 'clone', 200n, [17n]), none, none);
    expect(t.path(200, 4)).toBe('socket:[?]');
    expect(t.path(200, 3)).toBe('/etc/hostname');
    expect(t.path(100, 4)).toBeNull();
  });
});
