// Structure printers shared by several syscalls (strace: print_struct_stat.c, statx.c,
// print_statfs.c, print_timespec.c, printrusage.c, resource.c, sysinfo.c, uname.c...).

import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { array, ptr, struct } from './decoded.js';
import * as I386 from './i386-layouts.js';
import { readLayout } from './i386-layouts.js';
import { siginfo } from './signals.js';
import { siginfo32To64 } from './siginfo32.js';
import { localTime } from './time.js';
import type { XlatStyle } from './xlat.js';
import { sprintflagsEx, xflags, xlookup, xval } from './xlat.js';
import { xlat as X } from './xlat.js';

export const STAT_SIZE = 144;
export const STATX_SIZE = 256;
export const STATFS_SIZE = 120;

const u = (v: bigint | number): Decoded => ({ kind: 'int', value: BigInt(v), text: BigInt(v).toString() });
const hx = (v: bigint | number): Decoded => {
  const x = BigInt(v);
  return { kind: 'int', value: x, text: x === 0n ? '0' : `0x${x.toString(16)}` };
};
/** PRINT_VAL_ID: -1 for all-ones, unsigned otherwise. */
export const idVal = (v: number): Decoded => ({ kind: 'int', value: BigInt(v), text: v >>> 0 === 0xffffffff ? '-1' : String(v >>> 0) });

/** print_symbolic_mode_t. */
export function symbolicMode(mode: number, style: XlatStyle): Decoded {
  const S_IFMT = 0o170000;
  let ifmt: string | null = '';
  if (mode & S_IFMT) ifmt = xlookup(X.modetypes, BigInt(mode & S_IFMT));
  const oct = '0' + mode.toString(8).padStart(2, '0');
  let text = '';
  if (ifmt === null || style.verbosity !== 'abbrev') text += mode === 0 ? '000' : oct;
  if (ifmt !== null && style.verbosity !== 'raw') {
    const rest = mode & ~(S_IFMT | 0o4000 | 0o2000 | 0o1000);
    const s =
      `${ifmt}${ifmt ? '|' : ''}${mode & 0o4000 ? 'S_ISUID|' : ''}${mode & 0o2000 ? 'S_ISGID|' : ''}${mode & 0o1000 ? 'S_ISVTX|' : ''}` +
      (rest === 0 ? '000' : '0' + rest.toString(8).padStart(2, '0'));
    text += style.verbosity === 'abbrev' ? s : ` /* ${s} */`;
  }
  return { kind: 'raw', text };
}

/** print_dev_t: makedev(0x8, 0x1). */
export function devT(dev: bigint, style: XlatStyle): Decoded {
  let text = '';
  if (style.verbosity !== 'abbrev') text += dev === 0n ? '0' : `0x${dev.toString(16)}`;
  if (style.verbosity !== 'raw') {
    const major = Number(((dev >> 32n) & 0xfffff000n) | ((dev >> 8n) & 0xfffn));
    const minor = Number(((dev >> 12n) & 0xffffff00n) | (dev & 0xffn));
    const s = `makedev(${major === 0 ? '0' : '0x' + major.toString(16)}, ${minor === 0 ? '0' : '0x' + minor.toString(16)})`;
    text += style.verbosity === 'verbose' ? ` /* ${s} */` : s;
  }
  return { kind: 'raw', text };
}

/** sprinttime_nsec / sprinttime_usec as a comment after a value (null: no comment). */
export function timeComment(sec: bigint, part: bigint, max: bigint, width: number): string | null {
  if ((sec === 0n && part === 0n) || part > max || part < 0n) return null;
  return localTime(sec, part, width);
}

const withTime = (v: Decoded, sec: bigint, nsec: bigint, max = 999999999n, width = 9): Decoded => {
  const t = timeComment(sec, nsec, max, width);
  return t === null ? v : { kind: 'comment', value: v, comment: t };
};

/** A struct stat's fields, whatever its layout (strace's struct strace_stat). */
export interface StatFields {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly nlink: bigint;
  readonly mode: number;
  readonly uid: bigint;
  readonly gid: bigint;
  readonly rdev: bigint;
  readonly size: bigint;
  readonly blksize: bigint;
  readonly blocks: bigint;
  readonly atime: bigint;
  readonly atime_nsec: bigint;
  readonly mtime: bigint;
  readonly mtime_nsec: bigint;
  readonly ctime: bigint;
  readonly ctime_nsec: bigint;
}

