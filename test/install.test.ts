// The packages installed the way a user outside this repository gets them: `npm pack` of each
// workspace, `npm install` of the tarballs into an empty directory with no network, and
// trace-rec, trace-q, trace-diff and trace-replay run from that directory's node_modules/.bin with
// an environment that names nothing of the repository.

import { spawnSync } from 'node:child_process';
import type { SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/paths.js';
import { query } from './support/recording.js';

const WORKSPACES = ['native', 'recorder', 'query', 'replay'];

interface PackedFile {
  readonly path: string;
}
interface Packed {
  readonly name: string;
  readonly version: string;
  readonly filename: string;
  readonly files: readonly PackedFile[];
}
interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly main?: string;
  readonly exports?: Record<string, string>;
  readonly bin?: Record<string, string>;
  readonly man?: readonly string[];
  readonly dependencies?: Record<string, string>;
}

const manifestOf = (workspace: string): Manifest => JSON.parse(readFileSync(path.join(repoRoot, 'packages', workspace, 'package.json'), 'utf8')) as Manifest;

let top: string;
let packDir: string;
let installDir: string;
let runDir: string;
let packed: Packed[];

function run(command: string, args: string[], options: SpawnSyncOptions & { input?: string } = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (r.error) throw r.error;
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** No network for `args`: a network namespace of its own (as root), else proxies that lead nowhere. */
function offline(command: string, args: string[]): [string, string[], NodeJS.ProcessEnv] {
  if (run('unshare', ['-n', 'true']).status === 0) return ['unshare', ['-n', command, ...args], {}];
  const nowhere = 'http://127.0.0.1:9';
  return [command, args, { http_proxy: nowhere, https_proxy: nowhere, HTTP_PROXY: nowhere, HTTPS_PROXY: nowhere, npm_config_proxy: nowhere, npm_config_https_proxy: nowhere }];
}

/**
 * The empty directory's package.json and package-lock.json: the tarballs, and the versions of
 * their dependencies that the repository's lock resolved (npm 11 without a lock asks the registry
 * for full package documents, which `npm ci` never fetched: the cache holds the tarballs).
 */
function writeInstallManifest(dir: string): void {
  const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const packages: Record<string, unknown> = { '': { dependencies: {} as Record<string, string> } };
  const root = packages[''] as { dependencies: Record<string, string> };
  for (const p of packed) {
    const m = JSON.parse(readFileSync(path.join(repoRoot, 'packages', p.name.replace('@tracedb/', ''), 'package.json'), 'utf8')) as Record<string, unknown>;
    const integrity = `sha512-${createHash('sha512').update(readFileSync(path.join(dir, p.filename))).digest('base64')}`;
    root.dependencies[p.name] = `file:${p.filename}`;
    const entry: Record<string, unknown> = { version: p.version, resolved: `file:${p.filename}`, integrity };
    for (const k of ['license', 'dependencies', 'bin', 'engines', 'os', 'cpu']) if (m[k] !== undefined) entry[k] = m[k];
    packages[`node_modules/${p.name}`] = entry;
  }
  for (const [k, v] of Object.entries(lock.packages)) {
    if (k.startsWith('node_modules/') && !k.startsWith('node_modules/@tracedb/') && v.dev !== true) packages[k] = v;
  }
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'tracedb-install-test', private: true, dependencies: root.dependencies }, null, 2));
  writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'tracedb-install-test', lockfileVersion: 3, requires: true, packages }, null, 2));
}

