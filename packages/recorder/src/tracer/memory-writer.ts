import { bufferAddress, libc } from '@tracedb/native/libc';

const TWO32 = 0x1_0000_0000;

/** Writes `data` into tracee memory at `addr` (a writable page: the kernel just wrote there); true if all of it went. */
export function writeMemory(pid: number, addr: number, data: Buffer): boolean {
  const local = Buffer.alloc(16);
  const remote = Buffer.alloc(16);
  const u64 = (buf: Buffer, off: number, n: number): void => {
    buf.writeUInt32LE(n % TWO32, off);
    buf.writeUInt32LE(Math.floor(n / TWO32), off + 4);
  };
  u64(local, 0, bufferAddress(data));
  u64(local, 8, data.length);
  u64(remote, 0, addr);
  u64(remote, 8, data.length);
  return libc.process_vm_writev(pid, local, 1, remote, 1, 0) === data.length;
}
