import { regOffset, REGS_SIZE } from '../arch/x86_64/regs.js';
import { PTRACE_GETREGS, PTRACE_SETREGS, PTRACE_SYSCALL } from '../generated/ptrace-constants.js';
import { errno, libc } from '../libc/libc.js';

const WALL = 0x40000000;
const EINTR = 4;
/** The `syscall` and `int $0x80` instructions are both 2 bytes long. */
const SYSCALL_INSN = 2n;

/**
 * Makes a thread stopped at a syscall-entry stop run syscall `nr` with `args` first, then puts it
 * back on its syscall instruction, registers as they were, so that resuming it (PTRACE_SYSCALL)
 * brings the entry stop of its own call again. `regs` are the thread's registers at the entry stop
 * (left unchanged). Returns the injected call's result (rax: -errno on failure), or null when the
 * thread did not reach the call's exit stop (killed meanwhile): it is then left as it is.
 *
 * Only the injecting thread waits, for this one tid: other tracees' stops stay queued.
 */
export function injectSyscall(tid: number, regs: Buffer, nr: number, args: readonly (number | bigint)[] = []): bigint | null {
  const call = Buffer.from(regs);
  call.writeBigInt64LE(BigInt(nr), regOffset.orig_rax);
  const argRegs = [regOffset.rdi, regOffset.rsi, regOffset.rdx, regOffset.r10, regOffset.r8, regOffset.r9];
  args.forEach((a, i) => call.writeBigUInt64LE(BigInt.asUintN(64, BigInt(a)), argRegs[i]));
  if (libc.ptracePtr(PTRACE_SETREGS, tid, 0, call) !== 0) return null;
  if (libc.ptraceInt(PTRACE_SYSCALL, tid, 0, 0) !== 0) return null;
  const status = new Int32Array(1);
  for (;;) {
    const r = libc.waitpid(tid, status, WALL);
    if (r === tid) break;
    if (r < 0 && errno() !== EINTR) return null; // the thread is gone
  }
  const s = status[0];
  const syscallStop = (s & 0xff) === 0x7f && ((s >> 8) & 0xff) === (5 | 0x80);
  if (!syscallStop) return null;
  const after = Buffer.alloc(REGS_SIZE);
  if (libc.ptracePtr(PTRACE_GETREGS, tid, 0, after) !== 0) return null;
  const result = after.readBigInt64LE(regOffset.rax);
  const back = Buffer.from(regs);
  back.writeBigUInt64LE(regs.readBigUInt64LE(regOffset.rip) - SYSCALL_INSN, regOffset.rip);
  back.writeBigUInt64LE(regs.readBigUInt64LE(regOffset.orig_rax), regOffset.rax);
  if (libc.ptracePtr(PTRACE_SETREGS, tid, 0, back) !== 0) return null;
  return result;
}
