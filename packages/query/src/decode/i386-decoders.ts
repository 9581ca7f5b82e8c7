// Which i386 calls (int $0x80) the x86_64 decoders print as strace does.

/**
 * Syscalls whose i386 call has the x86_64 call's arguments with the same meaning and whose
 * decoder reads only integers, descriptors, strings and byte buffers (which the recorder
 * captures for i386 calls too). Every other i386 call prints as strace's fallback does:
 * its arguments in hex (printargs), as many as the i386 table gives it — strace decodes
 * more of them (structs in their i386 layouts, socketcall and ipc by subcall).
 */
export const i386SameDecoders: ReadonlySet<string> = new Set([
  'read', 'write', 'open', 'close', 'creat', 'link', 'unlink', 'chdir', 'fchdir', 'mkdir', 'rmdir', 'access', 'chmod',
  'fchmod', 'rename', 'symlink', 'readlink', 'dup', 'dup2', 'dup3', 'getpid', 'getppid', 'gettid', 'getpgrp', 'setsid',
  'fsync', 'fdatasync', 'pause', 'alarm', 'umask', 'exit', 'exit_group', 'kill', 'tkill', 'tgkill', 'sched_yield',
  'openat', 'mkdirat', 'unlinkat', 'renameat', 'linkat', 'symlinkat', 'readlinkat', 'faccessat', 'fchmodat', 'chroot',
]);
