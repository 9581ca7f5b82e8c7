// trace-rec must end when the last tracee has ended, whatever the shape of the process tree:
// each shape is recorded 20 times and compared with strace -f (exit status, processes, output).
// A run that does not end within its time limit fails the test instead of hanging the suite.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tortureProgram } from '../support/fixtures.js';
import { runCwd, scratchDir, testEnv, traceRecBin } from '../support/paths.js';
import { query } from '../support/recording.js';

const RUNS = 20;
const SHAPES: { name: string; args: string[]; status: number; processes: number }[] = [
  { name: '20 branches of 24 forks', args: ['branches', '20', '24'], status: 0, processes: 1 + 20 * 25 },
  { name: '5 branches of 5 forks', args: ['branches', '5', '5'], status: 0, processes: 1 + 5 * 6 },
  { name: '100 children at once', args: ['wide', '100'], status: 0, processes: 101 },
  { name: 'a chain of 200', args: ['deep', '200'], status: 0, processes: 202 },
  { name: 'orphans that outlive their parents and the root', args: ['orphans', '10'], status: 0, processes: 21 },
  { name: 'double-forked daemons', args: ['daemons', '5'], status: 3, processes: 11 },
];

function viaStrace(argv: string[]): { status: number | null; processes: number; stdout: string } {
  const log = path.join(scratchDir('torture'), 'strace.log');
  const r = spawnSync('strace', ['-f', '-q', '-e', 'trace=none', '-o', log, '--', ...argv], { env: testEnv(), cwd: runCwd(), encoding: 'utf8', timeout: 60_000 });
  const exits = readFileSync(log, 'utf8').split('\n').filter((l) => /\+\+\+ (exited|killed)/.test(l));
  return { status: r.status, processes: new Set(exits.map((l) => l.split(' ')[0])).size, stdout: r.stdout };
}

describe('fork trees', () => {
  for (const shape of SHAPES) {
    it(`${shape.name}: ${RUNS} recordings end, each like strace -f`, () => {
      const argv = [tortureProgram('fork-tree'), ...shape.args];
      const ref = viaStrace(argv);
      expect(ref).toMatchObject({ status: shape.status, processes: shape.processes });
      const sorted = (s: string): string => s.split('\n').sort().join('\n');
      for (let i = 0; i < RUNS; i++) {
        const db = path.join(scratchDir('torture'), 'run.db');
        const r = spawnSync(process.execPath, [traceRecBin, '-q', '-o', db, '--', ...argv], { env: testEnv(), cwd: runCwd(), encoding: 'utf8', timeout: 30_000 });
        expect(r.error, `run ${i + 1} did not end within 30 s`).toBeUndefined();
        expect(r.status, `run ${i + 1}: ${r.stderr}`).toBe(shape.status);
        expect(sorted(r.stdout)).toBe(sorted(ref.stdout));
        const [p] = query<{ n: number; ended: number }>(db, 'select count(*) n, sum(exit_status is not null or exit_signal is not null) ended from processes');
        expect(p).toEqual({ n: shape.processes, ended: shape.processes });
      }
    }, 300_000);
  }
});
