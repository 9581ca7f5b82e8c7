// NUMA memory policy (strace: numa.c): set_mempolicy, get_mempolicy, mbind, move_pages,
// migrate_pages, set_mempolicy_home_node.

import type { SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx, Phase } from './context.js';
import type { Decoded } from './decoded.js';
import { array, ptr, raw } from './decoded.js';
import { errnoName } from '@tracedb/native';
import { printArray } from './sys-other.js';
import { sprintflagsEx, xflags, xlatTable, xlookup, xval } from './xlat.js';
import { isBuffer } from './context.js';

const T = {
  mpol_modes: xlatTable([
    [0, 'MPOL_DEFAULT'], [1, 'MPOL_PREFERRED'], [2, 'MPOL_BIND'], [3, 'MPOL_INTERLEAVE'], [4, 'MPOL_LOCAL'], [5, 'MPOL_PREFERRED_MANY'],
  ]),
  mpol_mode_flags: xlatTable([[0x8000, 'MPOL_F_STATIC_NODES'], [0x4000, 'MPOL_F_RELATIVE_NODES'], [0x2000, 'MPOL_F_NUMA_BALANCING']]),
  mbind_flags: xlatTable([[0x1, 'MPOL_MF_STRICT'], [0x2, 'MPOL_MF_MOVE'], [0x4, 'MPOL_MF_MOVE_ALL']]),
  get_mempolicy_flags: xlatTable([[0x1, 'MPOL_F_NODE'], [0x2, 'MPOL_F_ADDR'], [0x4, 'MPOL_F_MEMS_ALLOWED']]),
  move_pages_flags: xlatTable([[0x2, 'MPOL_MF_MOVE'], [0x4, 'MPOL_MF_MOVE_ALL']]),
};

const MODE_FLAGS = 0x8000n | 0x4000n | 0x2000n;

/** print_mode: a policy and its mode flags. */
function mode(c: Ctx, v: bigint): Decoded {
  const flags = v & MODE_FLAGS;
  const m = v & ~MODE_FLAGS;
  if (!flags) return xval(m, 'MPOL_???', c.style, T.mpol_modes);
  const name = xlookup(T.mpol_modes, m);
  if (name === null) return xflags(v, 'MPOL_F_???', c.style, T.mpol_mode_flags);
  const verb = c.style.verbosity;
  const hex = `0x${v.toString(16)}`;
  if (verb === 'raw') return raw(hex);
  const s = `${name}|${sprintflagsEx(flags, null, { verbosity: 'abbrev' }, T.mpol_mode_flags).text}`;
  return raw(verb === 'verbose' ? `${hex} /* ${s} */` : s);
}

/** print_nodemask: ceil((maxnode - 1) / 64) longs, each as %#018lx. */
function nodemask(c: Ctx, phase: Phase, i: number, maxnode: bigint): Decoded {
  const nmemb = (maxnode + 62n) / 64n;
  if (nmemb < maxnode / 64n || (maxnode && !nmemb)) return ptr(c.u[i]);
  return printArray(c, phase, i, nmemb, 8, (b, o) => {
    const v = b.readBigUInt64LE(o);
    return raw(v === 0n ? '0'.repeat(16) : '0x' + v.toString(16).padStart(14, '0'));
  });
}

/** move_pages' status: a node number or -ERRNO (print_err, in the -X style). */
function pageStatus(c: Ctx, v: number): Decoded {
  const name = v < 0 ? errnoName(-v) : null;
  if (name === null || name === `E${-v}`) return raw(String(v));
  const verb = c.style.verbosity;
  return raw(verb === 'raw' ? String(v) : verb === 'verbose' ? `${v} /* -${name} */` : `-${name}`);
}

function getMempolicy(c: Ctx): ReturnType<SyscallDecoder> {
  const m = c.umove('exit', 0, 4);
  const pol = isBuffer(m) ? array([xval(BigInt(m.readUInt32LE(0)), 'MPOL_???', c.style, T.mpol_modes)]) : m;
  return split([], [pol, nodemask(c, 'exit', 1, c.u[2]), c.udec(c.u[2]), ptr(c.u[3]), xflags(c.u[4], 'MPOL_F_???', c.style, T.get_mempolicy_flags)]);
}

function movePages(c: Ctx): ReturnType<SyscallDecoder> {
  const n = c.u[1];
  return split(
    [
      c.pid(c.int(0)),
      c.udec(n),
      printArray(c, 'entry', 2, n, 8, (b, o) => ptr(b.readBigUInt64LE(o))),
      printArray(c, 'entry', 3, n, 4, (b, o) => c.sdec(b.readInt32LE(o))),
    ],
    [printArray(c, 'exit', 4, n, 4, (b, o) => pageStatus(c, b.readInt32LE(o))), xflags(c.u[5] & 0xffffffffn, 'MPOL_???', c.style, T.move_pages_flags)],
  );
}

export const mempolicyDecoders: Record<string, SyscallDecoder> = {
  set_mempolicy: (c) => atEntry([mode(c, c.u[0] & 0xffffffffn), nodemask(c, 'entry', 1, c.u[2]), c.udec(c.u[2])]),
  get_mempolicy: getMempolicy,
  mbind: (c) =>
    atEntry([ptr(c.u[0]), c.udec(c.u[1]), mode(c, c.u[2]), nodemask(c, 'entry', 3, c.u[4]), c.udec(c.u[4]), xflags(c.u[5] & 0xffffffffn, 'MPOL_MF_???', c.style, T.mbind_flags)]),
  move_pages: movePages,
  migrate_pages: (c) => atEntry([c.pid(c.int(0)), c.udec(c.u[1]), nodemask(c, 'entry', 2, c.u[1]), nodemask(c, 'entry', 3, c.u[1])]),
  set_mempolicy_home_node: (c) => atEntry([ptr(c.u[0]), c.udec(c.u[1]), c.udec(c.u[2]), c.hex(c.u[3])]),
};
