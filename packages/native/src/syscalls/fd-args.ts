import type { SyscallDef } from '../syscall-def.js';

/** The kernel prototypes' names of arguments that are file descriptors (not counts like nfds or max_fd). */
const FD_ARG_NAMES: ReadonlySet<string> = new Set([
  'fd', 'oldfd', 'newfd', 'in_fd', 'out_fd', 'fd_in', 'fd_out', 'fdin', 'fdout', 'epfd', 'ufd', 'dfd', 'olddfd', 'newdfd',
  'from_dfd', 'to_dfd', 'group_fd', 'fanotify_fd', 'mountdirfd', 'kernel_fd', 'initrd_fd', 'pidfd', 'fs_fd', 'ruleset_fd',
]);

/** By syscall number, the indexes of its arguments that are file descriptors (none: absent). */
export function fdArgs(table: readonly SyscallDef[]): (readonly number[] | undefined)[] {
  const out: (readonly number[] | undefined)[] = [];
  for (const d of table) {
    const idx = d.args.flatMap((a, i) => (FD_ARG_NAMES.has(a.name) ? [i] : []));
    if (idx.length > 0) out[d.nr] = idx;
  }
  return out;
}
