import { regOffset } from '../arch/x86_64/regs.js';
import { readProcMem } from './proc-mem.js';

export type TscInstruction = 'rdtsc' | 'rdtscp';

/** The time-stamp counter instructions that fault under PR_TSC_SIGSEGV, longest first. */
const TSC_INSTRUCTIONS: readonly { readonly name: TscInstruction; readonly bytes: readonly number[] }[] = [
  { name: 'rdtscp', bytes: [0x0f, 0x01, 0xf9] },
  { name: 'rdtsc', bytes: [0x0f, 0x31] },
];

const LONGEST = 3;
const TWO32 = 0x1_0000_0000n;

/** Which TSC instruction is at `rip` of process `pid` (a SIGSEGV stop under PR_TSC_SIGSEGV), or null. */
export function tscInstructionAt(pid: number, rip: number): TscInstruction | null {
  const code = readProcMem(pid, rip, LONGEST);
  if (code === null) return null;
  const found = TSC_INSTRUCTIONS.find((i) => i.bytes.every((b, k) => code[k] === b));
  return found ? found.name : null;
}

/**
 * Sets the registers `regs` (a user_regs_struct) as `instruction` would have with counter value
 * `tsc`: edx:eax = tsc (upper halves zeroed), rdtscp also ecx = `aux` (IA32_TSC_AUX, the CPU on
 * Linux); and moves rip past the instruction. Write them back with PTRACE_SETREGS and resume the
 * thread without the signal.
 */
export function emulateTsc(regs: Buffer, instruction: TscInstruction, tsc: bigint, aux = 0): void {
  const value = BigInt.asUintN(64, tsc);
  regs.writeBigUInt64LE(value % TWO32, regOffset.rax);
  regs.writeBigUInt64LE(value / TWO32, regOffset.rdx);
  if (instruction === 'rdtscp') regs.writeBigUInt64LE(BigInt(aux >>> 0), regOffset.rcx);
  const length = TSC_INSTRUCTIONS.find((i) => i.name === instruction)!.bytes.length;
  regs.writeBigUInt64LE(regs.readBigUInt64LE(regOffset.rip) + BigInt(length), regOffset.rip);
}
