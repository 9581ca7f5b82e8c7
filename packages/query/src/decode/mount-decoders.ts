// The mount API (strace: mount.c, umount.c, fsopen.c, fsconfig.c, fsmount.c, fspick.c,
// move_mount.c, mount_setattr.c): mount, umount2, fsopen, fsconfig, fsmount, fspick,
// move_mount, open_tree, mount_setattr.

import type { SyscallDecoder } from './call.js';
import { atEntry } from './call.js';
import type { Ctx } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { ptr, raw, struct } from './decoded.js';
import { nonzeroBytes } from './nonzero-bytes.js';
import { QUOTE_0_TERMINATED, QUOTE_FORCE_HEX } from './quote.js';
import { sprintflagsEx, xflags, xlatTable, xval } from './xlat.js';

// strace 6.1's xlat/*.in, in its order (the order decides how a flag set prints).
const T = {
  mount_flags: xlatTable([
    [0x1, 'MS_RDONLY'], [0x2, 'MS_NOSUID'], [0x4, 'MS_NODEV'], [0x8, 'MS_NOEXEC'], [0x10, 'MS_SYNCHRONOUS'], [0x20, 'MS_REMOUNT'],
    [0x40, 'MS_MANDLOCK'], [0x80, 'MS_DIRSYNC'], [0x100, 'MS_NOSYMFOLLOW'], [0x400, 'MS_NOATIME'], [0x800, 'MS_NODIRATIME'],
    [0x1000, 'MS_BIND'], [0x2000, 'MS_MOVE'], [0x4000, 'MS_REC'], [0x8000, 'MS_SILENT'], [0x10000, 'MS_POSIXACL'],
    [0x20000, 'MS_UNBINDABLE'], [0x40000, 'MS_PRIVATE'], [0x80000, 'MS_SLAVE'], [0x100000, 'MS_SHARED'], [0x200000, 'MS_RELATIME'],
    [0x400000, 'MS_KERNMOUNT'], [0x800000, 'MS_I_VERSION'], [0x1000000, 'MS_STRICTATIME'], [0x2000000, 'MS_LAZYTIME'],
    [0x4000000, 'MS_SUBMOUNT'], [0x8000000, 'MS_NOREMOTELOCK'], [0x10000000, 'MS_NOSEC'], [0x20000000, 'MS_BORN'],
    [0x40000000, 'MS_ACTIVE'], [0x80000000, 'MS_NOUSER'],
  ]),
  umount_flags: xlatTable([[0x1, 'MNT_FORCE'], [0x2, 'MNT_DETACH'], [0x4, 'MNT_EXPIRE'], [0x8, 'UMOUNT_NOFOLLOW']]),
  fsopen_flags: xlatTable([[0x1, 'FSOPEN_CLOEXEC']]),
  fsconfig_cmds: xlatTable([
    [0, 'FSCONFIG_SET_FLAG'], [1, 'FSCONFIG_SET_STRING'], [2, 'FSCONFIG_SET_BINARY'], [3, 'FSCONFIG_SET_PATH'],
    [4, 'FSCONFIG_SET_PATH_EMPTY'], [5, 'FSCONFIG_SET_FD'], [6, 'FSCONFIG_CMD_CREATE'], [7, 'FSCONFIG_CMD_RECONFIGURE'],
  ]),
  fsmount_flags: xlatTable([[0x1, 'FSMOUNT_CLOEXEC']]),
  mount_attr_flags: xlatTable([
    [0x1, 'MOUNT_ATTR_RDONLY'], [0x2, 'MOUNT_ATTR_NOSUID'], [0x4, 'MOUNT_ATTR_NODEV'], [0x8, 'MOUNT_ATTR_NOEXEC'],
    [0x10, 'MOUNT_ATTR_NOATIME'], [0x20, 'MOUNT_ATTR_STRICTATIME'], [0x80, 'MOUNT_ATTR_NODIRATIME'],
  ]),
  mount_attr_attr: xlatTable([
    [0x1, 'MOUNT_ATTR_RDONLY'], [0x2, 'MOUNT_ATTR_NOSUID'], [0x4, 'MOUNT_ATTR_NODEV'], [0x8, 'MOUNT_ATTR_NOEXEC'],
    [0x10, 'MOUNT_ATTR_NOATIME'], [0x20, 'MOUNT_ATTR_STRICTATIME'], [0x80, 'MOUNT_ATTR_NODIRATIME'], [0x100000, 'MOUNT_ATTR_IDMAP'],
    [0x200000, 'MOUNT_ATTR_NOSYMFOLLOW'],
  ]),
  mount_attr_propagation: xlatTable([[0x20000, 'MS_UNBINDABLE'], [0x40000, 'MS_PRIVATE'], [0x80000, 'MS_SLAVE'], [0x100000, 'MS_SHARED']]),
  move_mount_flags: xlatTable([
    [0x1, 'MOVE_MOUNT_F_SYMLINKS'], [0x2, 'MOVE_MOUNT_F_AUTOMOUNTS'], [0x4, 'MOVE_MOUNT_F_EMPTY_PATH'], [0x10, 'MOVE_MOUNT_T_SYMLINKS'],
    [0x20, 'MOVE_MOUNT_T_AUTOMOUNTS'], [0x40, 'MOVE_MOUNT_T_EMPTY_PATH'], [0x100, 'MOVE_MOUNT_SET_GROUP'],
  ]),
  fspick_flags: xlatTable([[0x1, 'FSPICK_CLOEXEC'], [0x2, 'FSPICK_SYMLINK_NOFOLLOW'], [0x4, 'FSPICK_NO_AUTOMOUNT'], [0x8, 'FSPICK_EMPTY_PATH']]),
  open_tree_flags: xlatTable([
    [0x1, 'OPEN_TREE_CLONE'], [0x80000, 'OPEN_TREE_CLOEXEC'], [0x100, 'AT_SYMLINK_NOFOLLOW'], [0x200, 'AT_REMOVEDIR'],
    [0x400, 'AT_SYMLINK_FOLLOW'], [0x800, 'AT_NO_AUTOMOUNT'], [0x1000, 'AT_EMPTY_PATH'], [0x8000, 'AT_RECURSIVE'],
  ]),
  mount_setattr_flags: xlatTable([[0x100, 'AT_SYMLINK_NOFOLLOW'], [0x800, 'AT_NO_AUTOMOUNT'], [0x1000, 'AT_EMPTY_PATH'], [0x8000, 'AT_RECURSIVE']]),
};