/** The environment of the installed commands: their .bin, node's directory and the system's; HOME and cwd outside the repo. */
function userEnv(): NodeJS.ProcessEnv {
  const bin = path.join(installDir, 'node_modules', '.bin');
  return { PATH: `${bin}:${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, HOME: runDir, LANG: 'C', LC_ALL: 'C' };
}

const installed = (command: string, args: string[]) =>
  run(path.join(installDir, 'node_modules', '.bin', command), args, { env: userEnv(), cwd: runDir, timeout: 60_000 });

beforeAll(() => {
  top = mkdtempSync(path.join(os.tmpdir(), 'tracedb-install-'));
  packDir = path.join(top, 'packs');
  installDir = path.join(top, 'app');
  runDir = path.join(top, 'run');
  for (const d of [packDir, installDir, runDir]) mkdirSync(d);

  const pack = run('npm', ['pack', '--workspaces', '--pack-destination', packDir, '--json'], { cwd: repoRoot, env: { ...process.env, npm_config_update_notifier: 'false' } });
  expect(pack.status, pack.stderr).toBe(0);
  packed = JSON.parse(pack.stdout) as Packed[];
  expect(packed.map((p) => p.name).sort()).toEqual(WORKSPACES.map((w) => `@tracedb/${w}`).sort());

  for (const p of packed) writeFileSync(path.join(installDir, p.filename), readFileSync(path.join(packDir, p.filename)));
  writeInstallManifest(installDir);
  const tarballs = packed.map((p) => `./${p.filename}`);
  const [command, args, env] = offline('npm', ['install', ...tarballs, '--offline', '--no-audit', '--no-fund']);
  // HOME: npm's cache and configuration (nodedir, for better-sqlite3's build from its tarball)
  const install = run(command, args, {
    cwd: installDir,
    env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: os.homedir(), npm_config_update_notifier: 'false', ...env },
    timeout: 540_000,
  });
  expect(install.status, install.stdout + install.stderr).toBe(0);
}, 600_000);

afterAll(() => {
  if (top !== undefined) rmSync(top, { recursive: true, force: true });
});

describe('the tarballs', () => {
  it('hold no tests, sources, source maps or caches', () => {
    for (const p of packed) {
      const unwanted = p.files.map((f) => f.path).filter((f) => /(^|\/)(test|src|node_modules)\/|\.test\.|\.map$|\.v8cache$|\.tsbuildinfo$|^\.|\/\./.test(f));
      expect(unwanted, p.name).toEqual([]);
    }
  });

  it('hold what the packages run with: their entry points, bins, man pages, completions, licence, and the recorder the migrations', () => {
    for (const w of WORKSPACES) {
      const m = manifestOf(w);
      const p = packed.find((x) => x.name === m.name)!;
      const files = new Set(p.files.map((f) => f.path));
      const needed = ['package.json', 'LICENSE', m.main!, ...Object.values(m.exports ?? {}).map((e) => e.replace(/^\.\//, '')), ...Object.values(m.bin ?? {}), ...(m.man ?? [])];
      for (const c of Object.keys(m.bin ?? {})) needed.push(`completion/${c}.bash`, `completion/_${c}`);
      expect(needed.filter((f) => !files.has(f)), m.name).toEqual([]);
      // what bin/ and dist/bundle load at run time
      if (w !== 'native') expect([...files].filter((f) => /^dist\/bundle\/[^/]+\.cjs$/.test(f)).length, m.name).toBeGreaterThan(0);
    }
    const recorder = new Set(packed.find((p) => p.name === '@tracedb/recorder')!.files.map((f) => f.path));
    const migrations = readdirSync(path.join(repoRoot, 'migrations')).filter((f) => f.endsWith('.sql'));
    expect(migrations.length).toBeGreaterThan(10);
    expect(migrations.filter((f) => !recorder.has(`migrations/${f}`))).toEqual([]);
    expect(recorder.has('bin/trace-rec.js')).toBe(true); // the Perl launcher's target
  });

  it('depend on each other by version, which npm resolves from the tarballs', () => {
    for (const w of WORKSPACES) {
      const m = manifestOf(w);
      for (const [dep, range] of Object.entries(m.dependencies ?? {})) {
        if (dep.startsWith('@tracedb/')) expect(range, `${m.name} -> ${dep}`).toBe(manifestOf(dep.replace('@tracedb/', '')).version);
      }
      const installedManifest = JSON.parse(readFileSync(path.join(installDir, 'node_modules', m.name, 'package.json'), 'utf8')) as Manifest;
      expect(installedManifest.version).toBe(m.version);
    }
  });
});

describe('the installed commands', () => {
  it('see no path into the repository', () => {
    expect(Object.values(userEnv()).filter((v) => v!.includes(repoRoot))).toEqual([]);
    expect(installDir.startsWith(repoRoot)).toBe(false);
    const which = run('sh', ['-c', 'for c in trace-rec trace-q trace-diff trace-replay; do command -v $c; done'], { env: userEnv() });
    expect(which.stdout.trim().split('\n')).toEqual(['trace-rec', 'trace-q', 'trace-diff', 'trace-replay'].map((c) => path.join(installDir, 'node_modules', '.bin', c)));
  });

  it('trace-rec records a program (its exit status, a database at the newest schema), trace-q prints it as strace does, trace-diff compares', () => {
    const a = path.join(runDir, 'a.db');
    const b = path.join(runDir, 'b.db');
    const rec = installed('trace-rec', ['-o', a, '--', '/bin/sh', '-c', 'echo hi; exit 3']);
    expect(rec.stderr).toMatch(/^trace-rec: \d+ syscalls, 1 process, 1 thread -> .*a\.db/);
    expect(rec.stdout).toBe('hi\n');
    expect(rec.status).toBe(3);
    const newest = Math.max(...readdirSync(path.join(repoRoot, 'migrations')).filter((f) => f.endsWith('.sql')).map((f) => Number(f.slice(0, 4))));
    expect(query(a, 'pragma user_version')).toEqual([{ user_version: newest }]);
    expect(query(a, 'select exit_status, complete from recording')).toEqual([{ exit_status: 3, complete: 1 }]);
    expect(query(a, "select count(*) n from syscalls where name = 'write' and a0 = 1")).toEqual([{ n: 1 }]);

    // the oracle: strace's line for the same write (one process: without -f, no pid column)
    const log = path.join(runDir, 'strace.log');
    const s = run('strace', ['-o', log, '-e', 'trace=write', '/bin/sh', '-c', 'echo hi; exit 3'], { env: userEnv(), cwd: runDir });
    expect(s.status).toBe(3);
    const straceLine = readFileSync(log, 'utf8').split('\n').find((l) => l.includes('write(1'));
    const q = installed('trace-q', [a, '-e', 'trace=write', '--no-pid-column']);
    expect(q.stderr).toBe('');
    expect(q.status).toBe(0);
    expect(q.stdout.split('\n').find((l) => l.includes('write(1'))).toBe(straceLine);
    expect(straceLine).toBe('write(1, "hi\\n", 3)                     = 3');

    const rec2 = installed('trace-rec', ['-q', '-o', b, '--', '/bin/sh', '-c', 'echo ho; exit 3']);
    expect(rec2.status).toBe(3);
    const same = installed('trace-diff', [a, a]);
    expect(same.stdout).toContain('Equivalent after normalisation.');
    expect(same.status).toBe(0);
    const diff = installed('trace-diff', [a, b]);
    expect(diff.stdout).toContain('\n- write(1, "hi\\n", 3) = 3\n');
    expect(diff.stdout).toContain('\n+ write(1, "ho\\n", 3) = 3\n');
    expect(diff.status).toBe(1);
  });

  it('trace-replay replays an installed trace-rec\'s recording', () => {
    const db = path.join(runDir, 'replayable.db');
    expect(installed('trace-rec', ['-q', '--replayable', '-o', db, '--', '/bin/echo', 'again']).status).toBe(0);
    const r = installed('trace-replay', [db]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('again\n');
    expect(r.status).toBe(0);
  });

  it('give their version and one line on bad input', () => {
    for (const [command, pkg] of [['trace-rec', 'recorder'], ['trace-q', 'query'], ['trace-diff', 'query'], ['trace-replay', 'replay']] as const) {
      const v = installed(command, ['--version']);
      expect(v.stdout).toContain(manifestOf(pkg).version);
      expect(v.status, command).toBe(0);
      const bad = installed(command, ['--no-such-option', 'x', 'y']);
      expect(bad.stderr.trim().split('\n'), command).toHaveLength(1);
      expect(bad.status, command).toBe(2);
    }
  });
});
