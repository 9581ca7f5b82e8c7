// Priorities and scheduling parameters (strace: priority.c, sched.c, ioprio.c): getpriority,
// setpriority, sched_getparam, sched_setparam, sched_setscheduler, sched_rr_get_interval,
// ioprio_get, ioprio_set.

import type { SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx, Phase } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, raw } from './decoded.js';
import { timespecArg } from './structs.js';
import { sprintxval, xlatTable, xval } from './xlat.js';
import { xlat as X } from './xlat.js';

const T = {
  priorities: xlatTable([[0, 'PRIO_PROCESS'], [1, 'PRIO_PGRP'], [2, 'PRIO_USER']]),
  ioprio_who: xlatTable([[1, 'IOPRIO_WHO_PROCESS'], [2, 'IOPRIO_WHO_PGRP'], [3, 'IOPRIO_WHO_USER']]),
  ioprio_class: xlatTable([[0, 'IOPRIO_CLASS_NONE'], [1, 'IOPRIO_CLASS_RT'], [2, 'IOPRIO_CLASS_BE'], [3, 'IOPRIO_CLASS_IDLE']]),
};

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

export const schedDecoders: Record<string, SyscallDecoder> = {
  getpriority: (c) => atEntry([which(c, 0), c.sdec(c.int(1))]),
  setpriority: (c) => atEntry([which(c, 0), c.sdec(c.int(1)), c.sdec(c.int(2))]),
  sched_getparam: (c) => split([c.sdec(c.int(0))], [schedParam(c, 'exit', 1)]),
  sched_setparam: (c) => atEntry([c.sdec(c.int(0)), schedParam(c, 'entry', 1)]),
  sched_setscheduler: (c) => atEntry([c.sdec(c.int(0)), xval(c.u[1] & 0xffffffffn, 'SCHED_???', c.style, X.schedulers), schedParam(c, 'entry', 2)]),
  sched_rr_get_interval: (c) => split([c.sdec(c.int(0))], [timespecArg(c, 'exit', 1)]),
  ioprio_get: (c) => {
    const args = [xval(c.u[0] & 0xffffffffn, 'IOPRIO_WHO_???', c.style, T.ioprio_who), c.sdec(c.int(1))];
    return atEntry(args, undefined, c.failed || c.ret === null || c.style.verbosity === 'raw' ? undefined : ioprioText(c, Number(c.ret)));
  },
  ioprio_set: (c) => atEntry([xval(c.u[0] & 0xffffffffn, 'IOPRIO_WHO_???', c.style, T.ioprio_who), c.sdec(c.int(1)), ioprio(c, c.int(2))]),
};
