// trace-rec --replayable: the program runs as untraced in form, and the recording holds what a
// replay must give back: the clock as syscalls (vDSO hidden), rdtsc/rdtscp and cpuid answers,
// AT_RANDOM, rseq refused, ASLR off, whole read buffers, mapped files hashed and copied.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';
import { query } from './support/recording.js';

const traceQ = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');

/** The fixture's "name=value" lines, in order. */
function fields(stdout: string): Map<string, string> {
  return new Map(stdout.trimEnd().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

const FORMS: [string, RegExp][] = [
  ['time', /^\d+$/],
  ['clock_gettime', /^\d+\.\d{9}$/],
  ['gettimeofday', /^\d+\.\d{6}$/],
  ['getrandom', /^[0-9a-f]{16}$/],
  ['rdtsc', /^\d+$/],
  ['rdtscp', /^\d+ aux=\d+$/],
  ['local', /^0x[0-9a-f]+$/],
  ['malloc', /^0x[0-9a-f]+$/],
  ['at_random', /^[0-9a-f]{32}$/],
];

function expectForm(stdout: string): Map<string, string> {
  const f = fields(stdout);
  expect([...f.keys()]).toEqual(FORMS.map(([k]) => k));
  for (const [k, re] of FORMS) expect(f.get(k), k).toMatch(re);
  return f;
}

function record(argv: string[], opts: string[] = ['--replayable'], name = 'run'): { stdout: string; db: string } {
  const db = path.join(scratchDir('replayable'), `${name}.db`);
  const r = spawnSync(process.execPath, [traceRecBin, '-q', ...opts, '-o', db, '--', ...argv], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return { stdout: r.stdout, db };
}

function traceQRun(args: string[]): string {
  const r = spawnSync(process.execPath, [traceQ, ...args], { env: testEnv(), cwd: runCwd(), encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** The syscalls of that name, with the memory their argument `arg` pointed to at the exit stop. */
function outputs(db: string, name: string, arg: number): { ret: number; data: Buffer | null }[] {
  return query(db, `SELECT s.ret, m.data FROM syscalls s LEFT JOIN memory m ON m.seq = s.exit_seq AND m.arg = ? AND m.part = 0 WHERE s.name = ? ORDER BY s.id`, arg, name) as { ret: number; data: Buffer | null }[];
}

function options(db: string): Record<string, unknown> {
  return JSON.parse((query(db, 'SELECT options FROM recording')[0] as { options: string }).options) as Record<string, unknown>;
}

describe('trace-rec --replayable', () => {
  const prog = fixture('replay-clock');

  it('the program prints what it prints untraced, in form', () => {
    const plain = spawnSync(prog, [], { env: testEnv(), cwd: runCwd(), encoding: 'utf8' });
    expect(plain.status).toBe(0);
    expectForm(plain.stdout);
    expectForm(record([prog]).stdout);
  });

  it('time, clock_gettime and gettimeofday are syscalls that return what the program printed', () => {
    const { stdout, db } = record([prog]);
    const f = expectForm(stdout);
    const [time] = outputs(db, 'time', 0);
    expect(String(time.ret)).toBe(f.get('time'));
    const [clock] = outputs(db, 'clock_gettime', 1);
    expect(clock.ret).toBe(0);
    expect(`${clock.data!.readBigInt64LE(0)}.${String(clock.data!.readBigInt64LE(8)).padStart(9, '0')}`).toBe(f.get('clock_gettime'));
    const [tod] = outputs(db, 'gettimeofday', 0);
    expect(tod.ret).toBe(0);
    expect(`${tod.data!.readBigInt64LE(0)}.${String(tod.data!.readBigInt64LE(8)).padStart(6, '0')}`).toBe(f.get('gettimeofday'));
    const random = outputs(db, 'getrandom', 0).filter((r) => r.ret === 8).map((r) => r.data!.toString('hex'));
    expect(random).toContain(f.get('getrandom'));
  });

  it('rdtsc and rdtscp are answered and recorded in tsc_reads, and their SIGSEGVs are not in the strace view', () => {
    const { stdout, db } = record([prog]);
    const f = expectForm(stdout);
    const reads = query(db, 'SELECT t.seq, t.tsc, t.aux, s.kind, s.sig FROM tsc_reads t JOIN stops s USING (seq) ORDER BY seq') as { tsc: number; aux: number | null; kind: string; sig: number }[];
    expect(reads.every((r) => r.kind === 'signal' && r.sig === 11)).toBe(true);
    expect(reads.map((r) => String(r.tsc))).toContain(f.get('rdtsc'));
    const [value, aux] = f.get('rdtscp')!.split(' aux=');
    expect(reads.find((r) => String(r.tsc) === value)?.aux).toBe(Number(aux));
    expect(reads.find((r) => String(r.tsc) === f.get('rdtsc'))?.aux).toBeNull();
    // a counter that only goes up
    expect(reads.map((r) => r.tsc)).toEqual([...reads.map((r) => r.tsc)].sort((a, b) => a - b));
    const text = traceQRun([db]);
    expect(text).toContain('clock_gettime(CLOCK_REALTIME, ');
    expect(text).not.toContain('SIGSEGV');
    expect(traceQRun([db, '-c'])).not.toContain('SIGSEGV');
  });

  it('with --trap-cpuid, cpuid is trapped after each exec and answered with the CPU\'s own values', () => {
    const { db } = record([prog], ['--replayable', '--trap-cpuid'], 'cpuid');
    const cpuid = (options(db).replayable as { cpuid: string }).cpuid;
    const leaf0 = query(db, 'SELECT ebx, ecx, edx FROM cpuid_reads WHERE leaf = 0') as { ebx: number; ecx: number; edx: number }[];
    // trace-rec answers a trapped cpuid through the kernel's cpuid driver
    expect(existsSync('/dev/cpu/0/cpuid')).toBe(true);
    expect(cpuid).toBe('trapped');
    expect(leaf0.length).toBeGreaterThan(0);
    const vendor = /^vendor_id\s*:\s*(\S+)/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
    const b = Buffer.alloc(12);
    b.writeUInt32LE(leaf0[0].ebx, 0);
    b.writeUInt32LE(leaf0[0].edx, 4);
    b.writeUInt32LE(leaf0[0].ecx, 8);
    expect(b.toString('latin1')).toBe(vendor);
    expect(traceQRun([db])).not.toContain('SIGSEGV');
  });

  it('without --trap-cpuid, cpuid runs untrapped (it costs an MSR write per switch on a VM), and the recording says so', () => {
    const { db } = record([prog]);
    expect((options(db).replayable as { cpuid: string }).cpuid).toBe('not trapped (--trap-cpuid)');
    expect(query(db, 'SELECT * FROM cpuid_reads')).toEqual([]);
  });

  it('execs.at_random holds the AT_RANDOM bytes the program printed; rseq returned ENOSYS', () => {
    const { stdout, db } = record([prog]);
    const f = expectForm(stdout);
    const [exec] = query(db, 'SELECT at_random FROM execs ORDER BY seq DESC LIMIT 1') as { at_random: Buffer }[];
    expect(exec.at_random.toString('hex')).toBe(f.get('at_random'));
    const rseq = query(db, "SELECT ret, errno FROM syscalls WHERE name = 'rseq'");
    expect(rseq).toEqual([{ ret: -38, errno: 'ENOSYS' }]);
    expect(traceQRun([db, '-e', 'trace=rseq'])).toMatch(/rseq\(0x[0-9a-f]+, 0x20, 0, 0x53053053\) = -1 ENOSYS/);
  });

  it('ASLR is off: two runs print the same addresses', () => {
    const a = fields(record([prog], ['--replayable'], 'a').stdout);
    const b = fields(record([prog], ['--replayable'], 'b').stdout);
    expect(b.get('local')).toBe(a.get('local'));
    expect(b.get('malloc')).toBe(a.get('malloc'));
  });

  it('recording.options.replayable and trace-q --info say what was in force', () => {
    const { db } = record([prog]);
    expect(options(db).replayable).toMatchObject({ aslr: 'off', vdso: 'hidden', tsc: 'trapped', rseq: 'ENOSYS', captures: 'full' });
    expect(traceQRun([db, '--info'])).toMatch(/^replayable +aslr off, vdso hidden, tsc trapped, cpuid (trapped|not trapped[^,]*), rseq ENOSYS, captures full, /m);
  });

  it('a default recording is unchanged: vDSO used, nothing trapped, not replayable', () => {
    const { stdout, db } = record([prog], [], 'default');
    expectForm(stdout);
    expect(query(db, "SELECT name FROM syscalls WHERE name IN ('clock_gettime', 'gettimeofday', 'time', 'personality')")).toEqual([]);
    expect(query(db, 'SELECT * FROM tsc_reads')).toEqual([]);
    expect(query(db, 'SELECT * FROM cpuid_reads')).toEqual([]);
    expect(query(db, 'SELECT * FROM file_maps')).toEqual([]);
    expect(query(db, "SELECT ret FROM syscalls WHERE name = 'rseq'")).toEqual([{ ret: 0 }]);
    expect(query(db, 'SELECT at_random FROM execs')).toEqual([{ at_random: null }]);
    expect(options(db).replayable).toBeNull();
    expect(traceQRun([db, '--info'])).toMatch(/^replayable +not replayable/m);
  });

  it('read buffers are captured whole whatever --capture-bytes says; a default recording cuts them', () => {
    const file = path.join(scratchDir('replayable'), 'data.bin');
    const data = createHash('sha512').update('x').digest();
    writeFileSync(file, Buffer.concat(Array.from({ length: 4096 }, (_, i) => createHash('sha512').update(data).update(String(i)).digest())));
    const size = 4096 * 64;
    const reads = (db: string): { data: Buffer; truncated: number; ret: number }[] =>
      query(
        db,
        `SELECT m.data, m.truncated, s.ret FROM syscalls s JOIN memory m ON m.seq = s.exit_seq AND m.arg = 1
         WHERE s.name = 'read' AND s.ret > 0 AND s.a0 = (SELECT ret FROM syscalls WHERE name = 'openat' AND path = ?)
           AND s.id > (SELECT id FROM syscalls WHERE name = 'openat' AND path = ?) ORDER BY s.id`,
        file,
        file,
      ) as { data: Buffer; truncated: number; ret: number }[];
    // to /dev/null: a pipe from spawnSync can be non-blocking, and cat then fails with EAGAIN
    const cat = ['sh', '-c', 'exec cat "$0" > /dev/null', file];
    const full = reads(record(cat, ['--replayable', '--capture-bytes', '4096'], 'full').db);
    expect(full.every((r) => r.truncated === 0 && r.data.length === r.ret)).toBe(true);
    expect(Buffer.concat(full.map((r) => r.data)).equals(readFileSync(file))).toBe(true);
    expect(full.reduce((n, r) => n + r.ret, 0)).toBe(size);
    const cut = reads(record(cat, ['--capture-bytes', '4096'], 'cut').db);
    expect(cut.some((r) => r.truncated === 1 && r.data.length === 4096)).toBe(true);
  });

  it("recvmmsg's received payloads are captured whole, each message's buffers as its parts", () => {
    const { stdout, db } = record([fixture('replay-recvmmsg')], ['--replayable', '--capture-bytes', '16']);
    const parts = query(
      db,
      "SELECT m.part, m.data, m.truncated FROM syscalls s JOIN memory m ON m.seq = s.exit_seq AND m.arg = 1 WHERE s.name = 'recvmmsg' AND m.part > 0 ORDER BY m.part",
    ) as { part: number; data: Buffer; truncated: number }[];
    expect(parts.every((p) => p.truncated === 0)).toBe(true);
    // message i: part 1 + i*64 + 2 is its iovec array, the buffers follow
    const messages = [0, 1, 2].map((i) => Buffer.concat(parts.filter((p) => p.part >= 1 + i * 64 + 3 && p.part < 1 + (i + 1) * 64).map((p) => p.data)));
    const sum = (b: Buffer): number => b.reduce((n, x) => n + x, 0);
    expect(messages.map((m) => `${m.length} ${sum(m)}`).join('\n') + '\n').toBe(stdout);
  });

  it('mapped files are hashed when mapped; non-system files (/etc/ld.so.cache) are copied', () => {
    const { db } = record([prog]);
    const maps = query(db, 'SELECT path, size, sha256, copied FROM file_maps') as { path: string; size: number; sha256: string; copied: number }[];
    const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
    const st = statSync(prog);
    const system = st.uid === 0 && (st.mode & 0o022) === 0; // a fixture built by root: rr's rule leaves it out
    expect(maps.find((m) => m.path === prog)).toMatchObject({ sha256: sha(prog), copied: system ? 0 : 1 });
    const libc = maps.find((m) => m.path.endsWith('/libc.so.6'));
    expect(libc).toMatchObject({ sha256: sha(libc!.path), copied: 0 });
    const cache = maps.find((m) => m.path === '/etc/ld.so.cache');
    expect(cache).toMatchObject({ sha256: sha('/etc/ld.so.cache'), copied: 1 });
    const [copy] = query(db, 'SELECT data FROM file_copies WHERE sha256 = ?', cache!.sha256) as { data: Buffer }[];
    expect(copy.data.equals(readFileSync('/etc/ld.so.cache'))).toBe(true);
    expect(query(db, 'SELECT count(*) n FROM file_copies')).toEqual([{ n: maps.filter((m) => m.copied === 1).length }]);
  });

  it('--replayable with -p is a usage error, one line', () => {
    const r = spawnSync(process.execPath, [traceRecBin, '--replayable', '-p', '1'], { env: testEnv(), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining('--replayable is for a program trace-rec starts, not with -p')]);
  });
});
