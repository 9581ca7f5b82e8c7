// What tools read: trace-q --format json/ndjson/csv and trace-diff --json of real recordings,
// checked against the JSON Schemas in schemas/ (with ajv), against the strace rendering of
// the same recording and filters, and for integers that JavaScript and jq would round.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { parseCsv } from './support/parse-csv.js';
import { repoRoot, runCwd, scratchDir, testEnv } from './support/paths.js';
import { runTraceRec } from './support/recording.js';
import { runStrace } from './support/strace-oracle.js';

const traceQ = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');
const traceDiff = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-diff.js');
const schema = (name: string): object => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', `${name}.schema.json`), 'utf8')) as object;

const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addSchema(schema('trace-q-ndjson'));
ajv.addSchema(schema('trace-q-json'));
ajv.addSchema(schema('trace-diff-json'));
const validator = (id: string) => {
  const v = ajv.getSchema(id)!;
  return (value: unknown, what: string): void => {
    const ok = v(value);
    expect(ok, `${what}: ${ajv.errorsText(v.errors)}`).toBe(true);
  };
};
const validLine = validator('trace-q-ndjson.schema.json');
const validJson = validator('trace-q-json.schema.json');
const validDiff = validator('trace-diff-json.schema.json');

function run(bin: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function q(...args: string[]): string {
  const r = run(traceQ, args);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

/** Parsed JSON that a second serialisation gives back digit for digit: no number was rounded. */
function lossless(text: string, indent?: number): unknown {
  const value = JSON.parse(text) as unknown;
  expect(JSON.stringify(value, null, indent)).toBe(text);
  return value;
}

interface Event {
  kind: string;
  [field: string]: unknown;
}

/** The NDJSON lines: a valid header, then valid events. */
function ndjson(...args: string[]): Event[] {
  const lines = q(...args, '--format', 'ndjson').trimEnd().split('\n');
  const objects = lines.map((l) => lossless(l) as Event);
  objects.forEach((o, i) => validLine(o, `ndjson line ${i + 1} of ${args.join(' ')}`));
  expect(objects[0]).toEqual({ kind: 'header', format_version: 1 });
  expect(objects.slice(1).every((o) => o.kind !== 'header')).toBe(true);
  return objects.slice(1);
}

/**
 * The kind of each line the strace rendering prints, in order, with a syscall counted at the
 * line where it starts (complete or <unfinished ...>, not its <... resumed> half).
 */
function renderedKinds(...args: string[]): string[] {
  const kinds: string[] = [];
  for (const line of q(...args).split('\n')) {
    const body = line.replace(/^\d+ +/, '');
    if (body === '' || body.startsWith('<... ') || body.startsWith('+++ superseded')) continue;
    if (body.startsWith('--- stopped by ')) kinds.push('group-stop');
    else if (body.startsWith('--- ')) kinds.push('signal');
    else if (body.startsWith('+++ ')) kinds.push('exit');
    else kinds.push('syscall');
  }
  return kinds;
}

describe('trace-q --format json/ndjson/csv', () => {
  let sh: string;
  let caught: string;
  let segv: string;
  let stopcont: string;
  let imported: string;
  beforeAll(() => {
    const rec = (argv: string[]): string => runTraceRec(argv, { env: testEnv(), cwd: runCwd() }).dbPath;
    sh = rec(['sh', '-c', 'echo a | cat; ls /nonexistent']);
    caught = rec([fixture('signals'), 'caught']);
    segv = rec([fixture('segv')]);
    stopcont = rec([fixture('stopcont')]);
    const st = runStrace(['sh', '-c', 'echo a | cat'], { env: testEnv(), cwd: runCwd() });
    const dir = scratchDir('machine');
    writeFileSync(path.join(dir, 'sh.strace'), st.output);
    imported = path.join(dir, 'sh.db');
    expect(run(traceQ, ['import', path.join(dir, 'sh.strace'), '-o', imported, '-q']).status).toBe(0);
  });

  it('every object has a kind, and they are the lines the strace rendering prints, with the same filters', () => {
    const cases: [() => string, string[]][] = [
      [() => sh, []],
      [() => sh, ['--syscall', 'wait4,exit_group']],
      [() => sh, ['--failed']],
      [() => sh, ['--signal', 'SIGCHLD']],
      [() => sh, ['--signal', 'SIGCHLD', '--syscall', 'wait4']],
      [() => caught, []],
      [() => segv, []],
      [() => segv, ['--signal', 'SIGUSR1', '--syscall', 'write']],
      [() => stopcont, []],
      [() => imported, []],
    ];
    const seen = new Set<string>();
    for (const [db, filter] of cases) {
      const events = ndjson(db(), ...filter);
      const what = `${path.basename(path.dirname(db()))} ${filter.join(' ')}`;
      expect(events.map((e) => e.kind), what).toEqual(renderedKinds(db(), ...filter));
      for (const e of events) seen.add(e.kind);
      // --format json: the same events in one object
      // one event a line (a line break cannot be inside a JSON string)
      const json = lossless(q(db(), ...filter, '--format', 'json').replace(/\n/g, ''));
      validJson(json, what);
      expect((json as { events: Event[] }).events).toEqual(events);
    }
    expect([...seen].sort()).toEqual(['exit', 'group-stop', 'signal', 'syscall']);

    // scoped to a pid, the strace rendering shows that pid's syscalls only, and so do these
    const pid = (ndjson(sh).find((e) => e.kind === 'syscall' && e.name === 'execve' && e.pid !== ndjson(sh)[0].pid) as Event).pid as number;
    const scoped = ndjson(sh, '--pid', String(pid));
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped.every((e) => e.kind === 'syscall' && e.pid === pid)).toBe(true);
    expect(scoped.map((e) => e.kind)).toEqual(renderedKinds(sh, '--pid', String(pid)));
  });

  it('exits and signals say what strace says', () => {
    const exits = ndjson(segv).filter((e) => e.kind === 'exit');
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatchObject({ sig: 11, signal: 'SIGSEGV', code: null });
    expect(q(segv)).toContain(`+++ killed by SIGSEGV ${exits[0].core_dumped ? '(core dumped) ' : ''}+++`);
    const shExits = ndjson(sh).filter((e) => e.kind === 'exit');
    expect(shExits.map((e) => e.code)).toEqual([...q(sh).matchAll(/\+\+\+ exited with (\d+) \+\+\+/g)].map((m) => Number(m[1])));
    expect(ndjson(stopcont).filter((e) => e.kind === 'group-stop').map((e) => e.signal)).toEqual(
      [...q(stopcont).matchAll(/--- stopped by (SIG\w+) ---/g)].map((m) => m[1]),
    );
  });

  it('integers past 2^53-1 are strings with every digit, the others numbers', () => {
    const db = new Database(sh, { readonly: true });
    const rows = db.prepare('SELECT id, a0, a1, a2, a3, a4, a5 FROM syscalls ORDER BY id').safeIntegers(true).all() as Record<string, bigint>[];
    db.close();
    const limit = BigInt(Number.MAX_SAFE_INTEGER);
    const big = rows.flatMap((r) => ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'].filter((a) => r[a] !== null && (r[a] > limit || r[a] < -limit)).map((a) => [Number(r.id), a, r[a]] as const));
    // leftover register values in unused argument slots are the usual ones
    expect(big.length).toBeGreaterThan(0);
    const byId = new Map(ndjson(sh).filter((e) => e.kind === 'syscall').map((e) => [e.id as number, e]));
    for (const [id, arg, value] of big) expect(byId.get(id)![arg], `syscall ${id} ${arg}`).toBe(value.toString());
    // and the schema holds to the rule: a bare number past 2^53-1, or a small one as a string, is refused
    const line = ajv.getSchema('trace-q-ndjson.schema.json')!;
    const [id, arg] = big[0];
    expect(line(byId.get(id))).toBe(true);
    expect(line({ ...byId.get(id), [arg]: 2 ** 60 })).toBe(false);
    expect(line({ ...byId.get(id), [arg]: '12' })).toBe(false);
    expect(line({ kind: 'header', format_version: 2 })).toBe(false);
    const { kind: _, ...noKind } = byId.get(id)!;
    expect(line(noKind)).toBe(false);
    for (const r of rows) {
      for (const a of ['a0', 'a1', 'a2', 'a3', 'a4', 'a5']) {
        if (r[a] !== null && r[a] <= limit && r[a] >= -limit) expect(byId.get(Number(r.id))![a]).toBe(Number(r[a]));
      }
    }
  });

  it('CSV has the arguments strace prints, for a recording and for an imported strace log', () => {
    for (const db of [sh, imported]) {
      const csv = parseCsv(q(db, '--syscall', 'openat,read,close', '--format', 'csv'));
      expect(csv[0]).toEqual(['id', 'pid', 'tid', 'nr', 'name', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'ret', 'errno', 'entry_seq', 'exit_seq', 'entry_ns', 'exit_ns', 'path', 'args']);
      const rows = csv.slice(1);
      // the syscall lines where each syscall starts (signal and exit lines, <... resumed> halves aside)
      const lines = q(db, '--syscall', 'openat,read,close').trimEnd().split('\n').filter((l) => /^\d+ +[a-z_0-9]+\(/.test(l));
      expect(rows.length).toBe(lines.length);
      expect(rows.some((r) => r[18].includes('"/etc/ld.so.cache"'))).toBe(true);
      rows.forEach((r, i) => {
        const body = lines[i].replace(/^\d+ +/, '');
        const cut = body.indexOf(' <unfinished ...>');
        // a line another thread interrupted shows the arguments known at entry
        if (cut >= 0) expect(`${r[4]}(${r[18]}`.startsWith(body.slice(0, cut)), body).toBe(true);
        else expect(body).toMatch(new RegExp(`^${escape(`${r[4]}(${r[18]}`)}[) ]`));
      });
    }
  });
});

describe('trace-diff --json', () => {
  it('follows its schema, with its format version, for recordings and strace logs', () => {
    const hello = fixture('hello');
    const dir = scratchDir('machine-diff');
    mkdirSync(path.join(dir, 'lib'));
    const a = runTraceRec([hello], { env: testEnv(), cwd: runCwd() }).dbPath;
    const b = runTraceRec([hello], { env: { ...testEnv(), LD_LIBRARY_PATH: `${dir}/lib` }, cwd: runCwd() }).dbPath;
    const log = path.join(dir, 'hello.strace');
    writeFileSync(log, runStrace([hello], { env: testEnv(), cwd: runCwd() }).output);
    for (const [x, y, status] of [[a, b, 1], [a, log, 0]] as const) {
      const r = run(traceDiff, ['--json', x, y]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(status);
      const report = lossless(r.stdout.trimEnd(), 2) as { format_version: number; equivalent: boolean; causes: unknown[] };
      validDiff(report, `${x} ${y}`);
      expect(report.format_version).toBe(1);
      expect(report.equivalent).toBe(status === 0);
      if (status === 1) expect(report.causes.length).toBeGreaterThan(0);
    }
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
