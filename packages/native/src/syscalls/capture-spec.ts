/**
 * A tiny DSL describing which memory a syscall argument points to and when the
 * recorder must read it. The spec texts live in `capture-table.ts`; this module
 * turns them into an AST the recorder executes at each syscall stop.
 *
 * Spec grammar (no inner whitespace; surrounding whitespace is ignored):
 *   path | str | strv | msg-in | msg-out | socketcall | sigset-ptr | iov1-in | iov1-out | fprog-in
 *   in:LEN | out:LEN | inout:LEN
 *   iov-in:aN | iov-out:aN | iocbs:aN | mmsg-in:aN | mmsg-out:aN
 *   deep-in:SIZE,OFF:PLEN[,OFF:PLEN…]   a struct of SIZE bytes (a number or aN), and the memory its pointer at OFF points to
 *   deep-inout:SIZE,OFF:PLEN[,…]        the same, read at entry and again at exit (a struct the kernel fills in)
 * LEN grammar:
 *   <decimal or 0x-hex bytes> | aN | aN*K | aN+K | aN*K+M | aN/K | ret | ret*K | *aN | *aN*K | fdset(aN)
 * PLEN grammar (a pointed-to buffer's size):
 *   aN*K | @F*K | str | path   (argument N, or the struct's u32 at offset F, times K; a NUL-terminated string)
 * with N in 0..5 and K a positive integer.
 */

export type LenExpr =
  | { readonly kind: 'const'; readonly bytes: number }
  /**
   * `a[index] * scale`, plus `plus` bytes (msgsnd's msgbuf: a long, then the text; io_uring's
   * probe: a header, then ops), or divided by `div` and rounded up (mincore's vector: a byte per
   * page of the range).
   */
  | { readonly kind: 'arg'; readonly index: number; readonly scale: number; readonly plus?: number; readonly div?: number }
  | { readonly kind: 'ret'; readonly scale: number }
  /** The u32 (socklen_t/int) that pointer argument `index` points to, read at the same stop, times `scale` (getsockopt's SO_GET_FILTER counts instructions). */
  | { readonly kind: 'deref'; readonly index: number; readonly scale?: number }
  /** The fd_set size select() uses for nfds = a[index]: whole words (8 bytes, or the ABI's). */
  | { readonly kind: 'fdset'; readonly index: number };

export type CaptureAt = 'entry' | 'exit' | 'both';

/** A deep-in struct's size: fixed, or an argument's value (fields past it are not followed). */
export type DeepSize = { readonly kind: 'const'; readonly bytes: number } | { readonly kind: 'arg'; readonly index: number };

/** A pointer field of a struct (at byte `off`) and the size of what it points to: an argument's or a u32 field's value times `scale`. */
export interface PointedLen {
  readonly off: number;
  readonly from: 'arg' | 'field' | 'str' | 'path';
  /** The argument's index, or the u32 field's offset (0 for a string). */
  readonly index: number;
  readonly scale: number;
}

export type CaptureSpec =
  /** NUL-terminated string; `path` tells whether it names a filesystem path. */
  | { readonly kind: 'cstr'; readonly at: 'entry'; readonly path: boolean }
  /** NULL-terminated array of string pointers (execve argv/envp). */
  | { readonly kind: 'strv'; readonly at: 'entry' }
  /** `in` reads at entry, `out` at exit only when the syscall succeeded, `inout` at both. */
  | { readonly kind: 'bytes'; readonly at: CaptureAt; readonly len: LenExpr }
  /**
   * `count` is the index of the argument holding the number of iovecs.
   * entry: the iovec array and its buffers are read at entry (writev-like).
   * exit: the array is read at exit too and the buffers are filled up to ret bytes (readv-like).
   */
  | { readonly kind: 'iovec'; readonly at: 'entry' | 'exit'; readonly count: number }
  /**
   * io_submit's array of `count` struct iocb pointers (part 0), each iocb (part 1 + 64i) and
   * what it points to: a PWRITE's buffer (part 2 + 64i), a PWRITEV's or PREADV's iovec array
   * (part 2 + 64i) with a PWRITEV's buffers after it.
   */
  | { readonly kind: 'iocbs'; readonly at: 'entry'; readonly count: number }
  /**
   * sendmmsg's (in) or recvmmsg's (out) struct mmsghdr[count] (part 0, at entry and exit) and
   * each message's name, control and iovec array with its buffers (parts 1 + 64i + 0, 1, 2, 3…):
   * a sent message's at entry, a received one's (msg_len bytes) at exit.
   */
  | { readonly kind: 'mmsghdrs'; readonly at: 'both'; readonly dir: 'in' | 'out'; readonly count: number }
  /** { const sigset_t *sigmask; size_t sigsetsize } (part 0) and the set it points to (part 1). */
  | { readonly kind: 'sigsetPtr'; readonly at: 'entry' }
  /**
   * One struct iovec (part 0) and the iov_len bytes it points to (part 1): ptrace's regsets.
   * `exit` reads both at exit, also when the call failed (strace prints the iovec then too).
   */
  | { readonly kind: 'iovec1'; readonly at: 'entry' | 'exit' }
  /** struct sock_fprog (part 0) and its len BPF instructions of 8 bytes (part 1), at entry. */
  | { readonly kind: 'fprog'; readonly at: 'entry' }
  /**
   * A struct of `size` bytes (part 0), and the buffer each of its `ptrs` points to (part k + 1),
   * read at entry: io_uring_register's files_update, rsrc_register and rsrc_update2.
   */
  | { readonly kind: 'deep'; readonly at: 'entry' | 'both'; readonly size: DeepSize; readonly ptrs: readonly PointedLen[] }
  /** struct msghdr: entry for sendmsg; for recvmsg the header (part 0) at entry and all at exit. */
  | { readonly kind: 'msghdr'; readonly at: 'entry' | 'both' }
  /**
   * i386 socketcall's argument array: as many 32-bit longs as the subcall takes, read at entry;
   * the subcall's own arguments are then read as its row says, and stored as arguments 6…11.
   */
  | { readonly kind: 'socketcall'; readonly at: 'both' };

