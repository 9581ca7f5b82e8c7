// Memory, signals, processes, time and the rest (strace: mem.c, signal.c, clone.c,
// wait.c, futex.c, prctl.c, resource.c, epoll.c, term.c, ioctl.c...). Sockets are in socket-decoders.ts.

import type { CallDecoded, SyscallDecoder } from './call.js';
import { atEntry, split } from './call.js';
import type { Ctx, Phase } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, changed, format, ptr, raw, struct, withComment } from './decoded.js';
import { localTime } from './time.js';
import { arrayItems } from './array-items.js';
import { ioctlNames } from '@tracedb/native';
import { QUOTE_0_TERMINATED, QUOTE_FORCE_HEX, stringQuote } from './quote.js';
import { printSignal, sigmaskText, signalText, sigsetArg } from './signals.js';
import { idVal, rlimit64, rusage, rusageArg, siginfoArg, sysinfo, timespecArg, timeval } from './structs.js';
import { uid } from './sys-fs.js';
import { sprintflagsEx, xflags, xlatTable, xval, xvalText } from './xlat.js';
import type { XlatVerbosity } from './xlat.js';
import { xlat as X } from './xlat.js';
import { seccompFprog } from './bpf-filter.js';

/** time(2), with time_t of `size` bytes: the value with its date as a comment, and the return's date after it (sprinttime). */
export function timeCall(c: Ctx, size: 4 | 8): CallDecoded {
  const t = c.umove('exit', 0, size);
  let arg = t;
  if (isBuffer(t)) {
    const sec = size === 8 ? t.readBigInt64LE(0) : BigInt(t.readInt32LE(0));
    const date = localTime(sec, 0n, 0);
    arg = array([date === null ? c.sdec(sec) : withComment(c.sdec(sec), date)]);
  }
  const ret = c.failed || c.ret === null ? null : localTime(size === 4 ? BigInt.asIntN(32, c.ret) : c.ret, 0n, 0);
  return split([], [arg as Decoded], undefined, ret ?? undefined);
}

// ---------------------------------------------------------------- memory

export function mmapFlags(c: Ctx, flags: bigint): Decoded {
  const v = c.style.verbosity;
  const hexv = flags === 0n ? '0' : `0x${flags.toString(16)}`;
  let text = '';
  if (v !== 'abbrev') text += hexv;
  if (v !== 'raw') {
    let s = '';
    const MAP_TYPE = 0xfn;
    s += xvalText(flags & MAP_TYPE, 'MAP_???', { verbosity: 'abbrev' }, X.mmap_flags);
    let f = flags & ~MAP_TYPE;
    const mask = 0x3fn << 26n;
    const huge = f & mask;
    f &= ~mask;
    if (f) s += '|' + sprintflagsEx(f, null, { verbosity: 'abbrev' }, X.mmap_flags).text;
    if (huge) s += `|${huge >> 26n}<<MAP_HUGE_SHIFT`;
    text += v === 'verbose' ? ` /* ${s} */` : s;
  }
  return { kind: 'flags', value: flags, names: [], rest: 0n, text };
}

export const prot = (c: Ctx, v: bigint): Decoded => xflags(v, 'PROT_???', c.style, X.mmap_prot);

// ---------------------------------------------------------------- signals

export function saHandler(c: Ctx, h: bigint): Decoded {
  // print_sa_handler: SIG_DFL, SIG_IGN, SIG_ERR or the address.
  const s = h === 0n ? 'SIG_DFL' : h === 1n ? 'SIG_IGN' : h === BigInt.asUintN(c.word * 8, -1n) ? 'SIG_ERR' : null;
  if (s === null) return ptr(h);
  const num = h === 0n ? '0' : `0x${h.toString(16)}`;
  const text = c.style.verbosity === 'raw' ? num : c.style.verbosity === 'verbose' ? `${num} /* ${s} */` : s;
  return { kind: 'const', value: h, name: s, text };
}

function sigaction(c: Ctx, phase: Phase, i: number): Decoded {
  const b = c.umove(phase, i, 32);
  if (!isBuffer(b)) return b;
  const flags = b.readBigUInt64LE(8);
  const f: [string, Decoded][] = [
    ['sa_handler', saHandler(c, b.readBigUInt64LE(0))],
    ['sa_mask', raw(sigmaskText(b.subarray(24, 32), 64, c.style))],
    ['sa_flags', xflags(flags, 'SA_???', c.style, X.sigact_flags)],
  ];
  if (flags & 0x04000000n) f.push(['sa_restorer', ptr(b.readBigUInt64LE(16))]);
  return struct(f);
}

function stackT(c: Ctx, phase: Phase, i: number): Decoded {
  const b = c.umove(phase, i, 24);
  if (!isBuffer(b)) return b;
  return struct([
    ['ss_sp', ptr(b.readBigUInt64LE(0))],
    ['ss_flags', xflags(BigInt(b.readInt32LE(8) >>> 0), 'SS_???', c.style, X.sigaltstack_flags)],
    ['ss_size', c.udec(b.readBigUInt64LE(16))],
  ]);
}

// ---------------------------------------------------------------- processes

const CLONE_PARENT_SETTID = 0x100000n, CLONE_PIDFD = 0x1000n, CLONE_CHILD_SETTID = 0x1000000n, CLONE_CHILD_CLEARTID = 0x200000n, CLONE_SETTLS = 0x80000n;

/**
 * clone: i386's takes tls before child_tidptr (x86_64's after), and strace prints its tls (a
 * struct user_desc) with `tls`.
 */
