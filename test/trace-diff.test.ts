// trace-diff on real pairs of runs: each situation is built for real (trace-rec, strace,
// script for a terminal), and the test checks the EXPLANATION trace-diff gives: the cause it
// names, the differing syscalls it attributes to it (counted independently from the
// recordings), and that nothing is left unexplained.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';
import { query, runTraceRec } from './support/recording.js';
import { runStrace } from './support/strace-oracle.js';

const traceDiffBin = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-diff.js');

interface JsonCause {
  id: number;
  kind: string;
  title: string;
  timing: boolean;
  total: number;
  onlyA: number;
  onlyB: number;
  changed: number;
  evidence: string[];
}
interface JsonLine {
  op: ' ' | '-' | '+';
  text: string;
  name: string;
  change?: string;
  cause?: number | null;
}
interface JsonReport {
  equivalent: boolean;
  context: { field: string; a: string | null; b: string | null }[];
  counts: { differing: number; onlyA: number; onlyB: number; changed: number; explained: number; timing: number; unexplained: number };
  causes: JsonCause[];
  hunks: { task: string; lines: JsonLine[] }[];
}

function traceDiff(args: string[], env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }) {
  const r = spawnSync(process.execPath, [traceDiffBin, ...args], { env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function report(a: string, b: string): JsonReport {
  const r = traceDiff(['--json', a, b]);
  expect(r.err).toBe('');
  expect([0, 1]).toContain(r.status);
  const j = JSON.parse(r.out) as JsonReport;
  expect(r.status).toBe(j.equivalent ? 0 : 1);
  return j;
}

/** The differing lines (- and +) of the report. */
const diffLines = (j: JsonReport): JsonLine[] => j.hunks.flatMap((h) => h.lines.filter((l) => l.op !== ' '));

function record(argv: string[], env: NodeJS.ProcessEnv, cwd = runCwd()): string {
  const r = runTraceRec(argv, { env, cwd });
  expect(r.status, r.stderr.toString()).not.toBeNull();
  return r.dbPath;
}

/** Exactly one line, "trace-diff: …", and no stack trace. */
function expectOneErrorLine(err: string): void {
  expect(err).toMatch(/^trace-diff: [^\n]+\n$/);
  expect(err).not.toMatch(/\n\s+at /);
}

describe('trace-diff explains', () => {
  let hello: string;
  beforeAll(() => {
    hello = fixture('hello');
  });

  it('LD_LIBRARY_PATH: names it and counts the loader probes of its directories', () => {
    const dir = scratchDir('ldpath');
    mkdirSync(path.join(dir, 'lib1'));
    mkdirSync(path.join(dir, 'lib2'));
    const value = `${dir}/lib1:${dir}/lib2`;
    const a = record([hello], testEnv());
    const b = record([hello], { ...testEnv(), LD_LIBRARY_PATH: value });

    // the extra calls, counted from the recordings themselves
    const count = (db: string, where: string): number =>
      query<{ n: number }>(db, `SELECT count(*) AS n FROM syscalls WHERE name IN ('openat', 'newfstatat') ${where}`, )[0].n;
    const extra = count(b, '') - count(a, '');
    const underDirs = count(b, `AND (path = '${dir}/lib1' OR path = '${dir}/lib2' OR path LIKE '${dir}/lib_/%')`);
    const enoentOpenat = query<{ n: number }>(b, `SELECT count(*) AS n FROM syscalls WHERE name = 'openat' AND errno = 'ENOENT' AND path LIKE '${dir}/%'`)[0].n;
    expect(enoentOpenat).toBeGreaterThanOrEqual(4); // hwcaps and tls/x86_64 subdirectories of two directories at least
    expect(underDirs).toBe(extra);

    const j = report(a, b);
    expect(j.equivalent).toBe(false);
    expect(j.context).toContainEqual({ field: 'env LD_LIBRARY_PATH', a: null, b: value });
    const loader = j.causes.find((c) => c.kind === 'loader-path')!;
    expect(loader.title).toContain(`LD_LIBRARY_PATH=${value} only in B`);
    expect(loader).toMatchObject({ total: extra, onlyB: extra, onlyA: 0, changed: 0 });
    expect(loader.evidence.join('\n')).toMatch(/glibc-hwcaps\/x86-64-v2/);
    expect(loader.evidence.join('\n')).toContain('libc.so.6');
    expect(j.counts).toMatchObject({ differing: extra, explained: extra, unexplained: 0 });
    // every differing line is one of the probes, attributed to LD_LIBRARY_PATH
    for (const l of diffLines(j)) expect(l).toMatchObject({ op: '+', cause: loader.id });

    const text = traceDiff([a, b]);
    expect(text.status).toBe(1);
    expect(text.out).toMatch(new RegExp(`^\\s+${extra}  \\[1\\] LD_LIBRARY_PATH=`, 'm'));
    expect(text.out).toContain('0  unexplained');
    expect(text.out).toMatch(/^\+ openat\(AT_FDCWD, ".*\/lib1\/glibc-hwcaps\/x86-64-v3\/libc\.so\.6", .*ENOENT/m);
    expect(text.out).not.toContain('\x1b[');
  });

  it('LANG=C against LANG=C.UTF-8: the locale files one run loads', () => {
    const dir = scratchDir('lang');
    for (const f of ['one', 'two', 'three']) writeFileSync(path.join(dir, f), f);
    const env = { PATH: testEnv().PATH, HOME: '/root' };
    const a = record(['ls', dir], { ...env, LANG: 'C' });
    const b = record(['ls', dir], { ...env, LANG: 'C.UTF-8' });
    const j = report(a, b);
    const locale = j.causes.find((c) => c.kind === 'locale')!;
    expect(locale.title).toContain('LANG: C in A, C.UTF-8 in B');
    const localeFiles = query<{ n: number }>(b, "SELECT count(*) AS n FROM syscalls WHERE path LIKE '/usr/lib/locale/%' OR path LIKE '/usr/share/locale/%'")[0].n;
    expect(localeFiles).toBeGreaterThan(0);
    // every differing call on a locale file is attributed to the locale
    const onLocale = diffLines(j).filter((l) => /"\/usr\/(lib|share)\/locale\//.test(l.text));
    expect(onLocale.length).toBeGreaterThanOrEqual(localeFiles - query<{ n: number }>(a, "SELECT count(*) AS n FROM syscalls WHERE path LIKE '/usr/lib/locale/%' OR path LIKE '/usr/share/locale/%'")[0].n);
    for (const l of onLocale) expect(l.cause).toBe(locale.id);
    expect(j.counts.unexplained).toBe(0);
    expect(j.equivalent).toBe(false);
  });

  // `script` (util-linux/bsdutils) gives the program a terminal; .ci/run installs it if missing.
  it('stdout on a terminal against a pipe: isatty and the output pattern', () => {
    const dir = scratchDir('tty');
    for (const f of ['alpha', 'beta', 'gamma', 'delta']) writeFileSync(path.join(dir, f), f);
    const out = path.join(scratchDir('tty-rec'), 'tty.db');
    const cmd = `${process.execPath} ${traceRecBin} -q -o ${out} -- ls ${dir}`;
    const s = spawnSync('script', ['-qec', cmd, '/dev/null'], { env: testEnv(), cwd: runCwd(), encoding: 'utf8', timeout: 60_000 });
    expect(s.status, s.stderr).toBe(0);
    const pipe = record(['ls', dir], testEnv());
    const j = report(out, pipe);
    // spawnSync's "pipes" are socketpairs
    expect(j.context).toContainEqual(expect.objectContaining({ field: 'stdout', b: expect.stringMatching(/^(pipe|socket)$/) }));
    const term = j.causes.find((c) => c.kind === 'terminal' && c.title.startsWith('stdout'))!;
    expect(term.title).toMatch(/^stdout is a terminal \(\/dev\/pts\/\d+\) in A but a (pipe|socket) in B/);
    expect(term.evidence).toContain('A: ioctl(1) ok');
    expect(term.evidence).toContain('B: ioctl(1) ENOTTY');
    // TCGETS answered in A, ENOTTY in B: one changed pair, and the written listing differs
    const lines = diffLines(j);
    expect(lines).toContainEqual(expect.objectContaining({ op: '-', name: 'ioctl', change: 'changed', cause: term.id }));
    expect(lines.filter((l) => l.name === 'write').every((l) => l.cause === term.id)).toBe(true);
    expect(lines.some((l) => l.name === 'write')).toBe(true);
    expect(j.counts.unexplained).toBe(0);
  });

  it('a file with other contents, and a missing file', () => {
    const dir = scratchDir('cat');
    const f = path.join(dir, 'f');
    writeFileSync(f, 'aaa\n');
    const a = record(['cat', 'f'], testEnv(), dir);
    writeFileSync(f, 'bbbbbbbbbbbbbbbbbbbbbbbbbbb\n');
    const b = record(['cat', 'f'], testEnv(), dir);
    rmSync(f);
    const c = record(['cat', 'f'], testEnv(), dir);

    const changed = report(a, b);
    const content = changed.causes.find((x) => x.kind === 'file-content')!;
    expect(content.title).toBe('f has different content in the two runs');
    expect(content.evidence).toContain('differing reads return 4 bytes in A, 28 in B');
    // the read and the write that passes it on
    expect(diffLines(changed).map((l) => `${l.op}${l.name}`)).toEqual(['-read', '+read', '-write', '+write']);
    expect(changed.counts).toMatchObject({ changed: 2, unexplained: 0 });

    const missing = report(a, c);
    const presence = missing.causes.find((x) => x.kind === 'file-presence')!;
    expect(presence.title).toMatch(/^f exists in A only \(ENOENT in B\)/);
    expect(presence.evidence).toContain('openat("f"): ok in A, ENOENT in B');
    expect(presence.evidence).toContain('exit status: 0 in A, 1 in B');
    expect(missing.context).toContainEqual({ field: 'exit status', a: '0', b: '1' });
    expect(missing.counts.unexplained).toBe(0);
  });

  it('the same program recorded by trace-rec and by strace: equivalent, or only explained differences', () => {
    // negative-nr: strace names syscall(-5) syscall_0xfffffffffffffffb, which the import reads back as -5
    for (const argv of [[hello], ['sh', '-c', 'echo a | cat'], [fixture('negative-nr')]]) {
      const dir = scratchDir('vs-strace');
      const rec = record(argv, testEnv());
      const st = runStrace(argv, { env: testEnv(), cwd: runCwd() });
      const log = path.join(dir, 'run.strace');
      writeFileSync(log, st.output);
      const j = report(rec, log);
      expect(j.counts.unexplained, JSON.stringify(diffLines(j).filter((l) => l.cause === null), null, 1)).toBe(0);
      expect(j.causes.every((c) => c.timing), JSON.stringify(j.causes)).toBe(true);
      expect(j.equivalent).toBe(true);
      const text = traceDiff([rec, log]);
      expect(text.status).toBe(0);
      expect(text.out).toContain('mode: launch in A, import in B');
      expect(text.out).toMatch(/Equivalent after normalisation/);
    }
  });

  it('a recording and strace -y / -yy logs of the same program: equivalent; a real difference still explained', () => {
    const dir = scratchDir('fd-kinds');
    const prog = fixture('fd-kinds');
    const f = path.join(dir, 'f');
    writeFileSync(f, 'aaa\n');
    const rec = record([prog, 'f'], testEnv(), dir);
    const strace = (flag: string, name: string): string => {
      const log = path.join(dir, name);
      const r = spawnSync('setarch', ['-R', 'strace', '-f', '-q', flag, '-o', log, '--', prog, 'f'], { env: testEnv(), cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(readFileSync(f, 'utf8'));
      return log;
    };
    for (const flag of ['-y', '-yy']) {
      const log = strace(flag, `run${flag}.strace`);
      // the log has the decorations that are to be normalised away
      const text = readFileSync(log, 'utf8');
      expect(text).toMatch(/close\(\d+<pipe:\[\d+\]>\)/);
      expect(text).toMatch(/read\(3<\/[^>]*\/f>, "aaa\\n", 64\)/);
      if (flag === '-yy') expect(text).toMatch(/<\/dev\/null<char 1:3>>/);
      const j = report(rec, log);
      expect(diffLines(j), flag).toEqual([]);
      expect(j.equivalent).toBe(true);
      const plain = traceDiff([rec, log]);
      expect(plain.status).toBe(0);
      expect(plain.out).toMatch(/Equivalent after normalisation/);
    }
    writeFileSync(f, 'bbbbbbbbbbbbbbbbbbbbbbbbbbb\n');
    const other = strace('-y', 'other.strace');
    const j = report(rec, other);
    expect(j.equivalent).toBe(false);
    const content = j.causes.find((x) => x.kind === 'file-content')!;
    expect(content.title).toBe('f has different content in the two runs');
    expect(diffLines(j).map((l) => `${l.op}${l.name}`)).toEqual(['-read', '+read', '-write', '+write']);
    expect(j.counts).toMatchObject({ changed: 2, unexplained: 0 });
    const text = traceDiff([rec, other]);
    expect(text.status).toBe(1);
    expect(text.out).toContain('+ read(3, "bbbbbbbbbbbbbbbbbbbbbbbbbbb\\n", 64) = 28');
  });

  it('strace -k logs and strace -ff files (by their prefix) are read directly', () => {
    const dir = scratchDir('k-ff');
    const argv = ['sh', '-c', 'echo a | cat'];
    const rec = record(argv, testEnv());
    const k = path.join(dir, 'k.strace');
    const prefix = path.join(dir, 'ff');
    for (const args of [['-f', '-k', '-o', k], ['-ff', '-tt', '-o', prefix]]) {
      const r = spawnSync('setarch', ['-R', 'strace', '-q', ...args, '--', ...argv], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
    expect(readFileSync(k, 'utf8')).toMatch(/^ > /m);
    for (const log of [k, prefix]) {
      const r = traceDiff(['--json', rec, log]);
      // no line left out: stack-trace lines are not strace's syscall lines, and the files are one log
      expect(r.err).toBe('');
      const j = JSON.parse(r.out) as JsonReport;
      expect(j.counts.unexplained, JSON.stringify(diffLines(j).filter((l) => l.cause === null), null, 1)).toBe(0);
      expect(j.equivalent).toBe(true);
      expect(r.status).toBe(0);
    }
  });

  it('a wrapper that sets the variable (cargo run, env VAR=…): where tracing started, then the loader probes', () => {
    const dir = scratchDir('wrapper');
    mkdirSync(path.join(dir, 'lib'));
    const a = record([hello], testEnv());
    const b = record(['env', `LD_LIBRARY_PATH=${dir}/lib`, hello], testEnv());
    const j = report(a, b);
    const start = j.causes.find((c) => c.kind === 'tracing-start')!;
    expect(start.title).toMatch(/^B's trace of 1 starts earlier: it first runs \/usr\/bin\/env, which then execs /);
    const envCalls = query<{ n: number }>(b, "SELECT count(*) AS n FROM syscalls WHERE id < (SELECT max(id) FROM syscalls WHERE name = 'execve' AND ret = 0)")[0].n;
    expect(start.onlyB).toBe(envCalls);
    // the variable is not in the recording's environment but in the one env gave hello
    expect(j.context.find((c) => c.field === 'env LD_LIBRARY_PATH')).toBeUndefined();
    const loader = j.causes.find((c) => c.kind === 'loader-path')!;
    expect(loader.title).toContain(`LD_LIBRARY_PATH=${dir}/lib only in B`);
    expect(loader.total).toBe(query<{ n: number }>(b, `SELECT count(*) AS n FROM syscalls WHERE path LIKE '${dir}/lib%'`)[0].n);
    expect(j.counts.unexplained).toBe(0);
  });

  it('PATH: the execve attempts of a lookup through other directories', () => {
    const env = { ...testEnv(), PATH: '/nonexistent/bin:/usr/bin:/bin' };
    const a = record(['env', 'true'], testEnv());
    const b = record(['env', 'true'], env);
    const j = report(a, b);
    const lookup = j.causes.find((c) => c.kind === 'command' && c.title.startsWith('PATH differs'))!;
    expect(lookup.evidence).toContain(`PATH in B: ${env.PATH}`);
    expect(lookup.evidence.join('\n')).toContain('/nonexistent/bin/true ENOENT');
    expect(diffLines(j).filter((l) => l.name === 'execve').every((l) => l.cause === lookup.id)).toBe(true);
    expect(j.counts.unexplained).toBe(0);
  });

  it('a process only one run starts', () => {
    const a = record(['sh', '-c', '/bin/true; /bin/true'], testEnv());
    const b = record(['sh', '-c', '/bin/true; /bin/true; /bin/true'], testEnv());
    const j = report(a, b);
    const extra = j.causes.find((c) => c.kind === 'process-tree')!;
    expect(extra.title).toMatch(/^only B has process \+1\.3 \(\/bin\/true\)/);
    // all of its calls, plus the fork that made it and the wait4 that reaped it in the shell
    const its = query<{ n: number }>(b, "SELECT count(*) AS n FROM syscalls WHERE pid = (SELECT max(pid) FROM processes)")[0].n;
    expect(extra.onlyB).toBeGreaterThanOrEqual(its + 2);
    expect(j.counts.unexplained).toBe(0);
  });

  it('a recording against itself: exit 0', () => {
    const a = record([hello], testEnv());
    const r = traceDiff([a, a]);
    expect(r.status).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('no differences in how the runs were made');
    expect(r.out).toContain('Equivalent after normalisation.');
  });
});

describe('trace-diff output and errors', () => {
  let a: string;
  let b: string;
  beforeAll(() => {
    a = record(['/bin/true'], testEnv());
    b = record(['/bin/true'], { ...testEnv(), LD_LIBRARY_PATH: '/nonexistent-dir' });
  });

  it('colours only when asked or on a terminal, never with NO_COLOR', () => {
    expect(traceDiff(['--color=always', a, b]).out).toContain('\x1b[32m+ ');
    expect(traceDiff([a, b]).out).not.toContain('\x1b[');
  });

  it('-U sets the context, --raw shows addresses, --summary drops the diff', () => {
    const u0 = traceDiff(['-U', '0', a, b]).out;
    expect(u0).not.toMatch(/^  access/m);
    expect(traceDiff(['-U', '1', a, b]).out).toMatch(/^  access\("\/etc\/ld\.so\.preload"/m);
    expect(traceDiff(['--raw', '-U', '5', a, b]).out).toMatch(/= 0x[0-9a-f]{6,}/);
    expect(traceDiff(['-U', '5', a, b]).out).toContain('= <addr>');
    const summary = traceDiff(['--summary', a, b]);
    expect(summary.status).toBe(1);
    expect(summary.out).not.toContain('@@');
  });

  it('--help has examples', () => {
    const r = traceDiff(['--help']);
    expect(r.status).toBe(0);
    expect(r.out).toContain('Usage: trace-diff [options] A B');
    expect(r.out).toContain('Examples:');
  });

  it('exit 2 with one line on stderr for trouble', () => {
    const dir = scratchDir('diff-err');
    const notes = path.join(dir, 'notes.txt');
    writeFileSync(notes, 'just some text\n');
    const otherDb = path.join(dir, 'other.db');
    new Database(otherDb).exec('CREATE TABLE t (x)').close();
    const newer = path.join(dir, 'newer.db');
    copyFileSync(a, newer);
    const db = new Database(newer);
    db.pragma('user_version = 99');
    db.close();
    const cases: [string[], RegExp][] = [
      [[path.join(dir, 'missing.db'), a], /missing\.db: no such file/],
      [[notes, a], /notes\.txt: neither a tracedb recording nor a strace log/],
      [[otherDb, a], /other\.db: a SQLite database but not a tracedb recording/],
      [[newer, a], /newer\.db: recording has schema version 99, newer than this trace-diff reads/],
      [[dir, a], /is a directory/],
      [['--frobnicate', a, b], /Unknown argument/i],
      [[a], /expected two recordings A B, got 1/],
      [['-U', '-1', a, b], /-U needs a whole number/],
      ...['', 'abc', '1e12', '99999999999'].map((u): [string[], RegExp] => [['-U', u, a, b], new RegExp(`-U needs a whole number of lines up to 1000000, got '${u}'`)]),
    ];
    for (const [args, message] of cases) {
      const r = traceDiff(args);
      expect(r.status, args.join(' ')).toBe(2);
      expectOneErrorLine(r.err);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
    }
  });

  it('reads a strace log directly and reports its unparseable lines by number', () => {
    const dir = scratchDir('diff-log');
    const st = runStrace(['/bin/true'], { env: testEnv(), cwd: runCwd() });
    const lines = st.output.split('\n');
    lines.splice(3, 0, 'a line strace never wrote');
    const log = path.join(dir, 'true.strace');
    writeFileSync(log, lines.join('\n'));
    const r = traceDiff(['--summary', a, log]);
    expect(r.err).toBe(`trace-diff: note: ${log}: 1 line not understood, left out (line 4: not a syscall, signal or exit line)\n`);
    expect(r.status).toBe(0);
  });
});