/** print_struct_stat on x86_64's struct stat. */
export function printStructStat(c: Ctx, b: Buffer): Decoded {
  return printStat(c, {
    dev: b.readBigUInt64LE(0),
    ino: b.readBigUInt64LE(8),
    nlink: b.readBigUInt64LE(16),
    mode: b.readUInt32LE(24),
    uid: BigInt(b.readUInt32LE(28)),
    gid: BigInt(b.readUInt32LE(32)),
    rdev: b.readBigUInt64LE(40),
    size: BigInt.asUintN(64, b.readBigInt64LE(48)),
    blksize: BigInt.asUintN(64, b.readBigInt64LE(56)),
    blocks: BigInt.asUintN(64, b.readBigInt64LE(64)),
    atime: b.readBigInt64LE(72),
    atime_nsec: b.readBigUInt64LE(80),
    mtime: b.readBigInt64LE(88),
    mtime_nsec: b.readBigUInt64LE(96),
    ctime: b.readBigInt64LE(104),
    ctime_nsec: b.readBigUInt64LE(112),
  });
}

/** print_struct_stat. */
export function printStat(c: Ctx, st: StatFields): Decoded {
  const abbrev = !c.opts.verbose;
  const f: [string, Decoded][] = [];
  if (!abbrev) {
    f.push(['st_dev', devT(st.dev, c.style)], ['st_ino', u(st.ino)], ['st_mode', symbolicMode(st.mode, c.style)], ['st_nlink', u(st.nlink)]);
    f.push(['st_uid', u(st.uid)], ['st_gid', u(st.gid)], ['st_blksize', u(st.blksize)], ['st_blocks', u(st.blocks)]);
  } else {
    f.push(['st_mode', symbolicMode(st.mode, c.style)]);
  }
  const fmt = st.mode & 0o170000;
  if (fmt === 0o020000 || fmt === 0o060000) f.push(['st_rdev', devT(st.rdev, c.style)]);
  else f.push(['st_size', u(st.size)]);
  if (abbrev) return struct(f, true);
  for (const [name, sec, nsec] of [['atime', st.atime, st.atime_nsec], ['mtime', st.mtime, st.mtime_nsec], ['ctime', st.ctime, st.ctime_nsec]] as const) {
    f.push([`st_${name}`, withTime({ kind: 'int', value: sec, text: sec.toString() }, sec, nsec)]);
    f.push([`st_${name}_nsec`, u(nsec)]);
  }
  return struct(f);
}

const STATX_TYPE = 1, STATX_MODE = 2, STATX_NLINK = 4, STATX_UID = 8, STATX_GID = 0x10, STATX_ATIME = 0x20, STATX_MTIME = 0x40,
  STATX_CTIME = 0x80, STATX_INO = 0x100, STATX_SIZE_BIT = 0x200, STATX_BLOCKS = 0x400, STATX_BTIME = 0x800, STATX_MNT_ID = 0x1000,
  STATX_DIOALIGN = 0x2000;

export function printStatx(c: Ctx, b: Buffer): Decoded {
  const abbrev = !c.opts.verbose;
  const mask = b.readUInt32LE(0);
  const f: [string, Decoded][] = [['stx_mask', xflags(BigInt(mask), 'STATX_???', c.style, X.statx_masks)]];
  if (!abbrev) f.push(['stx_blksize', u(b.readUInt32LE(4))]);
  f.push(['stx_attributes', xflags(b.readBigUInt64LE(8), 'STATX_ATTR_???', c.style, X.statx_attrs)]);
  if (!abbrev) {
    if (mask & STATX_NLINK) f.push(['stx_nlink', u(b.readUInt32LE(16))]);
    if (mask & STATX_UID) f.push(['stx_uid', idVal(b.readUInt32LE(20))]);
    if (mask & STATX_GID) f.push(['stx_gid', idVal(b.readUInt32LE(24))]);
  }
  if (mask & (STATX_TYPE | STATX_MODE)) f.push(['stx_mode', symbolicMode(b.readUInt16LE(28), c.style)]);
  if (!abbrev && mask & STATX_INO) f.push(['stx_ino', u(b.readBigUInt64LE(32))]);
  if (mask & STATX_SIZE_BIT) f.push(['stx_size', u(b.readBigUInt64LE(40))]);
  if (abbrev) return struct(f, true);
  if (mask & STATX_BLOCKS) f.push(['stx_blocks', u(b.readBigUInt64LE(48))]);
  f.push(['stx_attributes_mask', xflags(b.readBigUInt64LE(56), 'STATX_ATTR_???', c.style, X.statx_attrs)]);
  const ts = (off: number): Decoded => {
    const sec = b.readBigInt64LE(off);
    const nsec = BigInt(b.readUInt32LE(off + 8));
    return withTime(struct([['tv_sec', { kind: 'int', value: sec, text: sec.toString() }], ['tv_nsec', u(nsec)]]), sec, nsec);
  };
  if (mask & STATX_ATIME) f.push(['stx_atime', ts(64)]);
  if (mask & STATX_BTIME) f.push(['stx_btime', ts(80)]);
  if (mask & STATX_CTIME) f.push(['stx_ctime', ts(96)]);
  if (mask & STATX_MTIME) f.push(['stx_mtime', ts(112)]);
  f.push(['stx_rdev_major', u(b.readUInt32LE(128))], ['stx_rdev_minor', u(b.readUInt32LE(132))]);
  f.push(['stx_dev_major', u(b.readUInt32LE(136))], ['stx_dev_minor', u(b.readUInt32LE(140))]);
  if (mask & STATX_MNT_ID) f.push(['stx_mnt_id', hx(b.readBigUInt64LE(144))]);
  if (mask & STATX_DIOALIGN) f.push(['stx_dio_mem_align', u(b.readUInt32LE(152))], ['stx_dio_offset_align', u(b.readUInt32LE(156))]);
  return struct(f);
}

