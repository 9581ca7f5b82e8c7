// trace-rec started with some of descriptors 0-2 closed: the program finds them closed too, as
// untraced and under strace (Node opens /dev/null on them before any JS runs; trace-rec's command,
// bin/trace-rec, notes which were closed before Node starts). Run through that command, as the
// README runs it, from a shell that closes the descriptors.

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCwd, scratchDir, testEnv } from '../support/paths.js';
import { query } from '../support/recording.js';

const command = path.join(repoRoot, 'bin', 'trace-rec');

/** Runs argv from `sh -c 'exec "$@" REDIRECTS'`, traced or not; what the program reported and its status. */
function run(redirects: string, argv: string[], traced: string | null): { status: number | null; report: string; environ: Buffer } {
  const dir = scratchDir('closed');
  const report = path.join(dir, 'report');
  const environ = path.join(dir, 'environ');
  // the program: which of 0-2 it has, and its environment exactly (from /proc, in its order)
  const probe = `for fd in 0 1 2; do [ -e /proc/self/fd/$fd ] && echo "$fd open" >>${report} || echo "$fd closed" >>${report}; done; cat /proc/$$/environ >${environ}; ${argv.join(' ')}`;
  const prog = ['sh', '-c', probe];
  const full = traced === null ? prog : [command, '-q', '-o', traced, '--', ...prog];
  const r = spawnSync('sh', ['-c', `exec "$@" ${redirects}`, 'sh', ...full], { env: testEnv(), cwd: runCwd(), timeout: 60_000 });
  expect(r.error).toBeUndefined();
  const out = { status: r.status, report: readFileSync(report, 'utf8'), environ: readFileSync(environ) };
  rmSync(dir, { recursive: true });
  return out;
}

describe('descriptors 0-2 closed when trace-rec starts', () => {
  const cases = ['', '<&-', '>&-', '2>&-', '<&- >&-', '<&- 2>&-', '>&- 2>&-', '<&- >&- 2>&-', '</dev/null', '<>/dev/null >/dev/null'];
  for (const redirects of cases) {
    it(`'${redirects || 'all open'}': the program has what it has untraced, and the same environment`, () => {
      const db = path.join(scratchDir('closed-db'), 'run.db');
      const untraced = run(redirects, ['true'], null);
      const traced = run(redirects, ['true'], db);
      expect(traced.report).toBe(untraced.report);
      expect(traced.environ.equals(untraced.environ)).toBe(true);
      expect(traced.status).toBe(untraced.status);
      // the recording's start state lists only what the program had
      const [{ fds }] = query<{ fds: string }>(db, 'select fds from recording');
      const had = (JSON.parse(fds) as { fd: number }[]).map((f) => f.fd).filter((fd) => fd <= 2);
      const open = untraced.report.split('\n').filter((l) => l.endsWith(' open')).map((l) => Number(l[0]));
      expect(had.sort()).toEqual(open);
    });
  }

  it('`/bin/echo hi >&-` fails as it does untraced and under strace', () => {
    const db = path.join(scratchDir('closed-db'), 'echo.db');
    const sh = (argv: string[]) => spawnSync('sh', ['-c', 'exec "$@" >&-', 'sh', ...argv], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
    const untraced = sh(['/bin/echo', 'hi']);
    const strace = sh(['strace', '-qq', '-o', '/dev/null', '/bin/echo', 'hi']);
    const traced = sh([command, '-q', '-o', db, '--', '/bin/echo', 'hi']);
    expect(untraced.status).toBe(1);
    expect(strace.status).toBe(1);
    expect(traced.status).toBe(1);
    expect(traced.stderr).toBe(untraced.stderr);
    // its first write, to the closed stdout, fails; then it reports that on stderr
    expect(query(db, "select a0, errno from syscalls where name = 'write' order by id limit 1")).toEqual([{ a0: 1, errno: 'EBADF' }]);
  });
});