export function clone(c: Ctx, tls: (c: Ctx, i: number) => Decoded = (c, i) => ptr(c.u[i])): CallDecoded {
  const [tlsArg, childTidArg] = c.word === 4 ? [3, 4] : [4, 3];
  const flags = c.u[0] & ~0xffn;
  const sig = Number(c.u[0] & 0xffn);
  let ftext: string;
  if (flags) {
    ftext = sprintflagsEx(flags, 'CLONE_???', c.style, X.clone_flags).text;
    if (sig) ftext += '|' + signalText(sig, c.style);
  } else ftext = signalText(sig, c.style);
  const entry: Decoded[] = [named('child_stack', ptr(c.u[1])), named('flags', raw(ftext))];
  if ((flags & (CLONE_PARENT_SETTID | CLONE_PIDFD | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_SETTLS)) === 0n) return atEntry(entry, 'tid');
  const exit: Decoded[] = [];
  if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) {
    const b = c.umove('exit', 2, 4);
    const v = isBuffer(b) ? array([flags & CLONE_PARENT_SETTID ? c.pid(b.readInt32LE(0), 'tid') : c.fd(b.readInt32LE(0), 'exit')]) : b;
    exit.push(named('parent_tid', v));
  }
  if (flags & CLONE_SETTLS) exit.push(named('tls', tls(c, tlsArg)));
  if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) exit.push(named('child_tidptr', ptr(c.u[childTidArg])));
  return { args: [...entry, ...exit], exitFrom: entry.length, ret: 'tid', exitSep: true };
}

/** tprints_arg_name: an argument printed as "name=value" (clone's). */
function named(name: string, v: Decoded): Decoded {
  return { kind: 'seq', items: [raw(`${name}=`), v] };
}

function clone3(c: Ctx): CallDecoded {
  const addr = c.u[0];
  const size = c.u[1];
  const fetch = size < 88n ? Number(size) : 88;
  const tail = [c.udec(size)];
  if (fetch < 64) return atEntry([ptr(addr), ...tail], 'tid');
  const b = c.umove('entry', 0, fetch);
  if (!isBuffer(b)) return atEntry([b, ...tail], 'tid');
  const q = (off: number): bigint => (off + 8 <= b.length ? b.readBigUInt64LE(off) : 0n);
  const flags = q(0);
  const f: [string, Decoded][] = [['flags', xflags(flags, 'CLONE_???', c.style, X.clone_flags, X.clone3_flags)]];
  if (flags & CLONE_PIDFD) f.push(['pidfd', ptr(q(8))]);
  if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) f.push(['child_tid', ptr(q(16))]);
  if (flags & CLONE_PARENT_SETTID) f.push(['parent_tid', ptr(q(24))]);
  const es = q(32);
  f.push(['exit_signal', es < 0x7fffffffn ? raw(signalText(Number(es), c.style)) : c.udec(es)]);
  f.push(['stack', ptr(q(40))], ['stack_size', c.hex(q(48))]);
  if (flags & CLONE_SETTLS) f.push(['tls', ptr(q(56))]);
  const setTid = q(64);
  const setTidSize = q(72);
  if (setTid || setTidSize) {
    f.push(['set_tid', ptr(setTid)], ['set_tid_size', c.udec(setTidSize)]);
  }
  if (fetch > 80 && (q(80) || flags & 0x200000000n)) f.push(['cgroup', c.udec(q(80))]);
  const before = struct(f);
  if (!(flags & (CLONE_PIDFD | CLONE_PARENT_SETTID)) && size <= BigInt(fetch)) return atEntry([before, ...tail], 'tid');
  // At exit strace shows what the kernel stored: parent_tid is the new task's tid (the return
  // value); the recorder does not read the pidfd slot back, so it cannot be shown.
  let after: Decoded | null = null;
  if (!c.failed && c.ret !== null) {
    const g: [string, Decoded][] = [];
    if (flags & CLONE_PIDFD) g.push(['pidfd', raw('?')]);
    if (flags & CLONE_PARENT_SETTID) g.push(['parent_tid', array([c.pid(Number(c.ret), 'tid')])]);
    if (g.length) after = struct(g);
  }
  return { args: [changed(before, after), ...tail], exitFrom: 0, ret: 'tid' };
}

const WAIT = (c: Ctx): CallDecoded => {
  let status: Decoded;
  if (c.ret === 0n) status = ptr(c.u[1]);
  else {
    const b = c.umove('exit', 1, 4);
    status = isBuffer(b) ? raw(waitStatus(b.readInt32LE(0), c)) : b;
  }
  const exit: Decoded[] = [status, xflags(c.u[2] & 0xffffffffn, 'W???', c.style, X.wait4_options)];
  if (c.row.name === 'wait4') exit.push(c.ret !== null && c.ret > 0n ? rusageArg(c, 'exit', 3) : ptr(c.u[3]));
  return split([c.pidOrGroup(c.int(0))], exit, 'tid');
};

/** printstatus. */
function waitStatus(st: number, c: Ctx): string {
  let s = st;
  let out = '[';
  const name = (n: number): string => signalText(n, { verbosity: 'abbrev' });
  if ((s & 0xff) === 0x7f) {
    const sig = (s >> 8) & 0xff;
    out += `{WIFSTOPPED(s) && WSTOPSIG(s) == ${name(sig & 0x7f)}${sig & 0x80 ? ' | 0x80' : ''}}`;
    s &= ~((sig << 8) | 0x7f);
  } else if ((s & 0x7f) !== 0 && (s & 0x7f) !== 0x7f) {
    out += `{WIFSIGNALED(s) && WTERMSIG(s) == ${name(s & 0x7f)}${s & 0x80 ? ' && WCOREDUMP(s)' : ''}}`;
    s &= ~((s & 0x7f) | 0x80);
  } else if ((s & 0x7f) === 0) {
    out += `{WIFEXITED(s) && WEXITSTATUS(s) == ${(s >> 8) & 0xff}}`;
    s &= ~(((s >> 8) & 0xff) << 8);
  } else if (s === 0xffff) {
    out += '{WIFCONTINUED(s)}';
    s = 0;
  } else {
    return `[${s === 0 ? '0' : '0x' + (s >>> 0).toString(16)}]`;
  }
  if (s) {
    const ev = s >>> 16;
    if (ev) {
      out += '|' + xvalText(BigInt(ev), 'PTRACE_EVENT_???', c.style, X.ptrace_events) + '<<16';
      s &= 0xffff;
    }
    if (s) out += `|0x${(s >>> 0).toString(16)}`;
  }
  return out + ']';
}

