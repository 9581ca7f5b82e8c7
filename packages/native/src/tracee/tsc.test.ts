import { describe, expect, it } from 'vitest';
import { regOffset, REGS_SIZE } from '../arch/x86_64/regs.js';
import { emulateCpuid } from './cpuid.js';
import { emulateTsc } from './tsc.js';

function regs(): Buffer {
  const r = Buffer.alloc(REGS_SIZE, 0xee);
  r.writeBigUInt64LE(0x401000n, regOffset.rip);
  return r;
}

describe('emulated instructions', () => {
  it('rdtsc: edx:eax = the value, upper halves zeroed, rip past the 2 bytes, rcx untouched', () => {
    const r = regs();
    emulateTsc(r, 'rdtsc', 0x1234_5678_9abc_def0n);
    expect(r.readBigUInt64LE(regOffset.rax)).toBe(0x9abc_def0n);
    expect(r.readBigUInt64LE(regOffset.rdx)).toBe(0x1234_5678n);
    expect(r.readBigUInt64LE(regOffset.rcx)).toBe(0xeeee_eeee_eeee_eeeen);
    expect(r.readBigUInt64LE(regOffset.rip)).toBe(0x401002n);
  });

  it('rdtscp: also ecx = aux, rip past the 3 bytes', () => {
    const r = regs();
    emulateTsc(r, 'rdtscp', 5n, 3);
    expect([r.readBigUInt64LE(regOffset.rax), r.readBigUInt64LE(regOffset.rdx), r.readBigUInt64LE(regOffset.rcx)]).toEqual([5n, 0n, 3n]);
    expect(r.readBigUInt64LE(regOffset.rip)).toBe(0x401003n);
  });

  it('cpuid: eax, ebx, ecx, edx as given, rip past the 2 bytes', () => {
    const r = regs();
    emulateCpuid(r, [0x24, 0x756e6547, 0x6c65746e, 0x49656e69]);
    expect([regOffset.rax, regOffset.rbx, regOffset.rcx, regOffset.rdx].map((o) => r.readBigUInt64LE(o))).toEqual([0x24n, 0x756e6547n, 0x6c65746en, 0x49656e69n]);
    expect(r.readBigUInt64LE(regOffset.rip)).toBe(0x401002n);
  });
});
