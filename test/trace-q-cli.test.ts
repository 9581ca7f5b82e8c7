// End to end: record real programs with trace-rec, query them with trace-q, and check the
// answers against direct SQL on the file and against strace's own filtering and -c table.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const traceRec = path.join(root, 'packages/recorder/bin/trace-rec.js');
const traceQ = path.join(root, 'packages/query/bin/trace-q.js');
const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', LANG: 'C', LC_ALL: 'C' };
// not /tmp: `ls -l /` prints /tmp's link count, which other tests change
const cwd = path.join(root, 'test/.work/cwd');
let dir: string;

function record(name: string, argv: string[]): string {
  const db = path.join(dir, `${name}.db`);
  const r = spawnSync(process.execPath, [traceRec, '-q', '-o', db, '--force', '--', ...argv], { env, cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (!existsSync(db)) throw new Error(`trace-rec made no recording: ${r.stderr}`);
  return db;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function q(...args: string[]): Run {
  const r = spawnSync(process.execPath, [traceQ, ...args], { env, cwd, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(...args: string[]): string {
  const r = q(...args);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

function sql<T = Record<string, unknown>>(db: string, text: string, ...params: unknown[]): T[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(text).all(...params) as T[];
  } finally {
    d.close();
  }
}

const ids = (db: string, where: string, ...params: unknown[]): number[] => sql<{ id: number }>(db, `SELECT id FROM syscalls WHERE ${where} ORDER BY id`, ...params).map((r) => r.id);
const jsonIds = (out: string): number[] => (JSON.parse(out) as { id: number }[]).map((r) => r.id);

/** strace -f -o LOG: the syscall names it printed, in order, unfinished/resumed pairs counted once. */
function straceNames(args: string[], argv: string[]): string[] {
  const log = path.join(dir, `strace-${Math.random().toString(36).slice(2)}.log`);
  const r = spawnSync('strace', ['-f', '-qq', '-o', log, ...args, '--', ...argv], { env, cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return readFileSync(log, 'utf8')
    .split('\n')
    .map((l) => /^(?:\d+\s+)?([a-z_0-9]+)\(/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined);
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

let ls: string;
let sh: string;
let cat: string;

beforeAll(() => {
  mkdirSync(cwd, { recursive: true });
  mkdirSync(path.join(root, 'test/.work'), { recursive: true });
  dir = mkdtempSync(path.join(root, 'test/.work/trace-q-'));
  ls = record('ls', ['ls', '-l', '/']);
  sh = record('sh', ['sh', '-c', 'cat /etc/hostname | wc -c; ls /nonexistent; exit 3']);
  cat = record('cat', ['cat', '/etc/hostname']);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('filters return the rows direct SQL finds', () => {
  it('--syscall, -e trace= and %class', () => {
    expect(jsonIds(ok(ls, '--syscall', 'openat,read', '--format', 'json'))).toEqual(ids(ls, "name IN ('openat', 'read')"));
    expect(jsonIds(ok(ls, '-e', 'trace=openat,read', '--format', 'json'))).toEqual(ids(ls, "name IN ('openat', 'read')"));
    expect(jsonIds(ok(ls, '--syscall', '!%memory', '--syscall', '/stat', '--format', 'json'))).toEqual(ids(ls, "name LIKE '%stat%'"));
  });

  it('--syscall %file names the same syscalls as strace -e trace=%file on the same command', () => {
    const ours = (JSON.parse(ok(ls, '-e', 'trace=%file', '--format', 'json')) as { name: string }[]).map((r) => r.name);
    expect(ours.length).toBeGreaterThan(50);
    expect(ours).toEqual(straceNames(['-e', 'trace=%file'], ['ls', '-l', '/']));
  });

  it('--path follows descriptors like strace -P', () => {
    const ours = (JSON.parse(ok(cat, '--path', '/etc/hostname', '--format', 'json')) as { name: string }[]).map((r) => r.name);
    expect(ours).toEqual(straceNames(['-P', '/etc/hostname'], ['cat', '/etc/hostname']));
    expect(ours).toEqual(expect.arrayContaining(['openat', 'read', 'close']));
    // a glob, and a path only some processes touched
    expect(jsonIds(ok(sh, '--path', '/etc/host*', '--format', 'json')).length).toBeGreaterThanOrEqual(ours.length);
  });

  it('--pid, --children and --tid', () => {
    const procs = sql<{ pid: number; ppid: number | null }>(sh, 'SELECT pid, ppid FROM processes ORDER BY id');
    expect(procs.length).toBe(4);
    const [shell, child] = procs;
    expect(jsonIds(ok(sh, '--pid', String(child.pid), '--format', 'json'))).toEqual(ids(sh, 'pid = ?', child.pid));
    expect(jsonIds(ok(sh, '--pid', String(shell.pid), '--children', '--format', 'json'))).toEqual(ids(sh, '1'));
    expect(jsonIds(ok(sh, '--tid', String(child.pid), '--format', 'json'))).toEqual(ids(sh, 'tid = ?', child.pid));
  });

  it('--failed, --successful, --errno', () => {
    expect(jsonIds(ok(ls, '--failed', '--format', 'json'))).toEqual(ids(ls, 'ret BETWEEN -4095 AND -1'));
    expect(jsonIds(ok(ls, '-z', '--format', 'json'))).toEqual(ids(ls, 'ret IS NOT NULL AND NOT ret BETWEEN -4095 AND -1'));
    expect(jsonIds(ok(ls, '--errno', 'ENOENT,ENODATA', '--format', 'json'))).toEqual(ids(ls, "errno IN ('ENOENT', 'ENODATA')"));
  });

  it('--fd', () => {
    const got = jsonIds(ok(cat, '--fd', '1', '--format', 'json'));
    expect(got).toEqual(ids(cat, "(name IN ('write', 'fstat', 'close', 'dup2', 'ioctl', 'fcntl', 'lseek', 'read') AND (a0 & 0xffffffff) = 1) OR (name = 'newfstatat' AND (a0 & 0xffffffff) = 1)"));
    expect(got.length).toBeGreaterThan(0);
  });

  it('--since/--until in seconds and @seq', () => {
    const [{ t }] = sql<{ t: number }>(ls, "SELECT entry_ns AS t FROM syscalls WHERE name = 'getdents64' ORDER BY id LIMIT 1");
    const since = (t / 1e9).toFixed(9);
    expect(jsonIds(ok(ls, '--since', since, '--format', 'json'))).toEqual(ids(ls, 'entry_ns >= ?', t));
    expect(jsonIds(ok(ls, '--until', since, '--format', 'json'))).toEqual(ids(ls, 'entry_ns <= ?', t));
    expect(jsonIds(ok(ls, '--since', '@100', '--until', '@200', '--format', 'json'))).toEqual(ids(ls, 'entry_seq BETWEEN 100 AND 200'));
  });

  it('--where, --limit and ndjson/csv', () => {
    expect(jsonIds(ok(ls, '--where', "name = 'read' AND a2 > 500", '--format', 'json'))).toEqual(ids(ls, "name = 'read' AND a2 > 500"));
    const nd = ok(ls, '--syscall', 'openat', '--limit', '3', '--format', 'ndjson').trim().split('\n').map((l) => JSON.parse(l) as { id: number; name: string; path: string });
    expect(nd.map((r) => r.id)).toEqual(ids(ls, "name = 'openat'").slice(0, 3));
    const csv = ok(ls, '--syscall', 'openat', '--limit', '3', '--format', 'csv').trim().split('\n');
    expect(csv[0]).toBe('id,pid,tid,nr,name,a0,a1,a2,a3,a4,a5,ret,errno,entry_seq,exit_seq,entry_ns,exit_ns,path');
    expect(csv.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(nd.map((r) => r.id));
  });

  it('--context N adds neighbours, merging groups that touch', () => {
    const match = ids(sh, "errno = 'ECHILD'");
    expect(match.length).toBeGreaterThan(0);
    const all = ids(sh, '1');
    const want = new Set(match.flatMap((m) => all.slice(Math.max(0, all.indexOf(m) - 2), all.indexOf(m) + 3)));
    expect(jsonIds(ok(sh, '--errno', 'ECHILD', '--context', '2', '--format', 'json'))).toEqual([...want].sort((a, b) => a - b));
  });

  it('--syscall none --signal lists signal deliveries', () => {
    const rows = ok(sh, '--syscall', 'none', '--signal', 'SIGCHLD', '--format', 'ndjson').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; signal: string });
    const want = sql<{ seq: number }>(sh, "SELECT seq FROM stops WHERE kind = 'signal' AND sig = 17 ORDER BY seq").map((r) => r.seq);
    expect(want.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.seq)).toEqual(want);
    expect(rows.every((r) => r.signal === 'SIGCHLD')).toBe(true);
  });
});

describe('views', () => {
  it('-c has the layout, syscalls and counts of strace -c for ls -l /', () => {
    const log = path.join(dir, 'strace-c.txt');
    spawnSync('strace', ['-f', '-c', '-o', log, '--', 'ls', '-l', '/'], { env, cwd });
    const theirs = readFileSync(log, 'utf8').trimEnd().split('\n');
    const ours = ok(ls, '-c').trimEnd().split('\n');
    const shape = (l: string): string => l.replace(/\d/g, '9').replace(/9+(\.9+)?/g, (m) => (m.includes('.') ? '9.9' : '9'));
    expect(ours.slice(0, 2)).toEqual(theirs.slice(0, 2));
    expect(ours.at(-2)).toBe(theirs.at(-2));
    // columns: % time (6), seconds (11), usecs/call (11), calls (9), errors (9), syscall
    const counts = (lines: string[]): Map<string, string> =>
      new Map(lines.slice(2, -2).map((l) => [l.slice(51), `${l.slice(31, 40).trim()}/${l.slice(41, 50).trim()}`]));
    expect(counts(ours).size).toBeGreaterThan(20);
    expect(counts(ours)).toEqual(counts(theirs));
    expect(ours.at(-1)!.slice(31)).toBe(theirs.at(-1)!.slice(31));
    for (const l of [...ours.slice(2, -2), ours.at(-1)!]) expect(shape(l)).toMatch(/^ *9\.9 +9\.9 +9 +9( +9)? +[a-z_0-9]+$/);
    for (const l of theirs.slice(2, -2)) expect(shape(l)).toMatch(/^ *9\.9 +9\.9 +9 +9( +9)? +[a-z_0-9]+$/);
  });

  it('-c -S calls and -S name order like strace', () => {
    const calls = ok(ls, '-c', '-S', 'calls').split('\n').slice(2, -3).map((l) => Number(l.slice(31, 40)));
    expect(calls).toEqual([...calls].sort((a, b) => b - a));
    const names = ok(ls, '-c', '-S', 'name').split('\n').slice(2, -3).map((l) => l.slice(51));
    expect(names).toEqual([...names].sort());
    expect(JSON.parse(ok(ls, '-c', '--format', 'json')).length).toBe(names.length);
  });

  it('--tree shows processes, commands, statuses and syscall counts', () => {
    const lines = ok(sh, '--tree').trimEnd().split('\n');
    expect(lines[0]).toMatch(/PID +STATUS +THREADS +SYSCALLS +COMMAND/);
    expect(lines[1]).toMatch(/exit 3 .* sh -c /);
    expect(lines.slice(2).map((l) => l.replace(/^.*?\\_ /, ''))).toEqual(['cat /etc/hostname', 'wc -c', 'ls /nonexistent']);
    expect(lines[4]).toMatch(/exit 2 /);
    const total = sql<{ n: number }>(sh, 'SELECT count(*) AS n FROM syscall')[0].n;
    const counts = lines.slice(1).map((l) => Number(l.trim().split(/ {2,}/)[3]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
    expect(JSON.parse(ok(sh, '--tree', '--format', 'json'))[0].children.length).toBe(3);
  });

  it('--info tells how the recording was made; -v adds the environment', () => {
    const info = ok(ls, '--info');
    for (const want of [/^command +ls -l \/$/m, /^cwd +.*test\/\.work\/cwd$/m, /^executable +\/usr\/bin\/ls$/m, /^ +sha256 +[0-9a-f]{64}$/m, /^status +complete$/m, /^schema +version \d+$/m, /^environment +4 variables/m, /\/usr\/bin\/ls$/m]) {
      expect(info).toMatch(want);
    }
    expect(info).not.toContain('LC_ALL=C');
    expect(info).not.toContain('\x1b[');
    expect(ok(ls, '--info', '-v')).toMatch(/^ +LC_ALL=C$/m);
    expect(JSON.parse(ok(ls, '--info', '--format', 'json')).argv).toEqual(['ls', '-l', '/']);
  });

  it('--sql prints an aligned table, or csv/json', () => {
    expect(ok(ls, '--sql', "SELECT name, count(*) AS n FROM syscalls WHERE name IN ('brk', 'execve') GROUP BY name ORDER BY name")).toBe(
      'name    n\n------  -\nbrk     3\nexecve  1\n',
    );
    expect(ok(ls, '--sql', 'SELECT 1 AS a, NULL AS b', '--format', 'csv')).toBe('a,b\n1,\n');
    expect(JSON.parse(ok(ls, '--sql', "SELECT 'x' AS a", '--format', 'json'))).toEqual([{ a: 'x' }]);
  });

  it('stops quietly when the reader goes away', () => {
    const r = spawnSync('bash', ['-c', `'${process.execPath}' '${traceQ}' '${ls}' --format ndjson | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`], { env, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('0');
    expect(r.stderr).toBe('');
  });

  it('strace format goes through the renderer with the filter as selection', () => {
    const out = ok(ls, '--syscall', 'openat').trimEnd().split('\n');
    const names = out.map((l) => /^(?:\d+ +)?([a-z_0-9]+)\(/.exec(l)?.[1] ?? l.replace(/^\d+ +/, ''));
    expect(names).toEqual([...straceNames(['-e', 'trace=openat'], ['ls', '-l', '/']), '+++ exited with 0 +++']);
    const limited = ok(ls, '--syscall', 'openat', '--limit', '2').trimEnd().split('\n');
    expect(limited).toEqual(out.slice(0, 2));
    // --context: the same rows as JSON, groups separated by --
    const groups = ok(sh, '--errno', 'ECHILD', '--context', '2').trimEnd().split('\n');
    const rows = jsonIds(ok(sh, '--errno', 'ECHILD', '--context', '2', '--format', 'json'));
    const separators = rows.filter((id, i) => i > 0 && id !== rows[i - 1] + 1).length;
    expect(groups.filter((l) => l === '--').length).toBe(separators);
    expect(groups.length).toBe(rows.length + separators);
  });

  it('a selection prints its lines as the whole rendering does, paths from the syscall rows included', () => {
    // Paths the row's path column cannot stand for: not UTF-8, cut at the capture limit
    // (--capture-bytes 64), longer than PATH_MAX, and a real U+FFFD.
    const script = [
      'import os',
      "for p in [b'/etc/hostname', b'/nonexistent/\\xff\\xfe', '/nonexistent/\u00e9'.encode(), b'/nonexistent/' + b'x' * 100,",
      "          b'/' + b'y' * 5000, b'/nonexistent/\\xef\\xbf\\xbd', b'/nonexistent/' + b'z' * 50]:",
      '    try: os.close(os.open(p, os.O_RDONLY))',
      '    except OSError: pass',
    ].join('\n');
    const db = path.join(dir, 'paths.db');
    const r = spawnSync(process.execPath, [traceRec, '-q', '--capture-bytes', '64', '-o', db, '--', 'python3', '-c', script], { env, cwd, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const openats = (out: string): string[] => out.split('\n').filter((l) => /^\d+ +openat\(/.test(l));
    const selected = openats(ok(db, '--syscall', 'openat'));
    expect(selected).toEqual(openats(ok(db)));
    const ours = selected.filter((l) => l.includes('"/nonexistent/') || l.includes('"/yyy'));
    expect(ours.map((l) => /openat\(AT_FDCWD, ("[^"]*"(?:\.\.\.)?)/.exec(l)?.[1])).toEqual([
      '"/nonexistent/\\377\\376"',
      '"/nonexistent/\\303\\251"',
      `"/nonexistent/${'x'.repeat(51)}"...`,
      `"/${'y'.repeat(63)}"...`,
      '"/nonexistent/\\357\\277\\275"',
      `"/nonexistent/${'z'.repeat(50)}"`,
    ]);
  });
});

describe('the recording is never changed', () => {
  it('--sql "DELETE FROM stops" is refused and the file stays the same', () => {
    const before = sha256(ls);
    for (const stmt of ['DELETE FROM stops', 'DROP TABLE stops', 'UPDATE recording SET complete = 0', "VACUUM INTO '" + path.join(dir, 'copy.db') + "'", 'PRAGMA user_version = 7']) {
      const r = q(ls, '--sql', stmt);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^trace-q: .*read-only/);
    }
    expect(existsSync(path.join(dir, 'copy.db'))).toBe(false);
    expect(sha256(ls)).toBe(before);
    expect(sql(ls, 'SELECT count(*) AS n FROM stops')[0].n).toBeGreaterThan(0);
  });
});

describe('bad input: exit 2, one line, no stack trace', () => {
  const files: Record<string, () => string> = {
    missing: () => path.join(dir, 'no-such.db'),
    'a text file': () => {
      const f = path.join(dir, 'text.txt');
      writeFileSync(f, 'hello, not a database\n'.repeat(100));
      return f;
    },
    'a truncated recording': () => {
      const f = path.join(dir, 'truncated.db');
      const size = readFileSync(ls).length;
      spawnSync('sh', ['-c', `head -c ${Math.floor(size / 3)} '${ls}' > '${f}'`]);
      return f;
    },
    'a newer schema': () => {
      const f = path.join(dir, 'v999.db');
      copyFileSync(ls, f);
      const d = new Database(f);
      d.pragma('user_version = 999');
      d.close();
      return f;
    },
    'a SQLite file that is not a recording': () => {
      const f = path.join(dir, 'other.db');
      const d = new Database(f);
      d.exec('CREATE TABLE t (x)');
      d.close();
      return f;
    },
  };
  const messages: Record<string, RegExp> = {
    missing: /no such file/,
    'a text file': /not a SQLite file \(file is not a database\)/,
    'a truncated recording': /damaged \(truncated or corrupt\)/,
    'a newer schema': /schema version 999, newer than this trace-q reads \(\d+\)/,
    'a SQLite file that is not a recording': /not a tracedb recording/,
  };

  function expectOneLine(r: Run, message: RegExp): void {
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^trace-q: /);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/^ {4}at /m);
  }

  it.each(Object.keys(files))('%s', (name) => {
    const f = files[name]();
    for (const view of [['-c'], ['--format', 'json'], ['--info'], ['--tree'], ['--sql', 'SELECT count(*) FROM syscall']]) expectOneLine(q(f, ...view), messages[name]);
  });

  it.each([
    [['--syscall', 'opnat'], /unknown syscall 'opnat'/],
    [['--syscall', '%filez'], /unknown syscall class/],
    [['--errno', 'ENOTATHING'], /unknown errno/],
    [['--signal', 'SIGFOO'], /unknown signal/],
    [['--path', '/etc/[x'], /bad glob/],
    [['--pid', 'twelve'], /--pid wants a whole number/],
    [['--pid', '999999999'], /no process 999999999/],
    [['--limit', '-3'], /./],
    [['--since', '1s'], /--since wants seconds/],
    [['--where', 'ret >'], /--where: /],
    [['--where', 'nosuch = 1'], /--where: no such column: nosuch/],
    [['--sql', 'SELEC 1'], /--sql: near "SELEC": syntax error/],
    [['--format', 'yaml'], /--format takes/],
    [['--frobnicate'], /Unknown argument/],
  ])('%j', (args, message) => {
    expectOneLine(q(ls, ...args), message);
  });

  it('no recording at all', () => {
    expectOneLine(q(), /no recording given/);
  });
});

describe('an interrupted recording', () => {
  it('is readable and flagged with the stop it ends at', async () => {
    const db = path.join(dir, 'sleep.db');
    const child = spawn(process.execPath, [traceRec, '-q', '-o', db, '--force', '--', 'sleep', '5'], { env, cwd, stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(db); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGINT');
    await new Promise((r) => child.on('exit', r));
    const [{ complete, interrupted_by, last }] = sql<{ complete: number; interrupted_by: string; last: number }>(
      db,
      'SELECT complete, interrupted_by, (SELECT max(seq) FROM stops) AS last FROM recording',
    );
    expect(complete).toBe(0);
    expect(interrupted_by).toBe('SIGINT');
    const r = q(db, '--format', 'json');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`trace-q: note: recording was interrupted (SIGINT); it ends at stop ${last}\n`);
    expect(jsonIds(r.stdout)).toEqual(ids(db, '1'));
    const info = q(db, '--info');
    expect(info.status).toBe(0);
    expect(info.stdout.split('\n')).toContainEqual(`status        interrupted (SIGINT); it ends at stop ${last}`);
  });
});
