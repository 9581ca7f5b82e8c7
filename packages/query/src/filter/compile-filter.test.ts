import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSyscallSet, syscallTable } from '@tracedb/native';
import { loadMigrations } from '@tracedb/recorder';
import { UsageError } from '../cli/errors.js';
import { compile } from '../recording/query-builder.js';
import { SYSCALL_TABLE_COLUMNS } from '../render/syscall-reader.js';
import { eventsQuery, resolveFilter, syscallsQuery } from './compile-filter.js';
import { emptyFilter } from './filter.js';
import type { Filter } from './filter.js';
import { checkWhereExpression } from './where-expression.js';

const nr = (name: string): number => syscallTable.find((d) => d.name === name)!.nr;
const AT_FDCWD = 4294967196; // -100 as the recorder stores an int argument (zero-extended)
const O_CLOEXEC = 0x80000;

type Call = [id: number, pid: number, tid: number, name: string, args: number[], ret: number | null, path?: string];

// A small recording: process 100 (threads 100, 105) opens /etc/passwd, dups it to 7 and
// forks 101, which inherits fd 7, opens a relative path, chdirs, execs and forks 102.
const calls: Call[] = [
  [1, 100, 100, 'openat', [AT_FDCWD, 0, O_CLOEXEC], 3, '/etc/passwd'],
  [2, 100, 100, 'read', [3, 0, 10], 10],
  [3, 100, 105, 'read', [3, 0, 10], 0],
  [4, 100, 100, 'dup2', [3, 7], 7],
  [5, 100, 100, 'close', [3], 0],
  [6, 100, 100, 'write', [1, 0, 5], 5],
  [7, 100, 100, 'clone', [17], 101],
  [8, 101, 101, 'read', [7, 0, 4], 4],
  [9, 101, 101, 'openat', [AT_FDCWD, 0, 0], 3, 'data.txt'],
  [10, 101, 101, 'chdir', [0], 0, '/var'],
  [11, 101, 101, 'openat', [AT_FDCWD, 0, 0], -2, 'log'],
  [12, 101, 101, 'fstat', [3, 0], 0],
  [13, 101, 101, 'execve', [0, 0, 0], 0, '/bin/cat'],
  [14, 101, 101, 'read', [3, 0, 100], 100],
  [15, 100, 100, 'read', [7, 0, 100], 0],
  [16, 101, 101, 'clone', [17], 102],
  [17, 102, 102, 'rename', [0, 0], 0, '/tmp/a'],
  [18, 100, 100, 'pipe2', [0, 0], 0],
  [19, 100, 100, 'write', [5, 0, 1], 1],
  [20, 100, 100, 'exit_group', [0], null],
];

function makeRecording(): BetterSqlite3.Database {
  const db = new Database(':memory:');
  for (const m of loadMigrations()) db.exec(m.sql);
  db.prepare(
    `INSERT INTO recording (id, schema_version, mode, argv, env, cwd, arch, kernel, tracer_version, options, started_ns, complete, fds)
     VALUES (1, 1, 'launch', '["t"]', '[]', '/home/u', 'x86_64', '6.1', '0', '{}', 0, 1, ?)`,
  ).run(JSON.stringify([{ fd: 0, target: '/dev/null', type: 'chardev' }, { fd: 1, target: '/tmp/out.txt', type: 'file' }, { fd: 2, target: 'pipe:[5]', type: 'pipe' }]));
  const names = db.prepare('INSERT INTO syscall_names (nr, name) VALUES (?, ?)');
  for (const d of syscallTable) names.run(d.nr, d.name);
  db.prepare("INSERT INTO errno_names VALUES (2, 'ENOENT', 'No such file or directory')").run();
  const proc = db.prepare('INSERT INTO processes (pid, ppid, start_seq) VALUES (?, ?, ?)');
  proc.run(100, null, 1);
  proc.run(101, 100, 15);
  proc.run(102, 101, 33);
  const thread = db.prepare('INSERT INTO threads (tid, pid, start_seq) VALUES (?, ?, ?)');
  for (const [tid, pid] of [[100, 100], [105, 100], [101, 101], [102, 102]]) thread.run(tid, pid, 1);
  const sc = db.prepare('INSERT INTO syscall (id, pid, tid, nr, a0, a1, a2, a3, a4, a5, ret, entry_seq, exit_seq, entry_ns, exit_ns, path) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)');
  const stop = db.prepare('INSERT INTO stop (seq, ts_ns, pid, tid, kind, nr, sig) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const [id, pid, tid, name, a, ret, path] of calls) {
    const exit = ret === null ? null : 2 * id + 1;
    sc.run(id, pid, tid, nr(name), a[0] ?? 0, a[1] ?? 0, a[2] ?? 0, 0, 0, 0, ret, 2 * id, exit, id * 1_000_000, ret === null ? null : id * 1_000_000 + 500, path ?? null);
    stop.run(2 * id, id * 1_000_000, pid, tid, 0, nr(name), null); // stop.kind: storedStopKinds' codes
    if (exit !== null) stop.run(exit, id * 1_000_000 + 500, pid, tid, 1, nr(name), null);
  }
  stop.run(100, 100_000_000, 100, 100, 2, null, 17);
  stop.run(101, 101_000_000, 101, 101, 2, null, 15);
  const mem = db.prepare('INSERT INTO memory (seq, arg, part, addr, size, data) VALUES (?, ?, ?, 0, ?, ?)');
  mem.run(2 * 17, 0, 0, 6, Buffer.from('/tmp/a'));
  mem.run(2 * 17, 1, 0, 6, Buffer.from('/etc/b'));
  mem.run(2 * 18 + 1, 0, 0, 8, Buffer.from([4, 0, 0, 0, 5, 0, 0, 0]));
  return db;
}

