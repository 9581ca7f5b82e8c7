import { errnoTable } from '@tracedb/native';
import { UsageError } from '../cli/errors.js';

/** `ENOENT,EACCES` (any case, or numbers) → the errno numbers; unknown names are an error. */
export function parseErrnoList(text: string): number[] {
  const out: number[] = [];
  for (const item of text.split(',')) {
    const t = item.trim();
    if (/^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= 4095) {
      out.push(Number(t));
      continue;
    }
    const def = errnoTable.find((e) => e.name === t.toUpperCase());
    if (!def) throw new UsageError(`unknown errno '${t}'`);
    out.push(def.num);
  }
  return out;
}
