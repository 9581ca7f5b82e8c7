// Ctrl-C or SIGTERM at any moment of a run, from trace-rec's first milliseconds to the middle of
// a syscall-heavy recording: one line on stderr, exit 128+N, and either a valid recording marked
// interrupted or no file at all. (Before Node runs any of trace-rec's code, ~40 ms, the signal's
// default action kills it: then there must be no file.)

import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { fixture } from './support/fixtures.js';
import { repoRoot, scratchDir, testEnv, traceRecBin } from './support/paths.js';

const traceQ = path.join(repoRoot, 'packages/query/bin/trace-q.js');
const DD = ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=400000'];
const MOMENTS_MS = [0, 30, 60, 100, 150, 200, 300, 450, 700, 1200];

/**
 * Runs trace-rec, sends `sig` after `afterMs`, and waits for its end and for its stderr to close:
 * a process trace-rec started that outlives it (a launcher shell left stopped) keeps that open,
 * which fails the run after 20 s.
 */
function run(sig: NodeJS.Signals | null, afterMs: number, cwd: string, wrapper: string[] = []): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const argv = [...wrapper, process.execPath, traceRecBin, '-o', 'run.db', '--', ...DD];
    const p = spawn(argv[0], argv.slice(1), { env: testEnv(), cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    if (sig !== null) setTimeout(() => p.kill(sig), afterMs);
    p.on('exit', () => {
      const late = setTimeout(() => reject(new Error(`${sig ?? 'death'} at ${afterMs} ms: a process trace-rec started outlived it (its stderr stayed open)`)), 20_000);
      p.on('close', () => clearTimeout(late));
    });
    p.on('close', (code, signal) => resolve({ code, signal, stderr: stderr.replace(/^.*records (in|out)\n|^.*copied.*\n/gm, '') }));
  });
}

describe('interrupting trace-rec at any moment', () => {
  for (const [sig, num] of [['SIGINT', 2], ['SIGTERM', 15]] as const) {
    it(`${sig} at ${MOMENTS_MS.length} moments: one line, exit ${128 + num}, an interrupted recording or none`, async () => {
      for (const ms of MOMENTS_MS) {
        const cwd = scratchDir('sig');
        const r = await run(sig, ms, cwd);
        const files = readdirSync(cwd);
        if (r.signal === sig) {
          // killed before any of trace-rec's code ran
          expect(files, `at ${ms} ms`).toEqual([]);
          continue;
        }
        expect(r.code, `at ${ms} ms: ${r.stderr}`).toBe(128 + num);
        expect(r.stderr, `at ${ms} ms`).toMatch(/^trace-rec: [^\n]+\n$/);
        if (files.length === 0) {
          expect(r.stderr).toMatch(new RegExp(`interrupted by ${sig}.*nothing recorded`));
          continue;
        }
        expect(files, `at ${ms} ms`).toEqual(['run.db']);
        expect(r.stderr).toMatch(new RegExp(`-> run\\.db .*\\(interrupted by ${sig}\\)`));
        const db = new Database(path.join(cwd, 'run.db'), { readonly: true });
        const rec = db.prepare('select complete, interrupted_by from recording').get();
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        db.close();
        expect(rec, `at ${ms} ms`).toEqual({ complete: 0, interrupted_by: sig });
        const q = spawnSync(process.execPath, [traceQ, path.join(cwd, 'run.db'), '-c'], { encoding: 'utf8' });
        expect(q.status, q.stderr).toBe(0);
      }
    }, 120_000);
  }

  it('a signal during a syscall-heavy recording is acted on at once, not after the program ends', async () => {
    const cwd = scratchDir('sig');
    const r = await run('SIGTERM', 1500, cwd);
    expect(r.code).toBe(143);
    const db = new Database(path.join(cwd, 'run.db'), { readonly: true });
    const { n } = db.prepare("select count(*) n from syscalls where name in ('read', 'write')").get() as { n: number };
    db.close();
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(2 * 400_000); // dd was stopped, not left to copy all its bytes
  });
});

describe('SIGKILL of trace-rec at any moment', () => {
  it('leaves no file, or a database that passes integrity_check and that trace-q reads (10 moments)', async () => {
    for (const ms of MOMENTS_MS) {
      const cwd = scratchDir('kill');
      const r = await run('SIGKILL', ms, cwd);
      expect(r.signal, `at ${ms} ms`).toBe('SIGKILL');
      const files = readdirSync(cwd).filter((f) => f === 'run.db');
      if (files.length === 0) continue;
      const q = spawnSync(process.execPath, [traceQ, path.join(cwd, 'run.db'), '-c'], { encoding: 'utf8' });
      if (q.status === 2) {
        // killed between creating the file and writing its schema: one line, nothing more
        expect(q.stderr, `at ${ms} ms`).toMatch(/^trace-q: [^\n]+\n$/);
        continue;
      }
      expect(q.status, `at ${ms} ms: ${q.stderr}`).toBe(0);
      const db = new Database(path.join(cwd, 'run.db'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }
  }, 120_000);

  it('killed between spawning its launcher and seizing it (at its first ptrace call), it leaves no process behind', async () => {
    // the launcher waits at a gate that trace-rec's end opens: it ends rather than wait for a tracer
    const r = await run(null, 0, scratchDir('kill'), [fixture('kill-at-ptrace')]);
    expect(r.signal).toBe('SIGSYS');
  });
});
