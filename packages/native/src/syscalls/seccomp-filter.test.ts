import { describe, expect, it } from 'vitest';
import { syscallTable } from '../arch/x86_64/index.js';
import { AUDIT_ARCH_I386, AUDIT_ARCH_X86_64, encodeBpf, SECCOMP_RET_ALLOW, SECCOMP_RET_TRACE, seccompTraceProgram } from './seccomp-filter.js';
import type { BpfInsn } from './seccomp-filter.js';
import { I386_KEY, LAST_I386_NR, LAST_NR, parseSyscallSet } from './syscall-set.js';

/** The kernel's classic BPF, for the instructions the builder uses, over struct seccomp_data {nr, arch}. */
function runBpf(program: readonly BpfInsn[], nr: number, arch: number): number {
  let a = 0;
  for (let pc = 0; pc < program.length; pc++) {
    const { code, jt, jf, k } = program[pc];
    const cond = (c: boolean): void => {
      pc += c ? jt : jf;
    };
    if (code === 0x20) a = k === 0 ? nr >>> 0 : k === 4 ? arch >>> 0 : Number.NaN;
    else if (code === 0x05) pc += k;
    else if (code === 0x15) cond(a === k);
    else if (code === 0x25) cond(a > k);
    else if (code === 0x35) cond(a >= k);
    else if (code === 0x06) return k;
    else throw new Error(`unexpected BPF code 0x${code.toString(16)}`);
    if (pc >= program.length) throw new Error('jumped past the end');
  }
  throw new Error('fell off the end');
}

const traced = (keys: ReadonlySet<number>, nr: number, arch = AUDIT_ARCH_X86_64): boolean =>
  runBpf(seccompTraceProgram(keys), nr, arch) === SECCOMP_RET_TRACE;

describe('seccompTraceProgram', () => {
  it.each(['openat', '%file', '%process', '!%file', '!/^(read|write)$', 'all', 'none', '/^e'])('%s: exactly the set traced, by x86_64 and i386 number', (set) => {
    const keys = parseSyscallSet(set);
    const program = seccompTraceProgram(keys);
    for (let nr = 0; nr <= LAST_NR; nr++) expect(runBpf(program, nr, AUDIT_ARCH_X86_64), `x86_64 ${nr}`).toBe(keys.has(nr) ? SECCOMP_RET_TRACE : SECCOMP_RET_ALLOW);
    for (let nr = 0; nr <= LAST_I386_NR; nr++) {
      const subcalls = nr === 102 || nr === 117 ? [...keys].some((k) => k >= I386_KEY + (nr === 102 ? 0x10000 : 0x10100) && k < I386_KEY + (nr === 102 ? 0x10100 : 0x10200)) : false;
      expect(runBpf(program, nr, AUDIT_ARCH_I386), `i386 ${nr}`).toBe(keys.has(I386_KEY + nr) || subcalls ? SECCOMP_RET_TRACE : SECCOMP_RET_ALLOW);
    }
  });

  it('numbers beyond each table stop whatever the set (x32 calls too); other arches are allowed', () => {
    const keys = parseSyscallSet('openat');
    for (const nr of [LAST_NR + 1, 999, 0x40000000 + 257, 0xffffffff]) expect(traced(keys, nr), String(nr)).toBe(true);
    expect(traced(keys, LAST_I386_NR + 1, AUDIT_ARCH_I386)).toBe(true);
    expect(traced(keys, 257, 0xc00000b7 /* aarch64 */)).toBe(false);
  });

  it('socketcall stops when one of its subcalls is selected', () => {
    expect(traced(parseSyscallSet('connect'), 102, AUDIT_ARCH_I386)).toBe(true);
    expect(traced(parseSyscallSet('openat'), 102, AUDIT_ARCH_I386)).toBe(false);
  });

  it('a scattered set stays far under BPF_MAXINSNS, its jumps short', () => {
    const every3rd = new Set(syscallTable.filter((d) => d.nr % 3 === 0).map((d) => d.nr));
    const program = seccompTraceProgram(every3rd);
    expect(program.length).toBeLessThan(4096);
    for (const p of program) expect(p.jt <= 255 && p.jf <= 255).toBe(true);
    for (let nr = 0; nr <= LAST_NR; nr++) expect(runBpf(program, nr, AUDIT_ARCH_X86_64)).toBe(every3rd.has(nr) ? SECCOMP_RET_TRACE : SECCOMP_RET_ALLOW);
    expect(encodeBpf(program).length).toBe(program.length * 8);
  });
});
