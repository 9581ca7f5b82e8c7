import type { Recording } from '@tracedb/query';
import type { RecordedOptions } from './recorded-run.js';

const AT_BASE = 7n;
const AT_EXECFN = 31n;
/** With ASLR off the stack ends at 0x7ffffffff000 and AT_EXECFN points into its last page or so. */
const STACK_TOP_REGION = 0x7fff_fff0_0000n;
/** ...and the loader sits right under the mmap base, 0x7ffff7fXXXXX. */
const LOADER_REGION = 0x7ffff7fn;

/**
 * Whether the recorded program ran with ASLR off: trace-rec --replayable says so in its options;
 * otherwise (a recording made under `setarch -R`) the first exec's auxv shows it, with the
 * stack at the very top of the address space and the loader at the fixed mmap base.
 */
export function recordedWithoutAslr(rec: Recording, options: RecordedOptions): boolean {
  if (options.replayable?.aslr !== undefined) return options.replayable.aslr === 'off';
  const first = rec.db.prepare('SELECT auxv FROM execs ORDER BY id LIMIT 1').get() as { auxv: Buffer | null } | undefined;
  const auxv = first?.auxv;
  if (!auxv) return false;
  const entries = new Map<bigint, bigint>();
  for (let i = 0; i + 16 <= auxv.length; i += 16) entries.set(auxv.readBigUInt64LE(i), auxv.readBigUInt64LE(i + 8));
  const execfn = entries.get(AT_EXECFN) ?? 0n;
  const base = entries.get(AT_BASE) ?? 0n;
  return execfn >= STACK_TOP_REGION && (base === 0n || base >> 20n === LOADER_REGION);
}
