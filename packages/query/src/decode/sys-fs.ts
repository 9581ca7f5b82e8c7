// Files, paths and descriptors (strace: open.c, io.c, stat.c, readlink.c, xattr.c, fcntl.c,
// access.c, lseek.c, xgetdents.c, getcwd.c, dup.c, pipe.c, statfs.c...).

import type { SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import * as I386 from './i386-layouts.js';
import { readLayout } from './i386-layouts.js';
import type { Ctx } from './context.js';
import { isBuffer } from './context.js';
import type { PidType } from './context.js';
import type { Decoded } from './decoded.js';
import { array, changed, raw, struct } from './decoded.js';
import { QUOTE_FORCE_HEX, QUOTE_OMIT_TRAILING_0 } from './quote.js';
import { printStructStat, printStatfs, printStatx, STAT_SIZE, STATFS_SIZE, STATX_SIZE } from './structs.js';
import { sprintflags, sprintflagsEx, sprintxval, xflags, xval } from './xlat.js';
import { xlat as X } from './xlat.js';
import { printSignal, signame } from './signals.js';
import { printPath } from './quote.js';

const O_CREAT = 0o100n;
const O_TMPFILE = 0o20000000n;

/** sprint_open_modes64: "flags O_RDONLY|O_CLOEXEC" (without the "flags" prefix here). */
export function openModesText(flags: bigint): string {
  let f = BigInt.asUintN(64, flags);
  let out = 'flags';
  let sep = ' ';
  const acc = X.open_access_modes.data[Number(f & 3n)];
  if (acc) {
    out += sep + acc[1];
    f &= ~3n;
    if (f === 0n) return out;
    sep = '|';
  }
  return sprintflags(out, X.open_mode_flags, f, sep, { verbosity: 'abbrev' }) ?? out;
}

/** tprint_open_modes: print_xlat_ex(flags, modes, default style). */
export function openModes(c: Ctx, flags: bigint): Decoded {
  const v = BigInt.asUintN(32, flags);
  const str = openModesText(v).slice('flags '.length);
  const hex = v === 0n ? '0' : `0x${v.toString(16)}`;
  const text = c.style.verbosity === 'raw' ? hex : c.style.verbosity === 'verbose' ? `${hex} /* ${str} */` : str;
  return { kind: 'flags', value: v, names: str.split('|'), rest: 0n, text };
}

/** print_numeric_umode_t: %#03o. */
export function umode(v: bigint | number): Decoded {
  const x = BigInt(v);
  return { kind: 'int', value: x, text: x === 0n ? '000' : '0' + x.toString(8).padStart(2, '0') };
}

function decodeOpen(c: Ctx, off: number, pre: Decoded[]): ReturnType<SyscallDecoder> {
  const args = [...pre, c.path(off), openModes(c, c.u[off + 1])];
  if (c.u[off + 1] & (O_CREAT | O_TMPFILE)) args.push(umode(c.u[off + 2] & 0xffffn));
  return atEntry(args, 'fd');
}

/** printstrn of a buffer the call filled (read, pread64, readlink...): the address when it failed. */
export function outBuf(c: Ctx, i: number, len: bigint): Decoded {
  if (c.failed || c.ret === null) return c.addr(c.u[i]);
  return c.str('exit', i, len);
}

const stat = (c: Ctx, i: number): Decoded => {
  const b = c.umove('exit', i, STAT_SIZE);
  return isBuffer(b) ? printStructStat(c, b) : b;
};

export const fsDecoders: Record<string, SyscallDecoder> = {
  open: (c) => decodeOpen(c, 0, []),
  openat: (c) => decodeOpen(c, 1, [c.dirfd(0)]),
  creat: (c) => atEntry([c.path(0), umode(c.u[1] & 0xffffn)], 'fd'),
  close: (c) => atEntry([c.fd(c.int(0))]),
  read: (c) => split([c.fd(c.int(0))], [outBuf(c, 1, c.ret ?? 0n), c.udec(c.u[2])]),
  write: (c) => atEntry([c.fd(c.int(0)), c.str('entry', 1, c.u[2]), c.udec(c.u[2])]),
  pread64: (c) => split([c.fd(c.int(0))], [outBuf(c, 1, c.ret ?? 0n), c.udec(c.u[2]), c.sdec(c.long(3))]),
  pwrite64: (c) => atEntry([c.fd(c.int(0)), c.str('entry', 1, c.u[2]), c.udec(c.u[2]), c.sdec(c.long(3))]),
  stat: (c) => split([c.path(0)], [stat(c, 1)]),
  lstat: (c) => split([c.path(0)], [stat(c, 1)]),
  fstat: (c) => split([c.fd(c.int(0))], [stat(c, 1)]),
  newfstatat: (c) => split([c.dirfd(0), c.path(1)], [stat(c, 2), xflags(c.u[3] & 0xffffffffn, 'AT_???', c.style, X.at_flags)]),
  statx: (c) => {
    const b = c.umove('exit', 4, STATX_SIZE);
    return split(
      [c.dirfd(0), c.path(1), statxFlags(c, c.u[2] & 0xffffffffn), xflags(c.u[3] & 0xffffffffn, 'STATX_???', c.style, X.statx_masks)],
      [isBuffer(b) ? printStatx(c, b) : b],
    );
  },
  statfs: (c) => split([c.path(0)], [statfsArg(c, 1)]),
  fstatfs: (c) => split([c.fd(c.int(0))], [statfsArg(c, 1)]),
  access: (c) => atEntry([c.path(0), xflags(c.u[1] & 0xffffffffn, '?_OK', c.style, X.access_modes)]),
  faccessat: (c) => atEntry([c.dirfd(0), c.path(1), xflags(c.u[2] & 0xffffffffn, '?_OK', c.style, X.access_modes)]),
  faccessat2: (c) => atEntry([c.dirfd(0), c.path(1), xflags(c.u[2] & 0xffffffffn, '?_OK', c.style, X.access_modes), xflags(c.u[3] & 0xffffffffn, 'AT_???', c.style, X.faccessat_flags)]),
  readlink: (c) => split([c.path(0)], [outBuf(c, 1, c.ret ?? 0n), c.udec(c.u[2])]),
  readlinkat: (c) => split([c.dirfd(0), c.path(1)], [outBuf(c, 2, c.ret ?? 0n), c.udec(c.u[3])]),
  getcwd: (c) => {
    let buf: Decoded = c.addr(c.u[0]);
    const m = c.mem('exit', 0);
    if (!c.failed && c.ret !== null && m && m.data !== null) {
      // printpathn(addr, ret - 1): the kernel's length counts the NUL.
      const n = Math.max(Number(c.ret) - 1, 0);
      const data = m.data.subarray(0, Math.min(n, m.data.length));
      const nul = data.indexOf(0);
      const bytes = nul >= 0 ? data.subarray(0, nul) : data;
      buf = { kind: 'str', bytes, truncated: false, text: printPath(bytes, false, c.opts.hex) };
    }
    return split([], [buf, c.udec(c.u[1])]);
  },
  lseek: (c) => atEntry([c.fd(c.int(0)), c.sdec(c.long(1)), xval(c.u[2] & 0xffffffffn, 'SEEK_???', c.style, X.whence_codes)]),
  getdents64: (c) => getdents(c),
  getdents: (c) => getdents(c),
  getxattr: (c) => split([c.path(0), c.cstr('entry', 1)], xattrVal(c, 2, c.u[3], c.ret)),
  lgetxattr: (c) => split([c.path(0), c.cstr('entry', 1)], xattrVal(c, 2, c.u[3], c.ret)),
  fgetxattr: (c) => split([c.fd(c.int(0)), c.cstr('entry', 1)], xattrVal(c, 2, c.u[3], c.ret)),
  setxattr: (c) => atEntry([c.path(0), c.cstr('entry', 1), ...xattrVal(c, 2, c.u[3], c.u[3], 'entry'), xflags(c.u[4] & 0xffffffffn, 'XATTR_???', c.style, X.xattrflags)]),
  lsetxattr: (c) => atEntry([c.path(0), c.cstr('entry', 1), ...xattrVal(c, 2, c.u[3], c.u[3], 'entry'), xflags(c.u[4] & 0xffffffffn, 'XATTR_???', c.style, X.xattrflags)]),
  fsetxattr: (c) => atEntry([c.fd(c.int(0)), c.cstr('entry', 1), ...xattrVal(c, 2, c.u[3], c.u[3], 'entry'), xflags(c.u[4] & 0xffffffffn, 'XATTR_???', c.style, X.xattrflags)]),
  listxattr: (c) => split([c.path(0)], xattrList(c, 1)),
  llistxattr: (c) => split([c.path(0)], xattrList(c, 1)),
  flistxattr: (c) => split([c.fd(c.int(0))], xattrList(c, 1)),
  removexattr: (c) => atEntry([c.path(0), c.cstr('entry', 1)]),
  lremovexattr: (c) => atEntry([c.path(0), c.cstr('entry', 1)]),
  fremovexattr: (c) => atEntry([c.fd(c.int(0)), c.cstr('entry', 1)]),
  fcntl: (c) => fcntl(c),
  dup: (c) => atEntry([c.fd(c.int(0))], 'fd'),
  dup2: (c) => atEntry([c.fd(c.int(0)), c.fd(c.int(1))], 'fd'),
  dup3: (c) => atEntry([c.fd(c.int(0)), c.fd(c.int(1)), xflags(c.u[2] & 0xffffffffn, 'O_???', c.style, X.open_mode_flags)], 'fd'),
  pipe: (c) => split([], [pipeFds(c)]),
  pipe2: (c) => split([], [pipeFds(c), xflags(c.u[1] & 0xffffffffn, 'O_???', c.style, X.open_mode_flags)]),
  unlink: (c) => atEntry([c.path(0)]),
  unlinkat: (c) => atEntry([c.dirfd(0), c.path(1), xflags(c.u[2] & 0xffffffffn, 'AT_???', c.style, X.at_flags)]),
  rmdir: (c) => atEntry([c.path(0)]),
  mkdir: (c) => atEntry([c.path(0), umode(c.u[1] & 0xffffn)]),
  mkdirat: (c) => atEntry([c.dirfd(0), c.path(1), umode(c.u[2] & 0xffffn)]),
  chdir: (c) => atEntry([c.path(0)]),
  chroot: (c) => atEntry([c.path(0)]),
  fchdir: (c) => atEntry([c.fd(c.int(0))]),
  rename: (c) => atEntry([c.path(0), c.path(1)]),
  renameat: (c) => atEntry([c.dirfd(0), c.path(1), c.dirfd(2), c.path(3)]),
  renameat2: (c) => atEntry([c.dirfd(0), c.path(1), c.dirfd(2), c.path(3), xflags(c.u[4] & 0xffffffffn, 'RENAME_??', c.style, X.rename_flags)]),
  link: (c) => atEntry([c.path(0), c.path(1)]),
  linkat: (c) => atEntry([c.dirfd(0), c.path(1), c.dirfd(2), c.path(3), xflags(c.u[4] & 0xffffffffn, 'AT_???', c.style, X.at_flags)]),
  symlink: (c) => atEntry([c.path(0), c.path(1)]),
  symlinkat: (c) => atEntry([c.path(0), c.dirfd(1), c.path(2)]),
  chmod: (c) => atEntry([c.path(0), umode(c.u[1] & 0xffffn)]),
  fchmod: (c) => atEntry([c.fd(c.int(0)), umode(c.u[1] & 0xffffn)]),
  fchmodat: (c) => atEntry([c.dirfd(0), c.path(1), umode(c.u[2] & 0xffffn)]),
  chown: (c) => atEntry([c.path(0), uid(c.u[1]), uid(c.u[2])]),
  lchown: (c) => atEntry([c.path(0), uid(c.u[1]), uid(c.u[2])]),
  fchown: (c) => atEntry([c.fd(c.int(0)), uid(c.u[1]), uid(c.u[2])]),
  fchownat: (c) => atEntry([c.dirfd(0), c.path(1), uid(c.u[2]), uid(c.u[3]), xflags(c.u[4] & 0xffffffffn, 'AT_???', c.style, X.at_flags)]),
  umask: (c) => atEntry([umode(c.u[0] & 0xffffffffn)], 'o'), // mode_t, whole: umask(0107777)
  truncate: (c) => atEntry([c.path(0), c.sdec(c.long(1))]),
  ftruncate: (c) => atEntry([c.fd(c.int(0)), c.sdec(c.long(1))]),
  fsync: (c) => atEntry([c.fd(c.int(0))]),
  fdatasync: (c) => atEntry([c.fd(c.int(0))]),
  fadvise64: (c) => atEntry([c.fd(c.int(0)), c.sdec(c.long(1)), c.sdec(c.long(2)), xval(BigInt(c.int(3)), 'POSIX_FADV_???', { verbosity: c.style.verbosity, format: 'd' }, X.advise)]),
  copy_file_range: (c) => atEntry([c.fd(c.int(0)), offPtr(c, 1), c.fd(c.int(2)), offPtr(c, 3), c.udec(c.u[4]), c.hex(c.u[5] & 0xffffffffn)]),
  sendfile: (c) => split([c.fd(c.int(0)), c.fd(c.int(1))], [offPtrInOut(c, 2), c.udec(c.u[3])]),
  utimensat: (c) => atEntry([c.dirfd(0), c.path(1), raw('?'), xflags(c.u[3] & 0xffffffffn, 'AT_???', c.style, X.at_flags)]),
};

/** statx flags: the AT_STATX_SYNC_* type (printed even when 0), then the AT_* flags. */
function statxFlags(c: Ctx, flags: bigint): Decoded {
  const sync = 0x6000n;
  let text = sprintflagsEx(flags & sync, null, c.style, X.at_statx_sync_types).text;
  const rest = flags & ~sync;
  if (rest) text += '|' + sprintflagsEx(rest, null, c.style, X.at_flags).text;
  return { kind: 'flags', value: flags, names: text.split('|'), rest: 0n, text };
}

/** A uid/gid argument: -1 prints as -1. */
export function uid(v: bigint): Decoded {
  const x = BigInt.asUintN(32, v);
  return { kind: 'int', value: x, text: x === 0xffffffffn ? '-1' : x.toString() };
}

function statfsArg(c: Ctx, i: number): Decoded {
  const b = c.umove('exit', i, STATFS_SIZE);
  return isBuffer(b) ? printStatfs(c, b) : b;
}

function xattrVal(c: Ctx, i: number, insize: bigint, size: bigint | null, phase: 'entry' | 'exit' = 'exit'): Decoded[] {
  let v: Decoded;
  const s = size === null ? -1n : BigInt.asUintN(64, size);
  if (s > 65536n) v = c.addr(c.u[i]);
  else v = c.str(phase, i, s, QUOTE_OMIT_TRAILING_0);
  return [v, c.udec(insize)];
}

function xattrList(c: Ctx, i: number): Decoded[] {
  const size = c.u[i + 1];
  const v = size === 0n || c.failed || c.ret === null ? c.addr(c.u[i]) : c.str('exit', i, c.ret);
  return [v, c.udec(size)];
}

function offPtr(c: Ctx, i: number): Decoded {
  const b = c.umove('entry', i, 8);
  if (!isBuffer(b)) return b;
  return array([c.sdec(b.readBigInt64LE(0))]);
}

/** sendfile's offset, which it reads and advances: loff_t, or i386's 4-byte off_t. */
export function offPtrInOut(c: Ctx, i: number, size: 4 | 8 = 8): Decoded {
  const read = (b: Buffer): Decoded => c.sdec(size === 8 ? b.readBigInt64LE(0) : b.readInt32LE(0));
  const b = c.umove('entry', i, size);
  if (!isBuffer(b)) return b;
  // `before => after`, or `before` alone (a failure, or nothing sent): always a change, so that the
  // value is in the entry's text (an entry decoded before its exit is read, then resumed, prints it there)
  const before = array([read(b)]);
  if (c.failed || c.ret === 0n) return changed(before, null);
  const a = c.structMem('exit', i);
  if (!a || !a.data || a.data.length < size) return changed(before, null);
  return changed(before, array([read(a.data)]));
}

function pipeFds(c: Ctx): Decoded {
  const b = c.umove('exit', 0, 8);
  if (!isBuffer(b)) return b;
  return array([c.fd(b.readInt32LE(0), 'exit'), c.fd(b.readInt32LE(4), 'exit')]);
}

function getdents(c: Ctx): ReturnType<SyscallDecoder> {
  const count = c.u[2] & 0xffffffffn;
  const m = c.structMem('exit', 1);
  if (c.failed || c.ret === null || BigInt.asUintN(64, c.ret) > count || !m || m.data === null) {
    return split([c.fd(c.int(0))], [c.addr(c.u[1]), c.udec(count)]);
  }
  const is64 = c.row.name === 'getdents64';
  // linux_dirent64: u64 d_ino and d_off; the old linux_dirent: longs (4 bytes in an i386 call)
  const w = is64 ? 8 : c.word;
  const header = 2 * w + (is64 ? 3 : 2);
  const data = m.data;
  let len = Number(c.ret);
  let off = 0;
  let n = 0;
  const items: Decoded[] = [];
  let more = false;
  for (;;) {
    if (len < header) {
      if (c.opts.verbose && len) items.push(c.str('exit', 1, BigInt(len), QUOTE_FORCE_HEX));
      break;
    }
    if (off + header > data.length) {
      more = n > 0;
      break;
    }
    n++;
    let reclen = data.readUInt16LE(off + 2 * w);
    let next = 0;
    let nextOff = -1;
    if (reclen > len) reclen = len;
    else if (reclen < header) {
      reclen = header;
      next = len - header;
    } else {
      next = len - reclen;
      if (next) nextOff = off + reclen;
    }
    len = next;
    if (c.opts.verbose) items.push(dirent(c, data, off, is64, reclen - header));
    if (nextOff < 0) break;
    off = nextOff;
  }
  const buf: Decoded = c.opts.verbose
    ? n === 0 && !items.length ? { kind: 'raw', text: '[]' } : array(items, more)
    : { kind: 'comment', value: c.addr(c.u[1]), comment: `${n}${len ? '+' : ''} entries` };
  return split([c.fd(c.int(0))], [buf, c.udec(count)]);
}

function dirent(c: Ctx, data: Buffer, off: number, is64: boolean, nameLen: number): Decoded {
  const w = is64 ? 8 : c.word;
  const word = (o: number): bigint => (w === 8 ? data.readBigUInt64LE(o) : BigInt(data.readUInt32LE(o)));
  const fields: [string, Decoded][] = [
    ['d_ino', c.udec(word(off))],
    ['d_off', c.udec(word(off + w))],
    ['d_reclen', c.udec(data.readUInt16LE(off + 2 * w))],
  ];
  const dName = (at: number): void => {
    if (!nameLen) return;
    const n = Math.min(nameLen, 256);
    const name = data.subarray(at, at + n);
    const nul = name.indexOf(0);
    const s = nul >= 0 ? name.subarray(0, nul) : name;
    fields.push(['d_name', { kind: 'str', bytes: s, truncated: nul < 0, text: printPath(s, nul < 0, c.opts.hex) }]);
  };
  const dType = (at: number): void => void fields.push(['d_type', xval(BigInt(data[at]), 'DT_???', c.style, X.dirent_types)]);
  if (is64) {
    dType(off + 18);
    dName(off + 19);
  } else {
    // the old linux_dirent: the name, then the type in the record's last byte
    dName(off + 2 * w + 2);
    dType(off + data.readUInt16LE(off + 2 * w) - 1);
  }
  return struct(fields);
}

function fcntl(c: Ctx): ReturnType<SyscallDecoder> {
  const cmd = c.uint(1);
  const head = [c.fd(c.int(0)), xval(BigInt(cmd), 'F_???', c.style, X.fcntlcmds)];
  const exited = c.ret !== null && !c.failed;
  // i386's F_GETLK64, F_SETLK64 and F_SETLKW64 (x86_64's F_GETLK... take the 64-bit struct already)
  if (c.word === 4 && cmd >= 12 && cmd <= 14) return cmd === 12 ? split(head, [flock(c, 'exit', true)]) : atEntry([...head, flock(c, 'entry', false)]);
  switch (cmd) {
    case 2: // F_SETFD
      return atEntry([...head, xflags(c.u[2], 'FD_???', c.style, X.fdflags)]);
    case 8: // F_SETOWN
      return atEntry([...head, c.pidOrGroup(c.int(2))]);
    case 1031: // F_SETPIPE_SZ
      return atEntry([...head, c.sdec(c.long(2))]);
    case 0: // F_DUPFD
    case 1030: // F_DUPFD_CLOEXEC
      return atEntry([...head, c.sdec(c.long(2))], 'fd');
    case 4: // F_SETFL
      return atEntry([...head, openModes(c, c.u[2])]);
    case 6: // F_SETLK
    case 7: // F_SETLKW
    case 37: // F_OFD_SETLK
    case 38: // F_OFD_SETLKW
      return atEntry([...head, flock(c, 'entry', false)]);
    case 15: // F_SETOWN_EX
      return atEntry([...head, ownerEx(c, 'entry')]);
    case 1026: // F_NOTIFY
      return atEntry([...head, xflags(c.u[2], 'DN_???', c.style, X.notifyflags)]);
    case 1024: // F_SETLEASE
      return atEntry([...head, xval(c.u[2], 'F_???', c.style, X.lockfcmds)]);
    case 1033: // F_ADD_SEALS
      return atEntry([...head, xflags(c.u[2], 'F_SEAL_???', c.style, X.f_seals)]);
    case 10: // F_SETSIG
      return atEntry([...head, printSignal(c, c.int(2))]);
    case 9: // F_GETOWN
      return atEntry(head, 'tid');
    case 1032: // F_GETPIPE_SZ
      return atEntry(head);
    case 1: // F_GETFD
      if (!exited || c.ret === 0n) return split(head, []);
      return split(head, [], 'x', sprintflags('flags ', X.fdflags, c.ret!, '', { verbosity: c.style.verbosity }));
    case 3: // F_GETFL
      if (!exited) return split(head, []);
      return split(head, [], 'x', openModesText(c.ret!));
    case 5: // F_GETLK
    case 36: // F_OFD_GETLK
      return split(head, [flock(c, 'exit', true)]);
    case 16: // F_GETOWN_EX
      return split(head, [ownerEx(c, 'exit')]);
    case 1025: // F_GETLEASE
      if (!exited) return split(head, []);
      return split(head, [], 'x', sprintxval(c.ret!, null, { verbosity: 'abbrev' }, X.lockfcmds).name);
    case 1034: // F_GET_SEALS
      if (!exited || c.ret === 0n) return split(head, []);
      return split(head, [], 'x', sprintflags('seals ', X.f_seals, c.ret!, '', { verbosity: c.style.verbosity }));
    case 11: // F_GETSIG
      if (!exited || c.ret === 0n) return split(head, []);
      return split(head, [], undefined, signameOrNull(Number(c.ret)));
    default:
      return atEntry([...head, c.hex(c.u[2])]);
  }
}

function signameOrNull(sig: number): string | null {
  return signame(sig);
}

/** x86_64's struct flock (l_type and l_whence are the first two shorts in every layout). */
const flock64 = { size: 32, fields: { type: [0, 's32'], start: [8, 's64'], len: [16, 's64'], pid: [24, 's32'] } } as const;

/** The flock layout of an fcntl command: x86_64's, or i386's struct flock or flock64 (F_*LK64, F_OFD_*). */
function flockLayout(c: Ctx, cmd: number): typeof flock64 | typeof I386.flock {
  if (c.word === 8) return flock64;
  return cmd >= 12 ? I386.flock64 : I386.flock;
}

function flock(c: Ctx, phase: 'entry' | 'exit', getlk: boolean): Decoded {
  const l = flockLayout(c, c.uint(1));
  const b = c.umove(phase, 2, l.size);
  if (!isBuffer(b)) return b;
  const f = readLayout(b, l);
  const fields: [string, Decoded][] = [
    ['l_type', xval(BigInt(b.readInt16LE(0)), 'F_???', c.style, X.lockfcmds)],
    ['l_whence', xval(BigInt(b.readInt16LE(2)), 'SEEK_???', c.style, X.whence_codes)],
    ['l_start', c.sdec(f.start)],
    ['l_len', c.sdec(f.len)],
  ];
  if (getlk) fields.push(['l_pid', c.pid(Number(f.pid))]);
  return struct(fields);
}

/** print_f_owner_ex: F_OWNER_TID, F_OWNER_PID, F_OWNER_PGRP; an unknown type's pid as a number. */
const OWNER_PID_TYPES: Readonly<Record<number, PidType>> = { 0: 'tid', 1: 'tgid', 2: 'pgid' };

function ownerEx(c: Ctx, phase: 'entry' | 'exit'): Decoded {
  const b = c.umove(phase, 2, 8);
  if (!isBuffer(b)) return b;
  return struct([
    ['type', xval(BigInt(b.readInt32LE(0)), 'F_OWNER_???', c.style, X.f_owner_types)],
    ['pid', c.pid(b.readInt32LE(4), OWNER_PID_TYPES[b.readInt32LE(0)] ?? 'pgid')],
  ]);
}
