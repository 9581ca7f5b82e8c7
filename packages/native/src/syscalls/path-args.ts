import type { SyscallDef } from '../syscall-def.js';
import { parseCaptureSpec } from './capture-spec.js';
import { captureTable } from './capture-table.js';

/**
 * By syscall number, the argument whose string the recorder stores in the syscall table's
 * `path` column: the first argument the capture table reads as a path; -1 where there is none.
 */
export function pathArgs(table: readonly SyscallDef[]): number[] {
  const out: number[] = [];
  const byName = new Map(table.map((d) => [d.name, d.nr]));
  for (const d of table) out[d.nr] = -1;
  for (const [name, args] of Object.entries(captureTable)) {
    const nr = byName.get(name);
    if (nr === undefined) continue;
    for (const [arg, text] of Object.entries(args)) {
      const spec = parseCaptureSpec(text);
      if (spec.kind === 'cstr' && spec.path && (out[nr] < 0 || Number(arg) < out[nr])) out[nr] = Number(arg);
    }
  }
  return out;
}
