/** struct ptrace_syscall_info (PTRACE_GET_SYSCALL_INFO) on x86_64. */
export const SYSCALL_INFO_SIZE = 88;

export const syscallInfoOffset = {
  op: 0, // u8: PTRACE_SYSCALL_INFO_NONE/ENTRY/EXIT/SECCOMP
  arch: 4, // u32 AUDIT_ARCH_*
  ip: 8,
  sp: 16,
  entryNr: 24,
  entryArgs: 32, // 6 × u64
  exitRval: 24, // s64
  exitIsError: 32, // u8
} as const;

export const AUDIT_ARCH_X86_64 = 0xc000003e;
