// Calls that name another process or its descriptors (strace: kcmp.c, pidfd_open.c,
// pidfd_getfd.c, signal.c's pidfd_send_signal, process_madvise in mem.c, unshare in clone.c).

import type { SyscallDecoder } from './call.js';
import { atEntry } from './call.js';
import type { Ctx } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { struct } from './decoded.js';
import { printSignal } from './signals.js';
import { siginfoArg } from './structs.js';
import { iovArg, readvLike } from './sys-io.js';
import { xflags, xlat as X, xlatTable, xval } from './xlat.js';

const T = {
  kcmp_types: xlatTable([
    [0, 'KCMP_FILE'], [1, 'KCMP_VM'], [2, 'KCMP_FILES'], [3, 'KCMP_FS'], [4, 'KCMP_SIGHAND'], [5, 'KCMP_IO'], [6, 'KCMP_SYSVSEM'],
    [7, 'KCMP_EPOLL_TFD'],
  ]),
  unshare_flags: xlatTable([
    [0x80, 'CLONE_NEWTIME'], [0x100, 'CLONE_VM'], [0x200, 'CLONE_FS'], [0x400, 'CLONE_FILES'], [0x800, 'CLONE_SIGHAND'],
    [0x10000, 'CLONE_THREAD'], [0x20000, 'CLONE_NEWNS'], [0x40000, 'CLONE_SYSVSEM'], [0x2000000, 'CLONE_NEWCGROUP'],
    [0x4000000, 'CLONE_NEWUTS'], [0x8000000, 'CLONE_NEWIPC'], [0x10000000, 'CLONE_NEWUSER'], [0x20000000, 'CLONE_NEWPID'],
    [0x40000000, 'CLONE_NEWNET'],
  ]),
};

const KCMP_FILE = 0, KCMP_EPOLL_TFD = 7;
const KCMP_NO_IDX = new Set([1, 2, 3, 4, 5, 6]);

function kcmp(c: Ctx): ReturnType<SyscallDecoder> {
  const type = c.int(2);
  const head = [c.pid(c.int(0)), c.pid(c.int(1)), xval(BigInt(type >>> 0), 'KCMP_???', c.style, T.kcmp_types)];
  if (KCMP_NO_IDX.has(type)) return atEntry(head);
  if (type === KCMP_FILE) return atEntry([...head, c.fd(Number(BigInt.asIntN(32, c.u[3]))), c.fd(Number(BigInt.asIntN(32, c.u[4])))]);
  if (type !== KCMP_EPOLL_TFD) return atEntry([...head, c.hex(c.u[3]), c.hex(c.u[4])]);
  const b = c.umove('entry', 4, 12);
  const slot: Decoded = isBuffer(b)
    ? struct([['efd', c.fd(b.readInt32LE(0))], ['tfd', c.fd(b.readInt32LE(4))], ['toff', c.udec(b.readUInt32LE(8))]])
    : b;
  return atEntry([...head, c.fd(Number(BigInt.asIntN(32, c.u[3]))), slot]);
}

/**
 * pidfd_getfd: the target fd is the other process's, printed with its path when the pidfd is
 * one. The recording knows only the caller's descriptors: the path shown is the caller's fd of
 * that number, right when a process takes a descriptor of its own.
 */
function pidfd_getfd(c: Ctx): ReturnType<SyscallDecoder> {
  const pidfd = c.fd(c.int(0));
  const isPidfd = pidfd.kind === 'int' && pidfd.text.endsWith('<anon_inode:[pidfd]>');
  return atEntry([pidfd, isPidfd ? c.fd(c.int(1)) : c.sdec(c.int(1)), c.hex(c.uint(2))], 'fd');
}

export const processDecoders: Record<string, SyscallDecoder> = {
  kcmp,
  pidfd_open: (c) => atEntry([c.pid(c.int(0)), xflags(c.u[1] & 0xffffffffn, 'PIDFD_???', c.style, X.pidfd_open_flags)], 'fd'),
  pidfd_getfd,
  pidfd_send_signal: (c) => atEntry([c.fd(c.int(0)), printSignal(c, c.int(1)), siginfoArg(c, 'entry', 2), c.hex(c.u[3] & 0xffffffffn)]),
  process_madvise: (c) =>
    atEntry([c.fd(c.int(0)), iovArg(c, 'entry', 1, 2, null, false), c.udec(c.u[2]), xval(c.u[3] & 0xffffffffn, 'MADV_???', c.style, X.madvise_cmds), c.hex(c.uint(4))]),
  process_vm_readv: (c) => {
    const r = readvLike(c, (c) => [iovArg(c, 'entry', 3, 4, null, false), c.udec(c.u[4]), c.udec(c.u[5])]);
    return { ...r, args: [c.pid(c.int(0)), ...r.args.slice(1)] };
  },
  process_vm_writev: (c) =>
    atEntry([c.pid(c.int(0)), iovArg(c, 'entry', 1, 2, null), c.udec(c.u[2]), iovArg(c, 'entry', 3, 4, null, false), c.udec(c.u[4]), c.udec(c.u[5])]),
  process_mrelease: (c) => atEntry([c.fd(c.int(0)), c.hex(c.uint(1))]),
  unshare: (c) => atEntry([xflags(c.u[0] & 0xffffffffn, 'CLONE_???', c.style, T.unshare_flags)]),
};
