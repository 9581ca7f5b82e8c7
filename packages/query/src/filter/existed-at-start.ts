import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { exactPaths } from '../recording/exact-paths.js';
import { syscallNumber } from './syscall-args.js';

const O_CREAT = 0o100;
const ENOENT = -2;
/** The flags argument of the calls that may create their path, by syscall number; -1: always creates. */
const CREATES = new Map<number, number>([
  [syscallNumber('open'), 1],
  [syscallNumber('openat'), 2],
  [syscallNumber('creat'), -1],
  [syscallNumber('mkdir'), -1],
  [syscallNumber('mkdirat'), -1],
  [syscallNumber('mknod'), -1],
  [syscallNumber('mknodat'), -1],
]);

interface Row {
  id: number;
  nr: number;
  a1: number | bigint;
  a2: number | bigint;
  ret: number | null;
  path: string;
}

/**
 * Whether the file at `absolute` existed when the recording started, as far as the recording
 * shows: a descriptor the program inherited is open on it, or the first syscall that names it
 * found it (did not fail with ENOENT, did not create it). strace resolves a relative -P path
 * with realpath when it starts, so only a file that exists then.
 */
export function existedAtStart(db: BetterSqlite3.Database, absolute: string, cwd: string): boolean {
  const rec = db.prepare('SELECT fds FROM recording WHERE id = 1').get() as { fds: string | null } | undefined;
  const fds = JSON.parse(rec?.fds ?? '[]') as { target: string }[];
  if (fds.some((f) => f.target === absolute)) return true;
  const paths = exactPaths(db);
  const rows = db
    .prepare("SELECT id, nr, a1, a2, ret, path FROM syscall WHERE path IS NOT NULL AND (path = ? OR path LIKE '%' || ?) ORDER BY id")
    .safeIntegers(false)
    .iterate(absolute, path.posix.basename(absolute)) as IterableIterator<Row>;
  for (const r of rows) {
    const p = paths.of(r.id, r.path);
    if (p === null || path.posix.resolve(cwd, p) !== absolute) continue;
    if (r.ret === ENOENT) return false;
    const flagsArg = CREATES.get(r.nr);
    if (flagsArg === undefined || (r.ret !== null && r.ret < 0)) return true;
    return flagsArg >= 0 && (Number(flagsArg === 1 ? r.a1 : r.a2) & O_CREAT) === 0;
  }
  return false;
}
