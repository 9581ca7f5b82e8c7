import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { fsName } from '@tracedb/native';
import { FileHashes, HashCache } from '@tracedb/recorder';
import type { Recording } from '@tracedb/query';

/** A binary or library the recording ran that is not on the disk as it was. */
export interface ChangedBinary {
  readonly path: string;
  readonly recorded: string;
  /** Its sha256 now; null: gone or unreadable. */
  readonly now: string | null;
  readonly gone: boolean;
}

const ELF_MAGIC = '\x7fELF';
/** Shared objects by name, for a library that is gone (nothing left to read the magic from). */
const SHARED_OBJECT = /\.so(\.[\d.]+)?$|\/ld-linux[^/]*$/;

/**
 * The executables (the program and every exec'd one) and the ELF files it mapped (libraries,
 * the loader) whose SHA-256 differs from the recording's. Other mapped files (locale data, a
 * file the program maps and writes) are data, which the run itself compares.
 */
export function changedBinaries(rec: Recording): ChangedBinary[] {
  const recorded = new Map<string, { hashes: Set<string>; executed: boolean }>();
  const add = (path: string | null, sha256: string | null, executed: boolean): void => {
    if (path === null || sha256 === null || !path.startsWith('/')) return;
    const r = recorded.get(path) ?? { hashes: new Set<string>(), executed: false };
    r.hashes.add(sha256);
    r.executed ||= executed;
    recorded.set(path, r);
  };
  add(rec.row.exe_path, rec.row.exe_sha256, true);
  for (const e of rec.db.prepare('SELECT path, exe_sha256 FROM execs ORDER BY id').all() as { path: string | null; exe_sha256: string | null }[]) {
    add(e.path, e.exe_sha256, true);
  }
  for (const m of rec.db.prepare('SELECT path, sha256 FROM mapped_files').all() as { path: string; sha256: string | null }[]) add(m.path, m.sha256, false);

  const cache = HashCache.open();
  const hashes = new FileHashes(cache);
  const out: ChangedBinary[] = [];
  for (const [path, r] of recorded) {
    const head = readHead(path);
    if (head === null) {
      if (r.executed || SHARED_OBJECT.test(path)) out.push({ path, recorded: [...r.hashes].at(-1)!, now: null, gone: !existsSync(fsName(path)) });
      continue;
    }
    if (!r.executed && head !== ELF_MAGIC) continue;
    const now = hashes.of(path)?.sha256 ?? null;
    // a library replaced while the recording ran was hashed more than once: any of them will do
    if (now === null || !r.hashes.has(now)) out.push({ path, recorded: [...r.hashes].at(-1)!, now, gone: false });
  }
  cache?.close();
  return out;
}

function readHead(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(fsName(path), 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(4);
    return buf.toString('latin1', 0, readSync(fd, buf, 0, 4, 0));
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