let db: BetterSqlite3.Database;
beforeAll(() => {
  db = makeRecording();
});

function ids(filter: Partial<Filter>): number[] {
  const c = compile(syscallsQuery(resolveFilter(db, { ...emptyFilter, ...filter })).select('id'));
  return db.prepare(c.sql).pluck().all(...c.parameters) as number[];
}

function plan(filter: Partial<Filter>, columns: readonly string[] = ['id']): string {
  const c = compile(syscallsQuery(resolveFilter(db, { ...emptyFilter, ...filter })).select(columns as 'id'[]));
  return (db.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.parameters) as { detail: string }[]).map((r) => r.detail).join('\n');
}

describe('filters select the right syscalls', () => {
  it.each([
    ['--syscall read', { syscalls: [parseSyscallSet('read')] }, [2, 3, 8, 14, 15]],
    ['--syscall %file --syscall !openat', { syscalls: [parseSyscallSet('%file'), parseSyscallSet('!openat')] }, [10, 13, 17]],
    ['--pid 101', { pids: [101] }, [8, 9, 10, 11, 12, 13, 14, 16]],
    ['--pid 101 --children', { pids: [101], children: true }, [8, 9, 10, 11, 12, 13, 14, 16, 17]],
    ['--tid 105', { tids: [105] }, [3]],
    ['--tid 105 --children', { tids: [105], children: true }, [3, 8, 9, 10, 11, 12, 13, 14, 16, 17]],
    ['--pid 100 --tid 105', { pids: [100], tids: [105] }, [3]],
    ['--failed', { status: ['failed'] }, [11]],
    ['--successful', { status: ['successful'] }, calls.filter((c) => c[5] !== null && c[5] >= 0).map((c) => c[0])],
    ['--errno ENOENT', { errnos: [2] }, [11]],
    ['--since 0.0045 --until @20', { since: { kind: 'time', ns: 4_500_000 }, until: { kind: 'seq', seq: 20 } }, [5, 6, 7, 8, 9, 10]],
    ['--since @7', { since: { kind: 'seq', seq: 7 } }, calls.filter((c) => c[0] >= 4).map((c) => c[0])],
    ['--until 0.002', { until: { kind: 'time', ns: 2_000_000 } }, [1, 2]],
    ['--fd 3', { fds: [3] }, [1, 2, 3, 4, 5, 9, 12, 14]],
    ['--fd 5 (pipe2 wrote it)', { fds: [5] }, [18, 19]],
    ['--where', { where: 'a0 = 7 AND name = \'read\'' }, [8, 15]],
    ['--limit 2 --syscall read', { syscalls: [parseSyscallSet('read')], limit: 2 }, [2, 3]],
    // the path, the fd opened from it (also in a thread, after dup2 and in a forked child)
    ['--path /etc/passwd', { paths: ['/etc/passwd'] }, [1, 2, 3, 4, 5, 8, 15]],
    // a second path argument (rename's newname) is read from memory
    ['--path /etc/*', { paths: ['/etc/*'] }, [1, 2, 3, 4, 5, 8, 15, 17]],
    // relative paths resolve against the cwd; the fd survives execve without O_CLOEXEC
    ['--path /home/u/data.txt', { paths: ['/home/u/data.txt'] }, [12, 14]],
    // the descriptors the program started with
    ['--path /tmp/out.txt', { paths: ['/tmp/out.txt'] }, [6]],
    ['--path *.txt --pid 101', { paths: ['*.txt'], pids: [101] }, [9, 12, 14]],
  ] as [string, Partial<Filter>, number[]][])('%s', (_, filter, expected) => {
    expect(ids(filter)).toEqual(expected);
  });

  it('--signal selects signal-delivery stops, narrowed by --pid and time', () => {
    const sig = (f: Partial<Filter>): number[] => {
      const r = resolveFilter(db, { ...emptyFilter, ...f });
      const c = compile(eventsQuery(r, { signals: r.filter.signals, signalStops: true, exits: false }));
      return (db.prepare(c.sql).all(...c.parameters) as { seq: number }[]).map((r) => r.seq);
    };
    expect(sig({ signals: new Set([17]) })).toEqual([100]);
    expect(sig({ signals: new Set([15, 17]), pids: [101] })).toEqual([101]);
    expect(sig({ signals: new Set([15, 17]), until: { kind: 'time', ns: 100_500_000 } })).toEqual([100]);
  });

  it('unknown processes and threads are bad input', () => {
    expect(() => ids({ pids: [999] })).toThrow(UsageError);
    expect(() => ids({ tids: [999] })).toThrow(/no thread 999/);
  });
});

