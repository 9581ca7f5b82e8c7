/** One argument of a syscall prototype, as written in the kernel's include/linux/syscalls.h. */
export interface SyscallArgDef {
  /** C type, e.g. 'unsigned int', 'const char __user *'. */
  readonly type: string;
  /** Parameter name, e.g. 'fd', 'filename'. */
  readonly name: string;
}

/**
 * The syscall classes of strace's `-e trace=%CLASS` (strace 6.1 semantics):
 * file: takes a file name; desc: takes or returns a file descriptor; network; process
 * (process life cycle); signal; ipc (SysV IPC); memory (memory mapping); creds (user/group
 * ids and capabilities); clock (read/modify system clocks); stat/lstat/fstat/statfs/fstatfs
 * (the stat variants); pure (no arguments, always succeed).
 */
export type SyscallClass =
  | 'file'
  | 'desc'
  | 'network'
  | 'process'
  | 'signal'
  | 'ipc'
  | 'memory'
  | 'creds'
  | 'clock'
  | 'stat'
  | 'lstat'
  | 'fstat'
  | 'statfs'
  | 'fstatfs'
  | 'pure';

/** One syscall of an architecture's table. */
export interface SyscallDef {
  /** Syscall number on this architecture. */
  readonly nr: number;
  /** Name as strace prints it (the __NR_ suffix). */
  readonly name: string;
  /** Number of arguments strace decodes/prints (args.length). */
  readonly nargs: number;
  readonly args: readonly SyscallArgDef[];
  /** The strace classes this syscall belongs to, in the order of SyscallClass. */
  readonly classes: readonly SyscallClass[];
}
