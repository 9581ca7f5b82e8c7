import { readFileSync } from 'node:fs';
import { regOffset, REGS_SIZE } from '../arch/x86_64/regs.js';
import { PTRACE_GETREGS, PTRACE_SYSCALL } from '../generated/ptrace-constants.js';
import { errno, libc } from '../libc/libc.js';
import { injectSyscall } from './inject-syscall.js';
import { writeProcMem } from './proc-mem.js';

const NR_PRCTL = 157;
const NR_SECCOMP = 317;
const PR_SET_NO_NEW_PRIVS = 38;
const SECCOMP_SET_MODE_FILTER = 1;
const CAP_SYS_ADMIN = 21n;
const EACCES = 13;
const EINTR = 4;
const WALL = 0x40000000;
/** The x86_64 ABI's red zone below the stack pointer, which a leaf function may use. */
const RED_ZONE = 128n;
/** struct sock_fprog: u16 len, padding, then the pointer to the instructions. */
const FPROG_SIZE = 16n;

function hasSysAdmin(tid: number): boolean {
  try {
    const m = /^CapEff:\s*([0-9a-f]+)/m.exec(readFileSync(`/proc/${tid}/status`, 'utf8'));
    return m !== null && ((BigInt(`0x${m[1]}`) >> CAP_SYS_ADMIN) & 1n) === 1n;
  } catch {
    return false;
  }
}

/** From the exit stop an injection leaves the thread at (before its own syscall instruction), to that call's entry stop again. */
function backToEntry(tid: number, regs: Buffer): boolean {
  if (libc.ptraceInt(PTRACE_SYSCALL, tid, 0, 0) !== 0) return false;
  const status = new Int32Array(1);
  for (;;) {
    const r = libc.waitpid(tid, status, WALL);
    if (r === tid) break;
    if (r < 0 && errno() !== EINTR) return false;
  }
  const s = status[0];
  if ((s & 0xff) !== 0x7f || ((s >> 8) & 0xff) !== (5 | 0x80)) return false;
  return libc.ptracePtr(PTRACE_GETREGS, tid, 0, regs) === 0;
}

/**
 * Installs a seccomp-bpf program (encodeBpf's bytes) in a thread stopped at a syscall-entry stop,
 * as strace does in its child before the execve: seccomp(SECCOMP_SET_MODE_FILTER) run in the
 * thread by syscall injection, after prctl(PR_SET_NO_NEW_PRIVS) only when it lacks CAP_SYS_ADMIN
 * or the kernel refuses it without. The program is written below the red zone of its stack. The
 * thread is left before its own syscall instruction (resuming it makes that call again, under the
 * filter). Throws with the errno on failure.
 */
export function installSeccompFilter(tid: number, entryRegs: Buffer, program: Buffer): void {
  const regs = Buffer.from(entryRegs.subarray(0, REGS_SIZE));
  const rsp = regs.readBigUInt64LE(regOffset.rsp);
  const insns = (rsp - RED_ZONE - BigInt(program.length)) & ~7n;
  const fprog = insns - FPROG_SIZE;
  const head = Buffer.alloc(Number(FPROG_SIZE));
  head.writeUInt16LE(program.length / 8, 0);
  head.writeBigUInt64LE(insns, 8);
  if (!writeProcMem(tid, Number(fprog), Buffer.concat([head, program]))) throw Object.assign(new Error('seccomp filter: cannot write it in the tracee'), { errno: null });
  const seccomp = (): bigint | null => injectSyscall(tid, regs, NR_SECCOMP, [SECCOMP_SET_MODE_FILTER, 0, fprog]);
  const fail = (what: string, r: bigint | null): Error => Object.assign(new Error(`${what} in the tracee failed${r === null ? ' (it ended)' : ''}`), { errno: r === null ? null : Number(-r) });
  const admin = hasSysAdmin(tid);
  let r: bigint | null = admin ? seccomp() : BigInt(-EACCES);
  if (r === BigInt(-EACCES)) {
    if (admin && !backToEntry(tid, regs)) throw fail('seccomp', null);
    const p = injectSyscall(tid, regs, NR_PRCTL, [PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0]);
    if (p !== 0n) throw fail('prctl(PR_SET_NO_NEW_PRIVS)', p);
    if (!backToEntry(tid, regs)) throw fail('seccomp', null);
    r = seccomp();
  }
  if (r !== 0n) throw fail('seccomp(SECCOMP_SET_MODE_FILTER)', r);
}
