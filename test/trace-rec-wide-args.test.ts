// Register values that do not fit in 53 bits (pointers from 2^64 - 1024 up round to 2^64 as
// numbers): trace-rec once stopped with `The value of "value" is out of range … Received
// 4294967296` and wrote no recording. The fixture passes such values to execveat, execve
// (in argv too), setgroups and the calls that read or write through pointers; the recording
// is made, and trace-q prints what strace 6.1 prints for the same run.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, scratchDir } from './support/paths.js';
import { compareLogs, runRecorder, runStrace } from './support/strace-diff.js';

const traceQBin = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');

function traceQ(db: string, args: readonly string[]): string {
  const r = spawnSync(process.execPath, [traceQBin, db, ...args], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('trace-rec records any register value', () => {
  it('wide-args: the recording is made, and trace-q prints what strace prints (32-bit arguments at the kernel\'s width: setresuid, umask, close_range)', { timeout: 120_000 }, () => {
    const argv = [fixture('wide-args')];
    const cwd = scratchDir('cwd');
    const db = runRecorder(argv, cwd);
    // -y: close_range's arguments are unsigned ints, not descriptors, for strace 6.1
    for (const options of [[], ['-y']]) {
      const c = compareLogs(runStrace(argv, cwd, options), traceQ(db, options));
      expect(c.diffs, options.join(' ')).toEqual([]);
      expect(c.misaligned).toEqual([]);
      expect(c.identical).toBe(c.lines);
      expect(c.identical).toBe(c.renderedLines);
    }

    const all = traceQ(db, []);
    expect(all).toMatch(/execveat\(AT_FDCWD, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff, 0\) += -1 EFAULT/);
    expect(all).toMatch(/execve\("\/nonexistent\/wide-args", \[0xffffffffffffffff, 0xfffffffffffffc01\], 0xfffffffffffffc01\) += -1 ENOENT/);
    expect(all).toMatch(/setgroups\((0x)?2, 0xffffffffffffffff\) += -1 EFAULT/);
  });
});
