import { closeSync, openSync, readSync } from 'node:fs';
import { regOffset } from '../arch/x86_64/regs.js';
import { readProcMem } from './proc-mem.js';

/** ARCH_SET_CPUID (arch_prctl): 0 makes cpuid fault (SIGSEGV) in the calling thread until its next execve. */
export const ARCH_SET_CPUID = 0x1012;

/** What cpuid leaf `leaf`, subleaf `subleaf` answers: eax, ebx, ecx, edx. */
export type CpuidResult = readonly [number, number, number, number];

/** Whether the instruction at `rip` of process `pid` is cpuid (0f a2). */
export function cpuidAt(pid: number, rip: number): boolean {
  const code = readProcMem(pid, rip, 2);
  return code !== null && code.length === 2 && code[0] === 0x0f && code[1] === 0xa2;
}

/** The leaf (eax) and subleaf (ecx) a faulting cpuid asks for, from its registers. */
export function cpuidQuery(regs: Buffer): { leaf: number; subleaf: number } {
  return { leaf: regs.readUInt32LE(regOffset.rax), subleaf: regs.readUInt32LE(regOffset.rcx) };
}

/** The leaves whose answer depends on the subleaf in ecx (Intel SDM, AMD APM); the others ignore ecx. */
const SUBLEAF_LEAVES = new Set([0x4, 0x7, 0xb, 0xd, 0xf, 0x10, 0x12, 0x14, 0x17, 0x18, 0x1a, 0x1b, 0x1d, 0x1e, 0x1f, 0x20, 0x23, 0x24, 0x8000001d, 0x80000020, 0x80000026]);

/**
 * The subleaf to ask the driver for: its file offset is a signed 64-bit number, so ecx's top bit
 * cannot be passed. Leaves that ignore ecx are asked with 0; an out-of-range subleaf of the
 * others with the largest one the offset can carry (also out of range).
 */
function driverSubleaf(leaf: number, subleaf: number): number {
  if (!SUBLEAF_LEAVES.has(leaf)) return 0;
  return Math.min(subleaf >>> 0, 0x7fffffff);
}

/**
 * cpuid as CPU `cpu` answers it, through the kernel's cpuid driver (/dev/cpu/N/cpuid: the offset
 * is leaf | subleaf << 32): a tracer in JavaScript cannot execute the instruction for its tracee.
 * Null when the driver is not there or refuses.
 */
export function hostCpuid(cpu: number, leaf: number, subleaf: number): CpuidResult | null {
  let fd: number;
  try {
    fd = openSync(`/dev/cpu/${cpu}/cpuid`, 'r');
  } catch {
    return null;
  }
  try {
    const b = Buffer.alloc(16);
    if (readSync(fd, b, 0, 16, BigInt(leaf) | (BigInt(driverSubleaf(leaf, subleaf)) << 32n)) !== 16) return null;
    return [b.readUInt32LE(0), b.readUInt32LE(4), b.readUInt32LE(8), b.readUInt32LE(12)];
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Sets `regs` as cpuid would have with `result` (upper halves zeroed) and moves rip past it. */
export function emulateCpuid(regs: Buffer, result: CpuidResult): void {
  const [eax, ebx, ecx, edx] = result;
  regs.writeBigUInt64LE(BigInt(eax >>> 0), regOffset.rax);
  regs.writeBigUInt64LE(BigInt(ebx >>> 0), regOffset.rbx);
  regs.writeBigUInt64LE(BigInt(ecx >>> 0), regOffset.rcx);
  regs.writeBigUInt64LE(BigInt(edx >>> 0), regOffset.rdx);
  regs.writeBigUInt64LE(regs.readBigUInt64LE(regOffset.rip) + 2n, regOffset.rip);
}