// ---------------------------------------------------------------- futex

/** futex, its timeout read by `timeout` (i386's futex takes an old_timespec32). */
export function futex(c: Ctx, timeout: (c: Ctx) => Decoded = (c) => timespecArg(c, 'entry', 3)): CallDecoded {
  const op = c.int(1);
  const cmd = op & 127;
  const val = c.udec(c.u[2] & 0xffffffffn);
  const val2 = c.udec(c.u[3] & 0xffffffffn);
  const val3 = Number(c.u[5] & 0xffffffffn);
  const a: Decoded[] = [ptr(c.u[0]), xval(BigInt(op >>> 0), 'FUTEX_???', c.style, X.futexops)];
  const ts = (): Decoded => timeout(c);
  switch (cmd) {
    case 0: // FUTEX_WAIT
      a.push(val, ts());
      break;
    case 6: // FUTEX_LOCK_PI
    case 13: // FUTEX_LOCK_PI2
      a.push(ts());
      break;
    case 9: // FUTEX_WAIT_BITSET
      a.push(val, ts(), xval(BigInt(val3), null, c.style, X.futexbitset));
      break;
    case 10: // FUTEX_WAKE_BITSET
      a.push(val, xval(BigInt(val3), null, c.style, X.futexbitset));
      break;
    case 3: // FUTEX_REQUEUE
      a.push(val, val2, ptr(c.u[4]));
      break;
    case 4: // FUTEX_CMP_REQUEUE
    case 12: // FUTEX_CMP_REQUEUE_PI
      a.push(val, val2, ptr(c.u[4]), c.udec(val3));
      break;
    case 5: {
      // FUTEX_WAKE_OP
      let s = '';
      if ((val3 >> 28) & 8) s += 'FUTEX_OP_OPARG_SHIFT<<28|';
      const opn = xval(BigInt((val3 >> 28) & 7), null, { verbosity: 'abbrev' }, X.futexwakeops);
      s += opn.kind === 'const' && opn.name ? `${opn.name}<<28` : `${(val3 >> 28) & 7}<<28 /* FUTEX_OP_??? */`;
      const oparg = (val3 >> 12) & 0xfff;
      s += `|${oparg === 0 ? '0' : '0x' + oparg.toString(16)}<<12`;
      const cmp = xval(BigInt((val3 >> 24) & 0xf), null, { verbosity: 'abbrev' }, X.futexwakecmps);
      s += cmp.kind === 'const' && cmp.name ? `|${cmp.name}<<24` : `|${(val3 >> 24) & 0xf}<<24 /* FUTEX_OP_CMP_??? */`;
      const cmparg = val3 & 0xfff;
      s += `|${cmparg === 0 ? '0' : '0x' + cmparg.toString(16)}`;
      a.push(val, val2, ptr(c.u[4]), raw(s));
      break;
    }
    case 11: // FUTEX_WAIT_REQUEUE_PI
      a.push(val, ts(), ptr(c.u[4]));
      break;
    case 2: // FUTEX_FD
    case 1: // FUTEX_WAKE
      a.push(val);
      break;
    case 7:
    case 8:
      break;
    default:
      a.push(val, ptr(c.u[3]), ptr(c.u[4]), c.hex(val3));
  }
  return atEntry(a);
}

function epollEvent(c: Ctx, b: Buffer, off: number): Decoded {
  const data = b.readBigUInt64LE(off + 4);
  return struct([
    ['events', xflags(BigInt(b.readUInt32LE(off)), 'EPOLL???', c.style, X.epollevents)],
    ['data', struct([['u32', c.udec(data & 0xffffffffn)], ['u64', c.udec(data)]])],
  ]);
}

/** print_array over memory captured for arg i. */
export function printArray(c: Ctx, phase: Phase, i: number, nmemb: bigint, size: number, fn: (b: Buffer, off: number) => Decoded): Decoded {
  const addr = c.u[i];
  if (addr === 0n) return ptr(0n);
  if (nmemb === 0n) return raw('[]');
  if (nmemb < 0n || nmemb * BigInt(size) > 0xffffffffffffn) return ptr(addr);
  const m = c.structMem(phase, i);
  if (!m || !m.data || (phase === 'exit' && c.failed)) return ptr(addr);
  return arrayItems(m.data, addr, Number(nmemb), size, c.opts.verbose ? Infinity : c.opts.stringLimit, fn) ?? ptr(addr);
}

// ---------------------------------------------------------------- ioctl

let ioctlByCode: Map<number, string[]> | undefined;

/** The names of an ioctl code; the table is made at the first ioctl printed (most runs print none). */
function ioctlNamesOf(code: number): string[] | undefined {
  if (ioctlByCode === undefined) {
    ioctlByCode = new Map();
    for (const [c, name] of ioctlNames) {
      const l = ioctlByCode.get(c);
      if (l) l.push(name);
      else ioctlByCode.set(c, [name]);
    }
  }
  return ioctlByCode.get(code);
}

