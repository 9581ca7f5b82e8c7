// What a syscall decoder sees: the syscall's registers, the memory the recorder read at its
// entry and exit stops, the render options, and strace's small printing helpers
// (printaddr, printfd, printpath, printstr, umove_or_printaddr...).

import { stringToBytes } from '@tracedb/native';
import type { RenderOptions } from '../render/render-options.js';
import { FdDecode } from '../render/render-options.js';
import type { SyscallRow } from '../render/syscall-row.js';
import type { Decoded } from './decoded.js';
import { ptr, raw } from './decoded.js';
import { printPath, printstrEx, QUOTE_0_TERMINATED, QUOTE_OMIT_LEADING_TRAILING_QUOTES, stringQuote } from './quote.js';
import type { HexLevel } from './quote.js';
import type { XlatStyle } from './xlat.js';

/** One captured memory part (a row of the memory table). */
export interface MemPart {
  readonly addr: bigint;
  readonly size: number;
  readonly data: Buffer | null;
  readonly truncated: boolean;
}

const EMPTY: ReadonlyMap<number, MemPart> = new Map();

/** The memory captured at one stop, by (arg, part). */
export class StopMemory {
  static readonly empty = new StopMemory(EMPTY);
  private load: (() => ReadonlyMap<number, MemPart>) | null = null;

  constructor(private parts: ReadonlyMap<number, MemPart>) {}

  /**
   * Memory read from the recording when a decoder first asks for a part not `known`. In a big
   * recording each lookup is a random read, and many stops' memory is never looked at (an
   * openat's exit).
   */
  static lazy(load: () => ReadonlyMap<number, MemPart>, known: ReadonlyMap<number, MemPart> = EMPTY): StopMemory {
    const m = new StopMemory(known);
    m.load = load;
    return m;
  }

  get(arg: number, part = 0): MemPart | undefined {
    const key = arg * 0x10000 + part;
    if (this.load !== null) {
      const p = this.parts.get(key);
      if (p !== undefined) return p;
      this.parts = this.load();
      this.load = null;
    }
    return this.parts.get(key);
  }

  static key(arg: number, part: number): number {
    return arg * 0x10000 + part;
  }

  /** Every part, by argument then part. */
  all(): { readonly arg: number; readonly part: number; readonly mem: MemPart }[] {
    if (this.load !== null) {
      this.parts = this.load();
      this.load = null;
    }
    return [...this.parts].sort((a, b) => a[0] - b[0]).map(([key, mem]) => ({ arg: Math.floor(key / 0x10000), part: key % 0x10000, mem }));
  }
}

/** Another call's view of a stop's memory: its argument k is argument k + `by` of the stop. */
export class ShiftedMemory extends StopMemory {
  constructor(
    private readonly base: StopMemory,
    private readonly by: number,
  ) {
    super(EMPTY);
  }

  override get(arg: number, part = 0): MemPart | undefined {
    return this.base.get(arg + this.by, part);
  }
}

/** Where -y paths come from: the fd table of a thread at the time of a stop. */
export interface FdResolver {
  /** The path (or socket:[N], pipe:[N]...) of `fd` in thread `tid`, or null when unknown. */
  path(tid: number, fd: number): string | null;
  /** A netlink socket's protocol (-1: not known to the kernel yet), or null: not a netlink socket. */
  netlinkProtocol?(tid: number, fd: number): number | null;
  /** A NETLINK_GENERIC family's name, as far as the recording told it so far; null: not known. */
  genlFamily?(id: number): string | null;
  /** -yy: what strace would have learnt of `fd` when printing it at stop `seq`; null: nothing. */
  details?(tid: number, fd: number, seq: number, hex: HexLevel): FdDetail | null;
}

/** What -yy prints instead of (socket) or after (dev) a descriptor's path, or for a pidfd. */
export interface FdDetail {
  readonly socket?: string;
  readonly dev?: { readonly block: boolean; readonly major: number; readonly minor: number };
  readonly pid?: number;
}

