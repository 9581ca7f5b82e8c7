import path from 'node:path';
import { isPathOrigin, maskPath } from '../fd-origins.js';
import { outcome } from '../syscall-normaliser.js';
import type { Difference } from '../sequence-aligner.js';
import type { TraceCall } from '../trace.js';

/** The files a call touches: its path argument, the paths its fd arguments were opened from, the file its address was mapped from. */
export function targets(c: TraceCall): string[] {
  const out: string[] = [];
  if (c.path !== null && c.path !== '') out.push(maskPath(c.path));
  for (const o of c.fdOrigins) if (isPathOrigin(o)) out.push(o);
  if (isPathOrigin(c.memOrigin)) out.push(c.memOrigin);
  return out;
}

export function isUnder(p: string, dir: string): boolean {
  const d = dir.endsWith('/') && dir.length > 1 ? dir.slice(0, -1) : dir;
  return p === d || p.startsWith(d + '/');
}

/** Absolute form of a path the program gave relative to its cwd (when the cwd is known). */
export function absolute(p: string, cwd: string): string {
  return p.startsWith('/') || cwd === '' ? p : path.posix.join(cwd, p);
}

/** `openat ENOENT`, `read ok`: short form of a call for evidence lines. */
export function brief(c: TraceCall): string {
  const o = outcome(c);
  return o === 'ok' ? c.name : `${c.name} ${o}`;
}

/** "12 openat ENOENT, 3 newfstatat" for a list of calls. */
export function tally(calls: readonly TraceCall[]): string {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(brief(c), (counts.get(brief(c)) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}

/** The calls of one side of some differences. */
export function sideCalls(diffs: readonly Difference[], side: 'a' | 'b'): TraceCall[] {
  const out: TraceCall[] = [];
  for (const d of diffs) {
    const c = side === 'a' ? d.a : d.b;
    if (c) out.push(c);
  }
  return out;
}

/** Up to n items, then "and N more". */
export function some(items: readonly string[], n = 4): string {
  return items.length <= n ? items.join(', ') : `${items.slice(0, n).join(', ')} and ${items.length - n} more`;
}

export function unique<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}

const READS = new Set(['read', 'pread64', 'readv', 'preadv', 'preadv2']);
const WRITES = new Set(['write', 'pwrite64', 'writev', 'pwritev', 'pwritev2', 'sendto', 'sendmsg']);

export const isRead = (c: TraceCall): boolean => READS.has(c.name);
export const isWrite = (c: TraceCall): boolean => WRITES.has(c.name);
