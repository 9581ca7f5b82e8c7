// Small file and system calls (strace: open.c's openat2, utimes.c, acct, readahead.c, syslog.c,
// memfd_secret.c).

import type { SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, ptr, raw, struct } from './decoded.js';
import { nonzeroBytes } from './nonzero-bytes.js';
import { timeComment, timeval } from './structs.js';
import { openModes, umode } from './sys-fs.js';
import { sprintxval, xflags, xlatTable } from './xlat.js';

const T = {
  open_resolve_flags: xlatTable([
    [0x1, 'RESOLVE_NO_XDEV'], [0x2, 'RESOLVE_NO_MAGICLINKS'], [0x4, 'RESOLVE_NO_SYMLINKS'], [0x8, 'RESOLVE_BENEATH'],
    [0x10, 'RESOLVE_IN_ROOT'], [0x20, 'RESOLVE_CACHED'],
  ]),
  syslog_action_type: xlatTable([
    [0, 'SYSLOG_ACTION_CLOSE'], [1, 'SYSLOG_ACTION_OPEN'], [2, 'SYSLOG_ACTION_READ'], [3, 'SYSLOG_ACTION_READ_ALL'],
    [4, 'SYSLOG_ACTION_READ_CLEAR'], [5, 'SYSLOG_ACTION_CLEAR'], [6, 'SYSLOG_ACTION_CONSOLE_OFF'], [7, 'SYSLOG_ACTION_CONSOLE_ON'],
    [8, 'SYSLOG_ACTION_CONSOLE_LEVEL'], [9, 'SYSLOG_ACTION_SIZE_UNREAD'], [10, 'SYSLOG_ACTION_SIZE_BUFFER'],
  ]),
  syslog_console_levels: xlatTable([
    [0, 'LOGLEVEL_EMERG'], [1, 'LOGLEVEL_ALERT'], [2, 'LOGLEVEL_CRIT'], [3, 'LOGLEVEL_ERR'], [4, 'LOGLEVEL_WARNING'],
    [5, 'LOGLEVEL_NOTICE'], [6, 'LOGLEVEL_INFO'], [7, 'LOGLEVEL_DEBUG'], [8, 'LOGLEVEL_DEBUG+1'],
  ]),
  memfd_secret_flags: xlatTable([[0x80000, 'O_CLOEXEC']]),
};

const O_CREAT = 0o100n, O_TMPFILE = 0o20000000n;
const OPEN_HOW_SIZE_VER0 = 24;

/** print_open_how: struct open_how of `size` bytes. */
function openHow(c: Ctx, i: number, size: bigint): Decoded {
  if (size < BigInt(OPEN_HOW_SIZE_VER0)) return ptr(c.u[i]);
  const b = c.umove('entry', i, OPEN_HOW_SIZE_VER0);
  if (!isBuffer(b)) return b;
  const flags = b.readBigUInt64LE(0), mode = b.readBigUInt64LE(8);
  const f: [string | null, Decoded][] = [['flags', openModes(c, flags)]];
  if (flags & (O_CREAT | O_TMPFILE) || mode) f.push(['mode', umode(mode)]);
  f.push(['resolve', xflags(b.readBigUInt64LE(16), 'RESOLVE_???', c.style, T.open_resolve_flags)]);
  const extra = nonzeroBytes(c, b, OPEN_HOW_SIZE_VER0, size);
  if (extra) f.push([null, extra]);
  return struct(f);
}

/** print_timeval_utimes: utimes' and futimesat's pair of timevals, each with its date. */
function utimesPair(c: Ctx, i: number): Decoded {
  const b = c.umove('entry', i, 32);
  if (!isBuffer(b)) return b;
  const one = (o: number): Decoded => {
    const t = timeval(b, o);
    const date = timeComment(b.readBigInt64LE(o), b.readBigInt64LE(o + 8), 999999n, 6);
    return date === null ? t : { kind: 'comment', value: t, comment: date };
  };
  return array([one(0), one(16)]);
}

/** printxval_ex with XLAT_STYLE_VERBOSE | XLAT_STYLE_FMT_D, whatever -X says: "3 /* NAME *\/". */
const verboseD = (v: number, dflt: string, t: (typeof T)[keyof typeof T]): Decoded => raw(sprintxval(BigInt(v), dflt, { verbosity: 'verbose', format: 'd' }, t).text);

const SYSLOG_NO_BUF = new Set([0, 1, 5, 6, 7, 9, 10]);
const SYSLOG_READS = new Set([2, 3, 4]);
const SYSLOG_ACTION_CONSOLE_LEVEL = 8;

function syslog(c: Ctx): ReturnType<SyscallDecoder> {
  const type = c.int(0);
  const len = c.int(2);
  const head = [verboseD(type, 'SYSLOG_ACTION_???', T.syslog_action_type)];
  if (SYSLOG_NO_BUF.has(type)) return atEntry(head);
  if (SYSLOG_READS.has(type)) {
    const buf = c.failed || c.ret === null ? ptr(c.u[1]) : c.str('exit', 1, c.ret);
    return split(head, [buf, c.sdec(len)]);
  }
  const lenArg = type === SYSLOG_ACTION_CONSOLE_LEVEL ? verboseD(len, 'LOGLEVEL_???', T.syslog_console_levels) : c.sdec(len);
  return atEntry([...head, ptr(c.u[1]), lenArg]);
}

export const fileMiscDecoders: Record<string, SyscallDecoder> = {
  openat2: (c) => atEntry([c.dirfd(0), c.path(1), openHow(c, 2, c.u[3]), c.udec(c.u[3])], 'fd'),
  utimes: (c) => atEntry([c.path(0), utimesPair(c, 1)]),
  futimesat: (c) => atEntry([c.dirfd(0), c.path(1), utimesPair(c, 2)]),
  acct: (c) => atEntry([c.path(0)]),
  readahead: (c) => atEntry([c.fd(c.int(0)), c.sdec(c.long(1)), c.udec(c.u[2])]),
  syslog,
  memfd_secret: (c) => atEntry([xflags(c.u[0] & 0xffffffffn, '', c.style, T.memfd_secret_flags)], 'fd'),
};