/** Where -Y's command names come from: each task's comm at the time of the stop being printed. */
export interface CommResolver {
  /** The comm /proc/PID/comm would give for `pid` now, or null: no such task (reaped), or not known. */
  comm(pid: number): Buffer | null;
}

/** strace's pid types (printpid): only a thread's and a thread group's id get -Y's comm. */
export type PidType = 'tid' | 'tgid' | 'pgid' | 'sid';

export type Phase = 'entry' | 'exit';

const MAX_ERRNO = 4095n;

/** A register as unsigned 64 bits (SQLite stores them signed). */
const u64 = (v: bigint | null): bigint => (v === null ? 0n : v < 0n ? BigInt.asUintN(64, v) : v);

/** The text strace printed for an imported syscall (table syscall_text). */
export interface ImportedText {
  readonly args: string;
  /** Where strace cut args with <unfinished ...>, if it did. */
  readonly split: number | null;
  /** After "= ", or null when it never returned. */
  readonly ret: string | null;
}

export class Ctx {
  /** The six argument registers as unsigned 64-bit values. */
  readonly u: readonly bigint[];
  /** The size of a long and a pointer in the call's ABI: 4 for an i386 call (int $0x80). */
  readonly word: 4 | 8;
  readonly style: XlatStyle;
  /** rt_sigreturn: the signal mask the frame restores, when the renderer knows it. */
  sigreturnMask?: string;
  /** restart_syscall: the name of the syscall being restarted, when known. */
  prevSyscall?: string;
  /** An imported strace log's syscall: what strace printed, to print again as it was. */
  imported?: ImportedText;
  /** The raw return value (signed), null when the syscall never returned. */
  readonly ret: bigint | null;
  /** The syscall returned an error (-4095..-1). */
  readonly failed: boolean;
  /**
   * Whether decoding asked for memory read at the exit stop. A decoder that did not gave a
   * result that exit memory cannot change: the renderer then decodes once, at entry.
   */
  exitRead = false;

  constructor(
    readonly row: SyscallRow,
    readonly entryMem: StopMemory,
    readonly exitMem: StopMemory,
    readonly opts: RenderOptions,
    readonly fds: FdResolver | null = null,
    readonly comms: CommResolver | null = null,
  ) {
    this.u = [u64(row.a0), u64(row.a1), u64(row.a2), u64(row.a3), u64(row.a4), u64(row.a5)];
    this.word = row.abi === 'i386' ? 4 : 8;
    this.style = { verbosity: opts.consts };
    this.ret = row.ret;
    this.failed = row.ret !== null && row.ret < 0n && row.ret >= -MAX_ERRNO;
  }

  get tid(): number {
    return this.row.tid;
  }

  /** Argument i as a C int (the low 32 bits, signed). */
  int(i: number): number {
    return Number(BigInt.asIntN(32, this.u[i]));
  }
  /** Argument i as a C unsigned int. */
  uint(i: number): number {
    return Number(BigInt.asUintN(32, this.u[i]));
  }
  /** Argument i as a signed long (32 bits in an i386 call). */
  long(i: number): bigint {
    return BigInt.asIntN(this.word * 8, this.u[i]);
  }

  /**
   * The memory of a structure or array argument (tfetch_mem): none when -e verbose= leaves this
   * syscall out, so the decoder prints the address instead, as strace does.
   */
  structMem(phase: Phase, arg: number, part = 0): MemPart | undefined {
    return this.opts.deref ? this.mem(phase, arg, part) : undefined;
  }

  /** The memory captured for argument `arg` at the entry or exit stop. */
  mem(phase: Phase, arg: number, part = 0): MemPart | undefined {
    if (phase === 'entry') return this.entryMem.get(arg, part);
    this.exitRead = true;
    return this.exitMem.get(arg, part);
  }

  // ---- printers ----

  /** printaddr: NULL or 0x.... */
  addr(v: bigint): Decoded {
    return ptr(v);
  }

