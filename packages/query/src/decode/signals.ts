// Signals as strace prints them (src/signal.c, src/printsiginfo.c).

import { signalTable } from '@tracedb/native';
import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { ptr, struct } from './decoded.js';
import { errnoText } from './errno.js';
import type { XlatStyle } from './xlat.js';
import { sprintxval } from './xlat.js';
import { xlat as X } from './xlat.js';

const names = new Map(signalTable.map((s) => [s.num, s.name]));
// Real-time signals as strace 6.1 names them (the package's realtimeSignalNames is not exported
// by its index): 32 is SIGRTMIN, 33..64 are SIGRT_1..SIGRT_32.
if (!names.has(32)) names.set(32, 'SIGRTMIN');
for (let n = 33; n <= 64; n++) if (!names.has(n)) names.set(n, `SIGRT_${n - 32}`);

/** signame(): SIGHUP, SIGRT_3... or null. */
export function signame(sig: number): string | null {
  return names.get(sig) ?? null;
}

/** sprintsigname(): the name, or the number. */
export function sprintsigname(sig: number): string {
  return signame(sig) ?? String(sig);
}

/** printsignal(). */
export function signalText(sig: number, style: XlatStyle): string {
  const s = signame(sig);
  if (!s) return String(sig);
  if (style.verbosity === 'raw') return String(sig);
  if (style.verbosity === 'verbose') return `${sig} /* ${s} */`;
  return s;
}

export function printSignal(c: Ctx, sig: number): Decoded {
  return { kind: 'const', value: BigInt(sig), name: signame(sig), text: signalText(sig, c.style) };
}

/**
 * sprintsigmask_n: a signal set of `bytes` bytes (at most 8 are looked at), "[HUP INT]",
 * or "~[...]" when two thirds or more of the bits are set.
 */
export function sigmaskText(buf: Buffer, bytes: number, style: XlatStyle, prefix = ''): string {
  const words = Math.ceil(Math.min(bytes, 8) / 4);
  const mask: number[] = [];
  for (let j = 0; j < words; j++) mask.push(j * 4 + 4 <= buf.length ? buf.readUInt32LE(j * 4) : 0);
  let pop = 0;
  for (const w of mask) pop += popcount(w);
  let s = prefix;
  let m = mask;
  if (pop >= Math.floor((words * 32 * 2) / 3)) {
    m = mask.map((w) => ~w >>> 0);
    s += '~';
  }
  let sep = '[';
  for (let bit = 0; bit < words * 32; bit++) {
    if (!((m[bit >> 5] >>> (bit & 31)) & 1)) continue;
    const i = bit + 1;
    s += sep;
    if (style.verbosity !== 'abbrev') s += String(i);
    if (style.verbosity === 'verbose') s += ' /* ';
    if (style.verbosity !== 'raw') {
      const n = names.get(i);
      if (n !== undefined) s += n.slice(3);
      else if (style.verbosity !== 'abbrev') s += String(i);
    }
    if (style.verbosity === 'verbose') s += ' */';
    sep = ' ';
  }
  if (sep === '[') s += sep;
  return s + ']';
}

function popcount(w: number): number {
  let n = 0;
  while (w) {
    w &= w - 1;
    n++;
  }
  return n;
}

/** print_sigset_addr_len: the set argument i points to, `len` bytes. */
export function sigsetArg(c: Ctx, phase: 'entry' | 'exit', i: number, len: bigint, minLen = 8n): Decoded {
  const addr = c.u[i];
  if (len < minLen || len > 8n) return ptr(addr);
  const b = c.umove(phase, i, Number(len));
  if (!Buffer.isBuffer(b)) return b;
  return { kind: 'raw', text: sigmaskText(b, Number(len), c.style) };
}

/** print_clock_t: clock ticks, with the seconds as a comment. */
export function clockT(v: bigint, style: XlatStyle): Decoded {
  const text = v.toString();
  if (style.verbosity === 'raw' || v <= 0n) return { kind: 'int', value: v, text };
  const whole = v / 100n;
  const frac = (Number(v % 100n) / 100).toFixed(2).slice(2);
  return { kind: 'int', value: v, text: `${text} /* ${whole}.${frac} s */` };
}

const SIGCHLD = 17;
const CLD_EXITED = 1;

/** print_si_code. */
function siCode(code: number, signo: number, style: XlatStyle): Decoded {
  // print_si_code looks the code up as an unsigned int and prints it with %#x.
  const u = BigInt(code >>> 0);
  let name = sprintxval(u, null, { verbosity: 'abbrev' }, X.siginfo_codes).name;
  if (name === null) {
    const t = SI_CODES[signo];
    if (t) name = sprintxval(u, null, { verbosity: 'abbrev' }, t).name;
  }
  const val = u === 0n ? '0' : `0x${u.toString(16)}`;
  let text: string;
  if (style.verbosity === 'raw' || name === null) text = val;
  else if (style.verbosity === 'verbose') text = `${val} /* ${name} */`;
  else text = name;
  return { kind: 'const', value: BigInt(code), name, text };
}

