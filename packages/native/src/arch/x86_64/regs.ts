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

/** Where the syscall number, its six arguments and its return value live. */
export const syscallRegs = {
  nr: regOffset.orig_rax,
  args: [regOffset.rdi, regOffset.rsi, regOffset.rdx, regOffset.r10, regOffset.r8, regOffset.r9],
  ret: regOffset.rax,
  ip: regOffset.rip,
  sp: regOffset.rsp,
} as const;

/**
 * At rt_sigreturn's entry, the signal frame's uc_sigmask is at sp + this: strace's
 * get_rt_sigframe_addr (sp - 8, the handler's return address popped) plus
 * offsetof(struct rt_sigframe, uc.uc_sigmask) (8 + uc_flags, uc_link, uc_stack, uc_mcontext).
 */
export const SIGFRAME_MASK_FROM_SP = 296;