  /** PRINT_VAL_U / PRINT_VAL_D / PRINT_VAL_X of a value. */
  udec(v: bigint | number): Decoded {
    const x = BigInt.asUintN(64, BigInt(v));
    return { kind: 'int', value: x, text: x.toString() };
  }
  sdec(v: bigint | number): Decoded {
    const x = BigInt(v);
    return { kind: 'int', value: x, text: x.toString() };
  }
  hex(v: bigint | number): Decoded {
    const x = BigInt.asUintN(64, BigInt(v));
    return { kind: 'int', value: x, text: x === 0n ? '0' : `0x${x.toString(16)}` };
  }

  /** printfd: the number, and with -y <path>, with -yy a socket's, device's or pidfd's details (printed at `phase`). */
  fd(fd: number, phase: Phase = 'entry'): Decoded {
    const text = String(fd);
    if (this.opts.decodeFds && this.fds && fd >= 0) {
      const p = this.fds.path(this.row.tid, fd);
      const after = p === null ? null : this.fdDecoration(fd, p, phase);
      if (after !== null) return { kind: 'int', value: BigInt(fd), text: `${text}${after}` };
    }
    return { kind: 'int', value: BigInt(fd), text };
  }

  /** printpid: the number, and <comm> with -Y for a thread or thread group that exists. */
  pid(v: number, type: PidType = 'tgid'): Decoded {
    return { kind: 'int', value: BigInt(v), text: pidText(v, type, this.opts, this.comms) };
  }

  /** printpid_tgid_pgid: kill's and wait4's pid, a process (> 0) or a process group (< -1). */
  pidOrGroup(v: number): Decoded {
    return this.pid(v, v > 0 ? 'tgid' : 'pgid');
  }

  /** printfd_pid's choice, in its order: socket, device, pidfd, path; null: the number alone. */
  private fdDecoration(fd: number, path: string, phase: Phase): string | null {
    const bits = this.opts.decodeFds;
    const seq = (phase === 'entry' ? (this.row.entry_seq ?? this.row.exit_seq) : (this.row.exit_seq ?? this.row.entry_seq)) ?? 0;
    const d = bits & ~FdDecode.path ? (this.fds!.details?.(this.row.tid, fd, seq, this.opts.hex) ?? null) : null;
    if (bits & FdDecode.socket && d?.socket !== undefined) return `<${d.socket}>`;
    if (bits & FdDecode.dev && d?.dev !== undefined && path.startsWith('/') && !path.endsWith(DELETED)) {
      return `<${angleQuote(path, this.opts)}<${d.dev.block ? 'block' : 'char'} ${d.dev.major}:${d.dev.minor}>>`;
    }
    if (bits & FdDecode.pidfd && d?.pid !== undefined && d.pid > 0 && path === 'anon_inode:[pidfd]') return `<pid:${pidText(d.pid, 'tgid', this.opts, this.comms)}>`;
    return bits & FdDecode.path ? fdPathText(path, this.opts) : null;
  }

  /** print_dirfd: AT_FDCWD or printfd. */
  dirfd(i: number): Decoded {
    const fd = this.int(i);
    if (fd === -100) {
      const text = this.style.verbosity === 'raw' ? '-100' : this.style.verbosity === 'verbose' ? '-100 /* AT_FDCWD */' : 'AT_FDCWD';
      if (this.opts.decodeFds & FdDecode.path && this.fds) {
        const cwd = this.fds.path(this.row.tid, -100);
        if (cwd !== null) return { kind: 'const', value: -100n, name: 'AT_FDCWD', text: `${text}<${angleQuote(cwd, this.opts)}>` };
      }
      return { kind: 'const', value: -100n, name: 'AT_FDCWD', text };
    }
    return this.fd(fd);
  }

  /** printpath of argument i, read at entry. */
  path(i: number, phase: Phase = 'entry'): Decoded {
    const a = this.u[i];
    if (a === 0n) return ptr(0n);
    const m = this.mem(phase, i);
    if (!m || m.data === null) return ptr(a);
    return { kind: 'str', bytes: m.data, truncated: m.truncated, text: printPath(m.data, m.truncated, this.opts.hex) };
  }