/** x86_64's struct mmsghdr and struct iocb, which the mmsghdrs and iocbs captures walk. */
export const MMSGHDR_SIZE = 64;
export const IOCB_SIZE = 64;

/** Syscalls take at most six register arguments on x86_64. */
export const MAX_SYSCALL_ARGS = 6;

function fail(what: string, text: string, why: string): never {
  throw new Error(`invalid ${what} ${JSON.stringify(text)}: ${why}`);
}

function parseArgRef(ref: string, what: string, text: string): number {
  const m = /^a(\d+)$/.exec(ref);
  if (m === null) fail(what, text, `expected an argument reference a0..a${MAX_SYSCALL_ARGS - 1}, got ${JSON.stringify(ref)}`);
  const index = Number(m[1]);
  if (m[1].length > 1 || index >= MAX_SYSCALL_ARGS) {
    fail(what, text, `argument index must be 0..${MAX_SYSCALL_ARGS - 1}, got ${JSON.stringify(ref)}`);
  }
  return index;
}

function parseCount(digits: string, what: string, text: string, label: string, min: number): number {
  if (!/^(?:0|[1-9]\d*|0x[0-9a-fA-F]+)$/.test(digits)) {
    fail(what, text, `${label} must be a decimal or 0x-hex integer, got ${JSON.stringify(digits)}`);
  }
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) fail(what, text, `${label} ${digits} is too large`);
  if (n < min) fail(what, text, `${label} must be at least ${min}, got ${digits}`);
  return n;
}

export function parseLenExpr(text: string): LenExpr {
  const what = 'length expression';
  if (typeof text !== 'string') fail(what, String(text), 'expected a string');
  const t = text.trim();
  if (t === '') fail(what, text, 'empty');

  if (t.startsWith('*')) {
    const [ref, scale] = t.slice(1).split('*');
    const index = parseArgRef(ref, what, text);
    return scale === undefined ? { kind: 'deref', index } : { kind: 'deref', index, scale: parseCount(scale, what, text, 'scale', 1) };
  }
  const fd = /^fdset\((.*)\)$/.exec(t);
  if (fd !== null) {
    return { kind: 'fdset', index: parseArgRef(fd[1], what, text) };
  }
  if (/^[0-9]/.test(t)) {
    return { kind: 'const', bytes: parseCount(t, what, text, 'byte count', 0) };
  }

  const plus = /^(a\d+)(?:\*([^+]+))?\+(.+)$/.exec(t);
  if (plus !== null) {
    const scale = plus[2] === undefined ? 1 : parseCount(plus[2], what, text, 'scale', 1);
    return { kind: 'arg', index: parseArgRef(plus[1], what, text), scale, plus: parseCount(plus[3], what, text, 'byte count', 1) };
  }
  const div = /^(a\d+)\/(.+)$/.exec(t);
  if (div !== null) {
    return { kind: 'arg', index: parseArgRef(div[1], what, text), scale: 1, div: parseCount(div[2], what, text, 'divisor', 1) };
  }
  const star = t.indexOf('*');
  const base = star < 0 ? t : t.slice(0, star);
  const scale = star < 0 ? 1 : parseCount(t.slice(star + 1), what, text, 'scale', 1);
  if (base === 'ret') return { kind: 'ret', scale };
  if (base.startsWith('a')) return { kind: 'arg', index: parseArgRef(base, what, text), scale };
  return fail(what, text, 'expected a byte count, aN, aN*K, aN+K, aN/K, ret, ret*K, *aN or fdset(aN)');
}

