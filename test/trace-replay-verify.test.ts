// trace-replay --verify through its bin: a recording made by trace-rec is rerun for real and
// compared stop by stop. Each situation is built for real (a directory that gains a file, a
// fixture rebuilt with a change, a pipeline run ten times) and the facts the report names
// (seq, hashes) are read independently from the recording and the disk.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { fixturesDir, repoRoot, runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';
import { runTraceRec } from './support/recording.js';

const replayBin = path.join(repoRoot, 'packages', 'replay', 'bin', 'trace-replay.js');
const traceQBin = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');

interface Run {
  status: number | null;
  out: string;
  err: string;
}

/** trace-replay as a user runs it: its own environment, stdin/stdout/stderr pipes. */
function replay(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: 'pipe' | 'ignore' } = {}): Run {
  const r = spawnSync(process.execPath, [replayBin, ...args], {
    cwd: opts.cwd ?? runCwd(),
    env: opts.env ?? { ...testEnv(), NO_COLOR: '1' },
    encoding: 'utf8',
    stdio: [opts.stdin ?? 'pipe', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function record(argv: string[], cwd = runCwd()): string {
  const r = runTraceRec(argv, { env: testEnv(), cwd });
  expect(r.status).toBe(0);
  return r.dbPath;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function recorded<T>(db: string, sql: string): T {
  const c = new Database(db, { readonly: true });
  try {
    return c.prepare(sql).get() as T;
  } finally {
    c.close();
  }
}

describe('trace-replay --verify', () => {
  it('ls DIR: an unchanged directory verifies (exit 0); a file added to it is named at its getdents64 (exit 1)', () => {
    const dir = path.join(scratchDir('verify-ls'), 'dir');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'a'), '');
    writeFileSync(path.join(dir, 'b'), '');
    const db = record(['ls', dir]);

    const same = replay(['--verify', db]);
    expect(same.err).toMatch(/^trace-replay: verified: the rerun matched the recording stop by stop \(\d+ syscalls, 1 process/);
    expect(same.err.trim().split('\n')).toHaveLength(1);
    expect(same.out).toBe('a\nb\n');
    expect(same.status).toBe(0);

    writeFileSync(path.join(dir, 'c'), '');
    const added = replay(['--verify', db]);
    expect(added.out).toBe('a\nb\nc\n'); // the program ran for real, its stdout is trace-replay's
    const { seq } = recorded<{ seq: number }>(db, "SELECT entry_seq AS seq FROM syscalls WHERE name = 'getdents64' ORDER BY id LIMIT 1");
    const lines = added.err.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^trace-replay: the rerun departs from the recording at seq ${seq}, in process 1 \\(pid \\d+, thread \\d+, /usr/bin/ls\\)$`));
    expect(added.err).toMatch(/\n {2}recorded: getdents64\(3, <addr> \/\* 4 entries \*\/, 32768\) = 96\n/);
    expect(added.err).toMatch(/\n {2}live: {5}getdents64\(3, <addr> \/\* 5 entries \*\/, 32768\) = 120\n/);
    expect(added.err).toContain(`\n  cause: the directory ${dir} lists other entries in the two runs\n`);
    // the calls before it are the recording's: the directory opened and looked at
    const before = lines.slice(lines.indexOf('  before it:') + 1, lines.findIndex((l) => l.startsWith('  recorded:')));
    expect(before.at(-2)).toMatch(new RegExp(`^ {4}openat\\(AT_FDCWD, "${dir}", O_RDONLY\\|O_NONBLOCK\\|O_CLOEXEC\\|O_DIRECTORY\\) = 3$`));
    expect(added.status).toBe(1);
  });

  it('a file with other contents: the first read that differs, naming the file', () => {
    const dir = scratchDir('verify-cat');
    writeFileSync(path.join(dir, 'f'), 'aaa\n');
    const db = record(['cat', 'f'], dir);
    writeFileSync(path.join(dir, 'f'), 'bbbb\n');
    const r = replay(['--verify', db]);
    expect(r.out).toBe('bbbb\n');
    const { seq } = recorded<{ seq: number }>(db, "SELECT entry_seq AS seq FROM syscalls WHERE name = 'read' AND a0 = 3 ORDER BY id DESC LIMIT 1 OFFSET 1");
    expect(r.err).toMatch(new RegExp(`^trace-replay: the rerun departs from the recording at seq ${seq}, in process 1 \\(pid \\d+, thread \\d+, /usr/bin/cat\\)\n`));
    expect(r.err).toContain('\n  recorded: read(3, "aaa\\n", 131072) = 4\n  live:     read(3, "bbbb\\n", 131072) = 5\n  cause: f has different content in the two runs\n');
    expect(r.status).toBe(1);
  });

  // `script` (util-linux/bsdutils) gives the recorded program a terminal
  it('recorded on a terminal, verified through pipes: noted before the run, then the TCGETS that differs', () => {
    const db = path.join(scratchDir('verify-tty'), 'tty.db');
    const s = spawnSync('script', ['-qec', `${process.execPath} ${traceRecBin} -q -o ${db} -- ls ${fixturesDir}`, '/dev/null'], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
    expect(s.status, s.stderr).toBe(0);
    const r = replay(['--verify', db]);
    const lines = r.err.split('\n');
    // spawnSync's "pipes" are socketpairs
    const notes = lines.filter((l) => l.startsWith('trace-replay: note: '));
    expect(notes).toHaveLength(3);
    expect(notes[1]).toMatch(/^trace-replay: note: stdout is a socket, a terminal \(\/dev\/pts\/\d+\) in the recording: isatty\(\) answers otherwise$/);
    expect(lines.indexOf(notes[2])).toBe(2); // before anything of the comparison
    expect(r.err).toMatch(/\n {2}recorded: ioctl\(1, TCGETS, \{[^\n]*\}\) = 0\n {2}live: {5}ioctl\(1, TCGETS, <addr>\) = -1 ENOTTY \(Inappropriate ioctl for device\)\n {2}cause: stdout is a terminal \(\/dev\/pts\/\d+\) in A but a socket in B/);
    expect(r.status).toBe(1);
  });

  it('a rebuilt binary is reported before any stop is compared, and not run (exit 1)', () => {
    const dir = scratchDir('verify-rebuilt');
    const src = path.join(dir, 'prog.c');
    copyFileSync(path.join(fixturesDir, 'hello.c'), src);
    const cc = (): void => {
      const r = spawnSync('cc', ['-O0', '-o', 'prog', 'prog.c'], { cwd: dir });
      expect(r.status).toBe(0);
    };
    cc();
    const db = record(['./prog'], dir);
    const before = recorded<{ sha: string }>(db, 'SELECT exe_sha256 AS sha FROM recording').sha;
    expect(before).toBe(sha256(path.join(dir, 'prog')));
    expect(replay(['--verify', db]).status).toBe(0);

    writeFileSync(src, readFileSync(src, 'utf8').replace('"hello\\n"', '"hello again\\n"'));
    cc();
    const after = sha256(path.join(dir, 'prog'));
    expect(after).not.toBe(before);
    const r = replay(['--verify', db]);
    expect(r.err).toBe(
      `trace-replay: ${path.join(dir, 'prog')} changed since the recording (sha256 ${before.slice(0, 12)}…→${after.slice(0, 12)}…)\n` +
        'trace-replay: not rerun: the recorded program would not run the same code\n',
    );
    expect(r.out).toBe('');
    expect(r.status).toBe(1);
  });

  it('a rebuilt shared library is reported too (the ELF files the program mapped are hashed)', () => {
    const dir = scratchDir('verify-lib');
    const lib = (text: string): void => {
      writeFileSync(path.join(dir, 'greet.c'), `#include <stdio.h>\nvoid greet(void) { puts("${text}"); }\n`);
      expect(spawnSync('cc', ['-shared', '-fPIC', '-o', 'libgreet.so', 'greet.c'], { cwd: dir }).status).toBe(0);
    };
    lib('hi');
    writeFileSync(path.join(dir, 'main.c'), 'void greet(void);\nint main(void) { greet(); return 0; }\n');
    expect(spawnSync('cc', ['-o', 'prog', 'main.c', '-L.', '-lgreet', `-Wl,-rpath,${dir}`], { cwd: dir }).status).toBe(0);
    const db = record(['./prog'], dir);
    const so = path.join(dir, 'libgreet.so');
    const before = recorded<{ sha: string }>(db, `SELECT sha256 AS sha FROM mapped_files WHERE path = '${so}'`).sha;
    expect(before).toBe(sha256(so));
    expect(replay(['--verify', db]).status).toBe(0);

    lib('hello');
    const r = replay(['--verify', db]);
    expect(r.err).toBe(
      `trace-replay: ${so} changed since the recording (sha256 ${before.slice(0, 12)}…→${sha256(so).slice(0, 12)}…)\n` +
        'trace-replay: not rerun: the recorded program would not run the same code\n',
    );
    expect(r.out).toBe('');
    expect(r.status).toBe(1);
  });

  it('-o FILE keeps the live recording, which trace-q reads; an existing FILE is refused', () => {
    const dir = scratchDir('verify-o');
    const db = record(['ls', fixturesDir]);
    const r = replay(['--verify', '-o', 'live.db', db], { cwd: dir });
    expect(r.status).toBe(0);
    const live = path.join(dir, 'live.db');
    expect(existsSync(live)).toBe(true);
    // -s 4096: the fixtures' folder is longer than trace-q's default 32 bytes in a checkout at a long path
    const q = spawnSync(process.execPath, [traceQBin, live, '-e', 'trace=execve', '-s', '4096'], { encoding: 'utf8', env: testEnv() });
    expect(q.stderr).toBe('');
    expect(q.stdout).toMatch(new RegExp(`^\\d+ +execve\\("/usr/bin/ls", \\["ls", "${fixturesDir}"\\], 0x[0-9a-f]+ /\\* 4 vars \\*/\\) = 0\\n`));
    expect(q.status).toBe(0);

    const again = replay(['--verify', '-o', 'live.db', db], { cwd: dir });
    expect(again.err).toBe('trace-replay: live.db exists; not overwriting it\n');
    expect(again.out).toBe('');
    expect(again.status).toBe(2);
  });

  it("sh -c 'echo a | cat' verifies ten times in a row (the order of its pipe, wait and reads is timing)", () => {
    const db = record(['sh', '-c', 'echo a | cat']);
    for (let i = 0; i < 10; i++) {
      const r = replay(['--verify', db]);
      expect(r.err).toMatch(/^trace-replay: verified: the rerun matched the recording stop by stop \(\d+ syscalls, 3 processes/);
      expect(r.out).toBe('a\n');
      expect(r.status).toBe(0);
    }
  });

  it("the program gets the recorded environment, in its order, and the recorded cwd, not trace-replay's", () => {
    const cwd = scratchDir('verify-env');
    const db = record(['env'], cwd);
    const env = JSON.parse(recorded<{ env: string }>(db, 'SELECT env FROM recording').env) as string[];
    expect(env).toEqual(Object.entries(testEnv()).map(([k, v]) => `${k}=${v}`));
    const elsewhere = scratchDir('verify-env-o');
    const r = replay(['--verify', '-o', 'live.db', db], { cwd: elsewhere, env: { EXTRA: 'x', ...testEnv(), LANG: 'en_US.UTF-8', NO_COLOR: '1' } });
    expect(r.out).toBe(env.map((kv) => `${kv}\n`).join(''));
    expect(r.status).toBe(0);
    expect(recorded<{ cwd: string }>(path.join(elsewhere, 'live.db'), 'SELECT cwd FROM recording').cwd).toBe(cwd);
  });

  it('ASLR is off for the rerun when it was off for the recording (setarch -R), and on when it was on', () => {
    const argv = ['cat', '/proc/self/personality'];
    const off = record(argv); // the harness records under setarch -R
    const r = replay(['--verify', off]);
    expect(r.out).toBe('00040000\n'); // ADDR_NO_RANDOMIZE
    expect(r.status).toBe(0);

    const on = path.join(scratchDir('verify-aslr'), 'on.db');
    const rec = spawnSync(process.execPath, [traceRecBin, '-q', '-o', on, '--', ...argv], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
    expect(rec.stdout).toBe('00000000\n');
    const r2 = replay(['--verify', on]);
    expect(r2.out).toBe('00000000\n');
    expect(r2.status).toBe(0);
  });

  it('a --replayable recording is rerun with --replayable: its controls are in force and it verifies', () => {
    const db = path.join(scratchDir('verify-replayable'), 'run.db');
    const argv = ['sh', '-c', 'cat /proc/self/personality; ls /usr/share'];
    const rec = spawnSync(process.execPath, [traceRecBin, '-q', '--replayable', '-o', db, '--', ...argv], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
    expect(rec.status).toBe(0);
    const live = path.join(scratchDir('verify-replayable'), 'live.db');
    const r = replay(['--verify', '-o', live, db]);
    expect(r.err).toMatch(/^trace-replay: verified: the rerun matched the recording stop by stop/);
    expect(r.out).toBe(rec.stdout);
    expect(r.out.startsWith('00040000\n')).toBe(true); // ASLR off, as --replayable recorded it
    expect(r.status).toBe(0);
    const opts = JSON.parse(recorded<{ options: string }>(live, 'SELECT options FROM recording').options) as { replayable?: { tsc?: string } };
    expect(opts.replayable?.tsc).toBe('trapped');
  });

  it('notes that stdin is not what it was in the recording', () => {
    const db = record(['ls', fixturesDir]);
    const r = replay(['--verify', db], { stdin: 'ignore' });
    // Node's 'pipe' is a socket pair: what the test harness gave trace-rec's program
    expect(r.err.split('\n')[0]).toBe('trace-replay: note: stdin is /dev/null, a socket in the recording');
    expect(r.status).toBe(0);
  });

  it('a missing recording, a file that is not one and a future schema: one line, exit 2', () => {
    const dir = scratchDir('verify-bad');
    const missing = replay(['--verify', path.join(dir, 'nope.db')]);
    expect(missing.err).toBe(`trace-replay: ${path.join(dir, 'nope.db')}: no such file\n`);
    expect(missing.status).toBe(2);

    const text = path.join(dir, 'notes.txt');
    writeFileSync(text, 'just some text\n'.repeat(20));
    const notOne = replay(['--verify', text]);
    expect(notOne.err).toMatch(/^trace-replay: .*notes\.txt: not a SQLite file[^\n]*\n$/);
    expect(notOne.status).toBe(2);

    const future = path.join(dir, 'future.db');
    copyFileSync(record(['true']), future);
    const w = new Database(future);
    w.pragma('user_version = 999');
    w.close();
    const r = replay(['--verify', future]);
    expect(r.err).toMatch(/^trace-replay: .*future\.db: recording has schema version 999, newer than this trace-replay reads \(\d+\); use a newer tracedb\n$/);
    expect(r.status).toBe(2);
  });

  it('a recording imported from a strace log cannot be rerun: one line, exit 2', () => {
    const dir = scratchDir('verify-import');
    expect(spawnSync('strace', ['-f', '-o', 'true.strace', 'true'], { cwd: dir, env: testEnv() }).status).toBe(0);
    const imp = spawnSync(process.execPath, [traceQBin, 'import', 'true.strace', '-o', 'true.db'], { cwd: dir, env: testEnv() });
    expect(imp.status).toBe(0);
    const r = replay(['--verify', path.join(dir, 'true.db')]);
    expect(r).toEqual({ status: 2, out: '', err: `trace-replay: ${path.join(dir, 'true.db')}: imported from a strace log, which does not say how the program was started; it cannot be rerun\n` });
  });

  it('a program that is gone: one line, exit 2', () => {
    const dir = scratchDir('verify-gone');
    copyFileSync(fixture('hello'), path.join(dir, 'hello'));
    chmodSync(path.join(dir, 'hello'), 0o755);
    const db = record(['./hello'], dir);
    rmSync(path.join(dir, 'hello'));
    const r = replay(['--verify', db]);
    expect(r.err).toBe(`trace-replay: ${path.join(dir, 'hello')}: the recorded program is missing\n`);
    expect(r.status).toBe(2);
  });

  it('a recorded working directory that is gone, and --quiet (an inject option): one line, exit 2', () => {
    const cwd = scratchDir('verify-cwd');
    const db = record(['ls'], cwd);
    expect(replay(['--verify', '-q', db])).toEqual({ status: 2, out: '', err: 'trace-replay: --quiet goes with inject replay (without --verify)\n' });
    rmSync(cwd, { recursive: true });
    expect(replay(['--verify', db])).toEqual({ status: 2, out: '', err: `trace-replay: the recorded working directory ${cwd} is gone; the program cannot be rerun there\n` });
  });

  it('Ctrl-C kills the program and exits 130, leaving no temporary recording', async () => {
    const dir = scratchDir('verify-int');
    writeFileSync(path.join(dir, 'T'), '0\n');
    const db = record(['sh', '-c', 'sleep $(cat T)'], dir);
    writeFileSync(path.join(dir, 'T'), '300\n');
    const tmp = path.join(dir, 'tmp');
    mkdirSync(tmp);
    const child = spawn(process.execPath, [replayBin, '--verify', db], { env: { ...testEnv(), TMPDIR: tmp }, cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let code: number | null;
    let sleeper: number;
    try {
      sleeper = await waitFor(() => sleepingIn(dir));
    } finally {
      child.kill('SIGINT');
      code = await done;
    }
    expect(err).toBe('trace-replay: interrupted by SIGINT; the program was killed\n');
    expect(code).toBe(130);
    expect(alive(sleeper!)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

/** Running or stopped, not gone or a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

/** The pid of a `sleep 300` whose cwd is `dir`, or null. */
function sleepingIn(dir: string): number | null {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'latin1') === 'sleep\x00300\x00' && readlinkSync(`/proc/${name}/cwd`) === dir) return Number(name);
    } catch {
      // gone meanwhile, or not ours to look at
    }
  }
  return null;
}

async function waitFor<T>(f: () => T | null): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = f();
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
}