  /**
   * printstr_ex over captured memory part `part` of argument `arg`: `len` bytes
   * (-1n: NUL-terminated, no length).
   */
  strPart(phase: Phase, arg: number, part: number, addr: bigint, len: bigint, style = 0): Decoded {
    if (addr === 0n) return ptr(0n);
    // printstr_ex reads nothing for an empty buffer: "" whatever was captured.
    if (len === 0n) return { kind: 'str', bytes: Buffer.alloc(0), truncated: false, text: '""' };
    const m = this.mem(phase, arg, part);
    const text = m ? printstrEx(m.data, len, style, this.opts.stringLimit, this.opts.hex) : null;
    if (text === null || !m || m.data === null) return ptr(addr);
    return { kind: 'str', bytes: m.data, truncated: m.truncated, text };
  }

  /** printstr/printstrn of argument i. */
  str(phase: Phase, i: number, len: bigint, style = 0): Decoded {
    return this.strPart(phase, i, 0, this.u[i], len, style);
  }

  /** A NUL-terminated string argument (printstr: -s limit, "..." when longer). */
  cstr(phase: Phase, i: number): Decoded {
    return this.str(phase, i, -1n, QUOTE_0_TERMINATED);
  }

  /**
   * umove_or_printaddr: the `size` bytes argument i points to, read at `phase`, or the
   * address to print instead (NULL; the call failed and this is an exit read; not captured).
   */
  umove(phase: Phase, i: number, size: number, addr: bigint = this.u[i], part = 0): Buffer | Decoded {
    if (addr === 0n) return ptr(0n);
    if (phase === 'exit' && this.failed) return ptr(addr);
    const m = this.structMem(phase, i, part);
    if (!m || m.data === null || m.data.length < size) return ptr(addr);
    return m.data;
  }

  /** The protocol of netlink socket `fd` (see FdResolver.netlinkProtocol), null when it is not one. */
  netlinkProtocol(fd: number): number | null {
    return this.fds?.netlinkProtocol?.(this.row.tid, fd) ?? null;
  }

  /** A NETLINK_GENERIC family's name (see FdResolver.genlFamily). */
  genlFamily(id: number): string | null {
    return this.fds?.genlFamily?.(id) ?? null;
  }

  /** A value of a kind not decoded here. */
  rawText(text: string): Decoded {
    return raw(text);
  }
}

export function isBuffer(x: Buffer | Decoded): x is Buffer {
  return Buffer.isBuffer(x);
}

/** A pid as printpid prints it: `1234<comm>` under -Y (decodePids) when the task exists. */
export function pidText(v: number, type: PidType, opts: RenderOptions, comms: CommResolver | null): string {
  if (!opts.decodePids || comms === null || v <= 0 || (type !== 'tid' && type !== 'tgid')) return String(v);
  const comm = comms.comm(v);
  return comm === null || comm.length === 0 ? String(v) : `${v}${commText(comm, opts)}`;
}

/** print_comm_str: a comm in <...>, quoted as -y paths are. */
export function commText(comm: Buffer, opts: RenderOptions): string {
  return `<${stringQuote(comm, comm.length, QUOTE_OMIT_LEADING_TRAILING_QUOTES, opts.hex, '<>').text}>`;
}

const DELETED = ' (deleted)';

/** printfd's <path>: a removed file's " (deleted)" (as /proc/PID/fd shows it) goes after the brackets, as strace prints it. */
function fdPathText(path: string, opts: RenderOptions): string {
  if (!path.endsWith(DELETED)) return `<${angleQuote(path, opts)}>`;
  return `<${angleQuote(path.slice(0, -DELETED.length), opts)}>(deleted)`;
}

/** print_quoted_string_in_angle_brackets: a -y path (bytes in bytesToString's form) inside <...>. */
export function angleQuote(path: string, opts: RenderOptions): string {
  const bytes = stringToBytes(path);
  return stringQuote(bytes, bytes.length, QUOTE_OMIT_LEADING_TRAILING_QUOTES, opts.hex, '<>').text;
}