function ioctlCode(c: Ctx, code: number): Decoded {
  const v = c.style.verbosity;
  let text = '';
  if (v !== 'abbrev') text += code === 0 ? '0' : `0x${code.toString(16)}`;
  if (v !== 'raw') {
    const names = ioctlNamesOf(code);
    let s: string;
    if (names) s = names.join(' or ');
    else {
      const dir = code >>> 30;
      const dirText = sprintflagsEx(BigInt(dir), v === 'verbose' ? '' : '_IOC_???', { verbosity: v === 'verbose' ? 'abbrev' : c.style.verbosity }, X.ioctl_dirs).text;
      const h = (n: number): string => (n === 0 ? '0' : `0x${n.toString(16)}`);
      s = `_IOC(${dirText}, ${h((code >> 8) & 0xff)}, ${h(code & 0xff)}, ${h((code >> 16) & 0x3fff)})`;
    }
    text += v === 'verbose' ? ` /* ${s} */` : s;
  }
  return raw(text);
}

const TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414;
const INT_OUT = new Set([0x540f, 0x5429, 0x5424, 0x5419, 0x80045430, 0x541b, 0x5411, 0x80045440, 0x80045432]);
const INT_IN = new Set([0x5410, 0x5423, 0x5421, 0x5452, 0x5420, 0x541a, 0x40045431]);

function termios(c: Ctx, phase: Phase): Decoded {
  const b = c.umove(phase, 2, 36);
  if (!isBuffer(b)) return b;
  const iflag = BigInt(b.readUInt32LE(0)), oflag = BigInt(b.readUInt32LE(4)), cflag = BigInt(b.readUInt32LE(8)), lflag = BigInt(b.readUInt32LE(12));
  const f: [string, Decoded][] = [
    ['c_iflag', xflags(iflag, null, c.style, X.term_iflags)],
    ['c_oflag', raw(termOflags(c, oflag))],
    ['c_cflag', raw(termCflags(c, cflag))],
    ['c_lflag', xflags(lflag, null, c.style, X.term_lflags)],
  ];
  if (!c.opts.verbose) return struct(f, true);
  f.push(['c_line', xval(BigInt(b[16]), 'N_???', c.style, X.term_line_discs)]);
  const cc: string[] = [];
  for (let k = 0; k < 19; k++) {
    const name = xval(BigInt(k), null, { verbosity: 'abbrev' }, X.termios_cc);
    const idx = name.kind === 'const' && name.name ? name.name : String(k);
    cc.push(`[${idx}]=${b[17 + k] === 0 ? '0' : '0x' + b[17 + k].toString(16)}`);
  }
  f.push(['c_cc', raw(`[${cc.join(', ')}]`)]);
  return struct(f);
}

const xtext = (d: Decoded): string => format(d);

/** decode_oflag: each delay field by value, then the flags (a trailing | when none is left, as strace). */
function termOflags(c: Ctx, v: bigint): string {
  const fields: [typeof X.term_oflags_nldly, bigint, string][] = [
    [X.term_oflags_nldly, 0x100n, 'NL?'],
    [X.term_oflags_crdly, 0x600n, 'CR?'],
    [X.term_oflags_tabdly, 0x1800n, 'TAB?'],
    [X.term_oflags_bsdly, 0x2000n, 'BS?'],
    [X.term_oflags_vtdly, 0x4000n, 'VT?'],
    [X.term_oflags_ffdly, 0x8000n, 'FF?'],
  ];
  let out = '';
  let rest = v;
  for (const [x, mask, dfl] of fields) {
    out += xtext(xval(rest & mask, dfl, c.style, x)) + '|';
    rest &= ~mask;
  }
  return out + sprintflagsEx(rest, null, c.style, X.term_oflags).text;
}

/** decode_cflag. */
function termCflags(c: Ctx, v: bigint): string {
  const CBAUD = 0x100fn, CIBAUD = 0x100fn << 16n, CSIZE = 0x30n;
  let out = xtext(xval(v & CBAUD, 'B???', c.style, X.baud_options)) + '|';
  if (v & CIBAUD) {
    const ib = c.style.verbosity === 'raw' ? '0x10' : c.style.verbosity === 'verbose' ? '0x10 /* IBSHIFT */' : 'IBSHIFT';
    out += xtext(xval((v & CIBAUD) >> 16n, 'B???', c.style, X.baud_options)) + '<<' + ib + '|';
  }
  out += xtext(xval(v & CSIZE, 'CS?', c.style, X.term_cflags_csize)) + '|';
  return out + sprintflagsEx(v & ~(CBAUD | CIBAUD | CSIZE), null, c.style, X.term_cflags).text;
}

function ioctl(c: Ctx): CallDecoded {
  const code = c.uint(1);
  const head = [c.fd(c.int(0)), ioctlCode(c, code)];
  const type = (code >> 8) & 0xff;
  if (type === 0x54) {
    switch (code) {
      case TCGETS:
        return { args: [...head, termios(c, 'exit')], exitFrom: 2, exitSep: true };
      case TCSETS:
      case TCSETSW:
      case TCSETSF:
        return atEntry([...head, termios(c, 'entry')]);
      case TIOCGWINSZ:
        return { args: [...head, winsize(c, 'exit')], exitFrom: 2, exitSep: true };
      case TIOCSWINSZ:
        return atEntry([...head, winsize(c, 'entry')]);
    }
    if (INT_OUT.has(code)) return { args: [...head, intPtr(c, 'exit')], exitFrom: 2, exitSep: true };
    if (INT_IN.has(code)) return atEntry([...head, intPtr(c, 'entry')]);
    if (code === 0x540a || code === 0x540b) return atEntry([...head, c.udec(c.u[2])]);
    if (code === 0x5409 || code === 0x5425 || code === 0x540e) return atEntry([...head, c.sdec(c.int(2))]);
    if ([0x5427, 0x5428, 0x541d, 0x5422, 0x540c, 0x540d, 0x5450, 0x5451].includes(code)) return atEntry(head);
  }
  // Not decoded: strace prints the argument in hex when the call returns.
  return { args: [...head, c.hex(c.u[2])], exitFrom: 2, exitSep: true };
}

