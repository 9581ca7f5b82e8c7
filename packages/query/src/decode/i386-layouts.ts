// The i386 layouts of the structures i386 calls (int $0x80) take, as data: field name ->
// [offset, type]. Sizes and offsets are those of the kernel's compat (i386) ABI, where long
// and pointers are 4 bytes (arch/x86/include/uapi/asm/stat.h, statfs.h, signal.h...); the
// recorder's capture table for i386 calls (captureTableI386) reads these sizes.

export type FieldType = 'u16' | 'u32' | 's32' | 'u64' | 's64';

export interface Layout<K extends string> {
  readonly size: number;
  readonly fields: Readonly<Record<K, readonly [number, FieldType]>>;
}

const layout = <K extends string>(size: number, fields: Record<K, readonly [number, FieldType]>): Layout<K> => ({ size, fields });

/** struct stat64 (packed). */
export const stat64 = layout(96, {
  dev: [0, 'u64'], mode: [16, 'u32'], nlink: [20, 'u32'], uid: [24, 'u32'], gid: [28, 'u32'], rdev: [32, 'u64'], size: [44, 's64'],
  blksize: [52, 'u32'], blocks: [56, 'u64'], atime: [64, 'u32'], atime_nsec: [68, 'u32'], mtime: [72, 'u32'], mtime_nsec: [76, 'u32'],
  ctime: [80, 'u32'], ctime_nsec: [84, 'u32'], ino: [88, 'u64'],
});

/** The old struct stat of stat, lstat and fstat. */
export const oldStat = layout(64, {
  dev: [0, 'u32'], ino: [4, 'u32'], mode: [8, 'u16'], nlink: [10, 'u16'], uid: [12, 'u16'], gid: [14, 'u16'], rdev: [16, 'u32'], size: [20, 'u32'],
  blksize: [24, 'u32'], blocks: [28, 'u32'], atime: [32, 'u32'], atime_nsec: [36, 'u32'], mtime: [40, 'u32'], mtime_nsec: [44, 'u32'],
  ctime: [48, 'u32'], ctime_nsec: [52, 'u32'],
});

const statfsFields = ['type', 'bsize', 'blocks', 'bfree', 'bavail', 'files', 'ffree', 'fsid0', 'fsid1', 'namelen', 'frsize', 'flags'] as const;
type StatfsKey = (typeof statfsFields)[number];

/** struct statfs: thirteen 4-byte words and spares. */
export const statfs = layout<StatfsKey>(64, {
  type: [0, 'u32'], bsize: [4, 'u32'], blocks: [8, 'u32'], bfree: [12, 'u32'], bavail: [16, 'u32'], files: [20, 'u32'], ffree: [24, 'u32'],
  fsid0: [28, 'u32'], fsid1: [32, 'u32'], namelen: [36, 'u32'], frsize: [40, 'u32'], flags: [44, 'u32'],
});

/** struct statfs64 (packed to 4 bytes): its block and file counts are u64. */
export const statfs64 = layout<StatfsKey>(84, {
  type: [0, 'u32'], bsize: [4, 'u32'], blocks: [8, 'u64'], bfree: [16, 'u64'], bavail: [24, 'u64'], files: [32, 'u64'], ffree: [40, 'u64'],
  fsid0: [48, 'u32'], fsid1: [52, 'u32'], namelen: [56, 'u32'], frsize: [60, 'u32'], flags: [64, 'u32'],
});

/** struct rlimit of two unsigned longs. */
export const rlimit = layout(8, { cur: [0, 'u32'], max: [4, 'u32'] });

/** old_timespec32 and the old struct timeval. */
export const timespec32 = layout(8, { sec: [0, 's32'], nsec: [4, 's32'] });

/** The kernel's struct sigaction of rt_sigaction, and the old one of sigaction (a 4-byte mask). */
export const rtSigaction = layout(20, { handler: [0, 'u32'], flags: [4, 'u32'], restorer: [8, 'u32'], mask: [12, 'u64'] });
export const oldSigaction = layout(16, { handler: [0, 'u32'], mask: [4, 'u32'], flags: [8, 'u32'], restorer: [12, 'u32'] });

/** struct itimerval and old_itimerspec32: two pairs of 4-byte seconds and micro- or nanoseconds. */
export const itimer32 = layout(16, { intervalSec: [0, 's32'], intervalPart: [4, 's32'], valueSec: [8, 's32'], valuePart: [12, 's32'] });

/** stack_t. */
export const stack = layout(12, { sp: [0, 'u32'], flags: [4, 's32'], size: [8, 'u32'] });

/** struct rusage: two old timevals, then fourteen longs from offset 16. */
export const rusageTimes = layout(16, { utimeSec: [0, 's32'], utimeUsec: [4, 's32'], stimeSec: [8, 's32'], stimeUsec: [12, 's32'] });
export const RUSAGE_SIZE = 72;

/** struct flock (fcntl's F_GETLK, F_SETLK, F_SETLKW) and the packed struct flock64 (F_*LK64, F_OFD_*). */
export const flock = layout(16, { type: [0, 's32'], start: [4, 's32'], len: [8, 's32'], pid: [12, 's32'] });
export const flock64 = layout(24, { type: [0, 's32'], start: [4, 's64'], len: [12, 's64'], pid: [20, 's32'] });

/** struct user_desc of set_thread_area and get_thread_area: the flags are bits of the last word. */
export const userDesc = layout(16, { entry: [0, 'u32'], base: [4, 'u32'], limit: [8, 'u32'], flags: [12, 'u32'] });

/** struct sysinfo. */
export const sysinfo = layout(64, {
  uptime: [0, 's32'], load0: [4, 'u32'], load1: [8, 'u32'], load2: [12, 'u32'], totalram: [16, 'u32'], freeram: [20, 'u32'], sharedram: [24, 'u32'],
  bufferram: [28, 'u32'], totalswap: [32, 'u32'], freeswap: [36, 'u32'], procs: [40, 'u16'], totalhigh: [44, 'u32'], freehigh: [48, 'u32'], mem_unit: [52, 'u32'],
});

/** old_mmap's struct mmap_arg_struct. */
export const mmapArgs = layout(24, { addr: [0, 'u32'], len: [4, 'u32'], prot: [8, 'u32'], flags: [12, 'u32'], fd: [16, 's32'], offset: [20, 'u32'] });

const readers: Readonly<Record<FieldType, (b: Buffer, off: number) => bigint>> = {
  u16: (b, o) => BigInt(b.readUInt16LE(o)),
  u32: (b, o) => BigInt(b.readUInt32LE(o)),
  s32: (b, o) => BigInt(b.readInt32LE(o)),
  u64: (b, o) => b.readBigUInt64LE(o),
  s64: (b, o) => b.readBigInt64LE(o),
};

/** The fields of `l` read from `b` (at least l.size bytes). */
export function readLayout<K extends string>(b: Buffer, l: Layout<K>): Record<K, bigint> {
  const out = {} as Record<K, bigint>;
  for (const k of Object.keys(l.fields) as K[]) {
    const [off, type] = l.fields[k];
    out[k] = readers[type](b, off);
  }
  return out;
}
