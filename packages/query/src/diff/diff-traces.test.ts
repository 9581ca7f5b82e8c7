// diffTraces on small hand-made traces: the causes that are awkward to build for real
// (another libc or kernel, a signal, another user, another cwd) and the equivalence rule.

import { errnoTable, syscallTable } from '@tracedb/native';
import { describe, expect, it } from 'vitest';
import type BetterSqlite3 from 'better-sqlite3';
import type { RecordingTable } from '../recording/recording-schema.js';
import { diffTraces } from './diff-traces.js';
import { causeCounts } from './explain/cause.js';
import { CallData } from './trace.js';
import type { Trace, TraceCall, TraceTask } from './trace.js';

const NR = new Map(syscallTable.map((d) => [d.name, d.nr]));
const ERRNO = new Map(errnoTable.map((e) => [e.name, e.num]));

interface Spec {
  name: string;
  path?: string;
  args?: (number | null)[];
  /** A number, an errno name, or null (never returned). */
  ret?: number | string | null;
  data?: string;
}

const ROW: RecordingTable = {
  id: 1, schema_version: 2, mode: 'launch', argv: '["prog"]', env: '["PATH=/usr/bin"]', cwd: '/w', exe_path: '/usr/bin/prog',
  exe_sha256: 'aa', arch: 'x86_64', kernel: '6.1.0', uname: null, libc: 'glibc 2.36', uid: 0, gid: 0, euid: 0, egid: 0,
  rlimits: '{}', fds: '[]', tracer_version: '0.1.0', options: '{}', started_ns: 0, ended_ns: 0, exit_status: 0, complete: 1, interrupted_by: null,
};

function trace(specs: Spec[], opts: { row?: Partial<RecordingTable>; signals?: { sig: number; beforeCall: number }[]; tid?: number } = {}): Trace {
  const tid = opts.tid ?? 100;
  const task: TraceTask = { tid, pid: tid, thread: false, parent: null, children: [], calls: [], execs: [], signals: opts.signals ?? [], exit: 'exited 0', label: '1' };
  specs.forEach((s, i) => {
    const ret = s.ret === undefined ? 0 : typeof s.ret === 'string' ? -ERRNO.get(s.ret)! : s.ret;
    const call: TraceCall = {
      index: i, id: i + 1, pid: tid, tid, nr: NR.get(s.name)!, name: s.name,
      args: [...(s.args ?? []), null, null, null, null, null, null].slice(0, 6), ret,
      errno: typeof s.ret === 'string' ? s.ret : null, path: s.path ?? null, text: null,
      data: s.data === undefined ? null : CallData.of(Buffer.from(s.data), false), argv: null, fdOrigins: [], memOrigin: null, key: 0,
    };
    task.calls.push(call);
    if (s.name === 'execve' && ret === 0) task.execs.push({ index: i, path: s.path ?? null, argv: null, env: null, sha256: null });
  });
  return {
    path: 'x.db', row: { ...ROW, ...opts.row }, db: null as unknown as BetterSqlite3.Database, imported: false,
    tasks: [task], roots: [task], calls: task.calls, mappedFiles: new Map(), unknown: new Set(), syscallCount: task.calls.length,
  };
}

const start: Spec[] = [{ name: 'execve', path: '/usr/bin/prog' }, { name: 'brk', args: [0], ret: 0x5555_0000 }];
const end: Spec[] = [{ name: 'write', args: [1, 0x7ff0_0000, 3], ret: 3, data: 'hi\n' }, { name: 'exit_group', args: [0], ret: null }];