function winsize(c: Ctx, phase: Phase): Decoded {
  const b = c.umove(phase, 2, 8);
  if (!isBuffer(b)) return b;
  return struct([
    ['ws_row', c.udec(b.readUInt16LE(0))],
    ['ws_col', c.udec(b.readUInt16LE(2))],
    ['ws_xpixel', c.udec(b.readUInt16LE(4))],
    ['ws_ypixel', c.udec(b.readUInt16LE(6))],
  ]);
}

function intPtr(c: Ctx, phase: Phase): Decoded {
  const b = c.umove(phase, 2, 4);
  if (!isBuffer(b)) return b;
  return array([c.sdec(b.readInt32LE(0))]);
}

// ---------------------------------------------------------------- the table

const printargs = (c: Ctx): CallDecoded => atEntry(c.u.slice(0, nargs(c)).map((v) => c.hex(v)));
const printargsD = (c: Ctx): CallDecoded => atEntry(c.u.slice(0, nargs(c)).map((_, i) => c.sdec(c.int(i))));
const printargsU = (c: Ctx): CallDecoded => atEntry(c.u.slice(0, nargs(c)).map((_, i) => c.udec(c.uint(i))));
const none = (): CallDecoded => atEntry([]);
/** getpid, gettid, fork...: RVAL_TGID, RVAL_TID (a pid, -Y's comm after it). */
const pid = (): CallDecoded => atEntry([], 'tid');

import { i386SubcallDefs, syscallTable, syscallTableI386 } from '@tracedb/native';
const nargsByNr = new Map(syscallTable.map((s) => [s.nr, s.nargs]));
// (with socketcall's and ipc's subcalls, which decode as if called directly)
const nargsByI386Nr = new Map([...syscallTableI386, ...i386SubcallDefs(syscallTableI386)].map((s) => [s.nr, s.nargs]));
export function nargs(c: Ctx): number {
  return (c.row.abi === 'i386' ? nargsByI386Nr : nargsByNr).get(c.row.nr) ?? 6;
}

export { printargs };

