import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/**
 * Tracee memory through /proc/PID/mem (pread/pwrite at the address): unlike process_vm_writev it
 * also writes read-only pages (code, the auxv of a fresh image is writable anyway), as a debugger
 * does. The caller must be the tracee's tracer (or may ptrace it).
 */

/** Moves bytes between `buf` and the memory at `addr` until done, the memory ends or it fails; how many moved. */
type Io = (fd: number, buf: Uint8Array, offset: number, length: number, position: number) => number;

function transfer(fd: number, buf: Uint8Array, addr: number, io: Io): number {
  let done = 0;
  try {
    while (done < buf.length) {
      const n = io(fd, buf, done, buf.length - done, addr + done);
      if (n <= 0) break;
      done += n;
    }
  } catch {
    // EIO at the first unmapped page: what came before it is what there is
  }
  return done;
}

function withFd<T>(pid: number, flags: string, none: T, use: (fd: number) => T): T {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/mem`, flags);
  } catch {
    return none;
  }
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/** `len` bytes at `addr` of process `pid`, fewer if the memory ends, null if none could be read. */
export function readProcMem(pid: number, addr: number, len: number): Buffer | null {
  return withFd(pid, 'r', null, (fd) => {
    const out = Buffer.alloc(len);
    const done = transfer(fd, out, addr, readSync as Io);
    return done === 0 && len > 0 ? null : out.subarray(0, done);
  });
}

/** Writes `data` at `addr` of process `pid`; true when all of it was written. */
export function writeProcMem(pid: number, addr: number, data: Uint8Array): boolean {
  return withFd(pid, 'r+', false, (fd) => transfer(fd, data, addr, writeSync as Io) === data.length);
}

/**
 * The same for a tracer that reads and writes at every stop (trace-replay): one descriptor per
 * process, kept until the process execs or ends (`forget`).
 */
export class TraceeMemory {
  private readonly fds = new Map<number, number>();
  private scratch = Buffer.alloc(4096);

  private fd(pid: number): number | null {
    let fd = this.fds.get(pid);
    if (fd === undefined) {
      try {
        fd = openSync(`/proc/${pid}/mem`, 'r+');
      } catch {
        return null;
      }
      this.fds.set(pid, fd);
    }
    return fd;
  }

  /** `size` bytes at `addr`, or null when they cannot all be read. */
  read(pid: number, addr: bigint, size: number): Buffer | null {
    const fd = this.fd(pid);
    const out = Buffer.alloc(size);
    return fd !== null && transfer(fd, out, Number(addr), readSync as Io) === size ? out : null;
  }

  /** Whether the memory at `addr` holds `want` (false when it cannot be read), read without a buffer of its own. */
  holds(pid: number, addr: bigint, want: Buffer): boolean {
    const fd = this.fd(pid);
    if (want.length > this.scratch.length) this.scratch = Buffer.alloc(Math.max(want.length, this.scratch.length * 2));
    const live = this.scratch.subarray(0, want.length);
    return fd !== null && transfer(fd, live, Number(addr), readSync as Io) === want.length && live.equals(want);
  }

  /** Writes `data` at `addr`; false when it could not all be written. */
  write(pid: number, addr: bigint, data: Buffer): boolean {
    const fd = this.fd(pid);
    return fd !== null && transfer(fd, data, Number(addr), writeSync as Io) === data.length;
  }

  /** The process changed its memory image (exec) or ended. */
  forget(pid: number): void {
    const fd = this.fds.get(pid);
    if (fd === undefined) return;
    this.fds.delete(pid);
    closeSync(fd);
  }
}
