import { signalTable } from '@tracedb/native';
import { UsageError } from '../cli/errors.js';

const NSIG = 64;

const SIGRTMIN = 32;
const MAX_SIGNAL_NUMBER = 255;

/** How strace 6.1 names the real-time signals: SIGRTMIN, then SIGRT_1 … SIGRT_32. */
const realtime = Array.from({ length: NSIG - SIGRTMIN + 1 }, (_, i) => [i === 0 ? 'SIGRTMIN' : `SIGRT_${i}`, SIGRTMIN + i] as const);

const byName = new Map<string, number>([
  ...signalTable.map((s) => [s.name, s.num] as const),
  ...realtime,
  ['SIGIOT', 6],
  ['SIGPOLL', 29],
  ['SIGUNUSED', 31],
  ['SIGRTMAX', NSIG],
]);

/** The name strace prints for signal `num` (decimal when it has none). */
export function signalName(num: number): string {
  return signalTable.find((s) => s.num === num)?.name ?? realtime.find(([, n]) => n === num)?.[0] ?? String(num);
}

/**
 * Resolves an strace `-e signal=` set: names with or without SIG (any case), numbers 0..255,
 * `all`, `none`; a leading `!` negates the list.
 */
export function parseSignalSet(text: string): ReadonlySet<number> {
  let list = text.trim();
  const invert = list.startsWith('!');
  if (invert) list = list.slice(1);
  if (list === '') throw new UsageError(`empty signal set '${text}'`);
  const set = new Set<number>();
  for (const item of list.split(',')) {
    if (item === 'all') for (let n = 1; n <= NSIG; n++) set.add(n);
    else if (item !== 'none') set.add(parseSignal(item));
  }
  if (!invert) return set;
  const all = new Set<number>();
  for (let n = 1; n <= NSIG; n++) if (!set.has(n)) all.add(n);
  return all;
}

function parseSignal(item: string): number {
  if (/^\d+$/.test(item)) {
    // strace takes any number up to 255 (sigstr_to_uint); those above 64 are never delivered
    const n = Number(item);
    if (n <= MAX_SIGNAL_NUMBER) return n;
    throw new UsageError(`signal number ${item} is out of range (0..${MAX_SIGNAL_NUMBER})`);
  }
  const upper = item.toUpperCase();
  const num = byName.get(upper.startsWith('SIG') ? upper : `SIG${upper}`);
  if (num === undefined) throw new UsageError(`unknown signal '${item}'`);
  return num;
}
