import { mkdirSync } from 'node:fs';
import type { BigIntStats } from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from './writer/open-database.js';

/**
 * A hash is kept only for a file whose ctime was this long before it was hashed: a change made
 * within the clock tick of the last one would not show in ctime (git's "racily clean" index
 * entries). Nobody can set a ctime, which a file replaced at the same inode with the same size
 * and a forged mtime (touch -d, tar) would still change.
 */
const SETTLED_NS = 2_000_000_000n;

/** Where the cache lives: $XDG_CACHE_HOME/tracedb, or ~/.cache/tracedb. */
export function hashCacheFile(env: NodeJS.ProcessEnv = process.env): string | null {
  const base = env.XDG_CACHE_HOME?.startsWith('/') ? env.XDG_CACHE_HOME : env.HOME ? path.join(env.HOME, '.cache') : null;
  return base === null ? null : path.join(base, 'tracedb', 'file-hashes.db');
}

/**
 * SHA-256 of files kept between runs by their identity (device, inode, size, mtime, ctime), so
 * that a program's executable and libraries are read once, not at each recording (libc: 2.6 ms,
 * python3: 8 ms, node: 0.1 s). Best effort: a cache that cannot be opened, read or written is
 * not used, and the files are hashed.
 */
export class HashCache {
  private constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly select: BetterSqlite3.Statement,
    private readonly upsert: BetterSqlite3.Statement,
  ) {}

  static open(file = hashCacheFile()): HashCache | null {
    if (file === null) return null;
    let db: BetterSqlite3.Database | null = null;
    try {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      // the main thread waits on it: another run's write is let go of, at the price of one hash
      db = openDatabase(file, { timeout: 10 });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(`CREATE TABLE IF NOT EXISTS file_hashes (
        dev INTEGER NOT NULL, ino INTEGER NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,
        sha256 TEXT NOT NULL, PRIMARY KEY (dev, ino)) WITHOUT ROWID`);
      return new HashCache(
        db,
        db.prepare('SELECT sha256 FROM file_hashes WHERE dev = ? AND ino = ? AND size = ? AND mtime_ns = ? AND ctime_ns = ?').pluck(),
        db.prepare('INSERT OR REPLACE INTO file_hashes VALUES (?, ?, ?, ?, ?, ?)'),
      );
    } catch {
      db?.close();
      return null;
    }
  }

  /** The hash kept for the file `st` describes, if it is still that file. */
  get(st: BigIntStats): string | null {
    try {
      return (this.select.get(st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs) as string | undefined) ?? null;
    } catch {
      return null;
    }
  }

  /** Keeps `sha256` for the file `st` describes, read whole at `hashedNs` (a CLOCK_REALTIME time) and unchanged since. */
  put(st: BigIntStats, sha256: string, hashedNs: bigint): void {
    if (st.ctimeNs > hashedNs - SETTLED_NS) return;
    try {
      this.upsert.run(st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs, sha256);
    } catch {
      // busy or read-only: the next run hashes the file again
    }
  }

  close(): void {
    try {
      this.db.close();
    } catch {
      // nothing kept is lost: each hash was committed when put
    }
  }
}
