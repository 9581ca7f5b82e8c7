import { IOCB_SIZE, MMSGHDR_SIZE, msghdrOffsets, SUBCALL_ARG, socketSubcallCapturedAs, socketSubcalls, syscallTable } from '@tracedb/native';
import type { CaptureSpec, LenExpr, PointedLen } from '@tracedb/native';
import type { CapturePlan, SyscallCaptures } from './capture-plan.js';
import type { MemoryReader } from './memory-reader.js';
import type { StopEncoder } from './stop-encoder.js';

const MAX_VECTOR = 4096;
/** execve's strings are read through a window this big (two pages): see strvStrings. */
const WINDOW = 8192;
const PAGE = 4096;
const TWO32 = 0x1_0000_0000;
const PATH_MAX = 4096;
/* struct cmsghdr: cmsg_len (size_t), cmsg_level, cmsg_type (int); then the data. */
const SOL_SOCKET = 1;
const SCM_RIGHTS = 1;
/** A full capture's ceiling: beyond it a buffer is marked truncated even under --replayable. */
const FULL_LIMIT = 1 << 28;
/**
 * Parts of arg 1 per received message (name, control, iovec array, up to 60 buffers): trace-q
 * keys a part as arg * 0x10000 + part, so 1024 messages (UIO_MAXIOV) must fit in 65536 parts.
 */
const MMSG_PARTS = 64;
/** The messages whose parts fit (see MMSG_PARTS). */
const MMSG_MAX = 1024;
/** io_submit's iocbs are parts 1 + 64i (see iocbs), so 1023 of them at most. */
const IOCB_PARTS = 64;
const IOCB_CMD_PWRITE = 1;
const IOCB_CMD_PREADV = 7;
const IOCB_CMD_PWRITEV = 8;
/** The largest sigset a kernel takes (_NSIG / 8 on any architecture is at most 16): more is an error. */
const MAX_SIGSET = 128;

/**
 * Reads the memory a syscall's arguments point to, as the capture plan says, and appends it
 * to the stream right after the stop it belongs to.
 */