export const otherDecoders: Record<string, SyscallDecoder> = {
  // memory
  brk: (c) => atEntry([ptr(c.u[0])], 'x'),
  mmap: (c) => atEntry([ptr(c.u[0]), c.udec(c.u[1]), prot(c, c.u[2]), mmapFlags(c, c.u[3]), c.fd(c.int(4)), c.hex(c.u[5])], 'x'),
  munmap: (c) => atEntry([ptr(c.u[0]), c.udec(c.u[1])]),
  mprotect: (c) => atEntry([ptr(c.u[0]), c.udec(c.u[1]), prot(c, c.u[2])]),
  pkey_mprotect: (c) => atEntry([ptr(c.u[0]), c.udec(c.u[1]), prot(c, c.u[2]), c.sdec(c.int(3))]),
  mremap: (c) => {
    const a = [ptr(c.u[0]), c.udec(c.u[1]), c.udec(c.u[2]), xflags(c.u[3], 'MREMAP_???', c.style, X.mremap_flags)];
    if ((c.u[3] & 3n) === 3n) a.push(ptr(c.u[4]));
    return atEntry(a, 'x');
  },
  madvise: (c) => atEntry([ptr(c.u[0]), c.udec(c.u[1]), xval(c.u[2] & 0xffffffffn, 'MADV_???', c.style, X.madvise_cmds)]),
  msync: (c) => atEntry([ptr(c.u[0]), c.udec(c.u[1]), xflags(c.u[2] & 0xffffffffn, 'MS_???', c.style, X.mctl_sync)]),
  mlock: (c) => atEntry([ptr(c.u[0]), c.udec(c.u[1])]),
  munlock: (c) => atEntry([ptr(c.u[0]), c.udec(c.u[1])]),
  mlockall: (c) => atEntry([xflags(c.u[0] & 0xffffffffn, 'MCL_???', c.style, X.mlockall_flags)]),
  munlockall: printargs,
  pkey_alloc: (c) => atEntry([c.hex(c.u[0]), xflags(c.u[1], 'PKEY_???', c.style, X.pkey_access)]),
  pkey_free: printargsD,
  set_robust_list: (c) => atEntry([ptr(c.u[0]), c.udec(c.u[1])]),
  get_robust_list: (c) => {
    // a pointer and a size_t: words
    const word = (b: Buffer): bigint => (c.word === 8 ? b.readBigUInt64LE(0) : BigInt(b.readUInt32LE(0)));
    const h = c.umove('exit', 1, c.word);
    const l = c.umove('exit', 2, c.word);
    return split([c.pid(c.int(0), 'tid')], [isBuffer(h) ? array([ptr(word(h))]) : h, isBuffer(l) ? array([c.udec(word(l))]) : l]);
  },
  rseq: printargs,
  set_tid_address: printargs,
  arch_prctl: (c) => {
    const opt = c.uint(0);
    const o = xval(BigInt(opt), 'ARCH_???', c.style, X.archvals);
    if (opt === 0x1003 || opt === 0x1004) {
      const b = c.umove('exit', 1, 8);
      return split([o], [isBuffer(b) ? array([ptr(b.readBigUInt64LE(0))]) : b]);
    }
    if (opt === 0x1011) return atEntry([o]);
    return atEntry([o, c.hex(c.u[1])]);
  },

  // signals
  rt_sigaction: (c) => split([printSignal(c, c.int(0)), sigaction(c, 'entry', 1)], [sigaction(c, 'exit', 2), c.udec(c.u[3])]),
  rt_sigprocmask: (c) =>
    split(
      [xval(c.u[0] & 0xffffffffn, 'SIG_???', c.style, X.sigprocmaskcmds), sigsetArg(c, 'entry', 1, c.u[3])],
      [sigsetArg(c, 'exit', 2, c.u[3]), c.udec(c.u[3])],
    ),
  rt_sigpending: (c) => split([], [sigsetArg(c, 'exit', 0, c.u[1], 1n), c.udec(c.u[1])]),
  rt_sigsuspend: (c) => atEntry([sigsetArg(c, 'entry', 0, c.u[1]), c.udec(c.u[1])]),
  rt_sigreturn: (c) => atEntry([raw(`{mask=${c.sigreturnMask ?? '?'}}`)]),
  sigaltstack: (c) => split([stackT(c, 'entry', 0)], [stackT(c, 'exit', 1)]),
  kill: (c) => atEntry([c.pidOrGroup(c.int(0)), printSignal(c, c.int(1))]),
  tkill: (c) => atEntry([c.pid(c.int(0), 'tid'), printSignal(c, c.int(1))]),
  tgkill: (c) => atEntry([c.pid(c.int(0)), c.pid(c.int(1), 'tid'), printSignal(c, c.int(2))]),
  pause: printargs,
  alarm: printargsU,
  restart_syscall: (c) => atEntry([raw(`<... resuming interrupted ${c.prevSyscall ?? 'system call'} ...>`)]),

  // processes
  execve: (c) => atEntry([c.path(0), argv(c, 1), envp(c, 2)]),
  execveat: (c) => atEntry([c.dirfd(0), c.path(1), argv(c, 2), envp(c, 3), xflags(c.u[4] & 0xffffffffn, 'AT_???', c.style, X.at_flags)]),
  exit: printargsD,
  exit_group: printargsD,
  fork: pid,
  vfork: pid,
  clone: (c) => clone(c),
  clone3: (c) => clone3(c),
  wait4: WAIT,
  waitid: (c) => {
    const idtype = c.uint(0);
    return split(
      [xval(BigInt(idtype), 'P_???', c.style, X.waitid_types), idtype === 3 ? c.fd(c.int(1)) : idtype === 1 ? c.pid(c.int(1)) : c.sdec(c.int(1))],
      [siginfoArg(c, 'exit', 2), xflags(c.u[3] & 0xffffffffn, 'W???', c.style, X.wait4_options), rusageArg(c, 'exit', 4)],
    );
  },
  getpid: pid,
  getppid: pid,
  gettid: pid,
  getpgrp: () => atEntry([], 'd'),
  getsid: (c) => atEntry([c.pid(c.int(0))], 'd'),
  getpgid: (c) => atEntry([c.pid(c.int(0))], 'd'),
  setsid: printargs,
  setpgid: (c) => atEntry([c.pid(c.int(0)), c.pid(c.int(1), 'pgid')]),
  getuid: none,
  geteuid: none,
  getgid: none,
  getegid: none,
  setuid: (c) => atEntry([uid(c.u[0])]),
  setgid: (c) => atEntry([uid(c.u[0])]),
  getresuid: (c) => split([], [0, 1, 2].map((i) => idPtr(c, i))),
  getresgid: (c) => split([], [0, 1, 2].map((i) => idPtr(c, i))),
  getgroups: (c) => {
    const n = c.int(0);
    const list = n === 0 || c.failed ? ptr(c.u[1]) : printArray(c, 'exit', 1, c.ret ?? 0n, 4, (b, o) => idVal(b.readUInt32LE(o)));
    return split([c.sdec(n)], [list]);
  },
  capget: (c) => split([capHeader(c, 'entry')], [capData(c)]),
  prlimit64: (c) => {
    const nl = c.umove('entry', 2, 16);
    const ol = c.umove('exit', 3, 16);
    return split(
      [c.pid(c.int(0)), xval(c.u[1] & 0xffffffffn, 'RLIMIT_???', c.style, X.resources), isBuffer(nl) ? rlimit64(nl, c.style) : nl],
      [isBuffer(ol) ? rlimit64(ol, c.style) : ol],
    );
  },
  getrlimit: (c) => {
    const ol = c.umove('exit', 1, 16);
    return split([xval(c.u[0] & 0xffffffffn, 'RLIMIT_???', c.style, X.resources)], [isBuffer(ol) ? rlimit64(ol, c.style) : ol]);
  },
  setrlimit: (c) => {
    const nl = c.umove('entry', 1, 16);
    return atEntry([xval(c.u[0] & 0xffffffffn, 'RLIMIT_???', c.style, X.resources), isBuffer(nl) ? rlimit64(nl, c.style) : nl]);
  },
  getrusage: (c) => {
    const r = c.umove('exit', 1, 144);
    return split([xval(c.u[0] & 0xffffffffn, 'RUSAGE_???', c.style, X.usagewho)], [isBuffer(r) ? rusage(c, r) : r]);
  },
  sysinfo: (c) => {
    const b = c.umove('exit', 0, 112);
    return split([], [isBuffer(b) ? sysinfo(c, b) : b]);
  },
  uname: (c) => {
    const b = c.umove('exit', 0, 390);
    if (!isBuffer(b)) return split([], [b]);
    const field = (k: number): Decoded => {
      const s = b.subarray(k * 65, k * 65 + 65);
      const q = stringQuote(s, 64, QUOTE_0_TERMINATED, c.opts.hex);
      return raw(q.text + (q.unterminated ? '...' : ''));
    };
    const f: [string, Decoded][] = [['sysname', field(0)], ['nodename', field(1)]];
    if (!c.opts.verbose) return split([], [struct(f, true)]);
    f.push(['release', field(2)], ['version', field(3)], ['machine', field(4)], ['domainname', field(5)]);
    return split([], [struct(f)]);
  },
  getrandom: (c) =>
    split([], [c.failed || c.ret === null ? ptr(c.u[0]) : c.str('exit', 0, c.ret, QUOTE_FORCE_HEX), c.udec(c.u[1]), xflags(c.u[2] & 0xffffffffn, 'GRND_???', c.style, X.getrandom_flags)]),
  sched_getaffinity: (c) => split([c.pid(c.int(0), 'tid'), c.udec(c.uint(1))], [affinity(c, 'exit', 2, c.ret ?? 0n)]),
  sched_setaffinity: (c) => atEntry([c.pid(c.int(0), 'tid'), c.udec(c.uint(1)), affinity(c, 'entry', 2, BigInt(c.uint(1)))]),
  sched_yield: printargs,
  futex: (c) => futex(c),
  prctl: (c) => prctl(c),
  personality: (c) => atEntry([c.hex(c.u[0] & 0xffffffffn)], 'x'),

  // time (nanosleep, clock_* and timers are in sys-io.ts)
  gettimeofday: (c) => {
    const tv = c.umove('exit', 0, 16);
    return split([], [isBuffer(tv) ? timeval(tv) : tv, c.u[1] ? raw('{tz_minuteswest=0, tz_dsttime=0}') : ptr(0n)]);
  },
  time: (c) => timeCall(c, 8),

  // descriptors of the event kind
  epoll_create: (c) => atEntry([c.sdec(c.int(0))], 'fd'),
  epoll_create1: (c) => atEntry([xflags(c.u[0] & 0xffffffffn, 'EPOLL_???', c.style, X.epollflags)], 'fd'),
  epoll_ctl: (c) => {
    const op = c.uint(1);
    let ev: Decoded;
    if (op === 2) ev = ptr(c.u[3]);
    else {
      const b = c.umove('entry', 3, 12);
      ev = isBuffer(b) ? epollEvent(c, b, 0) : b;
    }
    return atEntry([c.fd(c.int(0)), xval(BigInt(op), 'EPOLL_CTL_???', c.style, X.epollctls), c.fd(c.int(2)), ev]);
  },
  epoll_wait: (c) => split([c.fd(c.int(0))], [epollEvents(c), c.sdec(c.int(2)), c.sdec(c.int(3))]),
  epoll_pwait: (c) => split([c.fd(c.int(0))], [epollEvents(c), c.sdec(c.int(2)), c.sdec(c.int(3)), sigsetArg(c, c.failed ? 'exit' : 'entry', 4, c.u[5]), c.udec(c.u[5])]),
  eventfd: (c) => atEntry([c.udec(c.uint(0))], 'fd'),
  eventfd2: (c) => atEntry([c.udec(c.uint(0)), xflags(c.u[1] & 0xffffffffn, 'EFD_???', c.style, X.efd_flags)], 'fd'),
  ioctl: (c) => ioctl(c),
};

