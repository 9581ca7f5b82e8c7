// Fleets: recording ids and hosts (migrations/0016), trace-q export --parquet, trace-q fleet
// --sql and trace-q upgrade, through the command line. Recordings of a C fixture are made on
// "hosts" that are UTS namespaces with their own host names (unshare -u, as root), plus a strace
// log imported with --host; the fleet's answers are checked against trace-q --sql on each file.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { writeOldSchema } from './support/old-schema.js';
import { parseCsv } from './support/parse-csv.js';
import { repoRoot, runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';

const traceQ = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');
const TABLES = ['syscalls', 'stops', 'processes', 'threads', 'execs', 'signals', 'recording'];
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function q(...args: string[]): Run {
  const r = spawnSync(process.execPath, [traceQ, ...args], { env: testEnv(), cwd: runCwd(), encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(...args: string[]): string {
  const r = q(...args);
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.status, args.join(' ')).toBe(0);
  return r.stdout;
}

/** Rows of CSV output as objects. */
function csv(text: string): Record<string, string>[] {
  const [head, ...rows] = parseCsv(text).filter((r) => r.length > 1 || r[0] !== '');
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

const recSql = (db: string, sql: string): Record<string, string>[] => csv(ok(db, '--sql', sql, '--format', 'csv'));
const fleetSql = (dir: string, sql: string): Record<string, string>[] => csv(ok('fleet', dir, '--sql', sql, '--format', 'csv'));

let work: string;
let dbs: Record<'a' | 'b' | 'c' | 'd', string>;
const hosts = { a: 'fleet-a', b: 'fleet-b', c: 'fleet-c', d: 'fleet-d' };

/** trace-rec in a UTS namespace whose host name is `host`. */
function recordOn(host: string, name: string, argv: string[]): string {
  const db = path.join(work, `${name}.db`);
  const r = spawnSync('unshare', ['-u', 'sh', '-c', 'hostname "$0" && shift && exec "$@"', host, 'x', process.execPath, traceRecBin, '-q', '--no-pin', '-o', db, '--', ...argv], {
    env: testEnv(),
    cwd: runCwd(),
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return db;
}

function info(db: string): { recording_id: string | null; host: string | null } {
  return JSON.parse(ok(db, '--info', '--format', 'json')) as { recording_id: string | null; host: string | null };
}

/** The files under dir, relative to it. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** quantile_cont as DuckDB computes it: linear between the two nearest ranks. */
function quantileCont(values: number[], p: number): number {
  const v = [...values].sort((x, y) => x - y);
  const pos = (v.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

beforeAll(() => {
  work = scratchDir('fleet');
  const io = fixture('fleet-io');
  const scratch = (n: string): string => path.join(work, n);
  dbs = {
    a: recordOn(hosts.a, 'a', [io, scratch('a.out'), '20']),
    b: recordOn(hosts.b, 'b', [io, scratch('b.out'), '7']),
    c: recordOn(hosts.c, 'c', ['ls', '-l', '/']),
    d: path.join(work, 'd.db'),
  };
  const log = path.join(work, 'd.strace');
  const s = spawnSync('strace', ['-f', '-o', log, io, scratch('d.out'), '4'], { env: testEnv(), cwd: runCwd() });
  expect(s.status).toBe(0);
  ok('import', log, '-o', dbs.d, '--host', hosts.d, '-q');
}, 120_000);

describe('recording_id and host (schema 16)', () => {
  it('trace-rec and trace-q import give each recording its own UUID v4 and its host; --info shows them', () => {
    const ids = new Set<string>();
    for (const [k, db] of Object.entries(dbs) as [keyof typeof dbs, string][]) {
      const i = info(db);
      expect(i.recording_id, db).toMatch(UUID_V4);
      expect(i.host).toBe(hosts[k]);
      ids.add(i.recording_id!);
      const text = ok(db, '--info');
      expect(text).toContain(`\nrecording id  ${i.recording_id}\n`);
      expect(text).toContain(`\nhost          ${hosts[k]}\n`);
    }
    expect(ids.size).toBe(4);
  });

  it('trace-q import without --host gives the importing machine its name', () => {
    const log = path.join(work, 'plain.strace');
    expect(spawnSync('strace', ['-o', log, 'true'], { env: testEnv(), cwd: runCwd() }).status).toBe(0);
    const db = path.join(work, 'plain.db');
    ok('import', log, '-o', db, '-q');
    const hostname = spawnSync('hostname', { encoding: 'utf8' }).stdout.trim();
    expect(info(db).host).toBe(hostname);
    expect(q('import', log, '-o', db, '--force', '--host', '').status).toBe(2);
  });

  it('a recording made before schema 16 gets its id when trace-q upgrade migrates it, and keeps it', () => {
    const old = path.join(work, 'old.db');
    // as trace-rec wrote it at schema 13: without what 14 (fd_details), 15 (comms), 16 (recording_id, host), 17 (ifnames) and 18 (compact stops) changed
    writeOldSchema(dbs.a, old, 13);
    expect(ok(old, '--info')).toContain('\nrecording id  ? (made before schema 16: trace-q upgrade gives it one)\n');
    const refused = q('export', old, '--parquet', path.join(work, 'never'));
    expect(refused).toEqual({ status: 2, stdout: '', stderr: `trace-q: ${old}: has no recording_id (schema version 13, before 16): trace-q upgrade ${old} gives it one\n` });
    expect(existsSync(path.join(work, 'never'))).toBe(false);

    const up = q('upgrade', old);
    expect(up.status).toBe(0);
    const m = /^trace-q: (.*): schema 13 -> 18, recording (\S+)\n$/.exec(up.stderr);
    expect(m?.[1]).toBe(old);
    expect(m?.[2]).toMatch(UUID_V4);
    expect(m?.[2]).not.toBe(info(dbs.a).recording_id);
    // the host trace-rec saw, from uname's nodename
    expect(info(old)).toMatchObject({ recording_id: m?.[2], host: hosts.a });
    expect(q('upgrade', old)).toEqual({ status: 0, stdout: '', stderr: `trace-q: ${old}: already at schema 18, recording ${m?.[2]}\n` });
    expect(info(old).recording_id).toBe(m?.[2]);
    // the migrated file reads as before
    expect(ok(old, '-a', '0')).toBe(ok(dbs.a, '-a', '0'));
  });

  it('a file whose schema number is older than its tables: one line, exit 2, the file left at the schema it holds', () => {
    const odd = path.join(work, 'odd.db');
    copyFileSync(dbs.a, odd);
    const d = new Database(odd);
    d.pragma('user_version = 13');
    d.close();
    expect(q('upgrade', odd)).toEqual({ status: 2, stdout: '', stderr: `trace-q: ${odd}: cannot upgrade from schema 13: table fd_details already exists\n` });
    const after = new Database(odd, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(13);
    after.close();
  });
});

describe('trace-q export --parquet and trace-q fleet', () => {
  let dir: string;
  let ids: Record<keyof typeof dbs, string>;

  beforeAll(() => {
    dir = path.join(work, 'fleet');
    ids = Object.fromEntries(Object.entries(dbs).map(([k, db]) => [k, info(db).recording_id!])) as typeof ids;
  });

  it('writes each table as DIR/TABLE/recording_id=UUID/part-0.parquet, and appends to DIR', () => {
    const first = q('export', dbs.a, dbs.b, '--parquet', dir);
    expect(first.status).toBe(0);
    expect(first.stderr).toBe(
      [dbs.a, dbs.b].map((db, i) => {
        const n = recSql(db, 'SELECT (SELECT count(*) FROM syscalls) AS s, (SELECT count(*) FROM stops) AS t')[0];
        return `trace-q: ${db}: recording ${[ids.a, ids.b][i]}, ${n.s} syscalls, ${n.t} stops: added in ${dir}\n`;
      }).join(''),
    );
    expect(files(dir)).toEqual(TABLES.flatMap((t) => [ids.a, ids.b].map((id) => `${t}/recording_id=${id}/part-0.parquet`)).sort());
    expect(fleetSql(dir, 'SELECT count(*) AS n FROM recording')).toEqual([{ n: '2' }]);

    const more = q('export', dbs.c, dbs.d, '--parquet', dir);
    expect(more.status).toBe(0);
    expect(more.stderr).toMatch(/: added in .*\n.*: added in .*\n$/);
    expect(files(dir)).toEqual(TABLES.flatMap((t) => Object.values(ids).map((id) => `${t}/recording_id=${id}/part-0.parquet`)).sort());
    expect(fleetSql(dir, 'SELECT recording_id, host FROM recording ORDER BY host')).toEqual(
      (['a', 'b', 'c', 'd'] as const).map((k) => ({ recording_id: ids[k], host: hosts[k] })),
    );
  });

  it('every table has, per recording, the rows trace-q --sql counts in the file', () => {
    // one query a side: the count of each table, per recording
    const counts: [string, string][] = [
      ['syscalls', 'syscalls'],
      ['stops', 'stops'],
      ['processes', 'processes'],
      ['threads', 'threads'],
      ['execs', 'execs'],
      ['signals', "stops WHERE kind = 'signal'"],
    ];
    const fleet = fleetSql(dir, `SELECT recording_id, ${counts.map(([t]) => `(SELECT count(*) FROM ${t} x WHERE x.recording_id = r.recording_id) AS ${t}`).join(', ')} FROM recording r ORDER BY recording_id`);
    const each = Object.entries(dbs)
      .map(([k, db]): Record<string, string> => ({ recording_id: ids[k as keyof typeof ids], ...recSql(db, `SELECT ${counts.map(([t, from]) => `(SELECT count(*) FROM ${from}) AS ${t}`).join(', ')}`)[0] }))
      .sort((x, y) => x.recording_id.localeCompare(y.recording_id));
    expect(fleet).toEqual(each);
    expect(each.every((r) => Number(r.syscalls) > 0 && Number(r.processes) > 0)).toBe(true);
    expect(fleetSql(dir, `SELECT signal, count(*) AS n FROM signals WHERE recording_id = '${ids.a}' GROUP BY signal`)).toEqual([{ signal: 'SIGUSR1', n: '1' }]);
  });

  it("syscalls' columns are the file's, and line is the call as trace-q prints it", () => {
    const cols = 'id, pid, tid, nr, name, a0, a1, a2, a3, a4, a5, ret, errno, entry_seq, exit_seq, entry_ns, exit_ns, path';
    for (const k of ['a', 'c', 'd'] as const) {
      const fleet = ok('fleet', dir, '--sql', `SELECT ${cols} FROM syscalls WHERE recording_id = '${ids[k]}' ORDER BY id`, '--format', 'csv');
      expect(fleet, k).toBe(ok(dbs[k], '--sql', `SELECT ${cols} FROM syscalls ORDER BY id`, '--format', 'csv'));
    }
    // args is --format csv's; line is the call as the strace view prints it (a single-threaded run:
    // each call whole on one line), but for rt_sigreturn's mask, which only a pass over the
    // earlier calls knows (the strace view), and which a call decoded alone prints as {mask=?}
    const exported = fleetSql(dir, `SELECT name, args, line FROM syscalls WHERE recording_id = '${ids.a}' ORDER BY id`);
    expect(exported.map((r) => r.args)).toEqual(csv(ok(dbs.a, '--format', 'csv')).map((r) => r.args));
    const lines = exported.map((r) => r.line);
    const printed = ok(dbs.a, '-a', '0')
      .trimEnd()
      .split('\n')
      .filter((l) => !/^\d+ +(--- |\+\+\+ )/.test(l))
      .map((l) => l.replace(/^\d+ +/, ''));
    expect(lines.length).toBe(printed.length);
    const differ = lines.flatMap((l, i) => (l === printed[i] ? [] : [[l, printed[i]]]));
    expect(differ).toEqual([['rt_sigreturn({mask=?}) = 0', 'rt_sigreturn({mask=[]}) = 0']]);
    expect(lines).toContain('openat(AT_FDCWD, "/nonexistent/fleet/libssl.so.3", O_RDONLY) = -1 ENOENT (No such file or directory)');
  }, 120_000);

  it('which hosts had openat ENOENT on a libssl path: the fleet query agrees with each recording', () => {
    const fleet = fleetSql(
      dir,
      "SELECT DISTINCT r.host FROM syscalls s JOIN recording r USING (recording_id) WHERE s.name = 'openat' AND s.errno = 'ENOENT' AND s.path LIKE '%libssl%' ORDER BY r.host",
    ).map((r) => r.host);
    const each = Object.entries(dbs)
      .filter(([, db]) => recSql(db, "SELECT count(*) AS n FROM syscalls WHERE name = 'openat' AND errno = 'ENOENT' AND path LIKE '%libssl%'")[0].n !== '0')
      .map(([k]) => hosts[k as keyof typeof hosts])
      .sort();
    expect(fleet).toEqual(each);
    expect(fleet).toEqual(['fleet-a', 'fleet-b', 'fleet-d']);
  });

  it('p99 duration of fsync by host: the fleet query agrees with the durations of each recording', () => {
    const fleet = fleetSql(
      dir,
      "SELECT r.host, count(*) AS n, quantile_cont(s.exit_ns - s.entry_ns, 0.99) AS p99_ns FROM syscalls s JOIN recording r USING (recording_id) WHERE s.name = 'fsync' GROUP BY r.host ORDER BY r.host",
    );
    const byHost = new Map<string, number[]>();
    for (const [k, db] of Object.entries(dbs)) {
      const d = recSql(db, "SELECT exit_ns - entry_ns AS d FROM syscalls WHERE name = 'fsync'").map((r) => Number(r.d));
      if (d.length > 0) byHost.set(hosts[k as keyof typeof hosts], [...(byHost.get(hosts[k as keyof typeof hosts]) ?? []), ...d]);
    }
    expect(fleet.map((r) => [r.host, Number(r.n)])).toEqual([
      ['fleet-a', 20],
      ['fleet-b', 7],
      ['fleet-d', 4],
    ]);
    for (const r of fleet) expect(Number(r.p99_ns), r.host).toBeCloseTo(quantileCont(byHost.get(r.host)!, 0.99), 3);
  });

  it('prints in the formats of trace-q --sql: table, csv, json, ndjson', () => {
    const sql = (where: string): string => `SELECT name, count(*) AS n, min(entry_ns) AS first_ns FROM syscalls ${where} GROUP BY name ORDER BY name`;
    const one = `WHERE recording_id = '${ids.b}'`;
    for (const format of ['csv', 'json', 'ndjson']) {
      expect(ok('fleet', dir, '--sql', sql(one), '--format', format), format).toBe(ok(dbs.b, '--sql', sql(''), '--format', format));
    }
    expect(ok('fleet', dir, '--sql', sql(one))).toBe(ok(dbs.b, '--sql', sql('')));
    expect(ok('fleet', dir, '--sql', sql(one), '--format', 'table')).toBe(ok(dbs.b, '--sql', sql('')));
  }, 120_000);

  it('exporting a recording already there replaces its files: no duplicate rows, the same files', () => {
    const before = files(dir);
    const total = fleetSql(dir, 'SELECT count(*) AS n FROM syscalls')[0].n;
    const again = q('export', dbs.a, '--parquet', dir);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`^trace-q: .*a\\.db: recording ${ids.a}, \\d+ syscalls, \\d+ stops: replaced its files in .*\\n$`));
    expect(files(dir)).toEqual(before);
    expect(fleetSql(dir, 'SELECT count(*) AS n FROM syscalls')[0].n).toBe(total);
    expect(fleetSql(dir, 'SELECT count(*) AS n FROM recording')).toEqual([{ n: '4' }]);
  });

  it('--regs adds the registers to stops, as the recording holds them', () => {
    const regsDir = path.join(work, 'regs');
    ok('export', dbs.b, '--parquet', regsDir, '-q');
    expect(fleetSql(regsDir, "SELECT count(*) AS n FROM (DESCRIBE stops) WHERE column_name = 'regs'")).toEqual([{ n: '0' }]);
    ok('export', dbs.b, '--parquet', regsDir, '--regs', '-q');
    const sql = (table: string, hex: string): string => `SELECT seq, ${hex} AS regs FROM ${table} WHERE regs IS NOT NULL ORDER BY seq`;
    expect(fleetSql(regsDir, sql('stops', 'lower(hex(regs))'))).toEqual(recSql(dbs.b, sql('stops', 'lower(hex(regs))')));
  });

  it('a file a crashed export left under its temporary name is never read, and the next export removes it', () => {
    const part = path.join(dir, 'syscalls', `recording_id=${ids.b}`);
    const stale = path.join(part, '.part-0.parquet.tmp-99999');
    writeFileSync(stale, 'half a file');
    const total = fleetSql(dir, 'SELECT count(*) AS n FROM syscalls')[0].n;
    expect(Number(total)).toBeGreaterThan(0);
    ok('export', dbs.b, '--parquet', dir, '-q');
    expect(existsSync(stale)).toBe(false);
    expect(fleetSql(dir, 'SELECT count(*) AS n FROM syscalls')[0].n).toBe(total);
  });

  it('bad input: one line on stderr, exit 2, nothing written', () => {
    const text = path.join(work, 'notes.txt');
    writeFileSync(text, 'not a recording\n');
    const fresh = path.join(work, 'fresh');
    const cases: [string[], RegExp][] = [
      [['export', path.join(work, 'missing.db'), '--parquet', fresh], /^trace-q: .*missing\.db: no such file\n$/],
      [['export', dbs.a, text, '--parquet', fresh], /^trace-q: .*notes\.txt: not a SQLite file \(file is not a database\)\n$/],
      [['export', dbs.a], /^trace-q: export needs --parquet DIR\n$/],
      [['export', '--parquet', fresh], /^trace-q: export needs a recording \(see trace-q export --help\)\n$/],
      [['export', dbs.a, '--parquet', text], /^trace-q: .*notes\.txt: not a directory\n$/],
      [['export', dbs.a, '--parquet', path.join(text, 'sub')], /^trace-q: .*notes\.txt\/sub: cannot write there \(ENOTDIR\)\n$/],
      [['export', dbs.a, '--parquet', '/proc/tracedb-fleet'], /^trace-q: \/proc\/tracedb-fleet: cannot write there \(ENOENT\)\n$/],
      [['export', dbs.a, '--parquet', fresh, '--bogus'], /^trace-q: Unknown argument: bogus\n$/],
      [['fleet', path.join(work, 'nowhere'), '--sql', 'SELECT 1'], /^trace-q: .*nowhere: no such directory\n$/],
      [['fleet', work, '--sql', 'SELECT 1'], /^trace-q: .*: no exported recordings in it \(trace-q export REC… --parquet .* writes them\)\n$/],
      [['fleet', dir], /^trace-q: fleet needs --sql "SELECT …"\n$/],
      [['fleet', dir, '--sql', 'SELEC 1'], /^trace-q: --sql: Parser Error: syntax error at or near "SELEC"\n$/],
      [['fleet', dir, '--sql', 'SELECT nope FROM syscalls'], /^trace-q: --sql: Binder Error: .*"nope".*\n$/],
      [['fleet', dir, '--sql', "COPY syscalls TO '/tmp/x.csv'"], /^trace-q: --sql runs read-only queries \(SELECT\); this statement would write\n$/],
      [['fleet', dir, '--sql', 'CREATE TABLE t (a INT)'], /^trace-q: --sql runs read-only queries \(SELECT\); this statement would write\n$/],
      [['fleet', dir, '--sql', 'SELECT 1; SELECT 2'], /^trace-q: --sql takes one statement; got 2\n$/],
      [['fleet', dir, '--sql', 'SELECT 1', '--format', 'xml'], /^trace-q: --format takes table, csv, json, ndjson; got 'xml'\n$/],
    ];
    for (const [args, err] of cases) {
      const r = q(...args);
      expect(r.stderr, args.join(' ')).toMatch(err);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(fresh)).toBe(false);
  }, 180_000);

  it('--help of each subcommand lists its options', () => {
    expect(ok('export', '--help')).toMatch(/--parquet[\s\S]*--regs/);
    expect(ok('fleet', '--help')).toMatch(/--sql[\s\S]*--format/);
    expect(ok('upgrade', '--help')).toMatch(/^Usage: trace-q upgrade RECORDING…/);
  });
});
