// Error numbers as strace prints them (syscall.c: print_err, print_err_ret).

import { errnoTable } from '@tracedb/native';
import type { XlatStyle } from './xlat.js';

const byNum = new Map(errnoTable.map((e) => [e.num, e]));
// straceUnnamedErrnos of packages/native/src/generated/errno-table.ts (not exported by the
// package's index): numbers strace 6.1 has no name for.
const UNNAMED = new Set([519, 531]);

/** err_name(): the name strace prints for an errno, or null. */
export function errName(n: number): string | null {
  if (UNNAMED.has(n)) return null;
  return byNum.get(n)?.name ?? null;
}

/** strerror() text (as glibc words it); ERESTART* carry strace's own texts. */
export function errMessage(n: number): string {
  return byNum.get(n)?.message ?? `Unknown error ${n}`;
}

/** print_err(err, false): an errno value inside a structure (si_errno=ENOENT). */
export function errnoText(err: number, style: XlatStyle): string {
  const s = errName(err);
  const num = String(err >>> 0);
  if (!s) return num;
  if (style.verbosity === 'raw') return num;
  if (style.verbosity === 'verbose') return `${num} /* ${s} */`;
  return s;
}

/** The " = ..." text of a failed call (after "= "). */
export function errorReturnText(errno: number): string {
  switch (errno) {
    case 512:
      return '? ERESTARTSYS (To be restarted if SA_RESTART is set)';
    case 513:
      return '? ERESTARTNOINTR (To be restarted)';
    case 514:
      return '? ERESTARTNOHAND (To be restarted if no handler)';
    case 516:
      return '? ERESTART_RESTARTBLOCK (Interrupted by signal)';
  }
  const name = errName(errno);
  return name ? `-1 ${name} (${errMessage(errno)})` : `-1 (errno ${errno})`;
}

/** print_err_ret, what -e raw= prints for a failed call: ERESTART* too as -1 NAME (strerror's text). */
export function rawErrorText(errno: number): string {
  const restart = RESTARTS[errno];
  return restart !== undefined ? `-1 ${restart} (Unknown error ${errno})` : errorReturnText(errno);
}

const RESTARTS: Readonly<Record<number, string>> = { 512: 'ERESTARTSYS', 513: 'ERESTARTNOINTR', 514: 'ERESTARTNOHAND', 516: 'ERESTART_RESTARTBLOCK' };