const MS_MGC_VAL = 0xc0ed0000n, MS_MGC_MSK = 0xffff0000n;
const MS_REMOUNT = 0x20n, MS_IGNORE_DATA = 0x1000n | 0x2000n | 0x100000n | 0x40000n | 0x80000n | 0x20000n;
const FSCONFIG_SET_FLAG = 0, FSCONFIG_SET_STRING = 1, FSCONFIG_SET_BINARY = 2, FSCONFIG_SET_PATH = 3, FSCONFIG_SET_PATH_EMPTY = 4, FSCONFIG_SET_FD = 5;
const MOUNT_ATTR_IDMAP = 0x100000n;
const MOUNT_ATTR_SIZE_VER0 = 32;

const flags32 = (c: Ctx, i: number, dflt: string, t: (typeof T)[keyof typeof T]): Decoded => xflags(c.u[i] & 0xffffffffn, dflt, c.style, t);

function mount(c: Ctx): ReturnType<SyscallDecoder> {
  let flags = c.u[3];
  const oldMagic = (flags & MS_MGC_MSK) === MS_MGC_VAL;
  if (oldMagic) flags &= ~MS_MGC_MSK;
  const ignoreType = (flags & MS_REMOUNT) !== 0n || (flags & MS_IGNORE_DATA) !== 0n;
  const ignoreData = (flags & MS_REMOUNT) === 0n && (flags & MS_IGNORE_DATA) !== 0n;
  let ftext = '';
  if (oldMagic) {
    const v = c.style.verbosity;
    ftext = v === 'raw' ? '0xc0ed0000' : v === 'verbose' ? '0xc0ed0000 /* MS_MGC_VAL */' : 'MS_MGC_VAL';
    if (flags) ftext += '|';
  }
  if (flags || !oldMagic) ftext += sprintflagsEx(flags, 'MS_???', c.style, T.mount_flags).text;
  return atEntry([
    c.path(0),
    c.path(1),
    ignoreType ? ptr(c.u[2]) : c.cstr('entry', 2),
    raw(ftext),
    ignoreData ? ptr(c.u[4]) : c.cstr('entry', 4),
  ]);
}

