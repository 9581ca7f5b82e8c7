// What the strace-comparison tests share: trace-q run on a recording (nothing on stderr, exit 0),
// and the assertion that its output and strace's log are the same line for line.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from './paths.js';
import type { Comparison, MaskRule } from './strace-diff.js';
import { compareLogs } from './strace-diff.js';

export const traceQBin = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');

/** The built trace-q bin on `db` with `args`: its standard output, having checked it said nothing on stderr and exited 0. */
export function traceQ(db: string, args: readonly string[]): string {
  const r = spawnSync(process.execPath, [traceQBin, db, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.error) throw r.error;
  expect(r.stderr, `trace-q ${args.join(' ')}`).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

/** The first differences of a comparison, for an assertion's message. */
export function explain(c: Comparison): string {
  return [...c.diffs.slice(0, 30).map((d) => `  [${d.thread}] ${d.strace !== null ? `strace: ${d.strace}` : `trace-q: ${d.rendered}`}`), ...c.misaligned.slice(0, 5)].join('\n');
}

/** strace's log and trace-q's output are the same line for line (after `masks`), timing-only lines aside. */
export function expectSameAsStrace(straceLog: string, ours: string, what: string, masks: readonly MaskRule[] = []): void {
  const c = compareLogs(straceLog, ours, masks);
  expect(c.diffs, `${what}\n${explain(c)}`).toEqual([]);
  expect(c.misaligned, what).toEqual([]);
  expect(c.identical, what).toBe(c.lines - c.timingOnly[0]);
  expect(c.identical, what).toBe(c.renderedLines - c.timingOnly[1]);
}
