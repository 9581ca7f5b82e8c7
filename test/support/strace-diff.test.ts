// The comparison harness itself: what it counts as timing and what stays a difference.

import { describe, expect, it } from 'vitest';
import { compareLogs } from './strace-diff.js';

const log = (...lines: string[]): string => lines.map((l) => `100 ${l}`).join('\n') + '\n';

describe('compareLogs', () => {
  const start = ['pipe2([3, 4], 0) = 0', 'clone(child_stack=NULL, flags=SIGCHLD) = 200', 'clone(child_stack=NULL, flags=SIGCHLD) = 201'];
  const reap = (pid: number): string => `wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = ${pid}`;

  it('which exited child wait4(-1) reaps first is timing', () => {
    const c = compareLogs(log(...start, reap(200), reap(201), 'exit_group(0) = ?'), log(...start, reap(201), reap(200), 'exit_group(0) = ?'));
    expect(c.diffs).toEqual([]);
  });

  it('a reap that moves past another syscall, or reaps with another status, is still a difference', () => {
    const moved = compareLogs(log(...start, reap(200), 'close(3) = 0', reap(201)), log(...start, reap(200), reap(201), 'close(3) = 0'));
    expect(moved.diffs).not.toEqual([]);
    const other = reap(201).replace('== 0', '== 1');
    expect(compareLogs(log(...start, reap(200), reap(201)), log(...start, other, reap(200))).diffs).not.toEqual([]);
  });
});
