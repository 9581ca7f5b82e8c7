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

  it('with -n, where a SIGCHLD lands (the number of the call it arrived after) is timing', () => {
    const sig = '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=200, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---';
    const a = log('[ 22] pipe2([3, 4], 0) = 0', '[ 56] clone(child_stack=NULL, flags=SIGCHLD) = 200', `[ 56] ${sig}`, '[ 61] ' + reap(200));
    const b = log('[ 22] pipe2([3, 4], 0) = 0', '[ 56] clone(child_stack=NULL, flags=SIGCHLD) = 200', '[ 61] ' + reap(200), `[ 61] ${sig}`);
    expect(compareLogs(a, b).diffs).toEqual([]);
    // another signal is still a difference
    expect(compareLogs(a, b.replace('SIGCHLD {si_signo=SIGCHLD', 'SIGCHLD {si_signo=SIGUSR1')).diffs).not.toEqual([]);
  });

  it('a reap that moves past another syscall, or reaps with another status, is still a difference', () => {
    const moved = compareLogs(log(...start, reap(200), 'close(3) = 0', reap(201)), log(...start, reap(200), reap(201), 'close(3) = 0'));
    expect(moved.diffs).not.toEqual([]);
    const other = reap(201).replace('== 0', '== 1');
    expect(compareLogs(log(...start, reap(200), reap(201)), log(...start, other, reap(200))).diffs).not.toEqual([]);
  });
});
