// File handles and disk quotas (strace: file_handle.c, quota.c): name_to_handle_at,
// open_by_handle_at, quotactl, quotactl_fd.

import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx, Phase } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, changed, ptr, raw, struct } from './decoded.js';
import { QUOTE_FORCE_HEX, stringQuote } from './quote.js';
import { openModes } from './sys-fs.js';
import { sprintxval, xflags, xlatTable, xval } from './xlat.js';

const T = {
  handle_flags: xlatTable([[0x400, 'AT_SYMLINK_FOLLOW'], [0x1000, 'AT_EMPTY_PATH']]),
  quotacmds: xlatTable([
    [0x800001, 'Q_SYNC'], [0x800002, 'Q_QUOTAON'], [0x800003, 'Q_QUOTAOFF'], [0x800004, 'Q_GETFMT'], [0x800005, 'Q_GETINFO'], [0x800006, 'Q_SETINFO'],
    [0x800007, 'Q_GETQUOTA'], [0x800008, 'Q_SETQUOTA'], [0x800009, 'Q_GETNEXTQUOTA'],
    [0x5801, 'Q_XQUOTAON'], [0x5802, 'Q_XQUOTAOFF'], [0x5803, 'Q_XGETQUOTA'], [0x5804, 'Q_XSETQLIM'], [0x5805, 'Q_XGETQSTAT'], [0x5806, 'Q_XQUOTARM'],
    [0x5807, 'Q_XQUOTASYNC'], [0x5808, 'Q_XGETQSTATV'], [0x5809, 'Q_XGETNEXTQUOTA'],
  ]),
  quotatypes: xlatTable([[0, 'USRQUOTA'], [1, 'GRPQUOTA'], [2, 'PRJQUOTA']]),
  quota_formats: xlatTable([[1, 'QFMT_VFS_OLD'], [2, 'QFMT_VFS_V0'], [3, 'QFMT_OCFS2'], [4, 'QFMT_VFS_V1']]),
  dqblk_valid: xlatTable([[0x1, 'QIF_BLIMITS'], [0x2, 'QIF_SPACE'], [0x4, 'QIF_ILIMITS'], [0x8, 'QIF_INODES'], [0x10, 'QIF_BTIME'], [0x20, 'QIF_ITIME']]),
  dqinfo_flags: xlatTable([[0x1, 'DQF_ROOT_SQUASH'], [0x10000, 'DQF_SYS_FILE']]),
  dqinfo_valid: xlatTable([[0x1, 'IIF_BGRACE'], [0x2, 'IIF_IGRACE'], [0x4, 'IIF_FLAGS']]),
};

const MAX_HANDLE_SZ = 128;
/** struct file_handle: handle_bytes, handle_type, then up to MAX_HANDLE_SZ bytes. */
export const FILE_HANDLE_SIZE = 8 + MAX_HANDLE_SZ;

const fHandle = (c: Ctx, b: Buffer, n: number): Decoded => raw(stringQuote(b.subarray(8, 8 + n), n, QUOTE_FORCE_HEX, c.opts.hex).text);

/** name_to_handle_at's handle: the size asked for at entry, what the kernel wrote at exit. */
function handleOut(c: Ctx): Decoded {
  const before = c.umove('entry', 2, 8);
  if (!isBuffer(before)) return before;
  const asked = before.readUInt32LE(0);
  const EOVERFLOW = -75n;
  const m = c.ret === null || (c.failed && c.ret !== EOVERFLOW) ? undefined : c.structMem('exit', 2);
  if (!m || !m.data || m.data.length < 8) return struct([['handle_bytes', c.udec(asked)]]);
  const got = m.data.readUInt32LE(0);
  const f: [string, Decoded][] = [['handle_bytes', got === asked ? c.udec(asked) : changed(c.udec(asked), c.udec(got))]];
  if (!c.failed && got <= MAX_HANDLE_SZ && m.data.length >= 8 + got) f.push(['handle_type', c.sdec(m.data.readInt32LE(4))], ['f_handle', fHandle(c, m.data, got)]);
  return struct(f);
}

function handleIn(c: Ctx): Decoded {
  const b = c.umove('entry', 1, 8);
  if (!isBuffer(b)) return b;
  const n = b.readUInt32LE(0);
  const f: [string, Decoded][] = [['handle_bytes', c.udec(n)], ['handle_type', c.sdec(b.readInt32LE(4))]];
  if (n <= MAX_HANDLE_SZ && b.length >= 8 + n) f.push(['f_handle', fHandle(c, b, n)]);
  return struct(f);
}

/** printnum_int of a mount id written at exit. */
function mountId(c: Ctx): Decoded {
  const b = c.umove('exit', 3, 4);
  return isBuffer(b) ? array([c.sdec(b.readInt32LE(0))]) : b;
}

// ---- quotactl ----

const Q = { SYNC: 0x800001, QUOTAON: 0x800002, QUOTAOFF: 0x800003, GETFMT: 0x800004, GETINFO: 0x800005, SETINFO: 0x800006, GETQUOTA: 0x800007, SETQUOTA: 0x800008, GETNEXTQUOTA: 0x800009 };