export function epollEvents(c: Ctx): Decoded {
  if (c.failed || c.ret === null) return ptr(c.u[1]);
  return printArray(c, 'exit', 1, c.ret, 12, (b, o) => epollEvent(c, b, o));
}

function idPtr(c: Ctx, i: number): Decoded {
  const b = c.umove('exit', i, 4);
  return isBuffer(b) ? array([idVal(b.readUInt32LE(0))]) : b;
}

export function affinity(c: Ctx, phase: Phase, i: number, len: bigint): Decoded {
  const addr = c.u[i];
  if ((phase === 'exit' && c.failed) || addr === 0n) return ptr(addr);
  if (len === 0n) return raw('[]');
  const umoveSize = Number(len < 128n ? len : 128n);
  const size = Math.ceil(umoveSize / 8) * 8;
  const m = c.structMem(phase, i);
  if (!m || !m.data || m.data.length < umoveSize) return ptr(addr);
  const bits: string[] = [];
  for (let k = 0; k < umoveSize * 8; k++) if (m.data[k >> 3] & (1 << (k & 7))) bits.push(String(k));
  if (BigInt(size) < len) bits.push('...');
  return raw(`[${bits.join(' ')}]`);
}

export function capHeader(c: Ctx, phase: Phase): Decoded {
  const b = c.umove(phase, 0, 8);
  if (!isBuffer(b)) return b;
  return struct([
    ['version', xval(BigInt(b.readUInt32LE(0)), '_LINUX_CAPABILITY_VERSION_???', c.style, X.cap_version)],
    ['pid', c.pid(b.readInt32LE(4))],
  ]);
}

