// File names, argv, environment values and the working directory that are not UTF-8 are bytes
// end to end: trace-rec -o creates exactly the name given, trace-q and trace-diff open it, the
// recording keeps every such byte, and trace-q prints, filters and writes them exactly.
//
// Node cannot pass such bytes to a child (its arguments are strings), so every command runs
// under `sh -c`, which makes the names with printf. CSV is bytes: it is read as latin1 (one
// character a byte) and compared with the bytes.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { parseCsv } from './support/parse-csv.js';
import { repoRoot, scratchDir, testEnv, traceRecBin } from './support/paths.js';

const traceQ = path.join(repoRoot, 'packages/query/bin/trace-q.js');
const traceDiff = path.join(repoRoot, 'packages/query/bin/trace-diff.js');

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');
/** A shell word that printf turns into exactly these bytes. */
const word = (b: Buffer): string => `"$(printf '${[...b].map((c) => `\\${c.toString(8).padStart(3, '0')}`).join('')}')"`;
/** The same bytes as the strings the tools read them as: U+DC00 + byte for each byte that is not UTF-8. */
const escaped = (s: string): string => s.replace(/[\x80-\xff]/g, (c) => String.fromCharCode(0xdc00 + c.charCodeAt(0)));

const DIR = bytes('d\xff');
const DB = bytes('a\xff.db');
const ARG = bytes('arg\xff');
const VALUE = bytes('v\xfe');
const NAME = bytes('x\xff\xfe');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('names that are not UTF-8', () => {
  const dir = scratchDir('non-utf8');
  const cwd = Buffer.concat([bytes(dir + '/'), DIR]);
  const prog = fixture('non-utf8-names');
  /** Runs a shell script in the non-UTF-8 directory, with NU8 set to a non-UTF-8 value. */
  const sh = (script: string): Run => {
    const r = spawnSync('/bin/sh', ['-c', `cd ${word(DIR)} && NU8=${word(VALUE)} && export NU8 && ${script}`], {
      cwd: dir,
      env: { ...testEnv(), NODE: process.execPath },
      encoding: 'utf8',
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const q = (args: string): Run => sh(`"$NODE" ${traceQ} ${word(DB)} ${args}`);
  /** trace-q's output as bytes (latin1: one character a byte), for CSV. */
  const qBytes = (db: Buffer, args: string): string => {
    const r = spawnSync('/bin/sh', ['-c', `cd ${word(DIR)} && "$NODE" ${traceQ} ${word(db)} ${args}`], { cwd: dir, env: { ...testEnv(), NODE: process.execPath } });
    expect(r.status, r.stderr.toString()).toBe(0);
    return r.stdout.toString('latin1');
  };
  const csv = (db: Buffer, args: string): Record<string, string>[] => {
    const [head, ...rows] = parseCsv(qBytes(db, `${args} --format csv`));
    return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
  };
  let recorded: Run;
  let strace: string;

  beforeAll(() => {
    mkdirSync(cwd);
    recorded = sh(`"$NODE" ${traceRecBin} -q -o ${word(DB)} -- ${prog} ${word(ARG)}`);
    const s = sh(`strace -f -qq -o ../strace.log ${prog} ${word(ARG)} && cat ../strace.log`);
    expect(s.status, s.stderr).toBe(0);
    strace = s.stdout;
  });

  /** The recording, opened by its exact name. */
  const sql = <T>(query: string): T[] => {
    const fd = openSync(Buffer.concat([cwd, bytes('/'), DB]), 'r');
    const db = new Database(`/proc/self/fd/${fd}`, { readonly: true });
    try {
      return db.prepare(query).all() as T[];
    } finally {
      db.close();
      closeSync(fd);
    }
  };

  it('trace-rec -o creates exactly the name given, and trace-q and trace-diff read it', () => {
    expect(recorded.status, recorded.stderr).toBe(0);
    expect(readdirSync(cwd, { encoding: 'buffer' })).toEqual([DB]);
    const listed = q('--syscall unlink');
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/unlink\("x\\376\\377"\) += 0/);
    const diff = sh(`"$NODE" ${traceDiff} ${word(DB)} ${word(DB)}`);
    expect(diff.status, diff.stderr).toBe(0);
    expect(diff.stdout).toContain('A: a\\377.db');
    expect(readdirSync(cwd, { encoding: 'buffer' })).toEqual([DB]); // readers left nothing behind
  });

  it('the recording keeps the exact bytes of paths, argv, environment and cwd', () => {
    const [rec] = sql<{ argv: string; env: string; cwd: string; cwd_bytes: Buffer }>('SELECT argv, env, cwd, cwd_bytes FROM recording');
    expect(rec.cwd_bytes).toEqual(cwd);
    expect(rec.cwd).toBe(`${dir}/d\ufffd`);
    expect((JSON.parse(rec.argv) as string[]).at(-1)).toBe(escaped('arg\xff'));
    expect(rec.argv).toContain('arg\\udcff'); // ASCII in the JSON text
    expect(JSON.parse(rec.env) as string[]).toContain(escaped('NU8=v\xfe'));
    const paths = sql<{ name: string; path: string; path_bytes: Buffer | null }>(
      "SELECT name, path, path_bytes FROM syscalls WHERE name IN ('openat', 'newfstatat', 'rename', 'unlink') AND path LIKE 'x%' ORDER BY id",
    );
    expect(paths.map((p) => [p.name, p.path_bytes])).toEqual([
      ['openat', NAME],
      ['newfstatat', NAME],
      ['rename', NAME],
      ['openat', bytes('x\xff\xff')],
      ['unlink', bytes('x\xfe\xff')],
    ]);
    expect(paths[0].path).toBe('x\ufffd\ufffd');
    const utf8 = sql<{ n: number }>("SELECT count(*) AS n FROM syscall WHERE path_bytes IS NOT NULL AND path NOT LIKE 'x%'");
    expect(utf8[0].n).toBe(0); // names that are UTF-8 have no bytes column
    const [exec] = sql<{ argv: string; env: string }>('SELECT argv, env FROM execs ORDER BY id DESC LIMIT 1');
    expect((JSON.parse(exec.argv) as string[]).at(-1)).toBe(escaped('arg\xff'));
    expect(JSON.parse(exec.env) as string[]).toContain(escaped('NU8=v\xfe'));
  });

  it("trace-q's strace view prints those lines as strace does", () => {
    const lines = (text: string): string[] =>
      text
        .split('\n')
        .filter((l) => l.includes('"x\\3') || l.includes('"arg\\3'))
        .map((l) => l.replace(/^\d+ +/, '').replace(/0x[0-9a-f]+ \/\* \d+ vars \*\//, 'ENV'));
    const ours = q('');
    expect(ours.status, ours.stderr).toBe(0);
    expect(lines(strace)).toHaveLength(6);
    expect(lines(ours.stdout)).toEqual(lines(strace));
     // -y: the descriptor's name, as /proc/PID/fd gave it (its directory is not UTF-8 either)
    const theirs = sh(`strace -f -qq -y -o ../strace-y.log ${prog} ${word(ARG)} && cat ../strace-y.log`).stdout;
    const withFd = (text: string): string[] => lines(text).filter((l) => l.includes('</'));
    expect(withFd(theirs).length).toBeGreaterThan(0);
    expect(withFd(q('-y').stdout)).toEqual(withFd(theirs));
    expect(q('-y --syscall write').stdout).toContain(`write(3<${dir}/d\\377/x\\377\\376>, "hi\\n", 3)`);
  });

  it('--path finds them as strace -P does, byte for byte', () => {
    const calls = (text: string): string[] => text.split('\n').filter((l) => l && !l.includes('+++')).map((l) => l.replace(/^\d+ +/, ''));
    for (const p of [NAME, Buffer.concat([cwd, bytes('/'), NAME])]) {
      const ours = q(`--path ${word(p)}`);
      expect(ours.status, ours.stderr).toBe(0);
      const theirs = sh(`strace -f -qq -o ../strace.log -P ${word(p)} ${prog} ${word(ARG)} && cat ../strace.log`).stdout;
      expect(calls(theirs).length).toBeGreaterThan(0);
      expect(calls(ours.stdout)).toEqual(calls(theirs));
    }
    // a glob's ? is one byte that is not UTF-8; another byte does not match
    expect(calls(q(`--path ${word(bytes('x?\xfe'))}`).stdout).map((l) => l.split('(')[0])).toEqual(['openat', 'newfstatat', 'rename']);
    expect(calls(q(`--path ${word(bytes('x\xfe\xfe'))}`).stdout)).toEqual([]);
    expect(calls(q(`--path ${word(bytes('*\xff'))}`).stdout).map((l) => l.split('(')[0])).toEqual(['rename', 'openat', 'unlink']);
  });

  it('a program whose own name is not UTF-8 is found, run and named exactly', () => {
    const other = bytes('p\xfe');
    copyFileSync(prog, Buffer.concat([cwd, bytes('/'), other]));
    const db = bytes('p\xfe.db');
    const r = sh(`"$NODE" ${traceRecBin} -q -o ${word(db)} -- ./${word(other)}`);
    expect(r.status, r.stderr).toBe(0);
    const info = sh(`"$NODE" ${traceQ} ${word(db)} --info`);
    expect(info.stdout).toMatch(/^executable +.*\/d\\377\/p\\376$/m);
    expect(sh(`"$NODE" ${traceQ} ${word(db)} --syscall execve`).stdout).toContain('execve("./p\\376", ["./p\\376"]');
  });

  it('--info -v shows them escaped, and JSON round-trips them', () => {
    const info = q('--info -v');
    expect(info.status, info.stderr).toBe(0);
    expect(info.stdout).toMatch(/^cwd +.*\/d\\377$/m);
    expect(info.stdout).toMatch(/^command +.* 'arg\\377'$/m);
    expect(info.stdout).toMatch(/^ +NU8=v\\376$/m);
    const json = JSON.parse(q('--info -v --format json').stdout) as { argv: string[]; env: string[]; cwd: string; file: string };
    expect(json.argv.at(-1)).toBe(escaped('arg\xff'));
    expect(json.env).toContain(escaped('NU8=v\xfe'));
    expect(json.cwd).toBe(escaped(`${dir}/d\xff`));
    expect(json.file).toBe(escaped('a\xff.db'));
    const events = q(`--format ndjson --path ${word(NAME)}`).stdout.trim().split('\n');
    expect(events.every((l) => /^[\x20-\x7e]+$/.test(l))).toBe(true); // \udcXX: the JSON text is ASCII
    const paths = events.map((l) => JSON.parse(l) as { kind: string; path?: string }).filter((e) => e.kind === 'syscall').map((e) => e.path);
    expect(paths).toEqual([escaped('x\xff\xfe'), escaped('x\xff\xfe'), escaped('x\xff\xfe')]);
    const diff = JSON.parse(sh(`"$NODE" ${traceDiff} --json ${word(DB)} ${word(DB)}`).stdout) as { a: { path: string; argv: string[] } };
    expect(diff.a.path).toBe(escaped('a\xff.db'));
    expect(diff.a.argv.at(-1)).toBe(escaped('arg\xff'));
  });
  it('CSV holds names, paths, argv, the environment and cwd as their bytes', () => {
    const calls = csv(DB, `--path ${word(NAME)}`);
    expect(calls.map((c) => [c.name, bytes(c.path)])).toEqual([
      ['openat', NAME],
      ['newfstatat', NAME],
      ['rename', NAME],
    ]);
    expect(calls[2].args).toBe('"x\\377\\376", "x\\376\\377"'); // the arguments as strace prints them
    const [tree] = csv(DB, '--tree');
    expect(bytes(tree.command)).toEqual(bytes(`${prog} 'arg\xff'`));
    const info = csv(DB, '--info -v');
    const field = (name: string): Buffer[] => info.filter((r) => r.field === name).map((r) => bytes(r.value));
    expect(field('recording')).toEqual([DB]);
    expect(field('cwd')).toEqual([cwd]);
    expect(field('command')).toEqual([bytes(`${prog} 'arg\xff'`)]);
    expect(field('environment')).toContainEqual(bytes('NU8=v\xfe'));
    expect(field('argv')).toEqual([bytes(JSON.stringify([prog, 'arg\udcff']))]); // JSON: \udcXX
    expect(qBytes(DB, `--path ${word(NAME)} --format csv`)).not.toContain('\xef\xbf\xbd'); // no U+FFFD
  });

  describe('mapped files whose names are not UTF-8', () => {
    const mapper = fixture('mapped-non-utf8');
    const MAPPED = Buffer.concat([cwd, bytes('/m\xff\x80.bin')]);
    const TWIN = Buffer.concat([cwd, bytes('/m\xfe\x80.bin')]); // the same text, U+FFFD for each bad byte
    const [A, B] = [bytes('m\xff-a.db'), bytes('m\xff-b.db')];
    const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
    const contents: Buffer[] = [];

    beforeAll(() => {
      for (const [db, text] of [[A, 'mapped\n'], [B, 'other contents\n']] as const) {
        const r = sh(`"$NODE" ${traceRecBin} -q -o ${word(db)} -- ${mapper} '${text}'`);
        expect(r.status, r.stderr).toBe(0);
        contents.push(readFileSync(MAPPED));
        expect(readFileSync(TWIN)).toEqual(contents.at(-1));
      }
      expect(contents.map((c) => c.toString())).toEqual(['mapped\n', 'other contents\n']);
    });

    it('are hashed, and mapped_files keeps each exact name', () => {
      const select = 'SELECT path, path_bytes, size, sha256 FROM mapped_files WHERE path_bytes IS NOT NULL ORDER BY path_bytes';
      const rows = JSON.parse(sh(`"$NODE" ${traceQ} ${word(A)} --sql "${select}" --format json`).stdout) as { path: string; path_bytes: string; size: number; sha256: string }[];
      const expected = [TWIN, MAPPED].map((name) => [name, name.toString('utf8'), contents[0].length, sha(contents[0])]);
      expect(rows.map((r) => [Buffer.from(r.path_bytes, 'hex'), r.path, r.size, r.sha256])).toEqual(expected);
      expect(rows[0].path).toBe(rows[1].path); // two files, one text: the bytes tell them apart
      const table = sh(`"$NODE" ${traceQ} ${word(A)} --sql "SELECT path_bytes FROM mapped_files WHERE path_bytes IS NOT NULL ORDER BY path_bytes"`);
      expect(table.stdout.split('\n').slice(2, 4)).toEqual([TWIN, MAPPED].map((name) => `x'${name.toString('hex')}'`));
      const csvRows = csv(A, `--sql "${select}"`);
      expect(csvRows.map((r) => Buffer.from(r.path_bytes, 'hex'))).toEqual([TWIN, MAPPED]);
      // the other names are UTF-8 and have no bytes column
      expect(sh(`"$NODE" ${traceQ} ${word(A)} --sql "SELECT count(*) FROM mapped_files WHERE path_bytes IS NULL AND path LIKE '%' || char(65533) || '%'" --format csv`).stdout).toBe('count(*)\n0\n');
    });

    it('--info -v shows it escaped; JSON and CSV hold it exactly', () => {
      const info = sh(`"$NODE" ${traceQ} ${word(A)} --info -v`);
      expect(info.status, info.stderr).toBe(0);
      const shown = `${dir}/d\\377/m\\377\\200.bin`;
      const line = info.stdout.split('\n').find((l) => l.endsWith(shown));
      expect(line?.trim().split(/ +/)).toEqual([sha(contents[0]), String(contents[0].length), shown]);
      const json = JSON.parse(sh(`"$NODE" ${traceQ} ${word(A)} --info -v --format json`).stdout) as { mapped_files: { path: string; sha256: string }[] };
      expect(json.mapped_files).toContainEqual({ path: escaped(MAPPED.toString('latin1')), size: contents[0].length, sha256: sha(contents[0]) });
      const mapped = csv(A, '--info -v').filter((r) => r.field === 'mapped file').map((r) => bytes(r.value));
      expect(mapped).toContainEqual(Buffer.concat([bytes(`${sha(contents[0])} ${contents[0].length} `), MAPPED]));
    });

    it("trace-diff compares its contents under its name", () => {
      const text = sh(`"$NODE" ${traceDiff} ${word(A)} ${word(B)}`);
      expect(text.stdout).toContain(`  sha256 of ${dir}/d\\377/m\\377\\200.bin: ${sha(contents[0])} in A, ${sha(contents[1])} in B\n`);
      const json = JSON.parse(sh(`"$NODE" ${traceDiff} --json ${word(A)} ${word(B)}`).stdout) as { context: { field: string; a: string; b: string }[] };
      expect(json.context).toContainEqual({ field: `sha256 of ${escaped(MAPPED.toString('latin1'))}`, a: sha(contents[0]), b: sha(contents[1]) });
    });
  });
});
