// End to end: record real programs with trace-rec, query them with trace-q, and check the
// answers against direct SQL on the file and against strace's own filtering and -c table.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOldSchema } from './support/old-schema.js';

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
/** The syscall objects of --format json (the events of kind syscall). */
const jsonSyscalls = (out: string): { id: number; name: string }[] =>
  (JSON.parse(out) as { events: { kind: string; id: number; name: string }[] }).events.filter((e) => e.kind === 'syscall');
const jsonIds = (out: string): number[] => jsonSyscalls(out).map((r) => r.id);

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
    const ours = jsonSyscalls(ok(ls, '-e', 'trace=%file', '--format', 'json')).map((r) => r.name);
    expect(ours.length).toBeGreaterThan(50);
    expect(ours).toEqual(straceNames(['-e', 'trace=%file'], ['ls', '-l', '/']));
  });

  it('--path follows descriptors like strace -P', () => {
    const ours = jsonSyscalls(ok(cat, '--path', '/etc/hostname', '--format', 'json')).map((r) => r.name);
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
    const [header, ...nd] = ok(ls, '--syscall', 'openat', '--limit', '3', '--format', 'ndjson').trim().split('\n').map((l) => JSON.parse(l) as { id: number; name: string; path: string });
    expect(header).toEqual({ kind: 'header', format_version: 1 });
    expect(nd.map((r) => r.id)).toEqual(ids(ls, "name = 'openat'").slice(0, 3));
    const csv = ok(ls, '--syscall', 'openat', '--limit', '3', '--format', 'csv').trim().split('\n');
    expect(csv[0]).toBe('id,pid,tid,nr,name,a0,a1,a2,a3,a4,a5,ret,errno,entry_seq,exit_seq,entry_ns,exit_ns,path,args');
    expect(csv.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(nd.map((r) => r.id));
  });

  it('--context N adds neighbours, merging groups that touch', () => {
    const match = ids(sh, "errno = 'ECHILD'");
    expect(match.length).toBeGreaterThan(0);
    const all = ids(sh, '1');
    const want = new Set(match.flatMap((m) => all.slice(Math.max(0, all.indexOf(m) - 2), all.indexOf(m) + 3)));
    expect(jsonIds(ok(sh, '--errno', 'ECHILD', '--context', '2', '--format', 'json'))).toEqual([...want].sort((a, b) => a - b));
  });

  it('--syscall none --signal lists signal deliveries (and the exits, as the strace view does)', () => {
    const events = ok(sh, '--syscall', 'none', '--signal', 'SIGCHLD', '--format', 'ndjson').trim().split('\n').slice(1).map((l) => JSON.parse(l) as { kind: string; seq: number; signal: string });
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['signal', 'exit']));
    const rows = events.filter((e) => e.kind === 'signal');
    const want = sql<{ seq: number }>(sh, "SELECT seq FROM stops WHERE kind = 'signal' AND sig = 17 ORDER BY seq").map((r) => r.seq);
    expect(want.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.seq)).toEqual(want);
    expect(rows.every((r) => r.signal === 'SIGCHLD')).toBe(true);
  });
});

/** The table strace -f -c ARGS prints for the program argv, as lines. */
function straceSummary(args: string[], argv: string[]): string[] {
  const log = path.join(dir, `strace-c-${Math.random().toString(36).slice(2)}.txt`);
  const r = spawnSync('strace', ['-f', '-c', ...args, '-o', log, '--', ...argv], { env, cwd });
  if (r.error) throw r.error;
  return readFileSync(log, 'utf8').trimEnd().split('\n');
}

// the default columns: % time (6), seconds (11), usecs/call (11), calls (9), errors (9), syscall
const summaryNames = (lines: string[]): string[] => lines.slice(2, -2).map((l) => l.slice(51));
const summaryCounts = (lines: string[]): Map<string, string> =>
  new Map(lines.slice(2, -2).map((l) => [l.slice(51), `${l.slice(31, 40).trim()}/${l.slice(41, 50).trim()}`]));

