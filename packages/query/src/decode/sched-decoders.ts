// Priorities and scheduling parameters (strace: priority.c, sched.c, ioprio.c): getpriority,
// setpriority, sched_getparam, sched_setparam, sched_setscheduler, sched_rr_get_interval,
// sched_setattr, sched_getattr, ioprio_get, ioprio_set.

import type { SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx, Phase } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, raw, struct } from './decoded.js';
import { timespecArg } from './structs.js';
import { sprintxval, xflags, xlatTable, xval } from './xlat.js';
import { xlat as X } from './xlat.js';

const T = {
  priorities: xlatTable([[0, 'PRIO_PROCESS'], [1, 'PRIO_PGRP'], [2, 'PRIO_USER']]),
  ioprio_who: xlatTable([[1, 'IOPRIO_WHO_PROCESS'], [2, 'IOPRIO_WHO_PGRP'], [3, 'IOPRIO_WHO_USER']]),
  ioprio_class: xlatTable([[0, 'IOPRIO_CLASS_NONE'], [1, 'IOPRIO_CLASS_RT'], [2, 'IOPRIO_CLASS_BE'], [3, 'IOPRIO_CLASS_IDLE']]),
  sched_flags_attr: xlatTable([
    [0x1, 'SCHED_FLAG_RESET_ON_FORK'], [0x2, 'SCHED_FLAG_RECLAIM'], [0x4, 'SCHED_FLAG_DL_OVERRUN'], [0x8, 'SCHED_FLAG_KEEP_POLICY'],
    [0x10, 'SCHED_FLAG_KEEP_PARAMS'], [0x20, 'SCHED_FLAG_UTIL_CLAMP_MIN'], [0x40, 'SCHED_FLAG_UTIL_CLAMP_MAX'],
  ]),
};

/** SCHED_ATTR_SIZE_VER0 and VER1: without and with the utilization clamps. */
const SCHED_ATTR_VER0 = 48, SCHED_ATTR_VER1 = 56;

/**
 * struct sched_attr: sched_setattr's as long as its size field says (0: VER0), sched_getattr's
 * as long as the call's size argument; ", ..." for what is beyond what strace knows.
 */
function schedAttr(c: Ctx, phase: Phase, usize: number | null): Decoded {
  const b = c.umove(phase, 1, 4);
  if (!isBuffer(b)) return b;
  const own = b.readUInt32LE(0);
  const want = usize ?? (own === 0 ? SCHED_ATTR_VER0 : own);
  const size = Math.min(want, SCHED_ATTR_VER1);
  const full = size >= SCHED_ATTR_VER0 ? c.umove(phase, 1, size) : b;
  if (!isBuffer(full)) return full;
  const f: [string, Decoded][] = [['size', c.udec(own)]];
  if (size >= SCHED_ATTR_VER0) {
    f.push(
      ['sched_policy', xval(BigInt(full.readUInt32LE(4)), 'SCHED_???', c.style, X.schedulers)],
      ['sched_flags', xflags(full.readBigUInt64LE(8), 'SCHED_FLAG_???', c.style, T.sched_flags_attr)],
      ['sched_nice', c.sdec(full.readInt32LE(16))], ['sched_priority', c.udec(full.readUInt32LE(20))],
      ['sched_runtime', c.udec(full.readBigUInt64LE(24))], ['sched_deadline', c.udec(full.readBigUInt64LE(32))], ['sched_period', c.udec(full.readBigUInt64LE(40))],
    );
  }
  if (size >= SCHED_ATTR_VER1) f.push(['sched_util_min', c.udec(full.readUInt32LE(48))], ['sched_util_max', c.udec(full.readUInt32LE(52))]);
  return struct(f, (usize === null ? want : own) > size);
}

const IOPRIO_CLASS_SHIFT = 13;
const IOPRIO_PRIO_MASK = (1 << IOPRIO_CLASS_SHIFT) - 1;

