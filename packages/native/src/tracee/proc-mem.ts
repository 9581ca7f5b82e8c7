import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/**
 * Tracee memory through /proc/PID/mem (pread/pwrite at the address): unlike process_vm_writev it
 * also writes read-only pages (code, the auxv of a fresh image is writable anyway), as a debugger
 * does. The caller must be the tracee's tracer (or may ptrace it).
 */

/** `len` bytes at `addr` of process `pid`, fewer if the memory ends, null if none could be read. */
export function readProcMem(pid: number, addr: number, len: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/mem`, 'r');
  } catch {
    return null;
  }
  try {
    const out = Buffer.alloc(len);
    let done = 0;
    try {
      while (done < len) {
        const n = readSync(fd, out, done, len - done, addr + done);
        if (n <= 0) break;
        done += n;
      }
    } catch {
      // EIO at the first unmapped page: what came before it is what there is
    }
    return done === 0 && len > 0 ? null : out.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

/** Writes `data` at `addr` of process `pid`; true when all of it was written. */
export function writeProcMem(pid: number, addr: number, data: Uint8Array): boolean {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/mem`, 'r+');
  } catch {
    return false;
  }
  try {
    let done = 0;
    while (done < data.length) {
      const n = writeSync(fd, data, done, data.length - done, addr + done);
      if (n <= 0) break;
      done += n;
    }
    return done === data.length;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}
