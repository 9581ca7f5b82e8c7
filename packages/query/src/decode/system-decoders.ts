// System administration and other small calls (strace: hostname.c, swapon.c, reboot.c,
// ioperm.c, sync_file_range.c, mknod.c, utime.c, pivotroot.c, setns.c, mem.c's mlock2,
// membarrier.c, userfaultfd.c, inotify.c), and the calls strace itself prints as raw numbers.

import type { SyscallDecoder } from './call.js';
import { atEntry } from './call.js';
import type { Ctx } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { ptr, raw, struct } from './decoded.js';
import { devT, symbolicMode, timeComment } from './structs.js';
import { mmapFlags, printargs, prot } from './sys-other.js';
import { sprintflagsEx, xflags, xlatTable, xval } from './xlat.js';

const T = {
  swap_flags: xlatTable([[0x8000, 'SWAP_FLAG_PREFER'], [0x10000, 'SWAP_FLAG_DISCARD'], [0x20000, 'SWAP_FLAG_DISCARD_ONCE'], [0x40000, 'SWAP_FLAG_DISCARD_PAGES']]),
  bootflags1: xlatTable([[0xfee1dead, 'LINUX_REBOOT_MAGIC1']]),
  bootflags2: xlatTable([[672274793, 'LINUX_REBOOT_MAGIC2'], [85072278, 'LINUX_REBOOT_MAGIC2A'], [369367448, 'LINUX_REBOOT_MAGIC2B'], [537993216, 'LINUX_REBOOT_MAGIC2C']]),
  bootflags3: xlatTable([
    [0, 'LINUX_REBOOT_CMD_CAD_OFF'], [0x89abcdef, 'LINUX_REBOOT_CMD_CAD_ON'], [0xcdef0123, 'LINUX_REBOOT_CMD_HALT'], [0x45584543, 'LINUX_REBOOT_CMD_KEXEC'],
    [0x4321fedc, 'LINUX_REBOOT_CMD_POWER_OFF'], [0x1234567, 'LINUX_REBOOT_CMD_RESTART'], [0xa1b2c3d4, 'LINUX_REBOOT_CMD_RESTART2'],
    [0xd000fce2, 'LINUX_REBOOT_CMD_SW_SUSPEND'],
  ]),
  sync_file_range_flags: xlatTable([[0x1, 'SYNC_FILE_RANGE_WAIT_BEFORE'], [0x2, 'SYNC_FILE_RANGE_WRITE'], [0x4, 'SYNC_FILE_RANGE_WAIT_AFTER']]),
  setns_types: xlatTable([
    [0x80, 'CLONE_NEWTIME'], [0x20000, 'CLONE_NEWNS'], [0x2000000, 'CLONE_NEWCGROUP'], [0x4000000, 'CLONE_NEWUTS'], [0x8000000, 'CLONE_NEWIPC'],
    [0x10000000, 'CLONE_NEWUSER'], [0x20000000, 'CLONE_NEWPID'], [0x40000000, 'CLONE_NEWNET'],
  ]),
  mlock_flags: xlatTable([[0x1, 'MLOCK_ONFAULT']]),
  membarrier_cmds: xlatTable([
    [0, 'MEMBARRIER_CMD_QUERY'], [0x1, 'MEMBARRIER_CMD_GLOBAL'], [0x2, 'MEMBARRIER_CMD_GLOBAL_EXPEDITED'], [0x4, 'MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED'],
    [0x8, 'MEMBARRIER_CMD_PRIVATE_EXPEDITED'], [0x10, 'MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED'], [0x20, 'MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE'],
    [0x40, 'MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE'], [0x80, 'MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ'],
    [0x100, 'MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ'],
  ]),
  membarrier_flags: xlatTable([[0x1, 'MEMBARRIER_CMD_FLAG_CPU']]),
  uffd_flags: xlatTable([[0x800, 'O_NONBLOCK'], [0x80000, 'O_CLOEXEC'], [0x1, 'UFFD_USER_MODE_ONLY']]),
};

const SWAP_FLAG_PRIO_MASK = 0x7fffn;
const S_IFMT = 0o170000, S_IFCHR = 0o020000, S_IFBLK = 0o060000;
const LINUX_REBOOT_CMD_RESTART2 = 0xa1b2c3d4n;
const MEMBARRIER_CMD_QUERY = 0n;

const NEW_UTS_LEN = 64n;

/** sethostname, setdomainname: a name longer than the kernel takes is not read. */
function utsName(c: Ctx): ReturnType<SyscallDecoder> {
  const len = c.u[1] & 0xffffffffn;
  return atEntry([len > NEW_UTS_LEN ? ptr(c.u[0]) : c.str('entry', 0, len), c.udec(len)]);
}

function swapon(c: Ctx): ReturnType<SyscallDecoder> {
  const all = c.u[1] & 0xffffffffn;
  const flags = all & ~SWAP_FLAG_PRIO_MASK;
  const text = (flags ? sprintflagsEx(flags, 'SWAP_FLAG_???', c.style, T.swap_flags).text + '|' : '') + String(all & SWAP_FLAG_PRIO_MASK);
  return atEntry([c.path(0), raw(text)]);
}

