// An i386 siginfo_t (compat_siginfo: 4-byte longs and pointers) rewritten in x86_64's layout,
// for the one siginfo printer. The union after si_signo, si_errno and si_code starts at 12
// bytes in i386's layout and at 16 in x86_64's, its longs and pointers aligned to 8.

/** int: 4 bytes; ptr: 4 bytes zero-extended to 8; long: 4 bytes sign-extended to 8 (si_band, clock_t). */
type Field = 'int' | 'ptr' | 'long';

/** The union's fields by the kernel's siginfo layout (siginfo_layout()). */
const layouts: Readonly<Record<string, readonly Field[]>> = {
  kill: ['int', 'int'], // si_pid, si_uid
  timer: ['int', 'int', 'ptr'], // si_tid, si_overrun, si_value
  poll: ['long', 'int'], // si_band, si_fd
  rt: ['int', 'int', 'ptr'], // si_pid, si_uid, si_value
  chld: ['int', 'int', 'int', 'long', 'long'], // si_pid, si_uid, si_status, si_utime, si_stime
  fault: ['ptr', 'int', 'ptr', 'ptr'], // si_addr, si_addr_lsb, si_lower (or si_pkey), si_upper
  sys: ['ptr', 'int', 'int'], // si_call_addr, si_syscall, si_arch
};

const SIGCHLD = 17, SIGIO = 29, SIGSYS = 31;
const faultLimits: Readonly<Record<number, number>> = { 4: 11, 8: 15, 11: 9, 7: 5, 5: 6 }; // SIGILL, SIGFPE, SIGSEGV, SIGBUS, SIGTRAP

function layoutOf(signo: number, code: number): readonly Field[] {
  if (code > 0 && code < 0x80) {
    if (signo === SIGCHLD && code <= 6) return layouts.chld;
    if (signo === SIGSYS && code <= 1) return layouts.sys;
    if (faultLimits[signo] !== undefined && code <= faultLimits[signo]) return layouts.fault;
    return code <= 6 ? layouts.poll : layouts.kill;
  }
  if (code === -2) return layouts.timer;
  if (code === -5) return layouts.poll;
  return code < 0 ? layouts.rt : layouts.kill;
}

/** The 128-byte x86_64 siginfo_t of an i386 one (at least 12 bytes). */
export function siginfo32To64(b: Buffer): Buffer {
  const out = Buffer.alloc(128);
  b.copy(out, 0, 0, 12);
  const signo = b.readInt32LE(0);
  const code = b.readInt32LE(8);
  let from = 12;
  let to = 16;
  for (const f of signo === SIGIO && code > 0 && code <= 6 ? layouts.poll : layoutOf(signo, code)) {
    if (from + 4 > b.length) break;
    if (f === 'int') {
      out.writeInt32LE(b.readInt32LE(from), to);
      to += 4;
    } else {
      to = (to + 7) & ~7;
      out.writeBigInt64LE(f === 'ptr' ? BigInt(b.readUInt32LE(from)) : BigInt(b.readInt32LE(from)), to);
      to += 8;
    }
    from += 4;
  }
  return out;
}
