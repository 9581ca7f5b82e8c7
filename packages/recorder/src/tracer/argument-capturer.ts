import { syscallTable } from '@tracedb/native';
import type { CaptureSpec, LenExpr } from '@tracedb/native';
import type { CapturePlan } from './capture-plan.js';
import type { MemoryReader } from './memory-reader.js';
import type { StopEncoder } from './stop-encoder.js';

const MAX_VECTOR = 4096;
const PATH_MAX = 4096;
const MSGHDR_SIZE = 56;
/** struct cmsghdr: cmsg_len (size_t), cmsg_level, cmsg_type (int); then the data. */
const CMSG_HEADER = 16;
const SOL_SOCKET = 1;
const SCM_RIGHTS = 1;
/** A full capture's ceiling: beyond it a buffer is marked truncated even under --replayable. */
const FULL_LIMIT = 1 << 28;
/** recvmmsg's number (x86_64): its payloads are read whole under --replayable (see mmsgPayloads). */
const NR_RECVMMSG = syscallTable.find((d) => d.name === 'recvmmsg')!.nr;
/** struct mmsghdr: a struct msghdr, then msg_len (u32) and padding. */
const MMSGHDR_SIZE = 64;
/**
 * Parts of arg 1 per received message (name, control, iovec array, up to 60 buffers): trace-q
 * keys a part as arg * 0x10000 + part, so 1024 messages (UIO_MAXIOV) must fit in 65536 parts.
 */
const MMSG_PARTS = 64;

/**
 * Reads the memory a syscall's arguments point to, as the capture plan says, and appends it
 * to the stream right after the stop it belongs to.
 */
export class ArgumentCapturer {
  constructor(
    private readonly plan: CapturePlan,
    private readonly mem: MemoryReader,
    private readonly out: StopEncoder,
    private readonly limit: number,
    /** --replayable: what the kernel wrote (exit captures) is read whole, whatever `limit` says. */
    private readonly full = false,
  ) {}

