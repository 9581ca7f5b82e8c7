// trace-rec keeps the SHA-256 of mapped files between runs, by (device, inode, size, mtime,
// ctime), in $XDG_CACHE_HOME/tracedb/file-hashes.db: a hash is reused only for the very same
// file, a file changed since (even to the same size and mtime) is hashed again, a file changed in
// the last 2 s is not kept, and a cache that cannot be used changes nothing but the time taken.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { runCwd, scratchDir, testEnv } from './support/paths.js';
import { openRecording, runTraceRec } from './support/recording.js';

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';

function recordMapping(data: string, env: NodeJS.ProcessEnv): Map<string, string> {
  const rec = runTraceRec([fixture('map-file'), data], { env, cwd: runCwd() });
  expect(rec.stderr.toString()).toBe('');
  expect(rec.status).toBe(0);
  const db = openRecording(rec.dbPath);
  try {
    const rows = db.prepare('SELECT path, sha256 FROM mapped_files').all() as { path: string; sha256: string }[];
    return new Map(rows.map((r) => [r.path, r.sha256]));
  } finally {
    db.close();
  }
}

/** The cache's rows, by inode. */
function cacheRows(file: string): Map<bigint, { ctime_ns: bigint; sha256: string }> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT ino, ctime_ns, sha256 FROM file_hashes').safeIntegers().all() as { ino: bigint; ctime_ns: bigint; sha256: string }[];
    return new Map(rows.map((r) => [r.ino, r]));
  } finally {
    db.close();
  }
}

describe('trace-rec keeps file hashes between runs', () => {
  it('keeps settled files, not fresh ones, and reuses a hash only for the very same file', () => {
    const dir = scratchDir('hash-cache');
    const env = { ...testEnv(), XDG_CACHE_HOME: path.join(dir, 'cache') };
    const cacheFile = path.join(dir, 'cache', 'tracedb', 'file-hashes.db');
    const data = path.join(dir, 'data.bin');
    writeFileSync(data, 'first content\n');
    const MTIME = 1_600_000_000; // whole seconds: utimes takes it back exactly
    utimesSync(data, MTIME, MTIME);

    const first = recordMapping(data, env);
    expect(first.get(data)).toBe(sha(data));
    expect(first.get(LIBC)).toBe(sha(LIBC));
    const kept = cacheRows(cacheFile);
    expect(kept.get(statSync(LIBC, { bigint: true }).ino)?.sha256).toBe(sha(LIBC)); // settled long ago
    expect(kept.has(statSync(data, { bigint: true }).ino)).toBe(false); // written a moment ago

    // a hash planted for the data file's exact identity is what the next recording takes…
    const st = statSync(data, { bigint: true });
    const planted = 'f'.repeat(64);
    const cache = new Database(cacheFile);
    cache.prepare('INSERT INTO file_hashes VALUES (?, ?, ?, ?, ?, ?)').run(st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs, planted);
    cache.close();
    expect(recordMapping(data, env).get(data)).toBe(planted);

    // …until the file changes, even to the same size with its mtime put back: its ctime moves
    writeFileSync(data, 'other content\n');
    utimesSync(data, MTIME, MTIME);
    expect(statSync(data, { bigint: true }).mtimeNs).toBe(st.mtimeNs);
    expect(recordMapping(data, env).get(data)).toBe(sha(data));
  });

  it('records the same hashes when the cache cannot be used', () => {
    const dir = scratchDir('hash-cache-bad');
    const data = path.join(dir, 'data.bin');
    writeFileSync(data, 'content\n');
    // the cache's directory would be under a file
    const notADir = path.join(dir, 'file');
    writeFileSync(notADir, 'x');
    // the cache's file is not a database
    const corrupt = path.join(dir, 'corrupt');
    mkdirSync(path.join(corrupt, 'tracedb'), { recursive: true });
    writeFileSync(path.join(corrupt, 'tracedb', 'file-hashes.db'), Buffer.alloc(8192, 0x5a));
    for (const cacheHome of [notADir, corrupt]) {
      const hashes = recordMapping(data, { ...testEnv(), XDG_CACHE_HOME: cacheHome });
      expect(hashes.get(data)).toBe(sha(data));
      expect(hashes.get(LIBC)).toBe(sha(LIBC));
    }
  });
});
