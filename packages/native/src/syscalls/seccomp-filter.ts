import { IPC_SUBCALL_NR, SOCKET_SUBCALL_NR } from '../arch/x86_64/i386-subcalls.js';
import { I386_KEY, LAST_I386_NR, LAST_NR } from './syscall-set.js';

/** One classic BPF instruction (struct sock_filter). */
export interface BpfInsn {
  readonly code: number;
  readonly jt: number;
  readonly jf: number;
  readonly k: number;
}

const LD_W_ABS = 0x20;
const JMP_JA = 0x05;
const JMP_JEQ_K = 0x15;
const JMP_JGT_K = 0x25;
const JMP_JGE_K = 0x35;
const RET_K = 0x06;

/** struct seccomp_data: nr at 0, arch at 4. */
const DATA_NR = 0;
const DATA_ARCH = 4;

export const AUDIT_ARCH_X86_64 = 0xc000003e;
export const AUDIT_ARCH_I386 = 0x40000003;
export const SECCOMP_RET_ALLOW = 0x7fff0000;
export const SECCOMP_RET_TRACE = 0x7ff00000;
const NR_I386_SOCKETCALL = 102;
const NR_I386_IPC = 117;
/** BPF_MAXINSNS. */
const MAX_INSNS = 4096;

const insn = (code: number, k: number, jt = 0, jf = 0): BpfInsn => ({ code, jt, jf, k: k >>> 0 });

/** Sorted numbers as [first, last] runs. */
function ranges(nrs: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const nr of [...new Set(nrs)].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last !== undefined && last[1] + 1 === nr) last[1] = nr;
    else out.push([nr, nr]);
  }
  return out;
}

/**
 * SECCOMP_RET_TRACE for the numbers in `nrs` and those beyond `last` (each run tested then
 * returned inline: every jump stays short), else ALLOW.
 */
function matchNumbers(nrs: readonly number[], last: number): BpfInsn[] {
  const code = [insn(LD_W_ABS, DATA_NR)];
  for (const [a, b] of [...ranges(nrs.filter((nr) => nr <= last)), [last + 1, 0xffffffff]]) {
    if (a === b) code.push(insn(JMP_JEQ_K, a, 0, 1));
    else code.push(insn(JMP_JGE_K, a, 0, 2), insn(JMP_JGT_K, b, 1, 0));
    code.push(insn(RET_K, SECCOMP_RET_TRACE));
  }
  code.push(insn(RET_K, SECCOMP_RET_ALLOW));
  return code;
}

/**
 * The seccomp-bpf program that makes only the syscalls of a set (parseSyscallSet's keys) stop a
 * traced thread, as strace --seccomp-bpf builds it: x86_64 calls by number, i386 calls (int $0x80)
 * by their i386 number (socketcall and ipc when any of their subcalls is selected: the filter
 * cannot read the subcall's argument array); numbers beyond an ABI's table always, as strace
 * traces them whatever the set (x32 calls among them); anything else allowed.
 */
export function seccompTraceProgram(keys: Iterable<number>): BpfInsn[] {
  const x86_64: number[] = [];
  const i386: number[] = [];
  for (const key of keys) {
    if (key < I386_KEY) x86_64.push(key);
    else if (key - I386_KEY >= IPC_SUBCALL_NR) i386.push(NR_I386_IPC);
    else if (key - I386_KEY >= SOCKET_SUBCALL_NR) i386.push(NR_I386_SOCKETCALL);
    else i386.push(key - I386_KEY);
  }
  const native = matchNumbers(x86_64, LAST_NR);
  const program = [
    insn(LD_W_ABS, DATA_ARCH),
    insn(JMP_JEQ_K, AUDIT_ARCH_X86_64, 1, 0),
    insn(JMP_JA, native.length), // (a conditional jump reaches 255 instructions at most)
    ...native,
    insn(JMP_JEQ_K, AUDIT_ARCH_I386, 1, 0),
    insn(RET_K, SECCOMP_RET_ALLOW),
    ...matchNumbers(i386, LAST_I386_NR),
  ];
  if (program.length > MAX_INSNS) throw new RangeError(`seccomp filter of ${program.length} instructions (the kernel takes ${MAX_INSNS})`);
  return program;
}

/** The program as the kernel reads it: an array of struct sock_filter (u16 code, u8 jt, u8 jf, u32 k). */
export function encodeBpf(program: readonly BpfInsn[]): Buffer {
  const buf = Buffer.alloc(program.length * 8);
  program.forEach((p, i) => {
    buf.writeUInt16LE(p.code, i * 8);
    buf.writeUInt8(p.jt, i * 8 + 2);
    buf.writeUInt8(p.jf, i * 8 + 3);
    buf.writeUInt32LE(p.k, i * 8 + 4);
  });
  return buf;
}
