import { bufferAddress, libc } from '@tracedb/native/libc';
import { writeU64 } from './u64-writer.js';

/** Writes `data` into tracee memory at `addr` (a writable page: the kernel just wrote there); true if all of it went. */
export function writeMemory(pid: number, addr: number, data: Buffer): boolean {
  const local = Buffer.alloc(16);
  const remote = Buffer.alloc(16);
  writeU64(local, 0, bufferAddress(data));
  writeU64(local, 8, data.length);
  writeU64(remote, 0, addr);
  writeU64(remote, 8, data.length);
  return libc.process_vm_writev(pid, local, 1, remote, 1, 0) === data.length;
}
