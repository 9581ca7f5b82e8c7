import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { hasEscapedBytes, stringToBytes, syscallTable } from '@tracedb/native';
import { exactPaths, recordingCwd } from '../recording/exact-paths.js';
import { FD_RETURNING } from './syscall-args.js';

const AT_FDCWD = -100;
const O_CLOEXEC = 0x80000;
const FD_CLOEXEC = 1;
const F_DUPFD = 0;
const F_SETFD = 2;
const F_DUPFD_CLOEXEC = 1030;
const CLONE_THREAD = 0x10000;
const CLOSE_RANGE_CLOEXEC = 4;
/** to_id of a descriptor still open when the recording ends. */
export const OPEN_END = Number.MAX_SAFE_INTEGER;

const nr = new Map(syscallTable.map((d) => [d.name, d.nr]));
const name = new Map(syscallTable.map((d) => [d.nr, d.name]));
const EVENTS = ['open', 'openat', 'openat2', 'creat', 'dup', 'dup2', 'dup3', 'fcntl', 'close', 'close_range', 'chdir', 'fchdir', 'execve', 'execveat', 'clone', 'clone3', 'fork', 'vfork', ...FD_RETURNING];

interface Fd {
  readonly path: string | null;
  readonly from: number;
  cloexec: boolean;
}

interface Row {
  id: number;
  pid: number;
  nr: number;
  /** NULL in imported recordings where strace printed no plain number. */
  a0: number | null;
  a1: number | null;
  a2: number | null;
  ret: number | null;
  path: string | null;
}

const int32 = (v: number | null): number => (v === null ? -1 : v | 0);
const uint32 = (v: number | null): number => (v === null ? -1 : v >>> 0);
const bits = (v: number | null, mask: number): boolean => v !== null && (v & mask) !== 0;

/**
 * Builds the temporary table `fd_path(pid, fd, path, from_id, to_id, bytes)`: descriptor `fd`
 * of process `pid` named `path` for the syscalls with from_id < id <= to_id (`bytes`: the
 * name's exact bytes when they are not UTF-8, else NULL). It replays the
 * syscalls that change descriptor tables, read through the syscall_nr index:
 * open/openat/creat (relative paths resolved against the process's cwd, tracked through
 * chdir/fchdir, or against the dirfd), dup/dup2/dup3/fcntl(F_DUPFD), close/close_range,
 * O_CLOEXEC/FD_CLOEXEC at execve, fork/clone copying the parent's table, and the standard
 * descriptors the recording started with.
 *
 * Not covered: descriptors passed over unix sockets (SCM_RIGHTS), pidfd_getfd, openat2's
 * RESOLVE_* rules, symlinks and `..` through symlinks (paths are the ones the program gave),
 * the cwd of a process that existed before an attach, clone(CLONE_FILES) between processes
 * (treated as a copy), and descriptors whose opening was not recorded.
 */