/** QCMD(cmd, type), or the number under -X raw, with it as a comment under -X verbose. */
function qcmd(c: Ctx, v: number): Decoded {
  const cmd = sprintxval(BigInt(v >>> 8), 'Q_???', { verbosity: 'abbrev' }, T.quotacmds).text;
  const type = sprintxval(BigInt(v & 0xff), '???QUOTA', { verbosity: 'abbrev' }, T.quotatypes).text;
  const text = `QCMD(${cmd}, ${type})`;
  const verb = c.style.verbosity;
  return raw(verb === 'raw' ? String(v >>> 0) : verb === 'verbose' ? `${v >>> 0} /* ${text} */` : text);
}

/** struct if_dqblk (72 bytes), if_nextdqblk (and dqb_id) for Q_GETNEXTQUOTA. */
function dqblk(c: Ctx, phase: Phase, i: number, next: boolean): Decoded {
  const b = c.umove(phase, i, next ? 80 : 72);
  if (!isBuffer(b)) return b;
  const names = ['dqb_bhardlimit', 'dqb_bsoftlimit', 'dqb_curspace', 'dqb_ihardlimit', 'dqb_isoftlimit', 'dqb_curinodes', 'dqb_btime', 'dqb_itime'];
  const f = names.map((n, k): [string, Decoded] => [n, c.udec(b.readBigUInt64LE(k * 8))]);
  if (!c.opts.verbose) return struct(f.slice(0, 6), true);
  f.push(['dqb_valid', xflags(BigInt(b.readUInt32LE(64)), 'QIF_???', c.style, T.dqblk_valid)]);
  if (next) f.push(['dqb_id', c.udec(b.readUInt32LE(68))]);
  return struct(f);
}

/** struct if_dqinfo (24 bytes). */
function dqinfo(c: Ctx, phase: Phase, i: number): Decoded {
  const b = c.umove(phase, i, 24);
  if (!isBuffer(b)) return b;
  return struct([
    ['dqi_bgrace', c.udec(b.readBigUInt64LE(0))], ['dqi_igrace', c.udec(b.readBigUInt64LE(8))],
    ['dqi_flags', xflags(BigInt(b.readUInt32LE(16)), 'DQF_???', c.style, T.dqinfo_flags)], ['dqi_valid', xflags(BigInt(b.readUInt32LE(20)), 'IIF_???', c.style, T.dqinfo_valid)],
  ]);
}

function fmt(c: Ctx, i: number): Decoded {
  const b = c.umove('exit', i, 4);
  return isBuffer(b) ? array([xval(BigInt(b.readUInt32LE(0)), 'QFMT_VFS_???', c.style, T.quota_formats)]) : b;
}

/** The command, the file system (special path or fd), then what the command takes: id at `id`, addr at id + 1. */
function quota(c: Ctx, cmdArg: number, fs: Decoded, id: number): CallDecoded {
  const v = c.uint(cmdArg);
  const lead = cmdArg === 0 ? [qcmd(c, v), fs] : [fs, qcmd(c, v)];
  const addr = id + 1;
  switch (v >>> 8) {
    case Q.SYNC:
    case Q.QUOTAOFF:
      return atEntry(lead);
    case Q.QUOTAON:
      return atEntry([...lead, xval(BigInt(c.uint(id)), 'QFMT_VFS_???', c.style, T.quota_formats), c.path(addr)]);
    case Q.GETFMT:
      return split(lead, [fmt(c, addr)]);
    case Q.GETINFO:
      return split(lead, [dqinfo(c, 'exit', addr)]);
    case Q.SETINFO:
      return atEntry([...lead, dqinfo(c, 'entry', addr)]);
    case Q.GETQUOTA:
      return split([...lead, c.sdec(c.int(id))], [dqblk(c, 'exit', addr, false)]);
    case Q.GETNEXTQUOTA:
      return split([...lead, c.sdec(c.int(id))], [dqblk(c, 'exit', addr, true)]);
    case Q.SETQUOTA:
      return atEntry([...lead, c.sdec(c.int(id)), dqblk(c, 'entry', addr, false)]);
    default:
      return atEntry([...lead, c.sdec(c.int(id)), ptr(c.u[addr])]);
  }
}

export const handleQuotaDecoders: Record<string, SyscallDecoder> = {
  name_to_handle_at: (c) => {
    const flags = xflags(c.u[4] & 0xffffffffn, 'AT_???', c.style, T.handle_flags);
    const h = c.umove('entry', 2, 8);
    if (!isBuffer(h)) return atEntry([c.dirfd(0), c.path(1), h, ptr(c.u[3]), flags]);
    return split([c.dirfd(0), c.path(1)], [handleOut(c), mountId(c), flags]);
  },
  // strace prints its descriptor as a number, even under -y
  open_by_handle_at: (c) => atEntry([c.fd(c.int(0)), handleIn(c), openModes(c, c.u[2])]),
  quotactl: (c) => quota(c, 0, c.path(1), 2),
  quotactl_fd: (c) => quota(c, 1, c.fd(c.int(0)), 2),
};