const fixedSpecs: Readonly<Record<string, CaptureSpec>> = Object.freeze({
  path: Object.freeze({ kind: 'cstr', at: 'entry', path: true }),
  str: Object.freeze({ kind: 'cstr', at: 'entry', path: false }),
  strv: Object.freeze({ kind: 'strv', at: 'entry' }),
  'msg-in': Object.freeze({ kind: 'msghdr', at: 'entry' }),
  'msg-out': Object.freeze({ kind: 'msghdr', at: 'both' }),
  socketcall: Object.freeze({ kind: 'socketcall', at: 'both' }),
  'sigset-ptr': Object.freeze({ kind: 'sigsetPtr', at: 'entry' }),
  'iov1-in': Object.freeze({ kind: 'iovec1', at: 'entry' }),
  'iov1-out': Object.freeze({ kind: 'iovec1', at: 'exit' }),
  'fprog-in': Object.freeze({ kind: 'fprog', at: 'entry' }),
});

const bytesAt: Readonly<Record<string, CaptureAt>> = { in: 'entry', out: 'exit', inout: 'both' };
const iovAt: Readonly<Record<string, 'entry' | 'exit'>> = { 'iov-in': 'entry', 'iov-out': 'exit' };

/** deep-in's and deep-inout's SIZE,OFF:PLEN,…. */
function parseDeep(rest: string, text: string, at: 'entry' | 'both'): CaptureSpec {
  const what = 'capture spec';
  const [sizeText, ...ptrTexts] = rest.split(',');
  const size: DeepSize = sizeText.startsWith('a')
    ? { kind: 'arg', index: parseArgRef(sizeText, what, text) }
    : { kind: 'const', bytes: parseCount(sizeText, what, text, 'struct size', 1) };
  // With an argument's size, fields past it are skipped when the struct is read.
  const max = size.kind === 'const' ? size.bytes : Infinity;
  if (ptrTexts.length === 0) fail(what, text, 'deep-in needs at least one OFF:PLEN');
  const ptrs = ptrTexts.map((p): PointedLen => {
    const str = /^([^:]+):(str|path)$/.exec(p);
    const m = str ?? /^([^:]+):(a\d+|@[^*]+)\*(.+)$/.exec(p);
    if (m === null) return fail(what, text, `expected OFF:aN*K, OFF:@F*K, OFF:str or OFF:path, got ${JSON.stringify(p)}`);
    const off = parseCount(m[1], what, text, 'pointer offset', 0);
    if (off + 8 > max) fail(what, text, `pointer at ${off} is past the struct's ${max} bytes`);
    if (str !== null) return { off, from: str[2] as 'str' | 'path', index: 0, scale: 1 };
    const scale = parseCount(m[3], what, text, 'scale', 1);
    if (m[2].startsWith('a')) return { off, from: 'arg', index: parseArgRef(m[2], what, text), scale };
    const field = parseCount(m[2].slice(1), what, text, 'field offset', 0);
    if (field + 4 > max) fail(what, text, `field at ${field} is past the struct's ${max} bytes`);
    return { off, from: 'field', index: field, scale };
  });
  return { kind: 'deep', at, size, ptrs };
}

export function parseCaptureSpec(text: string): CaptureSpec {
  const what = 'capture spec';
  if (typeof text !== 'string') fail(what, String(text), 'expected a string');
  const t = text.trim();
  if (t === '') fail(what, text, 'empty');

  if (Object.hasOwn(fixedSpecs, t)) return fixedSpecs[t];

  const colon = t.indexOf(':');
  if (colon < 0) {
    fail(what, text, 'expected path, str, strv, msg-in, msg-out, socketcall, sigset-ptr, iov1-in, iov1-out, fprog-in, deep-in:SIZE,OFF:PLEN…, deep-inout:SIZE,OFF:PLEN…, in:LEN, out:LEN, inout:LEN, iov-in:aN, iov-out:aN, iocbs:aN, mmsg-in:aN or mmsg-out:aN');
  }
  const head = t.slice(0, colon);
  const rest = t.slice(colon + 1);

  if (Object.hasOwn(bytesAt, head)) {
    const at = bytesAt[head];
    let len: LenExpr;
    try {
      len = parseLenExpr(rest);
    } catch (e) {
      return fail(what, text, (e as Error).message);
    }
    if (len.kind === 'ret' && at !== 'exit') {
      fail(what, text, `"ret" is only known at exit, so it can only size an out: capture`);
    }
    return { kind: 'bytes', at, len };
  }
  if (head === 'deep-in') return parseDeep(rest, text, 'entry');
  if (head === 'deep-inout') return parseDeep(rest, text, 'both');
  if (Object.hasOwn(iovAt, head)) {
    return { kind: 'iovec', at: iovAt[head], count: parseArgRef(rest, what, text) };
  }
  if (head === 'iocbs') return { kind: 'iocbs', at: 'entry', count: parseArgRef(rest, what, text) };
  if (head === 'mmsg-in' || head === 'mmsg-out') return { kind: 'mmsghdrs', at: 'both', dir: head === 'mmsg-in' ? 'in' : 'out', count: parseArgRef(rest, what, text) };
  return fail(what, text, `unknown capture kind ${JSON.stringify(head)}`);
}
