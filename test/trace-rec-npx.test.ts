// `npx trace-rec` (npm exec) hands trace-rec npm's environment: npm_* variables, node_modules/.bin
// folders in front of PATH, its own order. The program must not get it: recorded through npx, it
// runs exactly as when trace-rec is started directly (the README's way, bin/ on PATH).

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, scratchDir, testEnv } from './support/paths.js';
import { query } from './support/recording.js';

const PROGRAM = ['sh', '-c', 'echo a | cat; ls /nonexistent'];

function record(how: 'npx' | 'bin', cwd: string): string {
  const db = path.join(scratchDir('npx'), `${how}.db`);
  const args = ['-q', '-o', db, '--', ...PROGRAM];
  const r =
    how === 'npx'
      ? spawnSync('npx', ['--no-install', 'trace-rec', ...args], { env: testEnv(), cwd, encoding: 'utf8' })
      : spawnSync(path.join(repoRoot, 'bin', 'trace-rec'), args, { env: testEnv(), cwd, encoding: 'utf8' });
  expect(r.stderr).toContain("ls: cannot access '/nonexistent'");
  expect(r.status).toBe(2);
  return db;
}

const recorded = (db: string) => ({
  env: JSON.parse((query(db, 'select env from recording')[0] as { env: string }).env) as string[],
  cwd: (query(db, 'select cwd from recording')[0] as { cwd: string }).cwd,
  // a call a signal cut (ERESTART*: a SIGCHLD during the second fork) is made again by the kernel:
  // whether one was cut is timing, and the program never sees it; rt_sigreturn "returns" the rax
  // of wherever the handler interrupted the shell (EBADF when that was right after a failed close)
  calls: (query(db, "select name || ' ' || coalesce(path, '') || ' ' || iif(name = 'rt_sigreturn', '', coalesce(errno, '')) c from syscalls where coalesce(errno, '') not like 'ERESTART%'") as { c: string }[])
    .map((r) => r.c)
    .sort(),
});

describe('trace-rec started by npx', () => {
  it('gives the program the environment the shell gave npx, in its order, and the same syscalls as a direct run', () => {
    const cwd = path.join(repoRoot, 'packages', 'query'); // npx finds the bin from a subfolder too
    const direct = recorded(record('bin', cwd));
    const viaNpx = recorded(record('npx', cwd));
    const expected = Object.entries(testEnv()).map(([k, v]) => `${k}=${v}`);
    expect(direct.env).toEqual(expected);
    expect(viaNpx.env).toEqual(expected);
    expect(viaNpx.env.some((v) => v.startsWith('npm_'))).toBe(false);
    expect(viaNpx.cwd).toBe(cwd);
    expect(viaNpx.calls).toEqual(direct.calls);
    expect(viaNpx.calls.filter((c) => c.includes('node_modules'))).toEqual([]);
  });
});
