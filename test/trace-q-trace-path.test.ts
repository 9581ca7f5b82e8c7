// strace -P with a relative path matches the path as the program spelled it and, when the file
// exists as strace starts, the absolute path it resolves to (so descriptors opened by other
// names, and descriptors the program inherited, like `9< data.txt` from a shell); trace-q -P
// once printed nothing for either. A file the program creates (new.txt) is matched as spelled.
// The fixture runs under strace 6.1 and under trace-rec with the same cwd, environment and
// descriptors (9 open on data.txt); trace-q -P prints what strace -P prints.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, scratchDir, traceRecBin } from './support/paths.js';
import { compareLogs, DIFF_ENV } from './support/strace-diff.js';

const traceQBin = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');

/** `setarch -R ARGS…` in cwd, stdin /dev/null, stdout and stderr to files, fd 9 open on cwd/data.txt. */
function runWithFd9(args: readonly string[], cwd: string): void {
  const out = openSync(`${cwd}.stdout`, 'w');
  const err = openSync(`${cwd}.stderr`, 'w');
  const data = openSync(path.join(cwd, 'data.txt'), 'r');
  try {
    const stdio = ['ignore', out, err, 'ignore', 'ignore', 'ignore', 'ignore', 'ignore', 'ignore', data] as const;
    const r = spawnSync('setarch', ['-R', ...args], { env: DIFF_ENV, cwd, stdio: [...stdio], timeout: 60_000 });
    if (r.error) throw r.error;
    expect(r.status, `${args.join(' ')}: ${readFileSync(`${cwd}.stderr`, 'utf8')}`).toBe(0);
  } finally {
    [out, err, data].forEach(closeSync);
  }
}

function traceQ(db: string, args: readonly string[]): string {
  const r = spawnSync(process.execPath, [traceQBin, db, ...args], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('trace-q -P as strace -P', () => {
  it('relative paths and an inherited descriptor', { timeout: 120_000 }, () => {
    const prog = fixture('relative-path');
    const cwd = scratchDir('cwd');
    writeFileSync(path.join(cwd, 'data.txt'), 'hello, world\n');
    const db = path.join(scratchDir('rec'), 'trace.db');
    runWithFd9([process.execPath, traceRecBin, '-q', '-o', db, '--force', '--', prog], cwd);
    expect(existsSync(db)).toBe(true);
    const dirName = path.basename(cwd);
    for (const p of [['-P', 'data.txt'], ['-P', './data.txt'], [`--trace-path=../${dirName}/data.txt`], ['-P', path.join(cwd, 'data.txt')], ['-P', 'other.txt'], ['-P', 'data.txt', '-P', 'other.txt'], ['-P', 'new.txt']]) {
      const log = path.join(scratchDir('strace'), 'strace.log');
      runWithFd9(['strace', '-f', ...p, '-o', log, '--', prog], cwd);
      const theirs = readFileSync(log, 'utf8');
      const ours = traceQ(db, p);
      const c = compareLogs(theirs, ours);
      expect(c.diffs, `${p.join(' ')}\n${ours}`).toEqual([]);
      expect(c.misaligned).toEqual([]);
      expect(c.identical, p.join(' ')).toBe(c.lines);
      expect(c.identical, p.join(' ')).toBe(c.renderedLines);
      // the descriptor the program inherited is matched by the path it was opened on
      if (p.join(' ').includes('data.txt')) expect(ours, p.join(' ')).toMatch(/ read\(9, "hell", 4\) += 4\n/);
    }
  });
});
