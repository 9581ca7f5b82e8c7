// POSIX timers and the rest of time (strace: time.c, sigev_thread_id.c): timer_create,
// timer_settime, timer_gettime, timer_getoverrun, timer_delete, settimeofday, epoll_pwait2's
// timespec.

import type { SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, ptr, struct } from './decoded.js';
import { printSignal, sigsetArg } from './signals.js';
import { timespecArg, timeval } from './structs.js';
import { clockid, itimerspec } from './sys-io.js';
import { epollEvents } from './sys-other.js';
import { xflags, xlatTable, xval } from './xlat.js';

const T = {
  sigev_value: xlatTable([[0, 'SIGEV_SIGNAL'], [1, 'SIGEV_NONE'], [2, 'SIGEV_THREAD'], [4, 'SIGEV_THREAD_ID']]),
  timer_flags: xlatTable([[0x1, 'TIMER_ABSTIME']]),
};

const SIGEV_SIGNAL = 0, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4;

/** struct sigevent (64 bytes): the value when it is not 0, the signal by name where the notification sends one. */
export function sigevent(c: Ctx, i: number): Decoded {
  const b = c.umove('entry', i, 64);
  if (!isBuffer(b)) return b;
  const notify = b.readInt32LE(12);
  const signo = b.readInt32LE(8);
  const f: [string, Decoded][] = [];
  const v = b.readBigUInt64LE(0);
  if (v !== 0n) f.push(['sigev_value', struct([['sival_int', c.sdec(b.readInt32LE(0))], ['sival_ptr', ptr(v)]])]);
  const sends = notify === SIGEV_SIGNAL || notify === SIGEV_THREAD || notify === SIGEV_THREAD_ID;
  f.push(['sigev_signo', sends ? printSignal(c, signo) : c.sdec(signo)]);
  f.push(['sigev_notify', xval(BigInt(notify >>> 0), 'SIGEV_???', c.style, T.sigev_value)]);
  if (notify === SIGEV_THREAD_ID) f.push(['sigev_notify_thread_id', c.sdec(b.readInt32LE(16))]);
  else if (notify === SIGEV_THREAD) f.push(['sigev_notify_function', ptr(b.readBigUInt64LE(16))], ['sigev_notify_attributes', ptr(b.readBigUInt64LE(24))]);
  return struct(f);
}

function timerId(c: Ctx): Decoded {
  const b = c.umove('exit', 2, 4);
  return isBuffer(b) ? array([c.sdec(b.readInt32LE(0))]) : b;
}

/** settimeofday's struct timezone. */
function timezone(c: Ctx): Decoded {
  const b = c.umove('entry', 1, 8);
  return isBuffer(b) ? struct([['tz_minuteswest', c.sdec(b.readInt32LE(0))], ['tz_dsttime', c.sdec(b.readInt32LE(4))]]) : b;
}

export const timersDecoders: Record<string, SyscallDecoder> = {
  timer_create: (c) => split([clockid(c, 0), sigevent(c, 1)], [timerId(c)]),
  timer_settime: (c) =>
    split([c.sdec(c.int(0)), xflags(c.u[1] & 0xffffffffn, 'TIMER_???', c.style, T.timer_flags), itimerspec(c, 'entry', 2)], [itimerspec(c, 'exit', 3)]),
  timer_gettime: (c) => split([c.sdec(c.int(0))], [itimerspec(c, 'exit', 1)]),
  timer_getoverrun: (c) => atEntry([c.sdec(c.int(0))]),
  timer_delete: (c) => atEntry([c.sdec(c.int(0))]),
  settimeofday: (c) => {
    const tv = c.umove('entry', 0, 16);
    return atEntry([isBuffer(tv) ? timeval(tv) : tv, timezone(c)]);
  },
  epoll_pwait2: (c) =>
    split([c.fd(c.int(0))], [epollEvents(c), c.sdec(c.int(2)), timespecArg(c, 'entry', 3), sigsetArg(c, c.failed ? 'exit' : 'entry', 4, c.u[5]), c.udec(c.u[5])]),
};
