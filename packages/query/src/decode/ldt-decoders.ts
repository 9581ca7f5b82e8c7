// x86 segment descriptors (strace: ldt.c): modify_ldt, set_thread_area, get_thread_area, and
// struct user_desc, which i386's clone passes as its tls too.

import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry } from './call.js';
import type { Ctx, Phase } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { changed, ptr, raw, struct } from './decoded.js';
import { readLayout, userDesc as layout } from './i386-layouts.js';
import { idVal } from './structs.js';

/** struct user_desc is the same in both ABIs. */
const USER_DESC_SIZE = layout.size;

/** The bit fields of the flags word, in struct user_desc's order; lm only in a 64-bit call. */
const bits: readonly (readonly [string, number, number])[] = [
  ['seg_32bit', 0, 1], ['contents', 1, 3], ['read_exec_only', 3, 1], ['limit_in_pages', 4, 1], ['seg_not_present', 5, 1], ['useable', 6, 1], ['lm', 7, 1],
];

/** %#08x. */
const hex08 = (v: number): Decoded => raw(v === 0 ? '00000000' : `0x${v.toString(16).padStart(6, '0')}`);

/** The fields of a struct user_desc after entry_number. */
function rest(c: Ctx, b: Buffer): [string, Decoded][] {
  const f = readLayout(b, layout);
  const flags = Number(f.flags);
  const shown = c.word === 8 ? bits : bits.slice(0, -1);
  return [['base_addr', hex08(Number(f.base))], ['limit', hex08(Number(f.limit))], ...shown.map(([n, bit, mask]): [string, Decoded] => [n, c.udec((flags >>> bit) & mask)])];
}

/** print_user_desc(USER_DESC_BOTH): the whole structure argument i points to. */
export function userDesc(c: Ctx, phase: Phase, i = 0): Decoded {
  const b = c.umove(phase, i, USER_DESC_SIZE);
  return isBuffer(b) ? struct([['entry_number', idVal(Number(readLayout(b, layout).entry))], ...rest(c, b)]) : b;
}

/** set_thread_area: the entry the kernel chose, as a return comment. */
export function setThreadArea(c: Ctx): CallDecoded {
  let aux: string | undefined;
  const m = c.failed || c.ret === null || !c.opts.deref ? undefined : c.mem('exit', 0);
  if (m && m.data && m.data.length >= 4) aux = `entry_number=${m.data.readUInt32LE(0)}`;
  return { args: [userDesc(c, 'entry')], exitFrom: 1, decodedAtEntry: false, auxstr: aux };
}

/** get_thread_area: the entry asked for at entry, the rest of the descriptor at exit (", ..." when it failed). */
export function getThreadArea(c: Ctx): CallDecoded {
  const e = c.umove('entry', 0, 4);
  if (!isBuffer(e)) return atEntry([e]);
  const entry = e.readUInt32LE(0);
  const x = c.ret === null || c.failed || !c.opts.deref ? undefined : c.mem('exit', 0);
  if (!x || !x.data || x.data.length < USER_DESC_SIZE) return { args: [struct([['entry_number', idVal(entry)]], c.ret !== null)], exitFrom: 0, decodedAtEntry: false };
  const got = x.data.readUInt32LE(0);
  const head: [string, Decoded][] = [['entry_number', got === entry ? idVal(entry) : changed(idVal(entry), idVal(got))]];
  return { args: [struct([...head, ...rest(c, x.data)])], exitFrom: 0, decodedAtEntry: false };
}

export const ldtDecoders: Record<string, SyscallDecoder> = {
  modify_ldt: (c) => atEntry([c.sdec(c.int(0)), c.u[2] === BigInt(USER_DESC_SIZE) ? userDesc(c, 'entry', 1) : ptr(c.u[1]), c.udec(c.u[2])], 'ldt'),
  set_thread_area: setThreadArea,
  get_thread_area: getThreadArea,
};