/** sprint_ioprio: IOPRIO_PRIO_VALUE(class, data). */
export function ioprioText(c: Ctx, v: number): string {
  const cls = sprintxval(BigInt(v >>> IOPRIO_CLASS_SHIFT), 'IOPRIO_CLASS_???', c.style, T.ioprio_class).text;
  return `IOPRIO_PRIO_VALUE(${cls}, ${v & IOPRIO_PRIO_MASK})`;
}

/** An ioprio argument: the number under -X raw, IOPRIO_PRIO_VALUE(...) otherwise. */
function ioprio(c: Ctx, v: number): Decoded {
  const verb = c.style.verbosity;
  return raw(verb === 'raw' ? String(v) : verb === 'verbose' ? `${v} /* ${ioprioText(c, v)} */` : ioprioText(c, v));
}

/** A struct sched_param: [sched_priority]. */
function schedParam(c: Ctx, phase: Phase, i: number): Decoded {
  const b = c.umove(phase, i, 4);
  return isBuffer(b) ? array([c.sdec(b.readInt32LE(0))]) : b;
}

const which = (c: Ctx, i: number): Decoded => xval(c.u[i] & 0xffffffffn, 'PRIO_???', c.style, T.priorities);

/** getpriority's and setpriority's who: a process (PRIO_PROCESS), a process group (PRIO_PGRP) or a uid. */
function whoPid(c: Ctx, whichArg: number, i: number): Decoded {
  const which = c.uint(whichArg);
  return which === 0 ? c.pid(c.int(i)) : which === 1 ? c.pid(c.int(i), 'pgid') : c.sdec(c.int(i));
}

/** ioprio_get's and ioprio_set's who: a thread (IOPRIO_WHO_PROCESS), a process group (IOPRIO_WHO_PGRP) or a uid. */
function ioprioWho(c: Ctx): Decoded {
  const which = c.uint(0);
  return which === 1 ? c.pid(c.int(1), 'tid') : which === 2 ? c.pid(c.int(1), 'pgid') : c.sdec(c.int(1));
}

export const schedDecoders: Record<string, SyscallDecoder> = {
  getpriority: (c) => atEntry([which(c, 0), whoPid(c, 0, 1)]),
  setpriority: (c) => atEntry([which(c, 0), whoPid(c, 0, 1), c.sdec(c.int(2))]),
  sched_getparam: (c) => split([c.pid(c.int(0), 'tid')], [schedParam(c, 'exit', 1)]),
  sched_setparam: (c) => atEntry([c.pid(c.int(0), 'tid'), schedParam(c, 'entry', 1)]),
  sched_setscheduler: (c) => atEntry([c.pid(c.int(0), 'tid'), xval(c.u[1] & 0xffffffffn, 'SCHED_???', c.style, X.schedulers), schedParam(c, 'entry', 2)]),
  sched_rr_get_interval: (c) => split([c.pid(c.int(0), 'tid')], [timespecArg(c, 'exit', 1)]),
  sched_setattr: (c) => atEntry([c.pid(c.int(0), 'tid'), schedAttr(c, 'entry', null), c.udec(c.uint(2))]),
  sched_getattr: (c) => split([c.pid(c.int(0), 'tid')], [schedAttr(c, 'exit', c.uint(2)), c.udec(c.uint(2)), c.udec(c.uint(3))]),
  ioprio_get: (c) => {
    const args = [xval(c.u[0] & 0xffffffffn, 'IOPRIO_WHO_???', c.style, T.ioprio_who), ioprioWho(c)];
    return atEntry(args, undefined, c.failed || c.ret === null || c.style.verbosity === 'raw' ? undefined : ioprioText(c, Number(c.ret)));
  },
  ioprio_set: (c) => atEntry([xval(c.u[0] & 0xffffffffn, 'IOPRIO_WHO_???', c.style, T.ioprio_who), ioprioWho(c), ioprio(c, c.int(2))]),
};