describe('views', () => {
  it.each([[[]], [['-w']]])('-c %j has the layout, syscalls and counts of strace -c %j for ls -l /', (extra: string[]) => {
    const theirs = straceSummary(extra, ['ls', '-l', '/']);
    const ours = ok(ls, '-c', ...extra).trimEnd().split('\n');
    const shape = (l: string): string => l.replace(/\d/g, '9').replace(/9+(\.9+)?/g, (m) => (m.includes('.') ? '9.9' : '9'));
    expect(ours.slice(0, 2)).toEqual(theirs.slice(0, 2));
    expect(ours.at(-2)).toBe(theirs.at(-2));
    expect(summaryCounts(ours).size).toBeGreaterThan(20);
    expect(summaryCounts(ours)).toEqual(summaryCounts(theirs));
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
    // the same syscalls with the same counts, so the very same order (ties in syscall-number order)
    for (const sort of ['calls', 'name', 'errors', 'nothing']) {
      expect(summaryNames(ok(ls, '-c', '-S', sort).trimEnd().split('\n')), sort).toEqual(summaryNames(straceSummary(['-S', sort], ['ls', '-l', '/'])));
    }
  });

  it('-U chooses and orders the columns as strace -U does', () => {
    const columns = 'calls,name,shortest,longest,avg-time,total-time,errors,time-percent';
    const theirs = straceSummary(['-U', columns], ['ls', '-l', '/']);
    const ours = ok(ls, '-c', '-U', columns).trimEnd().split('\n');
    expect(ours.slice(0, 2)).toEqual(theirs.slice(0, 2));
    expect(ours.at(-2)).toBe(theirs.at(-2));
    // calls, then the name padded to its column, as strace pads a name that is not last
    const counts = (lines: string[]): string[] => lines.slice(2, -2).map((l) => l.slice(0, 27)).sort();
    expect(counts(ours)).toEqual(counts(theirs));
    expect(ours.at(-1)!.slice(0, 27)).toBe(theirs.at(-1)!.slice(0, 27));
    expect(ok(ls, '-c', '-U', 'name,calls').trimEnd().split('\n').slice(0, 2)).toEqual(straceSummary(['-U', 'name,calls'], ['ls', '-l', '/']).slice(0, 2));
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
    'a FIFO': () => {
      const f = path.join(dir, 'fifo.db');
      if (!existsSync(f)) spawnSync('mkfifo', [f]);
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
    'a FIFO': /not a regular file \(a FIFO\)/,
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
    for (const view of [[], ['-c'], ['--format', 'json'], ['--info'], ['--tree'], ['--sql', 'SELECT count(*) FROM syscall']]) expectOneLine(q(f, ...view), messages[name]);
    const d = spawnSync(process.execPath, [path.join(root, 'packages/query/bin/trace-diff.js'), f, ls], { encoding: 'utf8', timeout: 30_000 });
    expect(d.status).toBe(2);
    expect(d.stderr).toMatch(/^trace-diff: [^\n]+\n$/);
  });

  it('a recording damaged in the middle: what was read is printed, then one line naming the damage', () => {
    const f = path.join(dir, 'damaged.db');
    copyFileSync(ls, f);
    const db = new Database(f, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const root = (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'syscall'").get() as { rootpage: number }).rootpage;
    db.close();
    // the syscall table's root page gets an invalid page type: any read of the table meets it
    const bytes = readFileSync(f);
    bytes.fill(0x00, (root - 1) * pageSize, (root - 1) * pageSize + 12);
    writeFileSync(f, bytes);
    for (const view of [[], ['-c'], ['--sql', 'SELECT max(a1) FROM syscall NOT INDEXED']]) {
      const r = q(f, ...view);
      expect(r.status, view.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^trace-q: .*damaged\.db: the recording is damaged \(truncated or corrupt\): [^\n]+\n$/);
    }
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
    [['-s', '99999999999'], /-s wants a whole number from 0 to 1073741823, got '99999999999'/],
    [['-a', '99999999999'], /-a wants a whole number from 0 to 2147483647/],
    [['--since', '1s'], /--since wants seconds/],
    [['--where', 'ret >'], /--where: /],
    [['--where', 'nosuch = 1'], /--where: no such column: nosuch/],
    [['--sql', 'SELEC 1'], /--sql: near "SELEC": syntax error/],
    [['--format', 'yaml'], /--format takes/],
    [['--frobnicate'], /Unknown argument/],
    [['-w'], /-w times the summary of -c or -C/],
    [['-c', '-U', 'calls,bogus'], /-U: unknown column name: 'bogus'/],
    [['-c', '-S', 'total'], /-S takes one of/],
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

describe('-c charges system time as strace -c does; -w wall-clock time', () => {
  const noSystemTimes = (why: string): string => `trace-q: this recording has no system times (${why}); showing wall-clock time as -w would\n`;
  const GETRANDOM_THREADS =
    'import os, threading\nts = [threading.Thread(target=lambda: [os.urandom(1 << 20) for _ in range(16)]) for _ in range(4)]\n' +
    '[t.start() for t in ts]\n[t.join() for t in ts]';
  let urandom: string;
  let threads: string;

  beforeAll(() => {
    urandom = record('urandom', ['dd', 'if=/dev/urandom', 'of=/dev/null', 'bs=1M', 'count=64']);
    threads = record('getrandom', ['python3', '-c', GETRANDOM_THREADS]);
  });

  /** The recording as trace-rec wrote it before schema 7: no stime_ns or sys_ns, views of schema 6. */
  function schema6Copy(db: string): string {
    const old = path.join(dir, `${path.basename(db, '.db')}-schema6.db`);
    writeOldSchema(db, old, 6);
    return old;
  }

  it('trace-rec keeps the system time at every stop: never less than at an earlier stop of the process; sys_ns never negative', () => {
    for (const db of [ls, sh, urandom, threads]) {
      expect(sql(db, 'SELECT count(*) AS n FROM stops WHERE stime_ns IS NULL')).toEqual([{ n: 0 }]);
      const backwards = sql(db, 'SELECT seq FROM (SELECT seq, stime_ns < lag(stime_ns) OVER (PARTITION BY pid ORDER BY seq) AS back FROM stops) WHERE back');
      expect(backwards, db).toEqual([]);
      expect(sql(db, 'SELECT count(*) AS n FROM syscalls WHERE sys_ns < 0 OR (exit_seq IS NOT NULL AND sys_ns IS NULL)'), db).toEqual([{ n: 0 }]);
      expect(sql(db, 'SELECT count(*) AS n FROM syscalls s JOIN stops x ON x.seq = s.exit_seq JOIN stops e ON e.seq = s.entry_seq WHERE s.sys_ns IS NOT x.stime_ns - e.stime_ns')).toEqual([{ n: 0 }]);
    }
    // four threads of one process: the thread group's time, growing whichever thread stops
    expect(sql(threads, 'SELECT count(DISTINCT tid) AS n FROM stops')).toEqual([{ n: 5 }]);
  });

  it('CPU-heavy syscalls get system time: reads of /dev/urandom lead -c, as in strace -c; getrandom in threads', () => {
    const [{ ns, busy }] = sql<{ ns: number; busy: number }>(urandom, "SELECT sum(sys_ns) AS ns, count(CASE WHEN sys_ns > 0 THEN 1 END) AS busy FROM syscalls WHERE name = 'read'");
    expect(ns).toBeGreaterThan(10e6); // 64 MiB from the kernel's generator: ~0.1 s here
    expect(busy).toBeGreaterThan(32);
    const top = (lines: string[]): [string, number] => [lines[2].slice(51), Number(lines[2].slice(0, 6))];
    const ours = top(ok(urandom, '-c').split('\n'));
    const theirs = top(straceSummary([], ['dd', 'if=/dev/urandom', 'of=/dev/null', 'bs=1M', 'count=64']));
    expect([ours[0], theirs[0]]).toEqual(['read', 'read']);
    expect(ours[1]).toBeGreaterThan(50);
    expect(theirs[1]).toBeGreaterThan(50);
    expect(sql(threads, "SELECT sum(sys_ns) > 10e6 AS busy FROM syscalls WHERE name = 'getrandom'")).toEqual([{ busy: 1 }]);
    expect(summaryNames(ok(threads, '-c').trimEnd().split('\n'))[0]).toBe('getrandom');
  });

  it('-c totals system time, -c -w the time from entry to exit, each as direct SQL sums them', () => {
    const seconds = (ns: number): string => (Math.floor(ns / 1e9) + (ns % 1e9) / 1e9).toFixed(6);
    const cells = (out: string, name: string): string => out.trimEnd().split('\n').find((l) => l.endsWith(` ${name}`))!.slice(7, 18).trim();
    const sums = sql<{ name: string; sys: number; wall: number }>(
      urandom,
      "SELECT name, sum(max(sys_ns, 0)) AS sys, sum(exit_ns - entry_ns) AS wall FROM syscalls WHERE ret IS NOT NULL AND name IN ('read', 'write', 'openat') GROUP BY name",
    );
    const [total] = sql<{ sys: number; wall: number }>(urandom, 'SELECT sum(max(sys_ns, 0)) AS sys, sum(exit_ns - entry_ns) AS wall FROM syscalls WHERE ret IS NOT NULL');
    const system = ok(urandom, '-c');
    const wall = ok(urandom, '-c', '-w');
    for (const s of sums) {
      expect(cells(system, s.name), s.name).toBe(seconds(s.sys));
      expect(cells(wall, s.name), s.name).toBe(seconds(s.wall));
    }
    expect(cells(system, 'total')).toBe(seconds(total.sys));
    expect(cells(wall, 'total')).toBe(seconds(total.wall));
    expect(total.wall).toBeGreaterThan(total.sys);
    expect(JSON.parse(ok(urandom, '-c', '-w', '--format', 'json')).find((r: { syscall: string }) => r.syscall === 'read').seconds).toBe(sums.find((s) => s.name === 'read')!.wall / 1e9);
  });

  it('a recording without system times says so in one line before the table, and shows wall-clock time as -w', () => {
    const wall = ok(ls, '-c', '-w');
    const old = schema6Copy(ls);
    expect(q(old, '-c')).toEqual({ status: 0, stdout: wall, stderr: noSystemTimes('schema 6') });
    expect(q(old, '-c', '-w')).toEqual({ status: 0, stdout: wall, stderr: '' });
    const unset = path.join(dir, 'ls-no-stime.db');
    copyFileSync(ls, unset);
    const d = new Database(unset);
    d.exec('UPDATE stop SET stime_ns = NULL; UPDATE syscall SET sys_ns = NULL');
    d.close();
    expect(q(unset, '-c')).toEqual({ status: 0, stdout: wall, stderr: noSystemTimes('none recorded') });
    // -C: after the syscalls, right before the table
    const both = path.join(dir, 'ls-C.txt');
    const fd = openSync(both, 'w');
    const r = spawnSync(process.execPath, [traceQ, old, '-C'], { env, cwd, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    expect(r.status).toBe(0);
    const lines = readFileSync(both, 'utf8').split('\n');
    const at = lines.indexOf(noSystemTimes('schema 6').trimEnd());
    expect(lines.filter((l) => l.startsWith('trace-q:'))).toHaveLength(1);
    expect(lines[at - 1]).toMatch(/^\d+ +\+\+\+ exited with 0 \+\+\+$/);
    expect(lines[at + 1]).toBe('% time     seconds  usecs/call     calls    errors syscall');
  });

  it('an imported strace log: the calls and errors strace -C counted in that run, no exit_group, no null', () => {
    const log = path.join(dir, 'sh-C.log');
    const run = spawnSync('strace', ['-f', '-C', '-o', log, '--', 'sh', '-c', 'echo a | cat; ls /nonexistent'], { env, cwd });
    expect(run.status).toBe(2);
    const text = readFileSync(log, 'utf8');
    const at = text.indexOf('% time');
    const trace = path.join(dir, 'sh-C.trace');
    writeFileSync(trace, text.slice(0, at));
    expect(text.slice(0, at)).toMatch(/exit_group\(\d+\) += \?\n/);
    const db = path.join(dir, 'sh-C.db');
    const imp = spawnSync(process.execPath, [traceQ, 'import', trace, '-o', db, '-q'], { env, cwd, encoding: 'utf8' });
    expect(imp.status).toBe(0);
    const theirs = text.slice(at).trimEnd().split('\n');
    const r = q(db, '-c');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(noSystemTimes('imported strace log'));
    const ours = r.stdout.trimEnd().split('\n');
    expect(summaryCounts(ours).size).toBeGreaterThan(20);
    expect(summaryCounts(ours)).toEqual(summaryCounts(theirs));
    expect(ours.at(-1)!.slice(31)).toBe(theirs.at(-1)!.slice(31));
    expect(r.stdout).not.toMatch(/null|exit_group/);
    expect(q(db, '-c', '-w')).toEqual({ status: 0, stdout: r.stdout, stderr: '' });
  });
});

describe('--timeout', () => {
  const endless = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';

  it('stops a query SQLite would run for ever: one line, exit 2', () => {
    const r = q(ls, '--sql', endless, '--timeout', '1');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('trace-q: stopped after 1 s (--timeout)\n');
  });

  it('a query that ends in time prints what it prints without --timeout', () => {
    const sqlText = 'SELECT name, count(*) n FROM syscalls GROUP BY name ORDER BY n DESC, name LIMIT 5';
    expect(q(ls, '--sql', sqlText, '--timeout', '60')).toEqual(q(ls, '--sql', sqlText));
    expect(q(ls, '--timeout=60', '-c').stdout).toBe(q(ls, '-c').stdout);
  });

  it.each(['0', 'x', '1.5'])('--timeout %s is refused', (v) => {
    const r = q(ls, '--timeout', v);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^trace-q: --timeout wants a whole number from 1 to 86400/);
  });
});
