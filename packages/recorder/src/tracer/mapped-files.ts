import { closeSync, fstatSync, openSync, readFileSync, readlinkSync, readSync, statfsSync } from 'node:fs';
import { bytesToString } from '@tracedb/native';
import { RecordType } from '../stream/stop-stream.js';
import type { StopEncoder } from './stop-encoder.js';

const MAP_ANONYMOUS = 0x20;
const TMPFS_MAGIC = 0x01021994;
/** Larger files are hashed, not copied (the copy travels through the stop stream). */
const MAX_COPY = 64 << 20;

/**
 * --replayable's mapped files: each file is hashed when it is first mapped (by the kernel at an
 * exec, or by an mmap), as it is then, and a file that changes is hashed again at its next
 * mapping. Files that are not system files are copied into the recording, by rr's rule: on
 * tmpfs, under /etc (ld.so.cache, passwd, group…), not owned by root, or writable by others.
 */
export class MappedFiles {
  /** By identity (device, inode, size, mtime): already recorded. */
  private readonly seen = new Set<string>();

  constructor(private readonly enc: StopEncoder) {}

  /** At the exec event of `pid`: the executable and its interpreter, which the kernel mapped. */
  exec(pid: number): void {
    let maps: string;
    try {
      maps = readFileSync(`/proc/${pid}/maps`, 'latin1');
    } catch {
      return;
    }
    const done = new Set<string>();
    for (const line of maps.split('\n')) {
      const f = line.split(/\s+/, 6);
      if (f.length < 6 || f[4] === '0' || !f[5].startsWith('/')) continue;
      const name = line.slice(line.indexOf('/'));
      if (done.has(name)) continue;
      done.add(name);
      // map_files/ opens the very file mapped, even when its path has changed since
      this.record(pid, `/proc/${pid}/map_files/${f[0]}`, bytesToString(Buffer.from(name, 'latin1')));
    }
  }

  /** At a successful mmap's exit stop: the file behind descriptor args[4], unless anonymous. */
  mmap(tid: number, pid: number, argsLo: Uint32Array, ret: number): void {
    if (ret < 0 && ret > -4096) return;
    if ((argsLo[3] & MAP_ANONYMOUS) !== 0 || (argsLo[4] | 0) < 0) return;
    const link = `/proc/${tid}/fd/${argsLo[4] | 0}`;
    let name: string;
    try {
      name = bytesToString(readlinkSync(link, { encoding: 'buffer' }));
    } catch {
      return;
    }
    if (!name.startsWith('/')) return; // memfd:, anon_inode:…
    this.record(pid, link, name);
  }

  private record(pid: number, open: string, name: string): void {
    let fd: number;
    try {
      fd = openSync(open, 'r');
    } catch {
      return;
    }
    try {
      const st = fstatSync(fd, { bigint: true });
      if (!st.isFile()) return;
      const id = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`;
      if (this.seen.has(id)) return;
      this.seen.add(id);
      const copy = Number(st.size) <= MAX_COPY && !isSystemFile(open, name, Number(st.uid), Number(st.mode));
      // node:crypto only when a file is hashed (--replayable): a worker compiles each module it loads
      const h = process.getBuiltinModule('node:crypto').createHash('sha256');
      const parts: Buffer[] = [];
      const buf = Buffer.allocUnsafe(1 << 20);
      let size = 0;
      for (let n; (n = readSync(fd, buf, 0, buf.length, size)) > 0; size += n) {
        h.update(buf.subarray(0, n));
        if (copy) parts.push(Buffer.from(buf.subarray(0, n)));
      }
      const header = JSON.stringify({ path: name, size, sha256: h.digest('hex'), copied: copy });
      this.enc.blob(RecordType.MappedFile, pid, Buffer.concat([Buffer.from(`${header}\n`), ...parts]));
    } catch {
      // unreadable: nothing to record
    } finally {
      closeSync(fd);
    }
  }
}

/** A root-owned file only root can write, outside /etc and not on tmpfs: the same on a rerun, as rr assumes. */
function isSystemFile(open: string, name: string, uid: number, mode: number): boolean {
  if (uid !== 0 || (mode & 0o022) !== 0 || name.startsWith('/etc/')) return false;
  try {
    return statfsSync(open).type !== TMPFS_MAGIC;
  } catch {
    return true;
  }
}