describe('diffTraces', () => {
  it('finds nothing between a trace and an equal one with other addresses and pids', () => {
    const a = trace([...start, { name: 'getpid', ret: 100 }, ...end]);
    const b = trace([...start.map((s) => (s.name === 'brk' ? { ...s, ret: 0x6666_0000 } : s)), { name: 'getpid', ret: 200 }, ...end], { tid: 200 });
    const r = diffTraces(a, b);
    expect(r.equivalent).toBe(true);
    expect(r.counts.differing).toBe(0);
  });

  it('another libc: the same operation through another syscall', () => {
    const a = trace([...start, { name: 'stat', path: '/etc/x', args: [0x1000, 0x7ff0_0000] }, ...end], { row: { libc: 'glibc 2.31' } });
    const b = trace([...start, { name: 'newfstatat', path: '/etc/x', args: [-100, 0x1000, 0x7ff0_0000, 0] }, ...end]);
    const r = diffTraces(a, b);
    const [cause] = r.causes;
    expect(cause.kind).toBe('binary');
    expect(cause.title).toBe('the same operations are made through other syscalls (the binaries or system differ)');
    expect(cause.evidence).toEqual(['libc: glibc 2.31 in A, glibc 2.36 in B', 'A → B: stat → newfstatat ×1']);
    expect(causeCounts(cause)).toMatchObject({ total: 1, changed: 1 });
    expect(r.counts.unexplained).toBe(0);
  });

  it('an older kernel: ENOSYS and the fallback', () => {
    const a = trace([...start, { name: 'clone3', args: [0x7ff0_0000, 88], ret: 'ENOSYS' }, { name: 'clone', args: [0x1200011], ret: 101 }, ...end], { row: { kernel: '4.19.0' } });
    const b = trace([...start, { name: 'clone3', args: [0x7ff0_0000, 88], ret: 201 }, ...end], { tid: 200 });
    const r = diffTraces(a, b);
    expect(r.causes.map((c) => c.title)).toContain("syscalls the kernel does not provide in one run (ENOSYS) and the library's fallbacks");
    expect(r.causes.flatMap((c) => c.evidence)).toContain('kernel: 4.19.0 in A, 6.1.0 in B');
  });

  it('a signal only one run got: its handler\'s rt_sigreturn and the interrupted call', () => {
    const a = trace([...start, { name: 'read', args: [0, 0x7ff0_0000, 10], ret: 2, data: 'ok' }, ...end]);
    const b = trace(
      [...start, { name: 'read', args: [0, 0x7ff0_0000, 10], ret: 'ERESTARTSYS' }, { name: 'rt_sigreturn', ret: -512 }, { name: 'read', args: [0, 0x7ff0_0000, 10], ret: 2, data: 'ok' }, ...end],
      { signals: [{ sig: 10, beforeCall: 3 }] },
    );
    const r = diffTraces(a, b);
    expect(r.signals).toEqual([{ label: '1', sig: 'SIGUSR1', a: 0, b: 1, timing: false }]);
    const sig = r.causes.find((c) => c.kind === 'signal')!;
    expect(sig.title).toBe('SIGUSR1 is delivered to 1 0 times in A, 1 in B');
    expect(causeCounts(sig)).toMatchObject({ total: 2, onlyB: 2 });
    expect(r.equivalent).toBe(false);
  });

  it('another user: the permission check that fails in one run', () => {
    const a = trace([...start, { name: 'openat', path: '/root/x', args: [-100, 0x1000, 0], ret: 3 }, ...end]);
    const b = trace([...start, { name: 'openat', path: '/root/x', args: [-100, 0x1000, 0], ret: 'EACCES' }, ...end], { row: { uid: 1000, euid: 1000 } });
    const r = diffTraces(a, b);
    expect(r.causes[0].kind).toBe('user');
    expect(r.causes[0].title).toMatch(/^the runs have different credentials \(A: uid 0 euid 0 gid 0, B: uid 1000 euid 1000 gid 0\)/);
    expect(r.context).toContainEqual({ field: 'uid', a: '0', b: '1000' });
  });

  it('another working directory: paths under it', () => {
    const a = trace([...start, { name: 'openat', path: '/w/data', args: [-100, 0x1000, 0], ret: 3 }, ...end]);
    const b = trace([...start, { name: 'openat', path: '/v/data', args: [-100, 0x1000, 0], ret: 3 }, ...end], { row: { cwd: '/v' } });
    const r = diffTraces(a, b);
    expect(r.causes[0]).toMatchObject({ kind: 'command', title: 'the working directories differ: /w in A, /v in B' });
    expect(causeCounts(r.causes[0])).toMatchObject({ onlyA: 1, onlyB: 1 });
    expect(r.counts.unexplained).toBe(0);
  });

  it('only timing differs: equivalent, with the timing calls counted', () => {
    const a = trace([...start, { name: 'futex', args: [0x7ff0_0000, 129, 1], ret: 0 }, ...end]);
    const b = trace([...start, { name: 'futex', args: [0x7ff0_0000, 128, 0], ret: 'EAGAIN' }, { name: 'futex', args: [0x7ff0_0000, 129, 1], ret: 1 }, ...end]);
    const r = diffTraces(a, b);
    expect(r.equivalent).toBe(true);
    expect(r.counts).toMatchObject({ timing: r.counts.differing, explained: 0, unexplained: 0 });
    expect(r.causes.every((c) => c.timing)).toBe(true);
  });

  it('leaves what it cannot attribute unexplained', () => {
    const a = trace([...start, { name: 'getuid', ret: 0 }, ...end]);
    const b = trace([...start, { name: 'getuid', ret: 0 }, { name: 'sync' }, ...end]);
    const r = diffTraces(a, b);
    expect(r.counts).toMatchObject({ differing: 1, unexplained: 1, explained: 0 });
    expect(r.equivalent).toBe(false);
  });
});
