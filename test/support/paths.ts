// Where things are, and the controlled environment every traced run gets.

import { mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Build products and scratch files of the test suite (gitignored). */
export const workDir = path.join(repoRoot, 'test', '.work');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');
export const traceRecBin = path.join(repoRoot, 'packages', 'recorder', 'bin', 'trace-rec.js');

/**
 * The environment given, unchanged, to both strace and trace-rec (and so to
 * the traced program under each). Nothing inherited from the test runner:
 * no NODE_OPTIONS, no locale, no TZ surprises.
 */
export function testEnv(): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/root',
    LANG: 'C',
    LC_ALL: 'C',
  };
}

/**
 * The working directory of traced runs. Kept out of /tmp on purpose: `ls -l /`
 * prints /tmp's link count, which changes whenever a directory is created in
 * /tmp, and that would change the length of ls's write(2) between two runs.
 */
export function runCwd(): string {
  const dir = path.join(workDir, 'cwd');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A fresh scratch directory under test/.work/tmp (again: not under /tmp). */
export function scratchDir(prefix: string): string {
  const base = path.join(workDir, 'tmp');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, `${prefix}-`));
}