const SI_CODES: Record<number, (typeof X)['sigchld_codes'] | undefined> = {
  5: X.sigtrap_codes,
  17: X.sigchld_codes,
  29: X.sigpoll_codes,
  27: X.sigprof_codes,
  4: X.sigill_codes,
  8: X.sigfpe_codes,
  11: X.sigsegv_codes,
  7: X.sigbus_codes,
  31: X.sigsys_codes,
};

const id = (v: number): Decoded => ({ kind: 'int', value: BigInt(v), text: v === -1 ? '-1' : String(v >>> 0) });
const d = (v: number | bigint): Decoded => ({ kind: 'int', value: BigInt(v), text: String(v) });

/** printsiginfo: a 128-byte siginfo_t; si_pid as `pidText` prints a pid (-Y's comm). */
export function siginfo(si: Buffer, style: XlatStyle, fdText?: (fd: number) => Decoded, pidText?: (pid: number) => Decoded): Decoded {
  const signo = si.readInt32LE(0);
  const errno = si.readInt32LE(4);
  const code = si.readInt32LE(8);
  if (!signo) return struct([]);
  const f: [string, Decoded][] = [
    ['si_signo', { kind: 'const', value: BigInt(signo), name: signame(signo), text: signalText(signo, style) }],
    ['si_code', siCode(code, signo, style)],
  ];
  const source = (): void => {
    const pid = si.readInt32LE(16);
    f.push(['si_pid', pidText ? pidText(pid) : d(pid)], ['si_uid', id(si.readInt32LE(20))]);
  };
  const sigval = (): void => {
    f.push(['si_int', d(si.readInt32LE(24))], ['si_ptr', ptr(si.readBigUInt64LE(24))]);
  };
  const fd = (n: number): Decoded => (fdText ? fdText(n) : d(n));
  if (errno) f.push(['si_errno', { kind: 'raw', text: errnoText(errno, style) }]);
  if (code <= 0) {
    switch (code) {
      case 0: // SI_USER
      case -6: // SI_TKILL
        source();
        break;
      case -2: // SI_TIMER
        f.push(['si_timerid', { kind: 'int', value: BigInt(si.readInt32LE(16)), text: hex32(si.readInt32LE(16)) }], ['si_overrun', d(si.readInt32LE(20))]);
        sigval();
        break;
      case -5: // SI_SIGIO
        f.push(['si_band', d(si.readBigInt64LE(16))], ['si_fd', fd(si.readInt32LE(24))]);
        break;
      default:
        source();
        if (si.readBigUInt64LE(24) !== 0n) sigval();
    }
  } else {
    switch (signo) {
      case SIGCHLD:
        source();
        f.push(['si_status', code === CLD_EXITED ? d(si.readInt32LE(24)) : { kind: 'raw', text: signalText(si.readInt32LE(24), style) }]);
        f.push(['si_utime', clockT(si.readBigInt64LE(32), style)], ['si_stime', clockT(si.readBigInt64LE(40), style)]);
        break;
      case 4:
      case 8:
      case 7:
      case 11:
      case 5:
        f.push(['si_addr', ptr(si.readBigUInt64LE(16))]);
        if (signo === 7 && (code === 4 || code === 5)) f.push(['si_addr_lsb', { kind: 'int', value: 0n, text: hex32(si.readInt16LE(24)) }]);
        if (signo === 11 && code === 4) f.push(['si_pkey', d(si.readUInt32LE(32))]);
        if (signo === 11 && code === 3) f.push(['si_lower', ptr(si.readBigUInt64LE(32))], ['si_upper', ptr(si.readBigUInt64LE(40))]);
        break;
      case 29: // SIGIO
        if (code >= 1 && code <= 6) f.push(['si_band', d(si.readBigInt64LE(16))], ['si_fd', fd(si.readInt32LE(24))]);
        break;
      case 31: // SIGSYS
        f.push(
          ['si_call_addr', ptr(si.readBigUInt64LE(16))],
          ['si_syscall', { kind: 'raw', text: syscallNameText(si.readInt32LE(24), si.readUInt32LE(28)) }],
          ['si_arch', { kind: 'raw', text: sprintxval(BigInt(si.readUInt32LE(28)), 'AUDIT_ARCH_???', style, X.audit_arch).text }],
        );
        break;
      default:
        if (si.readInt32LE(16) || si.readInt32LE(20)) source();
        if (si.readBigUInt64LE(24) !== 0n) sigval();
    }
  }
  return struct(f);
}

function hex32(v: number): string {
  const u = v >>> 0;
  return u === 0 ? '0' : `0x${u.toString(16)}`;
}

import { syscallTable } from '@tracedb/native';
const syscallNames = new Map(syscallTable.map((s) => [s.nr, s.name]));
function syscallNameText(nr: number, arch: number): string {
  if (arch === 0xc000003e) {
    const n = syscallNames.get(nr);
    if (n) return `__NR_${n}`;
  }
  return String(nr);
}