  /**
   * `args` are the six argument registers as unsigned numbers, `argsLo` their low 32 bits (exact,
   * for ioctl requests and other selectors); `ret` is the signed return value at exit. An i386
   * call (int $0x80) is read by the i386 plan.
   */
  capture(pid: number, atExit: boolean, nr: number, args: Float64Array, argsLo: Uint32Array, ret: number, i386 = false): void {
    const plan = i386 ? this.plan.i386! : this.plan;
    const list = atExit ? plan.exit[nr] : plan.entry[nr];
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const c = list[i];
        this.one(pid, atExit, c.arg, c.spec, args, ret);
      }
    }
    if (this.full && atExit && !i386 && nr === NR_RECVMMSG && ret > 0) this.mmsgPayloads(pid, args[1], ret);
    const selected = plan.selected[nr];
    if (selected === undefined) return;
    for (const s of selected) {
      const spec = s.cases.get((argsLo[s.selector] & s.mask) >>> 0);
      if (spec === undefined) continue;
      if (atExit ? spec.at === 'entry' : spec.at === 'exit') continue;
      this.one(pid, atExit, s.arg, spec, args, ret);
    }
  }

  /** The two descriptors a pipe2/socketpair wrote, or null. */
  readFdPair(pid: number, addr: number): [number, number] | null {
    if (addr === 0 || this.mem.read(pid, addr, 8, 0) !== 8) return null;
    return [this.mem.scratch.readInt32LE(0), this.mem.scratch.readInt32LE(4)];
  }

  /**
   * The descriptors a recvmsg just received: those in the SCM_RIGHTS messages of the msghdr at
   * `addr` (read again: the capture plan stores the bytes, this needs the numbers), or null.
   */
  readReceivedFds(pid: number, addr: number): number[] | null {
    if (addr === 0 || this.mem.read(pid, addr, MSGHDR_SIZE, 0) !== MSGHDR_SIZE) return null;
    const control = readU64(this.mem.scratch, 32);
    const controllen = Math.min(readU64(this.mem.scratch, 40), this.mem.capacity);
    if (control === 0 || controllen < CMSG_HEADER) return null;
    const n = this.mem.read(pid, control, controllen, 0);
    if (n < CMSG_HEADER) return null;
    const buf = this.mem.scratch;
    const fds: number[] = [];
    for (let off = 0; off + CMSG_HEADER <= n; ) {
      const len = readU64(buf, off);
      if (len < CMSG_HEADER || off + len > n) break;
      if (buf.readInt32LE(off + 8) === SOL_SOCKET && buf.readInt32LE(off + 12) === SCM_RIGHTS) {
        for (let p = off + CMSG_HEADER; p + 4 <= off + len; p += 4) fds.push(buf.readInt32LE(p));
      }
      off += (len + 7) & ~7; // CMSG_ALIGN
    }
    return fds;
  }

  private one(pid: number, atExit: boolean, arg: number, spec: CaptureSpec, args: Float64Array, ret: number): void {
    const addr = args[arg];
    if (addr === 0) return;
    const failed = ret < 0 && ret > -4096;
    const limit = atExit && this.full ? FULL_LIMIT : this.limit;
    switch (spec.kind) {
      case 'cstr':
        return this.cstr(pid, arg, 0, addr, spec.path ? Math.min(PATH_MAX, this.limit) : this.limit);
      case 'strv':
        return this.strv(pid, arg, addr);
      case 'bytes': {
        // An in/out struct is read back even when the call failed (nanosleep's remaining time on EINTR).
        if (atExit && failed && spec.at === 'exit') return;
        const size = this.length(pid, spec.len, args, ret);
        if (size === null) return;
        return this.bytes(pid, arg, 0, addr, size, limit);
      }
      case 'iovec':
        if (atExit && failed) return;
        return this.iovec(pid, arg, 0, addr, args[spec.count], atExit ? ret : Infinity, limit);
      case 'msghdr':
        if (atExit && failed) return;
        return this.msghdr(pid, arg, addr, atExit ? ret : Infinity, limit);
    }
  }

  private length(pid: number, len: LenExpr, args: Float64Array, ret: number): number | null {
    switch (len.kind) {
      case 'const':
        return len.bytes;
      case 'arg':
        return args[len.index] * len.scale;
      case 'ret':
        return ret * len.scale;
      case 'deref':
        return args[len.index] === 0 ? null : this.mem.readU32(pid, args[len.index], 0);
      case 'fdset':
        return Math.ceil(Math.min(args[len.index], 1 << 20) / 64) * 8;
    }
  }

  /** Reads `size` bytes (at most `limit`) and records them as one part. */
  private bytes(pid: number, arg: number, part: number, addr: number, size: number, limit: number): void {
    if (!(size > 0)) {
      this.out.memory(arg, part, addr, 0, this.mem.scratch, 0, 0, false);
      return;
    }
    const want = Math.min(size, limit);
    this.mem.reserve(want);
    const n = this.mem.read(pid, addr, want, 0);
    if (n < 0) this.out.memory(arg, part, addr, size, null, 0, 0, false);
    else this.out.memory(arg, part, addr, size, this.mem.scratch, 0, n, n < size);
  }

  private cstr(pid: number, arg: number, part: number, addr: number, max: number): void {
    const s = this.mem.readCString(pid, addr, max, 0);
    if (s.len < 0) this.out.memory(arg, part, addr, 0, null, 0, 0, false);
    else this.out.memory(arg, part, addr, s.len, this.mem.scratch, 0, s.len, s.truncated);
  }

  /** A NULL-terminated vector of string pointers: part 0 the pointers, part i the i-th string. */
  private strv(pid: number, arg: number, addr: number): void {
    const ptrs: number[] = [];
    let complete = false;
    while (ptrs.length < MAX_VECTOR) {
      const p = this.mem.readU64(pid, addr + ptrs.length * 8, 0);
      if (p === null) break;
      if (p === 0) {
        complete = true;
        break;
      }
      ptrs.push(p);
    }
    if (ptrs.length === 0 && !complete) {
      this.out.memory(arg, 0, addr, 0, null, 0, 0, false);
      return;
    }
    const table = Buffer.allocUnsafe(ptrs.length * 8);
    ptrs.forEach((p, i) => writePtr(table, i * 8, p));
    this.out.memory(arg, 0, addr, ptrs.length * 8, table, 0, table.length, !complete);
    for (let i = 0; i < ptrs.length; i++) this.cstr(pid, arg, i + 1, ptrs[i], this.limit);
  }

  /** An iovec array at `addr` (part `base`) and its buffers (parts base+1…), `total` bytes at most. */
  private iovec(pid: number, arg: number, base: number, addr: number, count: number, total: number, limit: number): void {
    const n = Math.min(count, 1024);
    if (!(n > 0)) return;
    const got = this.mem.read(pid, addr, n * 16, 0);
    if (got < 0) {
      this.out.memory(arg, base, addr, n * 16, null, 0, 0, false);
      return;
    }
    const iov = Buffer.from(this.mem.scratch.subarray(0, got));
    this.out.memory(arg, base, addr, n * 16, iov, 0, iov.length, got < n * 16);
    let left = total;
    let budget = limit;
    for (let i = 0; i < Math.floor(got / 16) && left > 0; i++) {
      const ptr = readU64(iov, i * 16);
      const len = Math.min(readU64(iov, i * 16 + 8), left);
      left -= len;
      const want = Math.min(len, budget);
      this.mem.reserve(want);
      if (want > 0 && ptr !== 0) {
        const r = this.mem.read(pid, ptr, want, 0);
        if (r < 0) this.out.memory(arg, base + 1 + i, ptr, len, null, 0, 0, false);
        else this.out.memory(arg, base + 1 + i, ptr, len, this.mem.scratch, 0, r, r < len);
        budget -= Math.max(r, 0);
      } else {
        this.out.memory(arg, base + 1 + i, ptr, len, this.mem.scratch, 0, 0, len > 0);
      }
    }
  }

  /**
   * recvmmsg's received messages, which the table's capture (the mmsghdr array, part 0) only
   * points to: message i's name, control and iovec array with its buffers (msg_len bytes) as
   * parts 1 + i*64 + (0 name, 1 control, 2 iovec array, 3… buffers).
   */
  private mmsgPayloads(pid: number, addr: number, count: number): void {
    const n = Math.min(count, 1024);
    if (this.mem.read(pid, addr, n * MMSGHDR_SIZE, 0) !== n * MMSGHDR_SIZE) return;
    const vec = Buffer.from(this.mem.scratch.subarray(0, n * MMSGHDR_SIZE));
    for (let i = 0; i < n; i++) {
      const o = i * MMSGHDR_SIZE;
      const base = 1 + i * MMSG_PARTS;
      const name = readU64(vec, o);
      const namelen = vec.readUInt32LE(o + 8);
      const control = readU64(vec, o + 32);
      const controllen = readU64(vec, o + 40);
      if (name !== 0 && namelen > 0) this.bytes(pid, 1, base, name, namelen, FULL_LIMIT);
      if (control !== 0 && controllen > 0) this.bytes(pid, 1, base + 1, control, controllen, FULL_LIMIT);
      const iov = readU64(vec, o + 16);
      if (iov !== 0) this.iovec(pid, 1, base + 2, iov, Math.min(readU64(vec, o + 24), MMSG_PARTS - 4), vec.readUInt32LE(o + 56), FULL_LIMIT);
    }
  }

  /** struct msghdr: part 0 the header, 1 msg_name, 2 msg_control, 3 the iovec array, 4… its buffers. */
  private msghdr(pid: number, arg: number, addr: number, total: number, limit: number): void {
    const got = this.mem.read(pid, addr, MSGHDR_SIZE, 0);
    if (got !== MSGHDR_SIZE) {
      this.out.memory(arg, 0, addr, MSGHDR_SIZE, null, 0, 0, false);
      return;
    }
    const hdr = Buffer.from(this.mem.scratch.subarray(0, MSGHDR_SIZE));
    this.out.memory(arg, 0, addr, MSGHDR_SIZE, hdr, 0, MSGHDR_SIZE, false);
    const name = readU64(hdr, 0);
    const namelen = hdr.readUInt32LE(8);
    const iov = readU64(hdr, 16);
    const iovlen = readU64(hdr, 24);
    const control = readU64(hdr, 32);
    const controllen = readU64(hdr, 40);
    if (name !== 0 && namelen > 0) this.bytes(pid, arg, 1, name, namelen, limit);
    if (control !== 0 && controllen > 0) this.bytes(pid, arg, 2, control, controllen, limit);
    if (iov !== 0) this.iovec(pid, arg, 3, iov, iovlen, total, limit);
  }
}

function readU64(buf: Buffer, off: number): number {
  return buf.readUInt32LE(off) + buf.readUInt32LE(off + 4) * 0x1_0000_0000;
}

function writePtr(buf: Buffer, off: number, n: number): void {
  buf.writeUInt32LE(n % 0x1_0000_0000, off);
  buf.writeUInt32LE(Math.floor(n / 0x1_0000_0000), off + 4);
}
