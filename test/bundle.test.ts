// trace-q and trace-diff load one CommonJS bundle of our code with a V8 code cache (made by
// packages/query/scripts/bundle.mjs at build time; their bins, CommonJS, require dist/bundle/start.cjs
// to load it) instead of ~100 ES modules: the bundle must
// behave exactly as the ES modules do, load no koffi and no yargs before it needs them, and work
// alone, moved elsewhere.

import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';

const query = path.join(repoRoot, 'packages', 'query');
const bundleDir = path.join(query, 'dist', 'bundle');
const commands = ['trace-q', 'trace-diff'] as const;
type Command = (typeof commands)[number];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[]): Run {
  const r = spawnSync(process.execPath, [script, ...args], { env: testEnv(), cwd: runCwd(), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** packages/query/bin/NAME.js: the bundle. */
const viaBin = (command: Command, args: string[], root = repoRoot): Run => run(path.join(root, 'packages', 'query', 'bin', `${command}.js`), args);
/** packages/query/dist/bin/NAME.js: the ES modules. */
const viaModules = (command: Command, args: string[]): Run => run(path.join(query, 'dist', 'bin', `${command}.js`), args);

let dir: string;
let ls: string;
let log: string;

beforeAll(() => {
  dir = scratchDir('bundle');
  ls = path.join(dir, 'ls.db');
  const r = spawnSync(process.execPath, [traceRecBin, '-q', '--no-pin', '-o', ls, '--', '/bin/ls', '-l', '/'], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  // another run, for trace-diff to find differences in
  log = path.join(dir, 'ls-no-l.strace');
  const s = spawnSync('strace', ['-f', '-o', log, '/bin/ls', '/'], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
  expect(s.status, s.stderr).toBe(0);
});

/** A copy of the parts of the tree `files` names (relative to the repo), in a scratch directory under the repo (for its node_modules). */
function copyTree(files: string[]): string {
  const root = path.join(dir, `tree-${Math.random().toString(36).slice(2)}`);
  for (const f of files) cpSync(path.join(repoRoot, f), path.join(root, f), { recursive: true });
  return root;
}

/** What runs and loads the bundles, and what the code in them reads by path: no ES modules of ours. */
const bundleOnly = [
  'packages/recorder/migrations',
  'packages/recorder/package.json',
  'packages/query/package.json',
  'packages/query/bin',
  'packages/query/dist/vendor',
  'packages/query/dist/bundle/start.cjs',
  'packages/native/package.json',
  'packages/native/dist/bundle',
  'packages/native/dist/vendor',
  ...commands.flatMap((c) => [`packages/query/dist/bundle/${c}.cjs`, `packages/query/dist/bundle/${c}.cjs.v8cache`]),
];

/** Whether V8 took the code cache of each bundle (`files`, relative to `root`), in a plain node. */
function cachesTaken(root: string, files: readonly string[]): Record<string, boolean> {
  const runner = path.join(root, 'packages/native/dist/bundle/run-common-js.js');
  const probe = `
    import { readFileSync } from 'node:fs';
    const { readCodeCache, runCommonJs } = await import(${JSON.stringify(runner)});
    const taken = {};
    for (const f of ${JSON.stringify(files)}) {
      const file = ${JSON.stringify(root)} + '/' + f;
      const cachedData = readCodeCache(file);
      taken[f] = cachedData !== undefined && !runCommonJs(file, readFileSync(file, 'utf8'), { cachedData }).script.cachedDataRejected;
    }
    process.stdout.write(JSON.stringify(taken));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { env: testEnv(), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Record<string, boolean>;
}

const queryBundles = commands.map((c) => `packages/query/dist/bundle/${c}.cjs`);
/** trace-rec's and trace-replay's bundles (scripts/bundle.mjs of each package): a thread each, both tracing. */
const tracingBundles = ['recorder/dist/bundle/trace-rec', 'recorder/dist/bundle/tracer-worker', 'replay/dist/bundle/trace-replay', 'replay/dist/bundle/replay-worker'].map((b) => `packages/${b}.cjs`);

describe('the build', () => {
  it('made a bundle of each command that requires neither koffi nor yargs, and a code cache V8 takes', () => {
    for (const c of commands) {
      const code = readFileSync(path.join(bundleDir, `${c}.cjs`), 'utf8');
      expect(code).not.toMatch(/require\(["']koffi["']\)/);
      expect(code).not.toMatch(/require\(["']yargs["']\)/);
      expect(code).not.toMatch(/require\(["']@tracedb\/native\/libc["']\)/);
      expect(code).toContain('__import("yargs")');
    }
    expect(cachesTaken(repoRoot, queryBundles)).toEqual(Object.fromEntries(queryBundles.map((b) => [b, true])));
  });

  it("made trace-rec's and trace-replay's bundles (each thread's), without yargs, and code caches V8 takes; yargs is bundled too", () => {
    for (const b of tracingBundles) expect(readFileSync(path.join(repoRoot, b), 'utf8')).not.toMatch(/require\(["']yargs["']\)/);
    const vendor = ['packages/native/dist/vendor/yargs.cjs', 'packages/query/dist/vendor/kysely.cjs'];
    expect(cachesTaken(repoRoot, [...tracingBundles, ...vendor])).toEqual(Object.fromEntries([...tracingBundles, ...vendor].map((b) => [b, true])));
  });
});

describe('the bundle prints what the ES modules print', () => {
  // file names stand for the files of the same name in the scratch directory
  const cases: [Command, string[]][] = [
    ['trace-q', ['--version']],
    ['trace-q', ['--help']],
    ['trace-q', ['ls.db']],
    ['trace-q', ['ls.db', '-c']],
    ['trace-q', ['ls.db', '--syscall', 'openat', '--failed']],
    ['trace-q', ['ls.db', '--info']],
    ['trace-q', ['ls.db', '--format', 'json']],
    ['trace-q', ['ls.db', '--where', "name = 'read'", '--tree']],
    ['trace-q', ['ls.db', '--sql', 'SELECT name, count(*) FROM syscalls GROUP BY 1 ORDER BY 1']],
    ['trace-q', ['ls.db', '--no-such-option']],
    ['trace-q', ['missing.db']],
    ['trace-q', ['import', '--help']],
    ['trace-q', ['import', 'ls-no-l.strace']],
    ['trace-diff', ['--version']],
    ['trace-diff', ['--help']],
    ['trace-diff', ['ls.db', 'ls.db']],
    ['trace-diff', ['--json', 'ls.db', 'ls-no-l.strace']],
    ['trace-diff', ['-U', 'x', 'ls.db', 'ls.db']],
  ];
  const files = (args: string[]): string[] => args.map((a) => (/^[\w-]+\.(db|strace)$/.test(a) ? path.join(dir, a) : a));
  for (const [command, args] of cases) {
    it(`${command} ${args.join(' ')}`, () => {
      const bundled = viaBin(command, files(args));
      expect(bundled).toEqual(viaModules(command, files(args)));
      expect(bundled.stdout.length + bundled.stderr.length).toBeGreaterThan(0);
    });
  }

  it('the cases show what they are about', () => {
    expect(viaBin('trace-q', [ls, '--no-such-option']).status).toBe(2);
    expect(viaBin('trace-q', [ls, '--syscall', 'openat', '--format', 'json']).stdout).toMatch(/"name":"openat"/);
    expect(viaBin('trace-diff', [ls, ls]).status).toBe(0);
    expect(viaBin('trace-diff', ['--json', ls, log]).status).toBe(1);
    expect(viaBin('trace-diff', ['-U', 'x', ls, ls]).status).toBe(2);
  });

  it('trace-q import writes the same recording', () => {
    const out = path.join(dir, 'imported.db');
    const render = (): string => viaModules('trace-q', [out, '-v', '-T']).stdout;
    const bundled = viaBin('trace-q', ['import', log, '-o', out]);
    const bundledLines = render();
    const modules = viaModules('trace-q', ['import', log, '-o', out, '--force']);
    expect(bundled).toEqual(modules);
    expect(bundled.status).toBe(0);
    expect(bundled.stderr).toMatch(/^trace-q: imported \d+ syscalls/);
    expect(render()).toBe(bundledLines);
  });
});

describe('the bins', () => {
  it('run the bundle alone, in a copy of the tree without our ES modules', () => {
    const root = copyTree(bundleOnly);
    for (const [command, args] of [
      ['trace-q', ['--version']],
      ['trace-q', [ls, '--syscall', 'openat', '--failed']],
      ['trace-q', [ls, '--info']],
      ['trace-q', [ls, '--bad']],
      ['trace-diff', [ls, log]],
    ] as const) {
      expect(viaBin(command, [...args], root)).toEqual(viaModules(command, [...args]));
    }
    rmSync(root, { recursive: true });
  });

  it('compile the bundle when V8 rejects its code cache', () => {
    const root = copyTree(bundleOnly);
    const copy = path.join(root, 'packages/query/dist/bundle');
    // a cache of another source: V8 checks the source, not the file name
    copyFileSync(path.join(copy, 'trace-diff.cjs.v8cache'), path.join(copy, 'trace-q.cjs.v8cache'));
    expect(cachesTaken(root, queryBundles)).toEqual({ [queryBundles[0]]: false, [queryBundles[1]]: true });
    const args = [ls, '--syscall', 'openat,read', '-c'];
    expect(viaBin('trace-q', args, root)).toEqual(viaModules('trace-q', args));
    rmSync(root, { recursive: true });
  });

  it('fall back to the ES modules when there is no bundle (a build by tsc alone)', () => {
    const root = copyTree(['packages/recorder/migrations', 'packages/recorder/package.json', 'packages/query/package.json', 'packages/query/bin', 'packages/query/dist']);
    const args = [ls, '--syscall', 'openat', '--failed'];
    // without the commands' bundles, then without the one the bins require as well
    for (const bundles of [commands, ['start']]) {
      for (const b of bundles) rmSync(path.join(root, `packages/query/dist/bundle/${b}.cjs`));
      expect(viaBin('trace-q', args, root)).toEqual(viaModules('trace-q', args));
      expect(viaBin('trace-diff', [ls, ls], root)).toEqual(viaModules('trace-diff', [ls, ls]));
    }
    rmSync(root, { recursive: true });
  });
});