/** A struct statfs's fields, whatever its layout. */
export interface StatfsFields {
  readonly type: bigint;
  readonly bsize: bigint;
  readonly blocks: bigint;
  readonly bfree: bigint;
  readonly bavail: bigint;
  readonly files: bigint;
  readonly ffree: bigint;
  readonly fsid0: number;
  readonly fsid1: number;
  readonly namelen: bigint;
  readonly frsize: bigint;
  readonly flags: bigint;
}

/** print_struct_statfs on x86_64's struct statfs. */
export function printStatfs(c: Ctx, b: Buffer): Decoded {
  const q = (off: number): bigint => b.readBigUInt64LE(off);
  return printStatfsFields(c, {
    type: BigInt.asUintN(64, b.readBigInt64LE(0)),
    bsize: q(8),
    blocks: q(16),
    bfree: q(24),
    bavail: q(32),
    files: q(40),
    ffree: q(48),
    fsid0: b.readUInt32LE(56),
    fsid1: b.readUInt32LE(60),
    namelen: q(64),
    frsize: q(72),
    flags: q(80),
  });
}

export function printStatfsFields(c: Ctx, s: StatfsFields): Decoded {
  const f: [string, Decoded][] = [
    ['f_type', xval(s.type, null, c.style, X.fsmagic)],
    ['f_bsize', u(s.bsize)],
    ['f_blocks', u(s.blocks)],
    ['f_bfree', u(s.bfree)],
    ['f_bavail', u(s.bavail)],
    ['f_files', u(s.files)],
    ['f_ffree', u(s.ffree)],
    ['f_fsid', struct([['val', array([hx(s.fsid0), hx(s.fsid1)])]])],
    ['f_namelen', u(s.namelen)],
    ['f_frsize', u(s.frsize)],
  ];
  if (s.flags & 0x20n) f.push(['f_flags', xflags(s.flags, 'ST_???', c.style, X.statfs_flags)]);
  return struct(f);
}

/** struct timespec {tv_sec, tv_nsec} (print_timespec64). */
export function timespec(b: Buffer, off = 0): Decoded {
  return struct([
    ['tv_sec', { kind: 'int', value: b.readBigInt64LE(off), text: b.readBigInt64LE(off).toString() }],
    ['tv_nsec', { kind: 'int', value: b.readBigInt64LE(off + 8), text: b.readBigInt64LE(off + 8).toString() }],
  ]);
}

/** struct timeval {tv_sec, tv_usec}. */
export function timeval(b: Buffer, off = 0): Decoded {
  return struct([
    ['tv_sec', { kind: 'int', value: b.readBigInt64LE(off), text: b.readBigInt64LE(off).toString() }],
    ['tv_usec', { kind: 'int', value: b.readBigInt64LE(off + 8), text: b.readBigInt64LE(off + 8).toString() }],
  ]);
}

/** A timespec argument (print_timespec64 at addr): umove_or_printaddr. */
export function timespecArg(c: Ctx, phase: 'entry' | 'exit', i: number): Decoded {
  const b = c.umove(phase, i, 16);
  return Buffer.isBuffer(b) ? timespec(b) : b;
}

/** print_rlim64_t: RLIM64_INFINITY, n*1024 when divisible by 1024, else n. */
export function rlim64(v: bigint, style: XlatStyle): Decoded {
  let str: string | null = null;
  if (v === 0xffffffffffffffffn) str = 'RLIM64_INFINITY';
  else if (v > 1024n && v % 1024n === 0n) str = `${v / 1024n}*1024`;
  let text = '';
  if (str === null || style.verbosity !== 'abbrev') text += v.toString();
  if (str !== null && style.verbosity !== 'raw') text += style.verbosity === 'verbose' ? ` /* ${str} */` : str;
  return { kind: 'int', value: v, text };
}

