import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync, statSync } from 'node:fs';

/**
 * Whether the file behind a live descriptor is the one the recording mapped: its SHA-256 against
 * mapped_files (taken by path, of the files still mapped when each process ended). A file
 * unmapped before that (the loader's /etc/ld.so.cache) has no hash: then the program's own
 * recorded fstat of the descriptor must match the live file's inode, size and mtime.
 */
export class MappedFileCheck {
  private readonly hashes = new Map<string, string>();

  constructor(private readonly recordedHash: (path: string) => string | null) {}

  check(pid: number, fd: number, recordedStat: Buffer | null): { path: string; problem: string | null } {
    const link = `/proc/${pid}/fd/${fd}`;
    let path: string;
    try {
      path = readlinkSync(link);
    } catch {
      return { path: `descriptor ${fd}`, problem: 'descriptor is gone' };
    }
    const want = this.recordedHash(path);
    if (want === null) {
      if (recordedStat === null || recordedStat.length < 16) return { path, problem: 'the recording has no hash of this mapped file (copies come later)' };
      return { path, problem: sameStat(statSync(link, { bigint: true }), recordedStat) ? null : 'the file changed since the recording (inode, size or mtime)' };
    }
    const got = this.hash(link, path);
    return { path, problem: got === want ? null : `the file changed since the recording (sha256 ${got.slice(0, 12)}…, recorded ${want.slice(0, 12)}…)` };
  }

  private hash(link: string, path: string): string {
    const st = statSync(link, { bigint: true });
    const key = `${path}\0${st.dev}\0${st.ino}\0${st.size}\0${st.mtimeNs}`;
    let h = this.hashes.get(key);
    if (h === undefined) {
      h = createHash('sha256').update(readFileSync(link)).digest('hex');
      this.hashes.set(key, h);
    }
    return h;
  }
}

/**
 * struct stat (x86_64): st_ino at 8, st_size at 48, st_mtime at 88 (seconds) and 96 (nanoseconds);
 * a capture cut short (--capture-bytes) is compared as far as it goes.
 */
function sameStat(st: { ino: bigint; size: bigint; mtimeNs: bigint }, rec: Buffer): boolean {
  if (st.ino !== rec.readBigUInt64LE(8)) return false;
  if (rec.length >= 56 && st.size !== rec.readBigInt64LE(48)) return false;
  return rec.length < 104 || st.mtimeNs === rec.readBigInt64LE(88) * 1_000_000_000n + rec.readBigInt64LE(96);
}
