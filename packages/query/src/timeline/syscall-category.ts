import { syscallTable, syscallTableI386 } from '@tracedb/native';
import type { SyscallClass, SyscallDef } from '@tracedb/native';

/**
 * The timeline's colours: strace's -e trace=%CLASS classes, the first that a syscall is in
 * (kill is signal before process, socket network before desc); `other` for the rest.
 */
export const CATEGORIES = ['signal', 'process', 'network', 'ipc', 'memory', 'file', 'desc', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

function categories(table: readonly SyscallDef[]): Map<number, number> {
  const byNr = new Map<number, number>();
  for (const d of table) {
    const i = CATEGORIES.findIndex((c) => c !== 'other' && d.classes.includes(c as SyscallClass));
    byNr.set(d.nr, i < 0 ? CATEGORIES.length - 1 : i);
  }
  return byNr;
}

const OWN = categories(syscallTable);
let i386: Map<number, number> | null = null;

/** The index in CATEGORIES of a syscall's class. */
export function categoryOf(nr: number, abi?: string | null): number {
  const table = abi === 'i386' ? (i386 ??= categories(syscallTableI386)) : OWN;
  return table.get(nr) ?? CATEGORIES.length - 1;
}