export function rlimit64(b: Buffer, style: XlatStyle): Decoded {
  return struct([
    ['rlim_cur', rlim64(b.readBigUInt64LE(0), style)],
    ['rlim_max', rlim64(b.readBigUInt64LE(8), style)],
  ]);
}

/** printrusage. */
export function rusage(c: Ctx, b: Buffer): Decoded {
  return printRusage(c, timeval(b, 0), timeval(b, 16), RUSAGE_LONGS.map((_, i) => b.readBigUInt64LE(32 + i * 8)));
}

const RUSAGE_LONGS = ['ru_maxrss', 'ru_ixrss', 'ru_idrss', 'ru_isrss', 'ru_minflt', 'ru_majflt', 'ru_nswap', 'ru_inblock', 'ru_oublock', 'ru_msgsnd', 'ru_msgrcv', 'ru_nsignals', 'ru_nvcsw', 'ru_nivcsw'];

/** printrusage of a struct rusage's two times and fourteen longs, whatever its layout. */
export function printRusage(c: Ctx, utime: Decoded, stime: Decoded, longs: readonly bigint[]): Decoded {
  const f: [string, Decoded][] = [['ru_utime', utime], ['ru_stime', stime]];
  if (!c.opts.verbose) return struct(f, true);
  RUSAGE_LONGS.forEach((n, i) => f.push([n, u(longs[i])]));
  return struct(f);
}

/** A struct rusage argument: x86_64's, or i386's (two old timevals and fourteen 4-byte longs). */
export function rusageArg(c: Ctx, phase: 'entry' | 'exit', i: number): Decoded {
  if (c.word === 8) {
    const b = c.umove(phase, i, 144);
    return Buffer.isBuffer(b) ? rusage(c, b) : b;
  }
  const b = c.umove(phase, i, I386.RUSAGE_SIZE);
  if (!Buffer.isBuffer(b)) return b;
  const t = readLayout(b, I386.rusageTimes);
  const tv = (sec: bigint, usec: bigint): Decoded => struct([['tv_sec', { kind: 'int', value: sec, text: sec.toString() }], ['tv_usec', { kind: 'int', value: usec, text: usec.toString() }]]);
  const longs = Array.from({ length: 14 }, (_, k) => BigInt(b.readUInt32LE(16 + k * 4)));
  return printRusage(c, tv(t.utimeSec, t.utimeUsec), tv(t.stimeSec, t.stimeUsec), longs);
}

/** A siginfo_t argument, in the call's ABI's layout. */
export function siginfoArg(c: Ctx, phase: 'entry' | 'exit', i: number): Decoded {
  const b = c.umove(phase, i, 128);
  if (!Buffer.isBuffer(b)) return b;
  return siginfo(c.word === 8 ? b : siginfo32To64(b), c.style, undefined, (p) => c.pid(p));
}

/** struct sysinfo. */
export function sysinfo(c: Ctx, b: Buffer): Decoded {
  return printSysinfo(c, readLayout(b, sysinfo64));
}

/** struct sysinfo: x86_64's, and i386's (4-byte longs). */
const sysinfo64 = {
  size: 112,
  fields: {
    uptime: [0, 's64'], load0: [8, 'u64'], load1: [16, 'u64'], load2: [24, 'u64'], totalram: [32, 'u64'], freeram: [40, 'u64'], sharedram: [48, 'u64'],
    bufferram: [56, 'u64'], totalswap: [64, 'u64'], freeswap: [72, 'u64'], procs: [80, 'u16'], totalhigh: [88, 'u64'], freehigh: [96, 'u64'], mem_unit: [104, 'u32'],
  },
} as const;

export function printSysinfo(c: Ctx, f: Record<keyof typeof sysinfo64.fields, bigint>): Decoded {
  // (an array prints -s elements at most, unless -v)
  const loads = [u(f.load0), u(f.load1), u(f.load2)];
  const shown = c.opts.verbose ? loads.length : Math.min(loads.length, c.opts.stringLimit);
  return struct([
    ['uptime', { kind: 'int', value: f.uptime, text: f.uptime.toString() }],
    ['loads', array(loads.slice(0, shown), shown < loads.length)],
    ['totalram', u(f.totalram)],
    ['freeram', u(f.freeram)],
    ['sharedram', u(f.sharedram)],
    ['bufferram', u(f.bufferram)],
    ['totalswap', u(f.totalswap)],
    ['freeswap', u(f.freeswap)],
    ['procs', u(f.procs)],
    ['totalhigh', u(f.totalhigh)],
    ['freehigh', u(f.freehigh)],
    ['mem_unit', u(f.mem_unit)],
  ]);
}

export { ptr, sprintflagsEx };
