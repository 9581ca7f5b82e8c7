import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/**
 * Tracee memory through /proc/PID/mem: pwrite works on read-only pages too (process_vm_writev
 * gets EFAULT there). One descriptor per process, dropped when the process execs or ends.
 */
export class TraceeMemory {
  private readonly fds = new Map<number, number>();

  private fd(pid: number): number {
    let fd = this.fds.get(pid);
    if (fd === undefined) {
      fd = openSync(`/proc/${pid}/mem`, 'r+');
      this.fds.set(pid, fd);
    }
    return fd;
  }

  /** `size` bytes at `addr`, or null when they cannot all be read. */
  read(pid: number, addr: bigint, size: number): Buffer | null {
    const out = Buffer.alloc(size);
    try {
      let done = 0;
      while (done < size) {
        const n = readSync(this.fd(pid), out, done, size - done, Number(addr) + done);
        if (n <= 0) return null;
        done += n;
      }
      return out;
    } catch {
      return null;
    }
  }

  /** Writes `data` at `addr`; false when it could not all be written. */
  write(pid: number, addr: bigint, data: Buffer): boolean {
    try {
      let done = 0;
      while (done < data.length) {
        const n = writeSync(this.fd(pid), data, done, data.length - done, Number(addr) + done);
        if (n <= 0) return false;
        done += n;
      }
      return true;
    } catch {
      return false;
    }
  }

  /** The process changed its memory image (exec) or ended. */
  forget(pid: number): void {
    const fd = this.fds.get(pid);
    if (fd === undefined) return;
    this.fds.delete(pid);
    closeSync(fd);
  }
}