export class ArgumentCapturer {
  /** The word size of the call being read (4 for an i386 call): iovecs, msghdrs, fd_sets. */
  private word: 4 | 8 = 8;

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
    this.word = plan.word;
    const captures = plan.of(nr);
    this.rows(pid, atExit, captures, args, ret, 0);
    const selected = captures.selected;
    if (selected === undefined) return;
    for (const s of selected) {
      const spec = s.cases.get((argsLo[s.selector] & s.mask) >>> 0) ?? s.otherwise;
      if (spec === undefined) continue;
      if (atExit ? spec.at === 'entry' : spec.at === 'exit') continue;
      this.one(pid, atExit, s.arg, spec, args, ret);
    }
  }

  /** A syscall's row of its plan (not its selected cases); memory of argument k stored as argument `at` + k. */
  private rows(pid: number, atExit: boolean, captures: SyscallCaptures, args: Float64Array, ret: number, at: number): void {
    const list = atExit ? captures.exit : captures.entry;
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      this.one(pid, atExit, c.arg, c.spec, args, ret, at + c.arg);
    }
  }

  /**
   * socketcall(call, args): the array of the subcall's arguments (at entry; read again at exit),
   * then the memory they point to, as the subcall's own row says.
   */
  private socketcall(pid: number, atExit: boolean, args: Float64Array, ret: number): void {
    const sub = socketSubcalls[args[0]];
    if (sub === undefined) return;
    const plan = this.plan.i386 ?? this.plan;
    const nr = plan.nrOf.get(socketSubcallCapturedAs[sub.name] ?? sub.name);
    const size = sub.nargs * 4;
    const n = this.mem.read(pid, args[1], size, 0);
    if (!atExit) {
      if (n < 0) this.out.memory(1, 0, args[1], size, null, 0, 0, false);
      else this.out.memory(1, 0, args[1], size, this.mem.scratch, 0, n, n < size);
    }
    if (n !== size || nr === undefined) return;
    this.rows(pid, atExit, plan.of(nr), this.words(sub.nargs), ret, SUBCALL_ARG);
  }

  /** The subcall of an i386 socketcall and its arguments (read again), or null when there is none. */
  socketcallArgs(pid: number, args: Float64Array): { readonly name: string; readonly args: Float64Array } | null {
    const sub = socketSubcalls[args[0]];
    if (sub === undefined || this.mem.read(pid, args[1], sub.nargs * 4, 0) !== sub.nargs * 4) return null;
    return { name: sub.name, args: this.words(sub.nargs) };
  }

  /** The first n 32-bit words of the scratch buffer, as arguments. */
  private words(n: number): Float64Array {
    const inner = new Float64Array(6);
    for (let k = 0; k < n; k++) inner[k] = this.mem.scratch.readUInt32LE(k * 4);
    return inner;
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
    // the msghdr and the cmsghdrs in the words of the call just captured (4 bytes for an i386 call)
    const w = this.word;
    const header = w + 8;
    const o = msghdrOffsets(w);
    if (addr === 0 || this.mem.read(pid, addr, o.size, 0) !== o.size) return null;
    const control = readWord(this.mem.scratch, o.control, w);
    const controllen = Math.min(readWord(this.mem.scratch, o.controllen, w), this.mem.capacity);
    if (control === 0 || controllen < header) return null;
    const n = this.mem.read(pid, control, controllen, 0);
    if (n < header) return null;
    const buf = this.mem.scratch;
    const fds: number[] = [];
    for (let off = 0; off + header <= n; ) {
      const len = readWord(buf, off, w);
      if (len < header || off + len > n) break;
      if (buf.readInt32LE(off + w) === SOL_SOCKET && buf.readInt32LE(off + w + 4) === SCM_RIGHTS) {
        for (let p = off + header; p + 4 <= off + len; p += 4) fds.push(buf.readInt32LE(p));
      }
      off += (len + w - 1) & ~(w - 1); // CMSG_ALIGN
    }
    return fds;
  }

  /** Argument `arg` of `args`, stored as argument `at` (socketcall's subcalls: see SUBCALL_ARG). */
  private one(pid: number, atExit: boolean, arg: number, spec: CaptureSpec, args: Float64Array, ret: number, at = arg): void {
    const addr = args[arg];
    if (addr === 0) return;
    const failed = ret < 0 && ret > -4096;
    const limit = atExit && this.full ? FULL_LIMIT : this.limit;
    switch (spec.kind) {
      case 'cstr':
        return this.cstr(pid, at, 0, addr, spec.path ? Math.min(PATH_MAX, this.limit) : this.limit);
      case 'strv':
        return this.strv(pid, at, addr);
      case 'bytes': {
        // An in/out struct is read back even when the call failed (nanosleep's remaining time on EINTR).
        if (atExit && failed && spec.at === 'exit') return;
        const size = this.length(pid, spec.len, args, ret);
        if (size === null) return;
        return this.bytes(pid, at, 0, addr, size, limit);
      }
      case 'iovec':
        if (atExit && failed) return;
        return this.iovec(pid, at, 0, addr, args[spec.count], atExit ? ret : Infinity, limit);
      case 'iovec1':
        return this.iovec1(pid, at, addr, limit);
      case 'fprog':
        return this.fprog(pid, at, addr, limit);
      case 'deep':
        return this.deep(pid, at, addr, spec.size.kind === 'const' ? spec.size.bytes : args[spec.size.index], spec.ptrs, args, limit);
      case 'msghdr':
        // recvmsg's header at entry: msg_namelen as the caller set it
        if (!atExit && spec.at === 'both') return this.bytes(pid, at, 0, addr, msghdrOffsets(this.word).size, limit);
        if (atExit && failed) return;
        return this.msghdr(pid, at, addr, atExit ? ret : Infinity, limit);
      case 'iocbs':
        return this.iocbs(pid, at, addr, args[spec.count], limit);
      case 'sigsetPtr':
        return this.sigsetPtr(pid, at, addr);
      case 'mmsghdrs': {
        const n = Math.min(args[spec.count], MMSG_MAX);
        this.bytes(pid, at, 0, addr, n * MMSGHDR_SIZE, FULL_LIMIT);
        if (spec.dir === 'in' && !atExit) this.mmsgPayloads(pid, at, addr, n, false, limit);
        if (spec.dir === 'out' && atExit && !failed && ret > 0) this.mmsgPayloads(pid, at, addr, Math.min(ret, n), true, limit);
        return;
      }
      case 'socketcall':
        return this.socketcall(pid, atExit, args, ret);
    }
  }

  private length(pid: number, len: LenExpr, args: Float64Array, ret: number): number | null {
    switch (len.kind) {
      case 'const':
        return len.bytes;
      case 'arg':
        return len.div === undefined ? args[len.index] * len.scale + (len.plus ?? 0) : Math.ceil(args[len.index] / len.div);
      case 'ret':
        return ret * len.scale;
      case 'deref': {
        const n = args[len.index] === 0 ? null : this.mem.readU32(pid, args[len.index], 0);
        return n === null ? null : n * (len.scale ?? 1);
      }
      case 'fdset':
        return Math.ceil(Math.min(args[len.index], 1 << 20) / (this.word * 8)) * this.word;
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

  /** A NULL-terminated vector of string pointers (words): part 0 the pointers as u64, part i the i-th string. */
  private strv(pid: number, arg: number, addr: number): void {
    const ptrs: number[] = [];
    // the words as read, each in 8 bytes: a pointer past 2^53 is not exact as a number
    const words: Buffer[] = [];
    let complete = false;
    const w = this.word;
    const scratch = this.mem.scratch;
    // Up to a page's end at a time (a read per page, not per word): a word the read did not
    // reach ends the vector unread, as it would read alone (a word across two pages is read alone).
    while (!complete && ptrs.length < MAX_VECTOR) {
      const at = addr + ptrs.length * w;
      const want = Math.min(MAX_VECTOR - ptrs.length, Math.max(1, Math.floor((PAGE - (at % PAGE)) / w)));
      const got = Math.floor(Math.max(this.mem.read(pid, at, want * w, 0), 0) / w);
      const chunk = Buffer.alloc(got * 8);
      let i = 0;
      for (; i < got; i++) {
        const p = w === 8 ? scratch.readUInt32LE(i * 8) + scratch.readUInt32LE(i * 8 + 4) * TWO32 : scratch.readUInt32LE(i * 4);
        if (p === 0) {
          complete = true;
          break;
        }
        ptrs.push(p);
        scratch.copy(chunk, i * 8, i * w, i * w + w);
      }
      words.push(chunk.subarray(0, i * 8));
      if (got < want) break;
    }
    if (ptrs.length === 0 && !complete) {
      this.out.memory(arg, 0, addr, 0, null, 0, 0, false);
      return;
    }
    const table = Buffer.concat(words);
    this.out.memory(arg, 0, addr, ptrs.length * 8, table, 0, table.length, !complete);
    this.strvStrings(pid, arg, ptrs);
  }

  private readonly window = Buffer.allocUnsafe(WINDOW);

  /**
   * A vector's strings usually lie next to each other (a program's environment: 30 to 60 of
   * them): read a window from a string to the end of the next page once, and take the strings
   * found whole in it from there, rather than a read each. The rest are read as cstr reads them.
   */
  private strvStrings(pid: number, arg: number, ptrs: readonly number[]): void {
    const win = this.window;
    let from = 0;
    let got = 0;
    for (let i = 0; i < ptrs.length; i++) {
      const addr = ptrs[i];
      if (!(addr >= from && addr < from + got)) {
        from = addr;
        this.mem.reserve(WINDOW);
        got = Math.max(this.mem.read(pid, addr, WINDOW - (addr % PAGE), 0), 0);
        this.mem.scratch.copy(win, 0, 0, got);
      }
      const start = addr - from;
      const end = Math.min(got, start + this.limit);
      const nul = win.subarray(start, end).indexOf(0);
      if (nul >= 0) this.out.memory(arg, i + 1, addr, nul, win, start, start + nul, false);
      else if (end - start === this.limit) this.out.memory(arg, i + 1, addr, this.limit, win, start, end, true);
      else this.cstr(pid, arg, i + 1, addr, this.limit);
    }
  }

  /** An iovec array at `addr` (part `base`) and its buffers (parts base+1…), `total` bytes at most. */
  private iovec(pid: number, arg: number, base: number, addr: number, count: number, total: number, limit: number): void {
    const n = Math.min(count, 1024);
    if (!(n > 0)) return;
    const w = this.word;
    const size = n * 2 * w;
    const got = this.mem.read(pid, addr, size, 0);
    if (got < 0) {
      this.out.memory(arg, base, addr, size, null, 0, 0, false);
      return;
    }
    const iov = Buffer.from(this.mem.scratch.subarray(0, got));
    this.out.memory(arg, base, addr, size, iov, 0, iov.length, got < size);
    let left = total;
    let budget = limit;
    for (let i = 0; i < Math.floor(got / (2 * w)) && left > 0; i++) {
      const ptr = readWord(iov, i * 2 * w, w);
      const len = Math.min(readWord(iov, i * 2 * w + w, w), left);
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

  /** One struct iovec (part 0) and the buffer it describes (part 1). */
  private iovec1(pid: number, arg: number, addr: number, limit: number): void {
    const w = this.word;
    const got = this.mem.read(pid, addr, 2 * w, 0);
    if (got !== 2 * w) {
      this.out.memory(arg, 0, addr, 2 * w, null, 0, 0, false);
      return;
    }
    const iov = Buffer.from(this.mem.scratch.subarray(0, got));
    this.out.memory(arg, 0, addr, got, iov, 0, got, false);
    const base = readWord(iov, 0, w);
    const len = readWord(iov, w, w);
    if (base !== 0 && len > 0) this.bytes(pid, arg, 1, base, len, limit);
  }

  /** struct sock_fprog: len (u16), then the pointer to len struct sock_filter (8 bytes each). */
  private fprog(pid: number, arg: number, addr: number, limit: number): void {
    const w = this.word;
    const size = 2 * w;
    const got = this.mem.read(pid, addr, size, 0);
    if (got !== size) {
      this.out.memory(arg, 0, addr, size, null, 0, 0, false);
      return;
    }
    const hdr = Buffer.from(this.mem.scratch.subarray(0, got));
    this.out.memory(arg, 0, addr, got, hdr, 0, got, false);
    const len = hdr.readUInt16LE(0);
    const filter = readWord(hdr, w, w);
    if (filter !== 0 && len > 0) this.bytes(pid, arg, 1, filter, len * 8, limit);
  }

  /** A struct (part 0) and what its pointer fields point to (parts 1…). */
  private deep(pid: number, arg: number, addr: number, size: number, ptrs: readonly PointedLen[], args: Float64Array, limit: number): void {
    if (!(size > 0)) return;
    const want = Math.min(size, limit);
    this.mem.reserve(want);
    const got = this.mem.read(pid, addr, want, 0);
    if (got !== want) {
      this.out.memory(arg, 0, addr, size, null, 0, 0, false);
      return;
    }
    const st = Buffer.from(this.mem.scratch.subarray(0, want));
    this.out.memory(arg, 0, addr, size, st, 0, want, want < size);
    for (let k = 0; k < ptrs.length; k++) {
      const p = ptrs[k];
      // A field past the bytes read (a short attr) points to nothing.
      if (p.off + 8 > want || (p.from === 'field' && p.index + 4 > want)) continue;
      const target = readU64(st, p.off);
      if (target === 0) continue;
      if (p.from === 'str' || p.from === 'path') {
        this.cstr(pid, arg, k + 1, target, p.from === 'path' ? Math.min(PATH_MAX, this.limit) : this.limit);
        continue;
      }
      const n = (p.from === 'arg' ? args[p.index] : st.readUInt32LE(p.index)) * p.scale;
      if (n > 0) this.bytes(pid, arg, k + 1, target, n, limit);
    }
  }

  /**
   * The messages of a struct mmsghdr array: message i's name, control and iovec array with its
   * buffers (a received one's msg_len bytes) as parts 1 + i*64 + (0 name, 1 control, 2 iovec
   * array, 3… buffers).
   */
  private mmsgPayloads(pid: number, arg: number, addr: number, count: number, received: boolean, limit: number): void {
    const n = Math.min(count, MMSG_MAX);
    if (this.mem.read(pid, addr, n * MMSGHDR_SIZE, 0) !== n * MMSGHDR_SIZE) return;
    const vec = Buffer.from(this.mem.scratch.subarray(0, n * MMSGHDR_SIZE));
    for (let i = 0; i < n; i++) {
      const o = i * MMSGHDR_SIZE;
      const base = 1 + i * MMSG_PARTS;
      const name = readU64(vec, o);
      const namelen = vec.readUInt32LE(o + 8);
      const control = readU64(vec, o + 32);
      const controllen = readU64(vec, o + 40);
      if (name !== 0 && namelen > 0) this.bytes(pid, arg, base, name, namelen, limit);
      if (control !== 0 && controllen > 0) this.bytes(pid, arg, base + 1, control, controllen, limit);
      const iov = readU64(vec, o + 16);
      if (iov !== 0) this.iovec(pid, arg, base + 2, iov, Math.min(readU64(vec, o + 24), MMSG_PARTS - 4), received ? vec.readUInt32LE(o + 56) : Infinity, limit);
    }
  }

  /** io_submit's iocb pointers and what they point to (the parts are in CaptureSpec's iocbs). */
  private iocbs(pid: number, arg: number, addr: number, count: number, limit: number): void {
    const n = Math.min(count, Math.floor(0xffff / IOCB_PARTS));
    if (!(n > 0)) return;
    const w = this.word;
    const got = this.mem.read(pid, addr, n * w, 0);
    if (got < 0) {
      this.out.memory(arg, 0, addr, n * w, null, 0, 0, false);
      return;
    }
    const ptrs = Buffer.from(this.mem.scratch.subarray(0, got));
    this.out.memory(arg, 0, addr, n * w, ptrs, 0, got, got < n * w);
    for (let i = 0; i < Math.floor(got / w); i++) {
      const base = 1 + i * IOCB_PARTS;
      const p = readWord(ptrs, i * w, w);
      if (p === 0 || this.mem.read(pid, p, IOCB_SIZE, 0) !== IOCB_SIZE) {
        if (p !== 0) this.out.memory(arg, base, p, IOCB_SIZE, null, 0, 0, false);
        continue;
      }
      const cb = Buffer.from(this.mem.scratch.subarray(0, IOCB_SIZE));
      this.out.memory(arg, base, p, IOCB_SIZE, cb, 0, IOCB_SIZE, false);
      const opcode = cb.readUInt16LE(16);
      const buf = readU64(cb, 24);
      const nbytes = readU64(cb, 32);
      if (buf === 0) continue;
      if (opcode === IOCB_CMD_PWRITE) this.bytes(pid, arg, base + 1, buf, nbytes, limit);
      else if (opcode === IOCB_CMD_PWRITEV) this.iovec(pid, arg, base + 1, buf, Math.min(nbytes, IOCB_PARTS - 2), Infinity, limit);
      else if (opcode === IOCB_CMD_PREADV) this.iovec(pid, arg, base + 1, buf, Math.min(nbytes, IOCB_PARTS - 2), 0, limit);
    }
  }

  /** { const sigset_t *sigmask; size_t sigsetsize } (part 0), and the set (part 1). */
  private sigsetPtr(pid: number, arg: number, addr: number): void {
    const w = this.word;
    const got = this.mem.read(pid, addr, 2 * w, 0);
    if (got !== 2 * w) {
      this.out.memory(arg, 0, addr, 2 * w, null, 0, 0, false);
      return;
    }
    const hdr = Buffer.from(this.mem.scratch.subarray(0, 2 * w));
    this.out.memory(arg, 0, addr, 2 * w, hdr, 0, 2 * w, false);
    const set = readWord(hdr, 0, w);
    const size = readWord(hdr, w, w);
    if (set !== 0 && size > 0 && size <= MAX_SIGSET) this.bytes(pid, arg, 1, set, size, MAX_SIGSET);
  }

  /** struct msghdr: part 0 the header, 1 msg_name, 2 msg_control, 3 the iovec array, 4… its buffers. */
  private msghdr(pid: number, arg: number, addr: number, total: number, limit: number): void {
    const w = this.word;
    const o = msghdrOffsets(w);
    const hdrSize = o.size;
    const got = this.mem.read(pid, addr, hdrSize, 0);
    if (got !== hdrSize) {
      this.out.memory(arg, 0, addr, hdrSize, null, 0, 0, false);
      return;
    }
    const hdr = Buffer.from(this.mem.scratch.subarray(0, hdrSize));
    this.out.memory(arg, 0, addr, hdrSize, hdr, 0, hdrSize, false);
    const name = readWord(hdr, o.name, w);
    const namelen = hdr.readUInt32LE(o.namelen);
    const iov = readWord(hdr, o.iov, w);
    const iovlen = readWord(hdr, o.iovlen, w);
    const control = readWord(hdr, o.control, w);
    const controllen = readWord(hdr, o.controllen, w);
    if (name !== 0 && namelen > 0) this.bytes(pid, arg, 1, name, namelen, limit);
    if (control !== 0 && controllen > 0) this.bytes(pid, arg, 2, control, controllen, limit);
    if (iov !== 0) this.iovec(pid, arg, 3, iov, iovlen, total, limit);
  }
}

function readWord(buf: Buffer, off: number, w: 4 | 8): number {
  return w === 8 ? readU64(buf, off) : buf.readUInt32LE(off);
}

function readU64(buf: Buffer, off: number): number {
  return buf.readUInt32LE(off) + buf.readUInt32LE(off + 4) * 0x1_0000_0000;
}
