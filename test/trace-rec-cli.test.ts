// trace-rec's command line as a strace user types it: -f/-ff/-F follow forks (and never
// overwrite), -E and -u do what strace does to the program (checked against strace itself), every
// other strace option gets one line pointing at trace-q or saying trace-rec does not have it;
// --help fits the terminal; the progress line on a terminal never mixes with the program's output.

import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';

interface Run {
  status: number | null;
  out: string;
  err: string;
}

function traceRec(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(process.execPath, [traceRecBin, ...args], { env: opts.env ?? testEnv(), cwd: opts.cwd ?? runCwd(), encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function strace(args: string[], env: NodeJS.ProcessEnv, cwd = runCwd()): Run {
  const r = spawnSync('strace', args, { env, cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/** Exactly one line, "trace-rec: …", and nothing that looks like a stack trace. */
function expectOneLine(err: string): void {
  expect(err).toMatch(/^trace-rec: [^\n]+\n$/);
  expect(err).not.toContain('    at ');
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs `argv` on a terminal (a pty made by script(1)) `cols` wide; returns what the terminal got. */
function onTerminal(argv: string[], opts: { cols?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Run {
  const cmd = `${opts.cols !== undefined ? `stty cols ${opts.cols}; ` : ''}${argv.map(quote).join(' ')}`;
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { env: opts.env ?? testEnv(), cwd: opts.cwd ?? runCwd(), encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const recordings = (dir: string): string[] => readdirSync(dir).filter((f) => f.includes('.db') || f.includes('trace'));

describe('-f, -ff and -F follow forks, as they do in strace; --force has no letter', () => {
  it('trace-rec -f -o X -- true, X existing: refused in one line, X untouched', () => {
    const dir = scratchDir('rec-f');
    const file = path.join(dir, 'X');
    writeFileSync(file, 'precious\n');
    const r = traceRec(['-f', '-o', file, '--', 'true'], { cwd: dir });
    expect(r.status).toBe(1);
    expectOneLine(r.err);
    expect(r.err).toContain('exists; use --force to overwrite it');
    expect(readFileSync(file, 'utf8')).toBe('precious\n');
  });

  it('-ff, -F and -f repeated record the program and all its children', () => {
    const dir = scratchDir('rec-ff');
    const file = path.join(dir, 'sh.db');
    const r = traceRec(['-ff', '-F', '-f', '-f', '-o', file, '--', 'sh', '-c', 'true | true; /bin/true'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.err).toMatch(/^trace-rec: \d+ syscalls, [34] processes, [34] threads -> /);
    const db = new Database(file, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM processes').get() as { n: number }).n).toBeGreaterThanOrEqual(3);
    db.close();
  });

  it('--force overwrites; -F (strace\'s other follow option) does not', () => {
    const dir = scratchDir('rec-F');
    const file = path.join(dir, 'X');
    writeFileSync(file, 'precious\n');
    expect(traceRec(['-F', '-q', '-o', file, '--', 'true'], { cwd: dir }).status).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe('precious\n');
    expect(traceRec(['--force', '-q', '-o', file, '--', 'true'], { cwd: dir }).status).toBe(0);
    expect(readFileSync(file).subarray(0, 15).toString()).toBe('SQLite format 3');
  });
});

describe('strace options trace-rec does not take: one line, exit 2, nothing recorded', () => {
  const display = [
    ['-e', 'signal=none'], ['-e', 'status=failed'], ['-esignal=none'], ['-s', '100'], ['-s100'],
    ['-c'], ['-C'], ['-T'], ['-t'], ['-tt'], ['-ttt'], ['-r'], ['-y'], ['-yy'], ['-x'], ['-xx'], ['-v'], ['-X', 'raw'],
    ['-i'], ['-n'], ['-Z'], ['-z'], ['-P', '/etc/passwd'], ['-S', 'calls'], ['-w'], ['-a', '60'], ['-O', '1'],
    ['-U', 'name'], ['-Y'], ['--string-limit', '10'], ['--string-limit=10'], ['--summary-only'],
    ['--decode-fds=all'], ['--syscall-times'], ['--output-separately'],
  ];
  it.each(display)('%s: trace-rec records everything; trace-q shows it that way', (...opt: string[]) => {
    const dir = scratchDir('rec-strace-opt');
    const r = traceRec([...opt, 'true'], { cwd: dir });
    expect(r.status).toBe(2);
    expectOneLine(r.err);
    expect(r.err).toContain(`trace-rec records everything, and 'trace-q REC ${opt.join(' ')}' shows it that way`);
    expect(recordings(dir)).toEqual([]);
  });

  const tracing = [['-e', 'inject=openat:error=ENOENT'], ['-e', 'fault=openat'], ['--inject=openat:error=EPERM'], ['-b', 'execve'], ['-D'], ['-DDD'], ['-I', '1'], ['-k'], ['-d'], ['-A']];
  it.each(tracing)('%s acts while tracing: trace-rec does not have it', (...opt: string[]) => {
    const dir = scratchDir('rec-strace-opt');
    const r = traceRec([...opt, 'true'], { cwd: dir });
    expect(r.status).toBe(2);
    expectOneLine(r.err);
    expect(r.err).toContain(`trace-rec: ${opt.join(' ')} (strace: `);
    expect(r.err).toContain('acts while tracing, and trace-rec does not have it');
    expect(recordings(dir)).toEqual([]);
  });

  it.each([
    [['--captur-bytes', '10', 'true'], "trace-rec: unknown option '--captur-bytes'; did you mean --capture-bytes?\n"],
    [['--capture-byte=10', 'true'], "trace-rec: unknown option '--capture-byte'; did you mean --capture-bytes?\n"],
    [['--froce', 'true'], "trace-rec: unknown option '--froce'; did you mean --force?\n"],
    [['-force', 'true'], "trace-rec: unknown option '-force'; did you mean --force?\n"],
    [['--no-pni', 'true'], "trace-rec: unknown option '--no-pni'; did you mean --no-pin?\n"],
    [['--bogus', 'true'], "trace-rec: unknown option '--bogus' (see trace-rec --help)\n"],
    [['-g', 'true'], "trace-rec: unknown option '-g' (see trace-rec --help)\n"],
  ])('typo %j', (args, line) => {
    const dir = scratchDir('rec-typo');
    const r = traceRec(args, { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.err).toBe(line);
    expect(recordings(dir)).toEqual([]);
  });

  it.each([
    [['--capture-bytes', '', 'true'], "--capture-bytes needs a whole number from 0 to 67108864, got ''"],
    [['--capture-bytes', '1e3', 'true'], "--capture-bytes needs a whole number from 0 to 67108864, got '1e3'"],
    [['--capture-bytes', ' 12', 'true'], "--capture-bytes needs a whole number from 0 to 67108864, got ' 12'"],
    [['-p', '1e3'], "-p needs a whole number from 1, got '1e3'"],
    [['-p', ''], "-p needs a whole number from 1, got ''"],
    [['-p', '0x10'], "-p needs a whole number from 1, got '0x10'"],
    [['-p', '-5'], "-p needs a whole number from 1, got '-5'"],
  ])('numbers are read strictly: %j', (args, message) => {
    const r = traceRec(args, { cwd: scratchDir('rec-num') });
    expect(r.status).toBe(2);
    expect(r.err).toBe(`trace-rec: ${message}\n`);
  });
});

describe('-E as strace 6.1 has it', () => {
  // A=1 B=2 C=3: B and C changed in place, A removed, D appended; -E X (unset) of a missing X is nothing
  const env = { A: '1', B: '2', C: '3', PATH: testEnv().PATH };
  const changes = ['-E', 'B=20', '-E', 'A', '-E', 'D=4', '--env=C=30', '-E', 'X', '-E', 'B=21'];

  it('the program gets the environment strace gives it, in the same order, and the recording says so', () => {
    const want = strace(['-f', '-o', '/dev/null', ...changes, '--', 'env'], env);
    expect(want.status).toBe(0);
    expect(want.out).toBe('B=21\nC=30\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nD=4\n');
    const dir = scratchDir('rec-env');
    const file = path.join(dir, 'env.db');
    const got = traceRec(['-q', '-o', file, ...changes, '--', 'env'], { env, cwd: dir });
    expect(got.err).toBe('');
    expect(got.status).toBe(0);
    expect(got.out).toBe(want.out);
    const db = new Database(file, { readonly: true });
    const row = db.prepare('SELECT env, options FROM recording').get() as { env: string; options: string };
    const exec = db.prepare('SELECT env FROM execs ORDER BY seq LIMIT 1').get() as { env: string };
    db.close();
    expect(JSON.parse(row.env)).toEqual(want.out.trimEnd().split('\n'));
    expect(JSON.parse(exec.env)).toEqual(want.out.trimEnd().split('\n'));
    expect(JSON.parse(row.options).env).toEqual(['B=20', 'A', 'D=4', 'C=30', 'X', 'B=21']);
  });

  it('the program is looked up in trace-rec\'s own PATH, as strace does, not in the one -E gives it', () => {
    const dir = scratchDir('rec-env-path');
    writeFileSync(path.join(dir, 'hello-prog'), '#!/bin/sh\necho hello from $0\n');
    chmodSync(path.join(dir, 'hello-prog'), 0o755);
    // only in the new PATH: neither finds it
    const want = strace(['-o', '/dev/null', '-E', `PATH=${dir}`, 'hello-prog'], env, dir);
    expect([want.status, want.err]).toEqual([1, "strace: Can't stat 'hello-prog': No such file or directory\n"]);
    const got = traceRec(['-q', '-o', path.join(dir, 'p.db'), '-E', `PATH=${dir}`, 'hello-prog'], { env, cwd: dir });
    expect([got.status, got.err]).toEqual([1, "trace-rec: cannot execute 'hello-prog': No such file or directory\n"]);
    // in both: the same file, and the new PATH is the program's
    const newPath = ['-E', `PATH=${dir}:${env.PATH}`];
    const same = strace(['-o', '/dev/null', ...newPath, 'env'], env, dir);
    const sameRec = traceRec(['-q', '-o', path.join(dir, 'q.db'), ...newPath, 'env'], { env, cwd: dir });
    expect(same.out).toContain(`PATH=${dir}:`);
    expect(sameRec.out).toBe(same.out);
    // found elsewhere by the new PATH: refused in one line rather than recording another program
    const other = traceRec(['-q', '-o', path.join(dir, 'r.db'), '-E', `PATH=${dir}`, 'ls'], { env, cwd: dir });
    expect(other.status).toBe(2);
    expect(other.err).toBe(`trace-rec: -E changed PATH: strace would run /usr/bin/ls (from trace-rec's PATH), the new PATH has no ls; name the program by its path\n`);
  });
});

describe('-u USER as strace 6.1 has it', () => {
  const isRoot = process.getuid!() === 0;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'trace-rec-u-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  // what the program says of its ids: id(1) and the kernel's view
  const ids = ['sh', '-c', 'id; grep -E "^(Uid|Gid|Groups):" /proc/self/status'];

  it.runIf(isRoot)('the program runs with nobody\'s uid, gid and groups, as under strace -u nobody', () => {
    chmodSync(tmp, 0o755);
    const want = strace(['-f', '-o', '/dev/null', '-u', 'nobody', '--', ...ids], testEnv(), tmp);
    expect(want.status).toBe(0);
    expect(want.out).toMatch(/^uid=65534\(nobody\)/);
    const file = path.join(tmp, 'u.db');
    const got = traceRec(['-q', '-o', file, '-u', 'nobody', '--', ...ids], { cwd: tmp });
    expect(got.err).toBe('');
    expect(got.status).toBe(0);
    expect(got.out).toBe(want.out);
    const db = new Database(file, { readonly: true });
    const row = db.prepare('SELECT uid, gid, euid, egid, options FROM recording').get() as { uid: number; gid: number; euid: number; egid: number; options: string };
    const first = db.prepare('SELECT name FROM syscalls ORDER BY id LIMIT 1').get() as { name: string };
    const setids = db.prepare("SELECT count(*) AS n FROM syscalls WHERE name IN ('setresuid', 'setgroups', 'setresgid')").get() as { n: number };
    db.close();
    expect([row.uid, row.gid, row.euid, row.egid]).toEqual([65534, 65534, 65534, 65534]);
    expect(JSON.parse(row.options).user).toMatchObject({ name: 'nobody', uid: 65534, gid: 65534 });
    // the recording starts at the program's own execve: nothing of setpriv is in it
    expect(first.name).toBe('execve');
    expect(setids.n).toBe(0);
  });

  it.runIf(isRoot)('a setuid program gets its owner as effective uid, as strace -u arranges', () => {
    chmodSync(tmp, 0o755);
    const prog = path.join(tmp, 'id-setuid');
    copyFileSync('/usr/bin/id', prog);
    chmodSync(prog, 0o4755);
    const want = strace(['-o', '/dev/null', '-u', 'nobody', prog], testEnv(), tmp);
    expect(want.out).toMatch(/^uid=65534\(nobody\) gid=65534\(\w+\) euid=0\(root\)/);
    const got = traceRec(['-q', '-o', path.join(tmp, 's.db'), '-u', 'nobody', prog], { cwd: tmp });
    expect(got.out).toBe(want.out);
  });

  it.runIf(isRoot)('an unknown user: one line, exit 1, as strace', () => {
    expect(strace(['-u', 'no-such-user-x', 'true'], testEnv()).err).toBe("strace: Cannot find user 'no-such-user-x'\n");
    const r = traceRec(['-u', 'no-such-user-x', 'true'], { cwd: scratchDir('rec-u') });
    expect(r.status).toBe(1);
    expect(r.err).toBe("trace-rec: Cannot find user 'no-such-user-x'\n");
  });

  it('only root may use -u, as in strace (run as nobody)', () => {
    const dir = scratchDir('rec-u');
    chmodSync(dir, 0o777);
    const asNobody = isRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const run = (argv: string[]): Run => {
      const r = spawnSync(argv[0], argv.slice(1), { env: testEnv(), cwd: dir, encoding: 'utf8', timeout: 60_000 });
      return { status: r.status, out: r.stdout, err: r.stderr };
    };
    const want = run([...asNobody, 'strace', '-u', 'nobody', '-o', '/dev/null', 'true']);
    expect(want.status).not.toBe(0);
    const r = run([...asNobody, process.execPath, traceRecBin, '-o', 'u.db', '-u', 'nobody', 'true']);
    expect(r.status).toBe(1);
    expectOneLine(r.err);
    expect(existsSync(path.join(dir, 'u.db'))).toBe(false);
  });
});

describe('--help', () => {
  const wide = (text: string): string[] => text.split(/\r?\n/).filter((l) => l.length > 0);

  it('without a terminal: 80 columns, numbers typed [number], no type tag glued to its text', () => {
    const r = traceRec(['--help']);
    expect(r.status).toBe(0);
    for (const l of wide(r.out)) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(r.out).toMatch(/--capture-bytes[^[]*\[number\] \[default: 65536\]/);
    expect(r.out).toMatch(/--attach[^[]*\[number\]/);
    expect(r.out).not.toMatch(/\S\[(boolean|string|number|array)\]/);
    expect(r.out).toContain('--pin');
    expect(r.out).not.toMatch(/-f, --force/);
    expect(r.out.replace(/\s+/g, ' ')).toContain('-f, -ff and -F are accepted and change nothing');
  });

  it.each([[60], [90], [200]])('on a terminal %i columns wide: that width, at most 100', (cols) => {
    const r = onTerminal([process.execPath, traceRecBin, '--help'], { cols });
    expect(r.status).toBe(0);
    const lines = wide(r.out);
    expect(lines.some((l) => l.length > Math.min(cols, 100) - 10)).toBe(true);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(Math.min(cols, 100));
    expect(r.out).not.toMatch(/\S\[(boolean|string|number|array)\]/);
  });

  it.each([['trace-q'], ['trace-diff']])('%s wraps at the terminal width too', (cmd) => {
    const bin = path.join(repoRoot, 'packages', 'query', 'bin', `${cmd}.js`);
    const narrow = onTerminal([process.execPath, bin, '--help'], { cols: 72 });
    for (const l of wide(narrow.out)) expect(l.length, l).toBeLessThanOrEqual(72);
    const piped = spawnSync(process.execPath, [bin, '--help'], { env: testEnv(), encoding: 'utf8' });
    for (const l of wide(piped.stdout)) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(piped.stdout).not.toMatch(/\S\[(boolean|string|number|array|count)\]/);
  });

  it('trace-q shows its numeric options as [number], and still reads their values as strace does', () => {
    const bin = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');
    const help = spawnSync(process.execPath, [bin, '--help'], { env: testEnv(), encoding: 'utf8' }).stdout;
    for (const o of ['--pid', '--tid', '--fd', '--limit', '--context', '--string-limit', '--columns']) expect(help).toMatch(new RegExp(`${o} [^\\n]*\\[number\\]`));
    const bad = spawnSync(process.execPath, [bin, 'x.db', '-s', '1e3'], { env: testEnv(), encoding: 'utf8' });
    expect(bad.stderr).toBe("trace-q: -s wants a whole number from 0 to 1073741823, got '1e3'\n");
  });
});

describe('the progress line', () => {
  const CLEAR = '\r\x1b[2K';
  const progressRe = (processes: string) => new RegExp(`trace-rec: [\\d,]+ syscalls, ${processes}, \\d+\\.\\d s, [\\d,]+ syscalls/s, [\\d.]+ (KiB|MiB)…`);

  it('on a terminal: plurals, elapsed time, rate, size; the program\'s stderr lines stay whole', () => {
    const dir = scratchDir('rec-progress');
    const prog = 'echo first line >&2; sleep 1.2; echo second line >&2; sleep 1.2; echo third line';
    const r = onTerminal([process.execPath, traceRecBin, '-o', path.join(dir, 'p.db'), '--', 'sh', '-c', prog], { cwd: dir });
    expect(r.status).toBe(0);
    const t = r.out;
    expect(t).toMatch(progressRe('[2-9] processes'));
    expect(t).not.toMatch(/\b1 processes\b/);
    for (const line of ['first line', 'second line', 'third line']) {
      const at = t.indexOf(line);
      expect(at, t).toBeGreaterThanOrEqual(0);
      // what precedes it on its terminal line: nothing, or a cleared line
      const before = t.slice(t.lastIndexOf('\n', at) + 1, at);
      expect(before === '' || before.endsWith(CLEAR), JSON.stringify(before)).toBe(true);
      expect(t.slice(at, at + line.length + 2)).toBe(`${line}\r\n`);
    }
    // the progress line was shown between the program's lines, and taken away before each
    expect(t.indexOf('syscalls/s')).toBeLessThan(t.indexOf('second line'));
    const summary = t.search(/trace-rec: \d+ syscalls, \d+ processes, \d+ threads -> /);
    expect(summary).toBeGreaterThan(0);
    expect(t[summary - 1] === '\n' || t.slice(0, summary).endsWith(CLEAR)).toBe(true);
  });

  it('one process is "1 process"; a line the program left unfinished is never wiped', () => {
    const dir = scratchDir('rec-progress');
    const prog = 'import sys, time; time.sleep(1.3); sys.stderr.write("answer? "); sys.stderr.flush(); time.sleep(1.3)';
    const r = onTerminal([process.execPath, traceRecBin, '-o', path.join(dir, 'p.db'), '--', 'python3', '-c', prog], { cwd: dir });
    expect(r.status).toBe(0);
    const t = r.out;
    expect(t).toMatch(progressRe('1 process'));
    const at = t.indexOf('answer? ');
    expect(at).toBeGreaterThan(0);
    const rest = t.slice(at + 'answer? '.length);
    // nothing clears that line: the summary goes on the next one
    expect(rest.slice(0, rest.indexOf('\n'))).not.toContain('\x1b[2K');
    expect(rest).toMatch(/^\r?\ntrace-rec: \d+ syscalls, \d+ process(es)?, /);
  });

  it('while a program makes syscalls without pause (batches keep the writer busy), and off before it writes', () => {
    const dir = scratchDir('rec-progress');
    const r = onTerminal([process.execPath, traceRecBin, '-o', path.join(dir, 'dd.db'), '--', 'dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=100000'], { cwd: dir });
    expect(r.status).toBe(0);
    const shown = r.out.match(/trace-rec: [\d,]+ syscalls, 1 process, \d+\.\d s, [\d,]+ syscalls\/s, [\d.]+ (KiB|MiB)…/g) ?? [];
    expect(shown.length).toBeGreaterThanOrEqual(2);
    // the count grows from one redraw to the next
    const counts = shown.map((s) => Number(/([\d,]+) syscalls/.exec(s)![1].replace(/,/g, '')));
    expect(counts[counts.length - 1]).toBeGreaterThan(counts[0]);
    const at = r.out.indexOf('100000+0 records in\r\n');
    const before = r.out.slice(r.out.lastIndexOf('\n', at) + 1, at);
    expect(before === '' || before.endsWith(CLEAR), JSON.stringify(before)).toBe(true);
  });

  it('not on a terminal, or with -q: no progress line', () => {
    const dir = scratchDir('rec-progress');
    const r = traceRec(['-o', path.join(dir, 'p.db'), '--', 'sleep', '1.2'], { cwd: dir });
    expect(r.err).toMatch(/^trace-rec: \d+ syscalls, 1 process, 1 thread -> [^\n]+\n$/);
    const q = onTerminal([process.execPath, traceRecBin, '-q', '-o', path.join(dir, 'q.db'), '--', 'sleep', '1.2'], { cwd: dir });
    expect(q.out).toBe('');
    expect(existsSync(path.join(dir, 'q.db'))).toBe(true);
  });
});
