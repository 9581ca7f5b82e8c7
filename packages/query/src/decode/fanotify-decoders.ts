// fanotify (strace: fanotify.c): fanotify_init, fanotify_mark.

import type { SyscallDecoder } from './call.js';
import { atEntry } from './call.js';
import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { raw } from './decoded.js';
import { openModes } from './sys-fs.js';
import { sprintflagsEx, xflags, xlatTable, xvalText } from './xlat.js';

const T = {
  fan_classes: xlatTable([[0, 'FAN_CLASS_NOTIF'], [0x4, 'FAN_CLASS_CONTENT'], [0x8, 'FAN_CLASS_PRE_CONTENT']]),
  fan_init_flags: xlatTable([
    [0x1, 'FAN_CLOEXEC'], [0x2, 'FAN_NONBLOCK'], [0x10, 'FAN_UNLIMITED_QUEUE'], [0x20, 'FAN_UNLIMITED_MARKS'], [0x40, 'FAN_ENABLE_AUDIT'],
    [0x80, 'FAN_REPORT_PIDFD'], [0x100, 'FAN_REPORT_TID'], [0x200, 'FAN_REPORT_FID'], [0x400, 'FAN_REPORT_DIR_FID'], [0x800, 'FAN_REPORT_NAME'],
    [0x1000, 'FAN_REPORT_TARGET_FID'],
  ]),
  fan_mark_flags: xlatTable([
    [0x1, 'FAN_MARK_ADD'], [0x2, 'FAN_MARK_REMOVE'], [0x4, 'FAN_MARK_DONT_FOLLOW'], [0x8, 'FAN_MARK_ONLYDIR'], [0x10, 'FAN_MARK_MOUNT'],
    [0x20, 'FAN_MARK_IGNORED_MASK'], [0x40, 'FAN_MARK_IGNORED_SURV_MODIFY'], [0x80, 'FAN_MARK_FLUSH'], [0x100, 'FAN_MARK_FILESYSTEM'],
    [0x200, 'FAN_MARK_EVICTABLE'], [0x400, 'FAN_MARK_IGNORE'],
  ]),
  fan_event_flags: xlatTable([
    [0x1, 'FAN_ACCESS'], [0x2, 'FAN_MODIFY'], [0x4, 'FAN_ATTRIB'], [0x8, 'FAN_CLOSE_WRITE'], [0x10, 'FAN_CLOSE_NOWRITE'], [0x20, 'FAN_OPEN'],
    [0x40, 'FAN_MOVED_FROM'], [0x80, 'FAN_MOVED_TO'], [0x100, 'FAN_CREATE'], [0x200, 'FAN_DELETE'], [0x400, 'FAN_DELETE_SELF'],
    [0x800, 'FAN_MOVE_SELF'], [0x1000, 'FAN_OPEN_EXEC'], [0x4000, 'FAN_Q_OVERFLOW'], [0x8000, 'FAN_FS_ERROR'], [0x10000, 'FAN_OPEN_PERM'],
    [0x20000, 'FAN_ACCESS_PERM'], [0x40000, 'FAN_OPEN_EXEC_PERM'], [0x80000, 'FAN_DIR_MODIFY'], [0x40000000, 'FAN_ONDIR'],
    [0x8000000, 'FAN_EVENT_ON_CHILD'], [0x10000000, 'FAN_RENAME'],
  ]),
};

const FAN_ALL_CLASS_BITS = 0xcn;
const FAN_NOFD = -1;

/** fanotify_init's flags: the class (a value), then the flags. */
function initFlags(c: Ctx, v: bigint): Decoded {
  const cls = xvalText(v & FAN_ALL_CLASS_BITS, 'FAN_CLASS_???', c.style, T.fan_classes);
  const rest = v & ~FAN_ALL_CLASS_BITS;
  return raw(rest ? `${cls}|${sprintflagsEx(rest, 'FAN_???', c.style, T.fan_init_flags).text}` : cls);
}

function markDirfd(c: Ctx): Decoded {
  if (c.int(3) !== FAN_NOFD) return c.dirfd(3);
  const v = c.style.verbosity;
  return raw(v === 'raw' ? '-1' : v === 'verbose' ? '-1 /* FAN_NOFD */' : 'FAN_NOFD');
}

export const fanotifyDecoders: Record<string, SyscallDecoder> = {
  fanotify_init: (c) => atEntry([initFlags(c, c.u[0] & 0xffffffffn), openModes(c, c.u[1] & 0xffffffffn)], 'fd'),
  fanotify_mark: (c) =>
    atEntry([
      c.fd(c.int(0)),
      xflags(c.u[1] & 0xffffffffn, 'FAN_MARK_???', c.style, T.fan_mark_flags),
      xflags(c.u[2], 'FAN_???', c.style, T.fan_event_flags),
      markDirfd(c),
      c.path(4),
    ]),
};
