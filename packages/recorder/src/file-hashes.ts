import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { BigIntStats } from 'node:fs';
import { fsName } from '@tracedb/native';
import type { HashCache } from './hash-cache.js';

export interface FileHash {
  readonly size: number;
  readonly sha256: string;
}

/**
 * SHA-256 of files (null: unreadable), each read once however often and by whichever name it is
 * asked for (python3 is also python3.11), and not at all when `cache` has it from an earlier run.
 */
export class FileHashes {
  private readonly known = new Map<string, FileHash | null>();
  /** By identity: device, inode, size, mtime, ctime. */
  private readonly files = new Map<string, FileHash>();

  constructor(private readonly cache: HashCache | null = null) {}

  of(file: string): FileHash | null {
    let h = this.known.get(file);
    if (h === undefined) this.known.set(file, (h = this.hash(file)));
    return h;
  }

  /** The readable ones among `files`. */
  all(files: Iterable<string>): Map<string, FileHash> {
    const out = new Map<string, FileHash>();
    for (const f of files) {
      const h = this.of(f);
      if (h) out.set(f, h);
    }
    return out;
  }

  private hash(file: string): FileHash | null {
    let fd: number;
    try {
      fd = openSync(fsName(file), 'r');
    } catch {
      return null;
    }
    try {
      const st = fstatSync(fd, { bigint: true });
      const id = identity(st);
      const seen = this.files.get(id);
      if (seen) return seen;
      const cached = st.isFile() ? this.cache?.get(st) : null;
      if (cached) {
        const h = { size: Number(st.size), sha256: cached };
        this.files.set(id, h);
        return h;
      }
      const startedNs = BigInt(Date.now()) * 1_000_000n;
      const h = readHash(fd);
      // kept for later runs only if the file did not change while it was read
      if (st.isFile() && h.size === Number(st.size) && identity(fstatSync(fd, { bigint: true })) === id) {
        this.files.set(id, h);
        this.cache?.put(st, h.sha256, startedNs);
      }
      return h;
    } catch {
      return null;
    } finally {
      closeSync(fd);
    }
  }
}

const identity = (st: BigIntStats): string => `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;

function readHash(fd: number): FileHash {
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  let size = 0;
  for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; size += n) h.update(buf.subarray(0, n));
  return { size, sha256: h.digest('hex') };
}
