import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '@tracedb/recorder';
import { importStraceLog } from './import-strace-log.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'import-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LOG = [
  '100   10:00:00.000000 execve("/bin/sh", ["sh", "-c", "x"], 0x7ffc /* 3 vars */) = 0 <0.000300>',
  '100   10:00:00.000100 openat(AT_FDCWD</tmp>, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3</etc/passwd> <0.000010>',
  '100   10:00:00.000200 read(3</etc/passwd>, "root:x:0:0"..., 4096) = 1200 <0.000010>',
  '100   10:00:00.000300 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f12) = 101 <0.000100>',
  '101   10:00:00.000400 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, exit_signal=0, stack=0x7f, stack_size=0x7fff00}, 88 <unfinished ...>',
  '100   10:00:00.000500 wait4(-1,  <unfinished ...>',
  '101   10:00:00.000600 <... clone3 resumed>) = 102 <0.000200>',
  'this line is not strace output',
  '102   10:00:00.000700 exit(0)                 = ?',
  '102   10:00:00.000800 +++ exited with 0 +++',
  '101   10:00:00.000900 execve("/bin/true", ["true"], 0x55 /* 3 vars */) = 0',
  '101   10:00:00.001000 exit_group(0)           = ?',
  '101   10:00:00.001100 +++ exited with 0 +++',
  '100   10:00:00.001200 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 101 <0.000700>',
  '100   10:00:00.001300 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=101, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---',
  '100   10:00:00.001400 exit_group(3)           = ?',
  '100   10:00:00.001500 +++ exited with 3 +++',
].join('\n') + '\n';

describe('importStraceLog', () => {
  const log = path.join(dir, 'run.strace');
  writeFileSync(log, LOG);
  const out = path.join(dir, 'run.db');
  const result = importStraceLog(log, out);
  const db = new Database(out, { readonly: true });

  it('reports what it read, and the line it could not', () => {
    expect(result).toMatchObject({ lines: 17, syscalls: 10, processes: 2, threads: 3 });
    expect(result.problems).toEqual([{ line: 8, text: 'this line is not strace output', reason: 'not a syscall, signal or exit line' }]);
    expect(db.prepare('SELECT line, text FROM import_problems').all()).toEqual([{ line: 8, text: 'this line is not strace output' }]);
  });

  it('writes a recording flagged as imported, with what the log cannot tell marked unknown', () => {
    const rec = db.prepare('SELECT * FROM recording').get() as Record<string, unknown>;
    expect(rec).toMatchObject({ mode: 'import', schema_version: SCHEMA_VERSION, argv: '["sh","-c","x"]', exit_status: 3, complete: 1, tracer_version: 'strace-log' });
    const options = JSON.parse(rec.options as string) as { import: { unknown: string[]; timestamps: string; problems: number } };
    expect(options.import).toMatchObject({ timestamps: 'tt', problems: 1 });
    expect(options.import.unknown).toEqual(expect.arrayContaining(['env', 'cwd', 'fds', 'exe_sha256']));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('stores decoded values and the text of each syscall', () => {
    const rows = db.prepare('SELECT s.id, s.pid, s.tid, n.name, s.a0, s.ret, s.path, t.args, t.ret AS ret_text, t.line, t.end_line FROM syscall s JOIN syscall_names n USING (nr) JOIN syscall_text t USING (id) ORDER BY s.id').all() as Record<string, unknown>[];
    expect(rows.map((r) => r.name)).toEqual(['execve', 'openat', 'read', 'clone', 'clone3', 'wait4', 'exit', 'execve', 'exit_group', 'exit_group']);
    expect(rows[1]).toMatchObject({ a0: -100, ret: 3, path: '/etc/passwd', ret_text: '3</etc/passwd>' });
    expect(rows[2]).toMatchObject({ a0: 3, ret: 1200, args: '3</etc/passwd>, "root:x:0:0"..., 4096' });
    // the unfinished call sits at its entry and keeps both halves' text and lines
    expect(rows[5]).toMatchObject({ name: 'wait4', tid: 100, ret: 101, line: 6, end_line: 14, args: '-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL' });
    expect(rows[6]).toMatchObject({ name: 'exit', tid: 102, pid: 101, ret: null, ret_text: '?' });
  });

  it('rebuilds processes, threads and execs', () => {
    expect(db.prepare('SELECT pid, ppid, exit_status FROM processes ORDER BY pid').all()).toEqual([
      { pid: 100, ppid: null, exit_status: 3 },
      { pid: 101, ppid: 100, exit_status: 0 },
    ]);
    expect(db.prepare('SELECT tid, pid FROM threads ORDER BY tid').all()).toEqual([
      { tid: 100, pid: 100 },
      { tid: 101, pid: 101 },
      { tid: 102, pid: 101 },
    ]);
    expect(db.prepare('SELECT pid, path, argv FROM execs ORDER BY seq').all()).toEqual([
      { pid: 100, path: '/bin/sh', argv: '["sh","-c","x"]' },
      { pid: 101, path: '/bin/true', argv: '["true"]' },
    ]);
  });

  it('orders stops as the lines, with times from -tt', () => {
    const stops = db.prepare('SELECT kind, tid, sig, status, ts_ns FROM stops ORDER BY seq').all() as { kind: string; tid: number; sig: number | null; status: number | null; ts_ns: number }[];
    expect(stops[0]).toMatchObject({ kind: 'syscall-entry', tid: 100, ts_ns: 0 });
    expect(stops.find((s) => s.kind === 'signal')).toMatchObject({ tid: 100, sig: 17 });
    expect(stops.at(-1)).toMatchObject({ kind: 'exit', tid: 100, status: 3 << 8 });
    expect(stops.at(-1)!.ts_ns).toBe(1_500_000);
  });

  it('refuses to overwrite unless forced, and fails in one line on an unreadable log', () => {
    expect(() => importStraceLog(log, out)).toThrow(/already exists/);
    expect(importStraceLog(log, out, { force: true }).syscalls).toBe(10);
    expect(() => importStraceLog(path.join(dir, 'missing.strace'), path.join(dir, 'x.db'))).toThrow(/missing.strace: cannot read: ENOENT/);
  });
});