describe('filters run on indexes (EXPLAIN QUERY PLAN)', () => {
  it('--syscall uses syscall_nr', () => {
    expect(plan({ syscalls: [parseSyscallSet('openat,read')] })).toMatch(/USING (COVERING )?INDEX syscall_nr \(nr=\?\)/);
  });
  it('--tid uses syscall_tid', () => {
    expect(plan({ tids: [105] })).toMatch(/USING INDEX syscall_tid \(tid=\?\)/);
  });
  it('--pid uses syscall_tid through the threads of the process', () => {
    expect(plan({ pids: [101] })).toMatch(/USING INDEX syscall_tid \(tid=\?\)/);
  });
  it('--path uses syscall_path, also for a glob without a literal prefix', () => {
    expect(plan({ paths: ['/etc/*'] })).toMatch(/INDEX syscall_path \(path>\? AND path<\?\)/);
    expect(plan({ paths: ['*.so*'] })).toMatch(/INDEX syscall_path \(path>\?\)/);
  });
  it('--path finds descriptors through the primary key ranges of fd_path', () => {
    const p = plan({ paths: ['/etc/*'] });
    expect(p).toMatch(/SCAN f\n/);
    expect(p).toMatch(/SEARCH s USING INDEX syscall_nr \(nr=\? AND rowid>\? AND rowid<\?\)/);
    expect(p).not.toMatch(/AUTOMATIC/);
  });
  it('--since/--until are primary-key ranges', () => {
    expect(plan({ since: { kind: 'time', ns: 1 }, until: { kind: 'seq', seq: 9 } })).toMatch(/USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/);
  });
  it('--failed reads only the failed syscalls, through their partial indexes, which hold the whole rows', () => {
    const row = SYSCALL_TABLE_COLUMNS.split(', ');
    expect(plan({ status: ['failed'] }, row)).toBe('SCAN s USING COVERING INDEX syscall_failed');
    expect(plan({ syscalls: [parseSyscallSet('openat')], status: ['failed'] }, row)).toBe('SEARCH s USING COVERING INDEX syscall_failed_nr (nr=?)');
  });
  it('never scans the syscall table for indexed filters', () => {
    for (const f of [{ syscalls: [parseSyscallSet('read')] }, { tids: [100] }, { paths: ['/etc/*'] }]) expect(plan(f)).not.toMatch(/SCAN (s|syscall)\b(?! USING)/);
  });
});

describe('--where', () => {
  it.each([
    ['ret <', /--where: .*syntax error|incomplete input/],
    ['nosuchcolumn = 1', /--where: no such column: nosuchcolumn/],
    ['1); DELETE FROM stops; SELECT (1', /not statements|unbalanced/],
    ['1) OR (1', /unbalanced/],
    ['1 -- comment', /no comments/],
    ['1 /* x', /no comments/],
    ["name = 'x", /unterminated/],
  ])('%s is refused', (expr, message) => {
    expect(() => checkWhereExpression(db, expr)).toThrow(message);
  });
  it('accepts expressions over the syscalls view', () => {
    expect(() => checkWhereExpression(db, "errno = 'ENOENT' AND path GLOB '*log*' AND (a0 & 0xff) = 156")).not.toThrow();
  });
});
