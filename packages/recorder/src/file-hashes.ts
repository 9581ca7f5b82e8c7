import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { fsName } from '@tracedb/native';

export interface FileHash {
  readonly size: number;
  readonly sha256: string;
}

/** SHA-256 of files, each read once however often it is asked for (null: unreadable). */
export class FileHashes {
  private readonly known = new Map<string, FileHash | null>();

  of(file: string): FileHash | null {
    let h = this.known.get(file);
    if (h === undefined) this.known.set(file, (h = hashFile(file)));
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
}

function hashFile(file: string): FileHash | null {
  let fd: number;
  try {
    fd = openSync(fsName(file), 'r');
  } catch {
    return null;
  }
  try {
    const h = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    let size = 0;
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; size += n) h.update(buf.subarray(0, n));
    return { size, sha256: h.digest('hex') };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
