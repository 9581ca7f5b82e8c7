import { PTRACE_PEEKDATA } from '@tracedb/native';
import { bufferAddress, errno, libc, setErrno } from '@tracedb/native/libc';
import { writeU64 } from './u64-writer.js';

const PAGE = 4096;
const TWO32 = 0x1_0000_0000;
const TWO64 = 2 ** 64;
const EFAULT = 14;
const EIO = 5;
const ESRCH = 3;

/**
 * Reads tracee memory into one reusable scratch buffer with process_vm_readv, falling back
 * to PTRACE_PEEKDATA where process_vm_readv is not allowed.
 */
export class MemoryReader {
  private buf: Buffer;
  private scratchAddr: number;
  private readonly local = Buffer.alloc(16);
  private readonly remote = Buffer.alloc(16);
  private usePeek = false;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
    this.scratchAddr = bufferAddress(this.buf);
  }

  /** Where reads land; replaced by a bigger buffer when `reserve` needs one. */
  get scratch(): Buffer {
    return this.buf;
  }

  get capacity(): number {
    return this.buf.length;
  }

  /** Makes scratch hold at least `bytes` (full captures of large buffers). */
  reserve(bytes: number): void {
    if (bytes <= this.buf.length) return;
    this.buf = Buffer.allocUnsafe(bytes);
    this.scratchAddr = bufferAddress(this.buf);
  }

  /** Copies `len` bytes at `addr` to scratch[off…]; returns how many could be read (-1: none). */
  read(pid: number, addr: number, len: number, off: number): number {
    if (len <= 0) return 0;
    // a register past 2^64 - 1024 rounds to 2^64: no user address is up there (EFAULT)
    if (addr + len > TWO64) return -1;
    if (this.usePeek) return this.peek(pid, addr, len, off);
    const l = this.local;
    writeU64(l, 0, this.scratchAddr + off);
    writeU64(l, 8, len);
    const r = this.remote;
    writeU64(r, 0, addr);
    writeU64(r, 8, len);
    const n = libc.process_vm_readv(pid, l, 1, r, 1, 0);
    if (n >= 0) return n;
    const e = errno();
    if (e === EFAULT || e === ESRCH) return this.readPages(pid, addr, len, off);
    this.usePeek = true;
    return this.peek(pid, addr, len, off);
  }

  /** After a fault, what can be read page by page up to the first unreadable page. */
  private readPages(pid: number, addr: number, len: number, off: number): number {
    let done = 0;
    while (done < len) {
      const chunk = Math.min(len - done, PAGE - ((addr + done) % PAGE));
      const l = this.local;
      writeU64(l, 0, this.scratchAddr + off + done);
      writeU64(l, 8, chunk);
      const r = this.remote;
      writeU64(r, 0, addr + done);
      writeU64(r, 8, chunk);
      const n = libc.process_vm_readv(pid, l, 1, r, 1, 0);
      if (n <= 0) break;
      done += n;
      if (n < chunk) break;
    }
    return done === 0 ? -1 : done;
  }

  private peek(pid: number, addr: number, len: number, off: number): number {
    const word = Buffer.alloc(8);
    let done = 0;
    const base = addr - (addr % 8);
    for (let a = base; a < addr + len; a += 8) {
      setErrno(0);
      const v = libc.ptracePeek(PTRACE_PEEKDATA, pid, a, 0);
      const e = errno();
      if (e === EFAULT || e === EIO || e === ESRCH) break;
      word.writeBigInt64LE(BigInt(v), 0);
      const from = Math.max(addr, a);
      const to = Math.min(addr + len, a + 8);
      word.copy(this.scratch, off + (from - addr), from - a, to - a);
      done = to - addr;
    }
    return done === 0 ? -1 : done;
  }

  /**
   * Reads a NUL-terminated string at `addr` into scratch[off…], at most `max` bytes.
   * Returns its length without the NUL, -1 if unreadable; `truncated` tells whether the NUL was found.
   */
  readCString(pid: number, addr: number, max: number, off: number): { len: number; truncated: boolean } {
    let len = 0;
    while (len < max) {
      const chunk = Math.min(max - len, PAGE - ((addr + len) % PAGE));
      const n = this.read(pid, addr + len, chunk, off + len);
      if (n <= 0) return len === 0 ? { len: -1, truncated: false } : { len, truncated: true };
      const nul = this.scratch.subarray(off + len, off + len + n).indexOf(0);
      if (nul >= 0) return { len: len + nul, truncated: false };
      len += n;
      if (n < chunk) return { len, truncated: true };
    }
    return { len, truncated: true };
  }

  /** A little-endian u64 at `addr` as a number (pointers, lengths), or null if unreadable. */
  readU64(pid: number, addr: number, off: number): number | null {
    if (this.read(pid, addr, 8, off) !== 8) return null;
    return this.scratch.readUInt32LE(off) + this.scratch.readUInt32LE(off + 4) * TWO32;
  }

  readU32(pid: number, addr: number, off: number): number | null {
    if (this.read(pid, addr, 4, off) !== 4) return null;
    return this.scratch.readUInt32LE(off);
  }
}