function reboot(c: Ctx): ReturnType<SyscallDecoder> {
  const cmd = c.u[2] & 0xffffffffn;
  const args = [
    xval(c.u[0] & 0xffffffffn, 'LINUX_REBOOT_MAGIC_???', c.style, T.bootflags1),
    xval(c.u[1] & 0xffffffffn, 'LINUX_REBOOT_MAGIC_???', c.style, T.bootflags2),
    xval(cmd, 'LINUX_REBOOT_CMD_???', c.style, T.bootflags3),
  ];
  if (cmd === LINUX_REBOOT_CMD_RESTART2) args.push(c.cstr('entry', 3));
  return atEntry(args);
}

/** mknod's and mknodat's mode, and the device for a character or block special file. */
function mknodArgs(c: Ctx, i: number): Decoded[] {
  const mode = c.uint(i);
  const t = mode & S_IFMT;
  const out = [symbolicMode(mode, c.style)];
  if (t === S_IFCHR || t === S_IFBLK) out.push(devT(c.u[i + 1], c.style));
  return out;
}

/** struct utimbuf, each time with its date. */
function utimbuf(c: Ctx): Decoded {
  const b = c.umove('entry', 1, 16);
  if (!isBuffer(b)) return b;
  const t = (o: number): Decoded => {
    const sec = b.readBigInt64LE(o);
    const date = timeComment(sec, 0n, 0n, 0);
    const v = c.sdec(sec);
    return date === null ? v : { kind: 'comment', value: v, comment: date };
  };
  return struct([['actime', t(0)], ['modtime', t(8)]]);
}

function membarrier(c: Ctx): ReturnType<SyscallDecoder> {
  const cmd = c.u[0] & 0xffffffffn;
  const args = [xval(cmd, 'MEMBARRIER_CMD_???', c.style, T.membarrier_cmds), xflags(c.u[1] & 0xffffffffn, 'MEMBARRIER_CMD_FLAG_???', c.style, T.membarrier_flags)];
  if (cmd !== MEMBARRIER_CMD_QUERY || c.failed || c.ret === null) return atEntry(args);
  return { ...atEntry(args, 'x'), auxstr: sprintflagsEx(c.ret, null, c.style, T.membarrier_cmds).text || null };
}

/** strace 6.1 has no decoder for these either (its printargs): every argument in hex. */
const PRINTARGS = [
  'create_module', 'get_kernel_syms', 'query_module', 'nfsservctl', 'getpmsg', 'putpmsg', 'afs_syscall', 'tuxcall', 'security',
  'epoll_ctl_old', 'epoll_wait_old', 'vserver', 'sysfs', 'vhangup', 'sync',
];

export const systemDecoders: Record<string, SyscallDecoder> = {
  ...Object.fromEntries(PRINTARGS.map((n) => [n, printargs])),
  sethostname: utsName,
  setdomainname: utsName,
  swapon,
  swapoff: (c) => atEntry([c.path(0)]),
  reboot,
  iopl: (c) => atEntry([c.udec(c.uint(0))]),
  ioperm: (c) => atEntry([c.hex(c.u[0]), c.hex(c.u[1]), c.sdec(c.int(2))]),
  syncfs: (c) => atEntry([c.fd(c.int(0))]),
  sync_file_range: (c) =>
    atEntry([c.fd(c.int(0)), c.sdec(c.long(1)), c.sdec(c.long(2)), xflags(c.u[3] & 0xffffffffn, 'SYNC_FILE_RANGE_???', c.style, T.sync_file_range_flags)]),
  mknod: (c) => atEntry([c.path(0), ...mknodArgs(c, 1)]),
  mknodat: (c) => atEntry([c.dirfd(0), c.path(1), ...mknodArgs(c, 2)]),
  utime: (c) => atEntry([c.path(0), utimbuf(c)]),
  pivot_root: (c) => atEntry([c.path(0), c.path(1)]),
  setns: (c) => atEntry([c.fd(c.int(0)), xflags(c.u[1] & 0xffffffffn, 'CLONE_NEW???', c.style, T.setns_types)]),
  mlock2: (c) => atEntry([ptr(c.u[0]), c.udec(c.u[1]), xflags(c.u[2] & 0xffffffffn, 'MLOCK_???', c.style, T.mlock_flags)]),
  membarrier,
  userfaultfd: (c) => atEntry([xflags(c.u[0] & 0xffffffffn, '???', c.style, T.uffd_flags)], 'fd'),
  inotify_init: () => atEntry([], 'fd'),
  remap_file_pages: (c) => atEntry([ptr(c.u[0]), c.udec(c.u[1]), prot(c, c.u[2]), c.udec(c.u[3]), mmapFlags(c, c.u[4])]),
  lookup_dcookie: (c) => atEntry([c.udec(c.u[0]), ptr(c.u[1]), c.udec(c.u[2])]),
};
