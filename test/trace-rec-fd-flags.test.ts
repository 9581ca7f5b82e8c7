// The program shares descriptors 0-2 (their open file descriptions) with trace-rec and
// trace-replay: nothing either does may change their flags. Node's process.stdout for a pipe, or a
// worker thread's console piped through it, sets O_NONBLOCK on the pipe, and a program writing
// more than the pipe holds then fails with EAGAIN (`sort | md5sum` did).

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';

const traceReplayBin = path.join(repoRoot, 'packages', 'replay', 'bin', 'trace-replay.js');

/** Runs `argv` with pipes on 0-2; fd-flags reports on stderr. */
function flags(argv: string[]): string {
  const r = spawnSync(argv[0], argv.slice(1), { env: testEnv(), cwd: runCwd(), encoding: 'utf8', input: '' });
  expect(r.status, r.stderr).toBe(0);
  return r.stderr;
}

describe('descriptors 0-2 keep their flags', () => {
  it('fd-flags prints under trace-rec what it prints untraced (pipes on 0-2)', () => {
    const prog = fixture('fd-flags');
    const plain = flags([prog]);
    expect(plain).toBe('fd 0:\nfd 1:\nfd 2:\n');
    const db = path.join(scratchDir('fd-flags'), 'run.db');
    expect(flags([process.execPath, traceRecBin, '-q', '-o', db, '--', prog])).toBe(plain);
    const rdb = path.join(scratchDir('fd-flags'), 'replayable.db');
    expect(flags([process.execPath, traceRecBin, '-q', '--replayable', '-o', rdb, '--', prog])).toBe(plain);
  });

  it('sort --parallel=2 writing 1.3 MB into a pipe gives the bytes it gives untraced; so does the replay of cat', () => {
    const input = path.join(scratchDir('fd-flags'), 'nums.txt');
    writeFileSync(input, Array.from({ length: 200_000 }, (_, i) => `${(i * 7919) % 200_003}\n`).join(''));
    const db = path.join(scratchDir('fd-flags'), 'sort.db');
    const sh = (cmd: string) => spawnSync('sh', ['-c', `${cmd} | md5sum`], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
    const plain = sh(`sort --parallel=2 ${input}`);
    const traced = sh(`'${process.execPath}' '${traceRecBin}' -q -o ${db} -- sort --parallel=2 ${input}`);
    expect(traced.stderr).toBe('');
    expect(traced.stdout).toBe(plain.stdout);
    // trace-replay writes what the program wrote: into a pipe a reader drains slower than it fills
    const rdb = path.join(scratchDir('fd-flags'), 'cat.db');
    expect(sh(`'${process.execPath}' '${traceRecBin}' -q --replayable -o ${rdb} -- cat ${input} > /dev/null`).status).toBe(0);
    const replayed = sh(`'${process.execPath}' '${traceReplayBin}' ${rdb}`);
    expect(replayed.stderr).toBe('');
    expect(replayed.stdout).toBe(sh(`cat ${input}`).stdout);
  });
});
