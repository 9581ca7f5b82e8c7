import { captureTable, newDescriptors, parseCaptureSpec, syscallTable } from '@tracedb/native';
import type { SyscallDef } from '@tracedb/native';

/** Argument names of the kernel prototypes that hold a file descriptor (pointers excluded). */
const FD_ARG_NAMES = new Set([
  'fd', 'fildes', 'oldfd', 'newfd', 'epfd', 'ufd', 'pidfd', 'fdin', 'fdout', 'fd_in', 'fd_out', 'in_fd', 'out_fd',
  'dfd', 'olddfd', 'newdfd', 'from_dfd', 'to_dfd', 'group_fd', 'fanotify_fd', 'mountdirfd', 'kernel_fd', 'initrd_fd',
  'fs_fd', 'ruleset_fd',
]);

/** Syscalls whose return value, on success, is a new file descriptor. */
export const FD_RETURNING: ReadonlySet<string> = new Set([
  'dup', 'dup2', 'dup3',
  ...Object.entries(newDescriptors).filter(([, d]) => d.at === 'ret' && d.when === undefined).map(([name]) => name),
]);

function isFdArg(a: { type: string; name: string }): boolean {
  return !a.type.includes('*') && FD_ARG_NAMES.has(a.name);
}

/** argument index → numbers of the syscalls that take a descriptor there. */
export function fdArgSyscalls(table: readonly SyscallDef[] = syscallTable): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const d of table) {
    d.args.forEach((a, i) => {
      if (isFdArg(a)) out.set(i, [...(out.get(i) ?? []), d.nr]);
    });
  }
  return out;
}

/** The descriptor argument indexes of one syscall. */
export function fdArgsOf(def: SyscallDef): number[] {
  return def.args.flatMap((a, i) => (isFdArg(a) ? [i] : []));
}

/**
 * argument index → numbers of the syscalls with a second (third…) path argument there; the
 * `path` column holds only the first one, the others are in `memory` at the entry stop.
 */
export function extraPathArgSyscalls(table: readonly SyscallDef[] = syscallTable): Map<number, number[]> {
  const byName = new Map(table.map((d) => [d.name, d.nr]));
  const out = new Map<number, number[]>();
  for (const [name, args] of Object.entries(captureTable)) {
    const nr = byName.get(name);
    if (nr === undefined) continue;
    const paths = Object.entries(args)
      .filter(([, spec]) => {
        const s = parseCaptureSpec(spec);
        return s.kind === 'cstr' && s.path;
      })
      .map(([i]) => Number(i))
      .sort((a, b) => a - b);
    for (const i of paths.slice(1)) out.set(i, [...(out.get(i) ?? []), nr]);
  }
  return out;
}

export function syscallNumber(name: string, table: readonly SyscallDef[] = syscallTable): number {
  const def = table.find((d) => d.name === name);
  if (!def) throw new Error(`no syscall ${name} in the table`);
  return def.nr;
}