function fsconfig(c: Ctx): ReturnType<SyscallDecoder> {
  const cmd = c.uint(1);
  const aux = c.int(4);
  const keyed = cmd <= FSCONFIG_SET_FD;
  const key = keyed ? c.str('entry', 2, 256n, QUOTE_0_TERMINATED) : ptr(c.u[2]);
  let value: Decoded;
  if (cmd === FSCONFIG_SET_STRING) value = c.str('entry', 3, 256n, QUOTE_0_TERMINATED);
  else if (cmd === FSCONFIG_SET_PATH || cmd === FSCONFIG_SET_PATH_EMPTY) value = c.path(3);
  else if (cmd === FSCONFIG_SET_BINARY && aux >= 0 && aux <= 1 << 20) value = c.str('entry', 3, BigInt(aux), QUOTE_FORCE_HEX);
  else value = ptr(c.u[3]);
  const auxArg = cmd === FSCONFIG_SET_PATH || cmd === FSCONFIG_SET_PATH_EMPTY ? c.dirfd(4) : cmd === FSCONFIG_SET_FD ? c.fd(aux) : c.sdec(aux);
  void FSCONFIG_SET_FLAG;
  return atEntry([c.fd(c.int(0)), xval(BigInt(cmd), 'FSCONFIG_???', c.style, T.fsconfig_cmds), key, value, auxArg]);
}

/** print_mount_attr: struct mount_attr of `size` bytes. */
function mountAttr(c: Ctx, i: number, size: bigint): Decoded {
  if (size < BigInt(MOUNT_ATTR_SIZE_VER0)) return ptr(c.u[i]);
  const b = c.umove('entry', i, MOUNT_ATTR_SIZE_VER0);
  if (!isBuffer(b)) return b;
  const set = b.readBigUInt64LE(0), clr = b.readBigUInt64LE(8), userns = b.readBigUInt64LE(24);
  const f: [string | null, Decoded][] = [
    ['attr_set', xflags(set, 'MOUNT_ATTR_???', c.style, T.mount_attr_attr)],
    ['attr_clr', xflags(clr, 'MOUNT_ATTR_???', c.style, T.mount_attr_attr)],
    ['propagation', xval(b.readBigUInt64LE(16), 'MS_???', c.style, T.mount_attr_propagation)],
    ['userns_fd', userns > 0x7fffffffn || !((set | clr) & MOUNT_ATTR_IDMAP) ? c.udec(userns) : c.fd(Number(userns))],
  ];
  const extra = nonzeroBytes(c, b, MOUNT_ATTR_SIZE_VER0, size);
  if (extra) f.push([null, extra]);
  return struct(f);
}

export const mountDecoders: Record<string, SyscallDecoder> = {
  mount,
  umount2: (c) => atEntry([c.path(0), flags32(c, 1, 'MNT_???', T.umount_flags)]),
  fsopen: (c) => atEntry([c.cstr('entry', 0), flags32(c, 1, 'FSOPEN_???', T.fsopen_flags)], 'fd'),
  fsconfig,
  fsmount: (c) => atEntry([c.fd(c.int(0)), flags32(c, 1, 'FSMOUNT_???', T.fsmount_flags), flags32(c, 2, 'MOUNT_ATTR_???', T.mount_attr_flags)], 'fd'),
  fspick: (c) => atEntry([c.dirfd(0), c.path(1), flags32(c, 2, 'FSPICK_???', T.fspick_flags)], 'fd'),
  move_mount: (c) => atEntry([c.dirfd(0), c.path(1), c.dirfd(2), c.path(3), flags32(c, 4, 'MOVE_MOUNT_???', T.move_mount_flags)]),
  open_tree: (c) => atEntry([c.dirfd(0), c.path(1), flags32(c, 2, 'OPEN_TREE_???', T.open_tree_flags)], 'fd'),
  mount_setattr: (c) => atEntry([c.dirfd(0), c.path(1), flags32(c, 2, 'AT_???', T.mount_setattr_flags), mountAttr(c, 3, c.u[4]), c.udec(c.u[4])]),
};