/** The capability sets, as many as the header's version has: capget's at exit, capset's at entry. */
export function capData(c: Ctx, phase: Phase = 'exit'): Decoded {
  const addr = c.u[1];
  const h = phase === 'entry' ? c.mem('entry', 0) : c.failed ? null : c.mem('exit', 0) ?? c.mem('entry', 0);
  if (!addr || !h || !h.data || h.data.length < 8) return ptr(addr);
  const ver = h.data.readUInt32LE(0);
  const len = ver === 0x20071026 || ver === 0x20080522 ? 2 : 1;
  const b = c.umove(phase, 1, len * 12);
  if (!isBuffer(b)) return b;
  const bits = (off: number): Decoded => {
    const lo = b.readUInt32LE(off);
    const hi = len > 1 ? b.readUInt32LE(off + 12) : 0;
    let s = '';
    if (lo || !hi) s += sprintflagsEx(BigInt(lo), 'CAP_???', c.style, X.cap_mask0).text;
    if (hi) s += (lo ? '|' : '') + sprintflagsEx(BigInt(hi), 'CAP_???', c.style, X.cap_mask1).text;
    return raw(s);
  };
  return struct([['effective', bits(0)], ['permitted', bits(4)], ['inheritable', bits(8)]]);
}

function argv(c: Ctx, i: number): Decoded {
  const addr = c.u[i];
  if (addr === 0n) return ptr(0n);
  const table = c.structMem('entry', i, 0);
  if (!table || !table.data) return ptr(addr);
  const n = table.data.length / 8;
  const items: Decoded[] = [];
  let more = false;
  for (let k = 0; k < n; k++) {
    if (!c.opts.verbose && k >= c.opts.stringLimit) {
      more = true;
      break;
    }
    const p = table.data.readBigUInt64LE(k * 8);
    items.push(c.strPart('entry', i, k + 1, p, -1n, QUOTE_0_TERMINATED));
  }
  if (table.truncated && !more) items.push(raw(`... /* 0x${(addr + BigInt(n * c.word)).toString(16)} */`));
  return array(items, more);
}

function envp(c: Ctx, i: number): Decoded {
  if (c.opts.verbose) return argv(c, i);
  const addr = c.u[i];
  if (addr === 0n) return ptr(0n);
  const table = c.structMem('entry', i, 0);
  if (!table || !table.data) return ptr(addr);
  const n = table.data.length / 8;
  return { kind: 'comment', value: ptr(addr), comment: `${n} var${n === 1 ? '' : 's'}${table.truncated ? ', unterminated' : ''}` };
}

const SECCOMP_MODES: Readonly<Record<number, string>> = { 0: 'SECCOMP_MODE_DISABLED', 1: 'SECCOMP_MODE_STRICT', 2: 'SECCOMP_MODE_FILTER' };
const SECCOMP_MODE_TABLE = xlatTable(Object.entries(SECCOMP_MODES).map(([v, n]) => [Number(v), n]));

/** PR_SET_PTRACER's (int) -1, as print_xlat_ex prints it (the xlat tables hold no negative values). */
const PTRACER_ANY: Readonly<Record<XlatVerbosity, string>> = { raw: '-1', abbrev: 'PR_SET_PTRACER_ANY', verbose: '-1 /* PR_SET_PTRACER_ANY */' };

const DUMPABLE: Readonly<Record<number, string>> = { 0: 'SUID_DUMP_DISABLE', 1: 'SUID_DUMP_USER', 2: 'SUID_DUMP_ROOT' };

function prctl(c: Ctx): CallDecoded {
  const opt = c.uint(0);
  const o = xval(BigInt(opt), 'PR_???', c.style, X.prctl_options);
  switch (opt) {
    case 15: // PR_SET_NAME: TASK_COMM_LEN - 1 bytes, "..." when no NUL ends them
      return atEntry([o, c.str('entry', 1, 15n, QUOTE_0_TERMINATED)]);
    case 16: {
      // PR_GET_NAME
      return split([o], [c.failed ? ptr(c.u[1]) : c.str('exit', 1, 16n, QUOTE_0_TERMINATED)]);
    }
    case 1: // PR_SET_PDEATHSIG
      return atEntry([o, c.u[1] > 128n ? c.udec(c.u[1]) : printSignal(c, Number(c.u[1]))]);
    case 38: // PR_SET_NO_NEW_PRIVS: the unused arguments too (print_prctl_args)
      return atEntry([o, c.udec(c.u[1]), c.hex(c.u[2]), c.hex(c.u[3]), c.hex(c.u[4])]);
    case 36: // PR_SET_CHILD_SUBREAPER
    case 4: // PR_SET_DUMPABLE
    case 8: // PR_SET_KEEPCAPS
      return atEntry([o, c.udec(c.u[1])]);
    case 3: // PR_GET_DUMPABLE: the value's name after it (pr_dumpable)
      return atEntry([o], undefined, c.failed || c.ret === null ? undefined : (DUMPABLE[Number(c.ret)] ?? null));
    case 21: // PR_GET_SECCOMP
    case 7: // PR_GET_KEEPCAPS
    case 39: // PR_GET_NO_NEW_PRIVS
      return atEntry([o]);
    case 22: {
      // PR_SET_SECCOMP
      const mode = xval(c.u[1], 'SECCOMP_MODE_???', c.style, SECCOMP_MODE_TABLE);
      if (c.u[1] === 1n) return atEntry([o, mode]);
      if (c.u[1] === 2n) return atEntry([o, mode, seccompFprog(c, 2)]);
      return atEntry([o, mode, c.hex(c.u[2]), c.hex(c.u[3]), c.hex(c.u[4])]);
    }
    case 23: // PR_CAPBSET_READ
      return atEntry([o, xval(c.u[1], 'CAP_???', c.style, X.cap)]);
    case 0x59616d61: // PR_SET_PTRACER
      return atEntry([o, c.int(1) === -1 ? raw(PTRACER_ANY[c.style.verbosity]) : c.pid(c.int(1))]);
    default:
      return atEntry([o, c.hex(c.u[1]), c.hex(c.u[2]), c.hex(c.u[3]), c.hex(c.u[4])]);
  }
}

