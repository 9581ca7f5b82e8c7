/** struct user_regs_struct on x86_64: 27 registers of 8 bytes, in the kernel's order. */
export const regNames = [
  'r15', 'r14', 'r13', 'r12', 'rbp', 'rbx', 'r11', 'r10', 'r9', 'r8', 'rax', 'rcx', 'rdx', 'rsi',
  'rdi', 'orig_rax', 'rip', 'cs', 'eflags', 'rsp', 'ss', 'fs_base', 'gs_base', 'ds', 'es', 'fs', 'gs',
] as const;

export type RegName = (typeof regNames)[number];

export const REGS_SIZE = regNames.length * 8;

/** Byte offset of each register in the blob. */
export const regOffset: Readonly<Record<RegName, number>> = Object.fromEntries(
  regNames.map((name, i) => [name, i * 8]),
) as Record<RegName, number>;

/**
 * The general registers that tell one pass of a loop through an instruction from another: a
 * thread trace-rec preempts is where they recur (a spin-wait), and a replay brings it to the point
 * where they all are the recorded ones.
 */
export const preemptionRegs = ['rip', 'rsp', 'rbp', 'rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'] as const satisfies readonly RegName[];

/** Where the syscall number, its six arguments and its return value live. */
export const syscallRegs = {
  nr: regOffset.orig_rax,
  args: [regOffset.rdi, regOffset.rsi, regOffset.rdx, regOffset.r10, regOffset.r8, regOffset.r9],
  ret: regOffset.rax,
  ip: regOffset.rip,
  sp: regOffset.rsp,
} as const;

/**
 * The i386 ABI (int $0x80 from a 64-bit program, or a 32-bit program): the syscall number in
 * eax (orig_rax), the arguments in ebx, ecx, edx, esi, edi, ebp, the return value in eax.
 */
export const i386SyscallArgs = [regOffset.rbx, regOffset.rcx, regOffset.rdx, regOffset.rsi, regOffset.rdi, regOffset.rbp] as const;

/**
 * Whether the registers at a syscall-entry stop are those of the `syscall` instruction (the
 * x86_64 ABI): it puts the return address in rcx and the flags in r11, and the kernel saves them
 * as they are (pt_regs ip = cx, flags = r11). int $0x80 leaves rcx and r11 as the program had
 * them, so any other pair is an i386 call. The one call this takes for x86_64 by mistake is an
 * int $0x80 made with ecx holding its own return address and r11 the flags. It costs 6 ns per
 * entry stop, where PTRACE_GET_SYSCALL_INFO's arch would cost one more ptrace request per entry:
 * 0.4–0.5 µs from Node (measured on the dev machine, 2026-12), 2–3% of what a syscall costs the
 * recorder (~16–22 µs for dd's read/write pairs in bench/run.mjs's syscall-heavy).
 */
export function isSyscallInstruction(regs: DataView): boolean {
  return (
    regs.getUint32(regOffset.rcx, true) === regs.getUint32(regOffset.rip, true) &&
    regs.getUint32(regOffset.rcx + 4, true) === regs.getUint32(regOffset.rip + 4, true) &&
    regs.getUint32(regOffset.r11, true) === regs.getUint32(regOffset.eflags, true) &&
    regs.getUint32(regOffset.r11 + 4, true) === regs.getUint32(regOffset.eflags + 4, true)
  );
}

/**
 * At rt_sigreturn's entry, the signal frame's uc_sigmask is at sp + this: strace's
 * get_rt_sigframe_addr (sp - 8, the handler's return address popped) plus
 * offsetof(struct rt_sigframe, uc.uc_sigmask) (8 + uc_flags, uc_link, uc_stack, uc_mcontext).
 */
export const SIGFRAME_MASK_FROM_SP = 296;
