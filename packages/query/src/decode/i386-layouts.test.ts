import { describe, expect, it } from 'vitest';
import { captureTableI386, parseCaptureSpec, syscallTableI386 } from '@tracedb/native';
import * as L from './i386-layouts.js';
import { siginfo32To64 } from './siginfo32.js';

/** The bytes the recorder reads for argument `arg` of i386 call `name` (a constant size). */
function captured(name: string, arg: number): number {
  const spec = parseCaptureSpec(captureTableI386[name][arg]);
  if (spec.kind !== 'bytes' || spec.len.kind !== 'const') throw new Error(`${name} ${arg}: not a constant size`);
  return spec.len.bytes;
}

describe('i386 layouts', () => {
  it('are what the recorder reads for the calls decoded with them', () => {
    const uses: [string, number, number][] = [
      ['stat64', 1, L.stat64.size], ['lstat64', 1, L.stat64.size], ['fstat64', 1, L.stat64.size], ['fstatat64', 2, L.stat64.size],
      ['stat', 1, L.oldStat.size], ['lstat', 1, L.oldStat.size], ['fstat', 1, L.oldStat.size],
      ['statfs', 1, L.statfs.size], ['fstatfs', 1, L.statfs.size], ['getrlimit', 1, L.rlimit.size], ['ugetrlimit', 1, L.rlimit.size],
      ['setrlimit', 1, L.rlimit.size], ['nanosleep', 0, L.timespec32.size], ['clock_gettime', 1, L.timespec32.size],
      ['gettimeofday', 0, L.timespec32.size], ['rt_sigaction', 1, L.rtSigaction.size], ['sigaction', 1, L.oldSigaction.size],
      ['mmap', 0, L.mmapArgs.size], ['getitimer', 1, L.itimer32.size], ['timerfd_gettime', 1, L.itimer32.size],
      ['sigaltstack', 0, L.stack.size], ['getrusage', 1, L.RUSAGE_SIZE], ['wait4', 3, L.RUSAGE_SIZE], ['sysinfo', 0, L.sysinfo.size],
      ['set_thread_area', 0, L.userDesc.size], ['get_thread_area', 0, L.userDesc.size],
    ];
    for (const [name, arg, size] of uses) expect(captured(name, arg), name).toBe(size);
  });

  it('have their fields inside the structure', () => {
    const widths = { u16: 2, u32: 4, s32: 4, u64: 8, s64: 8 } as const;
    for (const [name, l] of Object.entries(L)) {
      if (typeof l !== 'object' || !('fields' in l)) continue;
      for (const [field, [off, type]] of Object.entries(l.fields as Record<string, readonly [number, keyof typeof widths]>)) {
        expect(off + widths[type], `${name}.${field}`).toBeLessThanOrEqual(l.size);
      }
    }
  });

  it('the i386 capture table names i386 calls, with specs that parse', () => {
    const names = new Set(syscallTableI386.map((d) => d.name));
    for (const [name, args] of Object.entries(captureTableI386)) {
      expect(names.has(name), name).toBe(true);
      for (const text of Object.values(args)) expect(() => parseCaptureSpec(text), `${name} ${text}`).not.toThrow();
    }
  });
});

describe('siginfo32To64', () => {
  it('moves a SIGCHLD siginfo union to x86_64 offsets, clock_t sign-extended', () => {
    const b = Buffer.alloc(128);
    b.writeInt32LE(17, 0); // SIGCHLD
    b.writeInt32LE(1, 8); // CLD_EXITED
    b.writeInt32LE(1234, 12); // si_pid
    b.writeInt32LE(1000, 16); // si_uid
    b.writeInt32LE(3, 20); // si_status
    b.writeInt32LE(-1, 24); // si_utime
    b.writeInt32LE(7, 28); // si_stime
    const x = siginfo32To64(b);
    expect([x.readInt32LE(0), x.readInt32LE(8), x.readInt32LE(16), x.readInt32LE(20), x.readInt32LE(24)]).toEqual([17, 1, 1234, 1000, 3]);
    expect([x.readBigInt64LE(32), x.readBigInt64LE(40)]).toEqual([-1n, 7n]);
  });

  it('zero-extends an SI_QUEUE sigval pointer', () => {
    const b = Buffer.alloc(128);
    b.writeInt32LE(12, 0);
    b.writeInt32LE(-1, 8); // SI_QUEUE
    b.writeInt32LE(5, 12);
    b.writeUInt32LE(0xdeadbeef, 20);
    const x = siginfo32To64(b);
    expect(x.readInt32LE(16)).toBe(5);
    expect(x.readBigUInt64LE(24)).toBe(0xdeadbeefn);
  });
});