export function buildFdPathTable(db: BetterSqlite3.Database): number {
  db.exec('DROP TABLE IF EXISTS temp.fd_path');
  db.exec('CREATE TEMP TABLE fd_path (pid INTEGER NOT NULL, fd INTEGER NOT NULL, path TEXT NOT NULL, from_id INTEGER NOT NULL, to_id INTEGER NOT NULL, bytes BLOB)');
  const rec = db.prepare('SELECT cwd, fds FROM recording WHERE id = 1').get() as { cwd: string; fds: string | null };
  const first = db.prepare('SELECT pid FROM processes ORDER BY id LIMIT 1').get() as { pid: number } | undefined;
  const processPids = new Set((db.prepare('SELECT pid FROM processes').all() as { pid: number }[]).map((r) => r.pid));
  const tables = new Map<number, Map<number, Fd>>();
  const cwds = new Map<number, string>();
  const insert = db.prepare('INSERT INTO temp.fd_path (pid, fd, path, from_id, to_id, bytes) VALUES (?, ?, ?, ?, ?, ?)');
  // better-sqlite3 cannot write while a statement iterates: intervals are inserted at the end
  const intervals: [pid: number, fd: number, path: string, from: number, to: number][] = [];

  const tableOf = (pid: number): Map<number, Fd> => {
    let t = tables.get(pid);
    if (!t) tables.set(pid, (t = new Map()));
    return t;
  };
  const startCwd = recordingCwd(db);
  const paths = exactPaths(db);
  const cwdOf = (pid: number): string => cwds.get(pid) ?? startCwd;
  const close = (pid: number, fd: number, at: number): void => {
    const t = tableOf(pid);
    const old = t.get(fd);
    if (old === undefined) return;
    t.delete(fd);
    if (old.path !== null) intervals.push([pid, fd, old.path, old.from, at]);
  };
  const open = (pid: number, fd: number, entry: Fd, at: number): void => {
    close(pid, fd, at);
    tableOf(pid).set(fd, entry);
  };
  const resolve = (pid: number, dirfd: number, p: string): string => {
    if (p.startsWith('/')) return path.posix.normalize(p);
    const base = dirfd === AT_FDCWD ? cwdOf(pid) : tableOf(pid).get(dirfd)?.path;
    return base ? path.posix.join(base, p) : p;
  };

  db.transaction(() => {
    if (first) {
      const start = tableOf(first.pid);
      for (const f of JSON.parse(rec.fds ?? '[]') as { fd: number; target: string }[]) {
        if (f.target.startsWith('/')) start.set(f.fd, { path: f.target, from: 0, cloexec: false });
      }
    }
    const nrs = EVENTS.map((n) => nr.get(n)).filter((n): n is number => n !== undefined);
    const rows = db.prepare(`SELECT id, pid, nr, a0, a1, a2, ret, path FROM syscall WHERE nr IN (${nrs.join(',')}) ORDER BY id`);
    for (const r of rows.iterate() as IterableIterator<Row>) {
      if (r.ret === null || (r.ret < 0 && r.ret >= -4095)) continue;
      r.path = paths.of(r.id, r.path);
      const t = tableOf(r.pid);
      const fdArg = int32(r.a0);
      switch (name.get(r.nr)) {
        case 'open':
          open(r.pid, r.ret, { path: r.path === null ? null : resolve(r.pid, AT_FDCWD, r.path), from: r.id, cloexec: bits(r.a1, O_CLOEXEC) }, r.id);
          break;
        case 'creat':
          open(r.pid, r.ret, { path: r.path === null ? null : resolve(r.pid, AT_FDCWD, r.path), from: r.id, cloexec: false }, r.id);
          break;
        case 'openat':
        case 'openat2':
          open(r.pid, r.ret, { path: r.path === null ? null : resolve(r.pid, fdArg, r.path), from: r.id, cloexec: r.nr === nr.get('openat') && bits(r.a2, O_CLOEXEC) }, r.id);
          break;
        case 'dup':
          open(r.pid, r.ret, { path: t.get(fdArg)?.path ?? null, from: r.id, cloexec: false }, r.id);
          break;
        case 'dup2':
        case 'dup3':
          if (fdArg !== int32(r.a1)) open(r.pid, int32(r.a1), { path: t.get(fdArg)?.path ?? null, from: r.id, cloexec: r.nr === nr.get('dup3') && bits(r.a2, O_CLOEXEC) }, r.id);
          break;
        case 'fcntl': {
          const cmd = int32(r.a1);
          if (cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC) open(r.pid, r.ret, { path: t.get(fdArg)?.path ?? null, from: r.id, cloexec: cmd === F_DUPFD_CLOEXEC }, r.id);
          else if (cmd === F_SETFD) {
            const e = t.get(fdArg);
            if (e) e.cloexec = bits(r.a2, FD_CLOEXEC);
          }
          break;
        }
        case 'close':
          close(r.pid, fdArg, r.id);
          break;
        case 'close_range': {
          if (r.a0 === null || r.a1 === null) break;
          const lo = uint32(r.a0);
          const hi = uint32(r.a1);
          for (const fd of [...t.keys()]) {
            if (fd < lo || fd > hi) continue;
            if (bits(r.a2, CLOSE_RANGE_CLOEXEC)) t.get(fd)!.cloexec = true;
            else close(r.pid, fd, r.id);
          }
          break;
        }
        case 'chdir':
          if (r.path !== null) cwds.set(r.pid, resolve(r.pid, AT_FDCWD, r.path));
          break;
        case 'fchdir': {
          const p = t.get(fdArg)?.path;
          if (p) cwds.set(r.pid, p);
          break;
        }
        case 'execve':
        case 'execveat':
          for (const [fd, e] of [...t]) if (e.cloexec) close(r.pid, fd, r.id);
          break;
        case 'clone':
        case 'clone3':
        case 'fork':
        case 'vfork': {
          const child = r.ret;
          if (child <= 0 || !processPids.has(child) || child === r.pid) break;
          if (r.nr === nr.get('clone') && bits(r.a0, CLONE_THREAD)) break;
          const copy = new Map<number, Fd>();
          for (const [fd, e] of t) copy.set(fd, { path: e.path, from: r.id, cloexec: e.cloexec });
          for (const fd of [...tableOf(child).keys()]) close(child, fd, r.id);
          tables.set(child, copy);
          cwds.set(child, cwdOf(r.pid));
          break;
        }
        default:
          // any other syscall that returned a new descriptor: it names no path
          open(r.pid, r.ret, { path: null, from: r.id, cloexec: false }, r.id);
      }
    }
    for (const [pid, t] of tables) for (const fd of [...t.keys()]) close(pid, fd, OPEN_END);
    for (const row of intervals) insert.run(...row, hasEscapedBytes(row[2]) ? stringToBytes(row[2]) : null);
  })();
  return intervals.length;
}
