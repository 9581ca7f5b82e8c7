// trace-replay (inject): recordings replayed through the bin, checked against what the recorded
// program printed and did.
//
// The recordings are made with `trace-rec --replayable`, except where a test is about default
// recordings (made with `setarch -R trace-rec`, ASLR off, and replayed with --force).

import { spawn, spawnSync } from 'node:child_process';
import type { SpawnSyncOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, existsSync, openSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, scratchDir, testEnv, traceRecBin } from './support/paths.js';

const traceReplayBin = path.join(repoRoot, 'packages', 'replay', 'bin', 'trace-replay.js');

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): Run {
  const r = spawnSync(cmd, args, { env: testEnv(), stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000, maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout as Buffer, stderr: (r.stderr as Buffer).toString() };
}

/** Records argv in cwd; returns the recording's path and the recorded run. */
function record(argv: string[], cwd: string, opts: { input?: Buffer | string; recArgs?: string[]; plain?: boolean } = {}): Run & { db: string } {
  const db = path.join(scratchDir('replay-rec'), 'run.db');
  const how = opts.plain ? ['setarch', '-R', process.execPath, traceRecBin] : [process.execPath, traceRecBin, '--replayable'];
  const r = run(how[0], [...how.slice(1), '-q', ...(opts.recArgs ?? []), '-o', db, '--', ...argv], { cwd, input: opts.input ?? '' });
  return { ...r, db };
}

function replay(args: string[], opts: SpawnSyncOptions = {}): Run {
  return run(process.execPath, [traceReplayBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) {
    chmodSync(d, 0o755);
  }
});

describe('trace-replay: inputs come from the recording', () => {
  it('prints the bytes of a file that is gone, without opening it', () => {
    const dir = scratchDir('replay-gone');
    const sub = path.join(dir, 'data');
    mkdirSync(sub);
    const bytes = randomBytes(3000);
    writeFileSync(path.join(sub, 'F'), bytes);
    const rec = record(['cat', 'data/F'], dir);
    expect(rec.status).toBe(0);
    expect(rec.stdout.equals(bytes)).toBe(true);
    // The file is deleted and its folder unreadable: a real openat of data/F could only fail
    // (ENOENT), and cat would say so and exit 1; the bytes exist nowhere but in the recording.
    rmSync(path.join(sub, 'F'));
    chmodSync(sub, 0o000);
    cleanup.push(sub);
    const r = replay([rec.db]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.equals(bytes)).toBe(true);
    expect(existsSync(path.join(sub, 'F'))).toBe(false);
    // And with a FIFO at data/F, which a real open for reading would wait on for ever (no writer):
    chmodSync(sub, 0o755);
    execFileSync('mkfifo', [path.join(sub, 'F')]);
    const fifo = replay([rec.db], { timeout: 20_000 });
    expect([fifo.status, fifo.signal, fifo.stderr]).toEqual([0, null, '']);
    expect(fifo.stdout.equals(bytes)).toBe(true);
  });

  it('maps a file that changed, or is gone, from the copy the recording holds', () => {
    // the program maps data.txt and writes what it maps; --replayable copies a mapped file that
    // is not a system file (here: writable by others) into the recording
    const dir = scratchDir('replay-mapcopy');
    const src = path.join(dir, 'm.c');
    writeFileSync(
      src,
      '#include <fcntl.h>\n#include <sys/mman.h>\n#include <sys/stat.h>\n#include <unistd.h>\n' +
        'int main(void) { int fd = open("data.txt", O_RDONLY); struct stat st; fstat(fd, &st);\n' +
        '  char *p = mmap(0, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0); close(fd);\n' +
        '  write(1, p, st.st_size); return munmap(p, st.st_size); }\n',
    );
    execFileSync('cc', ['-o', path.join(dir, 'm'), src]);
    const bytes = randomBytes(10000);
    writeFileSync(path.join(dir, 'data.txt'), bytes, { mode: 0o666 });
    chmodSync(path.join(dir, 'data.txt'), 0o666);
    const rec = record([path.join(dir, 'm')], dir);
    expect(rec.status).toBe(0);
    expect(rec.stdout.equals(bytes)).toBe(true);
    const db = new Database(rec.db, { readonly: true });
    expect(db.prepare("SELECT copied FROM file_maps WHERE path LIKE '%/data.txt'").pluck().all()).toEqual([1]);
    db.close();
    writeFileSync(path.join(dir, 'data.txt'), randomBytes(5000)); // other bytes, another size
    const changed = replay([rec.db]);
    expect([changed.status, changed.stderr]).toEqual([0, '']);
    expect(changed.stdout.equals(bytes)).toBe(true);
    rmSync(path.join(dir, 'data.txt'));
    const gone = replay([rec.db]);
    expect([gone.status, gone.stderr]).toEqual([0, '']);
    expect(gone.stdout.equals(bytes)).toBe(true);
  });

  it('feeds a program the stdin it was recorded with', () => {
    const input = 'line one\nline two\n' + 'x'.repeat(5000) + '\n';
    const rec = record(['cat'], scratchDir('replay-stdin'), { input });
    expect(rec.stdout.toString()).toBe(input);
    const r = replay([rec.db], { stdio: ['ignore', 'pipe', 'pipe'] }); // stdin: /dev/null
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toBe(input);
  });

  it('has no side effects: files are neither written nor removed', () => {
    const dir = scratchDir('replay-side');
    writeFileSync(path.join(dir, 'KEEP'), 'keep me\n');
    const rec = record(['sh', '-c', 'echo hi > OUT; rm KEEP; echo done'], dir);
    expect(rec.status).toBe(0);
    expect(existsSync(path.join(dir, 'OUT'))).toBe(true);
    expect(existsSync(path.join(dir, 'KEEP'))).toBe(false);
    writeFileSync(path.join(dir, 'KEEP'), 'keep me\n');
    rmSync(path.join(dir, 'OUT'));
    const r = replay([rec.db]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toBe('done\n');
    expect(existsSync(path.join(dir, 'OUT'))).toBe(false);
    expect(readFileSync(path.join(dir, 'KEEP'), 'utf8')).toBe('keep me\n');
  });

  it('--quiet drops what the program writes to stdout and stderr', () => {
    const rec = record(['sh', '-c', 'echo out; echo err >&2'], scratchDir('replay-quiet'));
    const loud = replay([rec.db]);
    expect([loud.stdout.toString(), loud.stderr]).toEqual(['out\n', 'err\n']);
    const quiet = replay(['--quiet', rec.db]);
    expect([quiet.status, quiet.stdout.toString(), quiet.stderr]).toEqual([0, '', '']);
  });
});

describe('trace-replay: processes', () => {
  it('gives the recorded clock, random bytes, TSC, addresses and AT_RANDOM; a rerun gets others', () => {
    // time(), clock_gettime and gettimeofday through glibc (the vDSO, hidden by --replayable),
    // getrandom, rdtsc and rdtscp (trapped), a local's and malloc's addresses, getauxval(AT_RANDOM)
    // --trap-cpuid too: the replay answers ld.so's cpuid from the recording as well
    const rec = record([fixture('replay-clock')], scratchDir('replay-clock'), { recArgs: ['--trap-cpuid'] });
    expect(new Database(rec.db, { readonly: true }).prepare('SELECT count(*) FROM cpuid_reads').pluck().get()).toBeGreaterThan(0);
    expect(rec.status).toBe(0);
    const lines = rec.stdout.toString().split('\n');
    expect(lines.map((l) => l.split('=')[0])).toEqual(['time', 'clock_gettime', 'gettimeofday', 'getrandom', 'rdtsc', 'rdtscp', 'local', 'malloc', 'at_random', '']);
    const r = replay([rec.db]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout.toString()).toBe(rec.stdout.toString());
    // untraced, the same program prints other times, random bytes, TSC values and AT_RANDOM
    const rerun = run(fixture('replay-clock'), []).stdout.toString().split('\n');
    for (const i of [1, 3, 4, 5, 8]) expect(rerun[i], lines[i]).not.toBe(lines[i]);
  });

  it('shows the recorded pids, as parent and as child', () => {
    const rec = record([fixture('replay-pids')], scratchDir('replay-pids'));
    expect(rec.status).toBe(0);
    const db = new Database(rec.db, { readonly: true });
    const pids = db.prepare('SELECT pid FROM processes ORDER BY id').pluck().all() as number[];
    db.close();
    expect(pids).toHaveLength(2);
    expect(rec.stdout.toString()).toBe(
      `parent pid=${pids[0]} ppid=${/ppid=(\d+)/.exec(rec.stdout.toString())![1]}\nchild pid=${pids[1]} ppid=${pids[0]}\nforked ${pids[1]} reaped ${pids[1]} status 7\n`,
    );
    const r = replay([rec.db]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toBe(rec.stdout.toString());
  });

  for (const [label, argv] of [
    ["sh -c 'echo a | cat; ls /nonexistent'", ['sh', '-c', 'echo a | cat; ls /nonexistent']],
    ['a fork/pipe/wait tree', null],
  ] as const) {
    it(`replays ${label} with the recorded output and status, 20 times in a row`, () => {
      const rec = record(argv !== null ? [...argv] : [fixture('replay-tree')], scratchDir('replay-tree'));
      expect(rec.status).not.toBe(0); // ls fails (2); the tree exits with the sum of its children's statuses (5)
      for (let i = 0; i < 20; i++) {
        const r = replay([rec.db]);
        expect({ i, status: r.status, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ i, status: rec.status, stdout: rec.stdout.toString(), stderr: rec.stderr });
      }
    });
  }
});

describe('trace-replay: real programs replay as recorded', () => {
  for (const argv of [
    ['ls', '-la', '/usr'], // asks nscd through a sockaddr_un whose tail is stack garbage
    ['bash', '-c', 'x=$(echo hi); echo $x; (echo sub); echo $$ $PPID'], // pids as the recording saw them
    ['sh', '-c', 'yes | head -3'], // yes dies of the SIGPIPE its suppressed write never raised live
    ['sh', '-c', 'tar cf - /etc/hostname 2>/dev/null | tar tf -'],
    ['find', '/etc', '-maxdepth', '1', '-name', '*.conf'],
    ['sh', '-c', `cd ${path.dirname(fixture('hello'))} && ./hello`], // execve resolves against the directory chdir made current
    ['timeout', '5', 'sh', '-c', 'echo in; sleep 0.1'], // timeout waits in rt_sigsuspend for its child's SIGCHLD
    ['sh', '-c', 'cp /etc/hostname copy && echo copied'], // copy_file_range into a file: suppressed
  ]) {
    it(argv.join(' '), () => {
      const rec = record(argv, scratchDir('replay-real'));
      const r = replay([rec.db]);
      expect({ status: r.status, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ status: rec.status, stdout: rec.stdout.toString(), stderr: rec.stderr });
    });
  }
});

describe('trace-replay --record-to', () => {
  it('records the replayed run: trace-diff finds it equivalent to the recording it replays', () => {
    const dir = scratchDir('replay-record-to');
    const rec = record(['sh', '-c', 'echo a | cat; ls /nonexistent'], dir);
    const again = path.join(dir, 'again.db');
    const r = replay(['--record-to', again, rec.db]);
    expect([r.status, r.stdout.toString(), r.stderr]).toEqual([rec.status, rec.stdout.toString(), rec.stderr]);
    const d = run(process.execPath, [path.join(repoRoot, 'packages', 'query', 'bin', 'trace-diff.js'), rec.db, again]);
    // No unexplained difference. A wait4 the replayed run's SIGCHLD cut (the kernel made it again,
    // ERESTARTSYS: the signal itself is withheld until its recorded place) is recorded, as trace-rec
    // records one; trace-diff classes it as timing, as it does between two recordings.
    const text = d.stdout.toString();
    const m = /^Syscalls: (\d+) differ \(0 only in A, (\d+) only in B, 0 changed; A has (\d+), B has (\d+)\)\n(?: {6}\d+ {2}\[\d+\] timing-dependent calls[^\n]*\n(?: {13}[^\n]*\n)*)? {6}0 {2}unexplained$/m.exec(text);
    expect(m, text).not.toBeNull();
    expect(Number(m![3])).toBe(countSyscalls(rec.db));
    expect(Number(m![4]) - Number(m![3])).toBe(Number(m![2]));
    expect(text.split('\n').filter((l) => /^ {13}B: /.test(l)).every((l) => /^ {13}B: \d+ wait4 ERESTARTSYS$/.test(l))).toBe(true);
    expect(text).toMatch(/\nEquivalent after normalisation( \(\d+ timing-dependent differences? ignored\))?\.\n/);
    expect(d.status).toBe(0);
    const db = new Database(again, { readonly: true });
    expect(db.prepare('SELECT complete, exit_status FROM recording').get()).toEqual({ complete: 1, exit_status: rec.status });
    db.close();
    expect(replay(['--record-to', again, rec.db]).stderr).toBe(`trace-replay: --record-to ${again}: the file exists; trace-replay does not overwrite it\n`);
  });
});

function countSyscalls(db: string): number {
  const d = new Database(db, { readonly: true });
  const n = d.prepare('SELECT count(*) FROM syscall').pluck().get() as number;
  d.close();
  return n;
}

describe('trace-replay: single-threaded fixtures replay as recorded', () => {
  const cases: [string, string[]][] = [
    ['hello', []], ['exit-code', ['3']], ['enosys', []], ['fd-kinds', []], ['non-utf8-names', []], ['rw-data', []],
    ['segv', []], ['signals', ['caught']], ['signals', ['ignored']], ['signals', ['fatal']], ['stopcont', []], ['vfork', []],
    ['replay-pids', []], ['replay-tree', []], ['replay-eintr', []],
  ];
  for (const [name, args] of cases) {
    it(`${name} ${args.join(' ')}`, () => {
      const rec = record([fixture(name), ...args], scratchDir(`replay-${name}`));
      const r = replay([rec.db]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(rec.status);
      expect(r.stdout.toString('latin1')).toBe(rec.stdout.toString('latin1'));
    });
  }

  it('replay-map-write: refused at the open of a file it maps for writing, which is not created', () => {
    const dir = scratchDir('replay-map-write');
    const rec = record([fixture('replay-map-write')], dir);
    expect([rec.status, rec.stdout.toString()]).toEqual([0, 'ok\n']);
    rmSync(path.join(dir, 'mapped.bin'));
    const r = replay([rec.db]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^trace-replay: cannot replay stop \d+ \(thread \d+\): the recording cannot answer this call\n {2}recorded: \d+ +openat\(AT_FDCWD, "mapped\.bin", O_RDWR\|O_CREAT, 0644\) = 3\n/);
    expect(r.stderr).toContain('\n  cause: openat of a file the program then maps, opened for writing: a mapping could change it\n');
    expect(existsSync(path.join(dir, 'mapped.bin'))).toBe(false);
  });

  it('int80: refused, naming its i386 call (not replayed yet)', () => {
    const rec = record([fixture('int80')], scratchDir('replay-int80'));
    const r = replay([rec.db]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^trace-replay: cannot replay stop \d+ \(thread \d+\)/);
    expect(r.stderr).toContain('an i386 (int $0x80) call: not replayed yet');
  });
});

describe('trace-replay: divergence and refusals', () => {
  it('refuses an ioctl whose outputs the recording does not know, naming its request', () => {
    // FS_IOC_FSGETXATTR (0x801c581f) on the program's own file: it succeeds and writes a struct
    // fsxattr, which the capture table has no row for
    const dir = scratchDir('replay-ioctl');
    const src = path.join(dir, 'p.c');
    writeFileSync(src, '#include <fcntl.h>\n#include <stdio.h>\n#include <sys/ioctl.h>\nint main(int c, char **v) { char b[64]; int fd = open(v[0], O_RDONLY); printf("%d\\n", ioctl(fd, 0x801c581f, b)); return 0; }\n');
    execFileSync('cc', ['-o', path.join(dir, 'p'), src]);
    const rec = record([path.join(dir, 'p')], dir);
    expect(rec.stdout.toString()).toBe('0\n');
    const r = replay([rec.db]);
    expect(r.status).toBe(3);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toMatch(/^trace-replay: cannot replay stop \d+ \(thread \d+\)/);
    expect(r.stderr).toContain('ioctl request 0x801c581f is not one the recording captures the outputs of');
  });

  it('names the first call where a rebuilt program departs from the recording, exit 3', () => {
    const dir = scratchDir('replay-diverge');
    const src = path.join(repoRoot, 'test', 'fixtures', 'replay-divergence.c');
    const prog = path.join(dir, 'prog');
    writeFileSync(path.join(dir, 'a.txt'), 'from a\n');
    writeFileSync(path.join(dir, 'b.txt'), 'from b\n');
    execFileSync('cc', ['-O0', `-DNAME="a.txt"`, '-o', prog, src]);
    const rec = record([prog], dir);
    expect(rec.stdout.toString()).toBe('from a\n');
    execFileSync('cc', ['-O0', `-DNAME="b.txt"`, '-o', prog, src]);
    const r = replay([rec.db]);
    expect(r.status).toBe(3);
    expect(r.stdout.toString()).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines[0]).toMatch(/^trace-replay: divergence at stop \d+ \(thread \d+\)$/);
    expect(lines[1]).toMatch(/^ {2}recorded: \d+ +openat\(AT_FDCWD, "a\.txt", O_RDONLY\) += 3$/);
    expect(lines[2]).toBe('  live:     openat(0xffffff9c, "b.txt", 0, 0)');
    expect(lines[3]).toBe('  the 3 calls before it, recorded:');
    expect(lines.slice(4, 7).every((l) => /^ {4}\d+ +\w+\(/.test(l))).toBe(true);
    expect(lines[7]).toBe(
      `  cause: a different path: argument 2 (filename) differs ("b.txt", recorded "a.txt"); likely cause: "${prog}" changed since the recording (its sha256 differs)`,
    );
  });

  it('a program gone since the recording: its execve fails live, and the cause names it', () => {
    const dir = scratchDir('replay-gone-prog');
    const sub = path.join(dir, 'bin');
    mkdirSync(sub);
    copyFileSync(fixture('hello'), path.join(sub, 'p'));
    chmodSync(path.join(sub, 'p'), 0o755);
    const rec = record(['sh', '-c', `cd ${sub} && ./p`], dir);
    expect(rec.stdout.toString()).toBe('hello\n');
    rmSync(path.join(sub, 'p'));
    const r = replay([rec.db]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/\n {2}recorded: \d+ +execve\("\.\/p", \["\.\/p"\], 0x[0-9a-f]+ \/\* \d+ vars \*\/\) = 0\n/);
    expect(r.stderr).toContain('\n  cause: execve returned -1 ENOENT, recorded 0; likely cause: "./p" gives ENOENT now (the file or the working directory changed)\n');
  });

  it('--cwd: the program starts elsewhere; what it runs from there must be there', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((n) => scratchDir(`replay-cwd-${n}`));
    for (const d of [a, b]) copyFileSync(fixture('hello'), path.join(d, 'hello'));
    for (const d of [a, b]) chmodSync(path.join(d, 'hello'), 0o755);
    const rec = record(['sh', '-c', './hello'], a);
    expect(rec.stdout.toString()).toBe('hello\n');
    const there = replay(['--cwd', b, rec.db]);
    expect([there.status, there.stdout.toString(), there.stderr]).toEqual([0, 'hello\n', '']);
    const missing = replay(['--cwd', c, rec.db]);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('\n  cause: execve returned -1 ENOENT, recorded 0; likely cause: "./hello" gives ENOENT now (the file or the working directory changed)\n');
  });

  it('a recording made with ASLR on diverges at its first address, and says why', () => {
    expect(readFileSync('/proc/sys/kernel/randomize_va_space', 'utf8').trim()).not.toBe('0'); // the machine randomizes
    const db = path.join(scratchDir('replay-aslr'), 'run.db');
    const rec = run(process.execPath, [traceRecBin, '-q', '-o', db, '--', fixture('hello')], { cwd: scratchDir('replay-aslr-cwd') });
    expect(rec.status).toBe(0);
    const r = replay(['--force', db]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/\n {2}recorded: \d+ +brk\(NULL\) += 0x[0-9a-f]+\n/);
    expect(r.stderr).toMatch(/\n {2}cause: brk returned 0x[0-9a-f]+, recorded 0x[0-9a-f]+; likely cause: the recording was made with ASLR on \(its stack at 0x7f[0-9a-f]+\): addresses differ in every run; record with setarch -R or --replayable\n$/);
  });

  it('refuses a read that --capture-bytes 16 cut, naming it', () => {
    // Static, and at a path short enough for readlink("/proc/self/exe") to fit in 16 bytes:
    // the first output the recording lacks is then the read's.
    const dir = mkdtempSync('/tmp/r');
    try {
      execFileSync('cc', ['-O0', '-static', '-o', path.join(dir, 'p'), path.join(repoRoot, 'test', 'fixtures', 'replay-divergence.c')]);
      writeFileSync(path.join(dir, 'a.txt'), randomBytes(100));
      const rec = record([path.join(dir, 'p')], dir, { recArgs: ['--capture-bytes', '16'], plain: true });
      expect(rec.status).toBe(0);
      const r = replay(['--force', rec.db]);
      expect(r.status).toBe(3);
      expect(r.stdout.length).toBe(0);
      const lines = r.stderr.split('\n');
      expect(lines[0]).toMatch(/^trace-replay: cannot replay stop \d+ \(thread \d+\): the recording cannot answer this call$/);
      expect(lines[1]).toMatch(/^ {2}recorded: \d+ +read\(3, 0x[0-9a-f]+, 64\) += 64$/);
      expect(lines.at(-2)).toBe(
        '  cause: the recording cannot answer this read: its argument 2 (buf) output was cut at 16 of 64 bytes (recorded without --replayable; see --capture-bytes)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a recording made without --replayable unless --force, in one line', () => {
    const rec = record(['true'], scratchDir('replay-refuse'), { plain: true });
    const r = replay([rec.db]);
    expect(r.status).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toBe(
      `trace-replay: ${rec.db} was recorded without --replayable: it lacks ASLR off, the vDSO hidden (time read without syscalls), rdtsc trapped, the AT_RANDOM bytes, full captures (reads cut at 65536 bytes), copies of mapped files; replay it anyway with --force\n`,
    );
    expect(replay(['--force', rec.db]).status).toBe(0);
  });

  it('Ctrl-C kills the replayed program and exits 130', async () => {
    // 30000 one-byte reads and writes: some seconds of replay to interrupt.
    const rec = record(['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=30000'], scratchDir('replay-int'));
    expect(rec.status).toBe(0);
    const child = spawn(process.execPath, [traceReplayBin, rec.db], { env: testEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const ended = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (code, sig) => resolve([code, sig])));
    const comm = (pid: number): string => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      } catch {
        return '';
      }
    };
    let dd: number | undefined;
    for (let i = 0; i < 200 && dd === undefined; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const kids = readdirSync(`/proc/${child.pid}/task`).flatMap((t) => readFileSync(`/proc/${child.pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
      dd = kids.find((p) => comm(p) === 'dd');
    }
    expect(dd).toBeDefined();
    child.kill('SIGINT');
    expect(await ended).toEqual([130, null]);
    await new Promise((r) => setTimeout(r, 200));
    expect(existsSync(`/proc/${dd}`)).toBe(false);
  });

  it('--until SEQ leaves the program stopped before that call, for gdb -p', async () => {
    const dir = scratchDir('replay-until');
    const rec = record([fixture('hello')], dir);
    const db = new Database(rec.db, { readonly: true });
    const seq = db.prepare("SELECT entry_seq FROM syscalls WHERE name = 'write'").pluck().get() as number;
    db.close();
    // files, not pipes: the stopped program keeps trace-replay's stdout and stderr open
    const out = path.join(dir, 'out');
    const err = path.join(dir, 'err');
    const fds = [openSync(out, 'w'), openSync(err, 'w')];
    const r = spawnSync(process.execPath, [traceReplayBin, '--until', String(seq), rec.db], { env: testEnv(), stdio: ['ignore', fds[0], fds[1]], timeout: 60_000 });
    for (const fd of fds) closeSync(fd);
    expect(r.status).toBe(0);
    const text = readFileSync(err, 'utf8');
    const m = /^trace-replay: stopped before stop (\d+) \(thread \d+, live pid (\d+)\): \d+ +write\(1, "hello\\n", 6\) += 6\n {2}attach a debugger: gdb -p (\d+)\n$/.exec(text);
    expect(m, text).not.toBeNull();
    const pid = Number(m![2]);
    expect([Number(m![1]), Number(m![3])]).toEqual([seq, pid]);
    try {
      expect(/^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]).toBe('T');
      expect(readFileSync(out, 'utf8')).toBe(''); // stopped before its write
      // gdb attached where the program stands: on the syscall instruction (0f 05) of libc's write
      const g = run('gdb', ['-batch', '-nx', '-p', String(pid), '-ex', 'x/2xb $pc']);
      expect(g.stdout.toString()).toMatch(/<__GI___libc_write\+\d+>:\s+0x0f\s+0x05/);
      // (whether gdb's detach leaves it stopped or lets it go on is gdb's and the kernel's affair,
      // and varies from run to run; what trace-replay promised was checked above)
      process.kill(pid, 'SIGCONT'); // untraced now: the write runs for real
      for (let i = 0; i < 100 && readFileSync(out, 'utf8') === ''; i++) await new Promise((res) => setTimeout(res, 20));
      expect(readFileSync(out, 'utf8')).toBe('hello\n');
    } finally {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // it ended
      }
    }
  });

  it("--until 'syscall=…,path=…' stops at the first recorded call the filter selects, as trace-q's options select", () => {
    const dir = scratchDir('replay-until-filter');
    writeFileSync(path.join(dir, 'a.conf'), 'x=1\n');
    const rec = record(['sh', '-c', 'cat /etc/hostname a.conf'], dir);
    const db = new Database(rec.db, { readonly: true });
    const seq = db.prepare("SELECT entry_seq FROM syscalls WHERE name = 'openat' AND path GLOB '*.conf' ORDER BY id LIMIT 1").pluck().get() as number;
    db.close();
    const err = path.join(dir, 'err');
    const fd = openSync(err, 'w');
    const r = spawnSync(process.execPath, [traceReplayBin, '-q', '--until', 'syscall=openat,read,path=*.conf', rec.db], { env: testEnv(), stdio: ['ignore', 'ignore', fd], timeout: 60_000 });
    closeSync(fd);
    const m = /^trace-replay: stopped before stop (\d+) \(thread \d+, live pid (\d+)\): \d+ +openat\(AT_FDCWD, "a\.conf", O_RDONLY\) += 3\n/.exec(readFileSync(err, 'utf8'));
    expect(m, readFileSync(err, 'utf8')).not.toBeNull();
    process.kill(Number(m![2]), 'SIGKILL');
    expect([r.status, Number(m![1])]).toEqual([0, seq]);
    for (const [until, message] of [
      ['path=/nowhere', 'no recorded syscall matches'],
      ['color=red', 'expected a stop seq or KEY=VALUE,… with KEY one of syscall, path, pid, tid, fd, errno'],
      ['syscall=bogus', "unknown syscall 'bogus'"],
      ['0', `the recording's stops are 1 to `],
    ]) {
      const bad = replay(['--until', until, rec.db]);
      expect(bad.stderr).toMatch(new RegExp(`^trace-replay: --until ${until.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(bad.status).toBe(2);
    }
  });

  it('bad input is one line and exit 2', () => {
    const dir = scratchDir('replay-bad');
    const notDb = path.join(dir, 'not.db');
    writeFileSync(notDb, 'hello');
    for (const [args, msg] of [
      [[path.join(dir, 'missing.db')], `trace-replay: ${path.join(dir, 'missing.db')}: no such file\n`],
      [['--force', '--cwd', path.join(dir, 'nowhere'), notDb], null],
    ] as const) {
      const r = replay([...args]);
      expect(r.status).toBe(2);
      expect(r.stderr.split('\n')).toHaveLength(2);
      if (msg !== null) expect(r.stderr).toBe(msg);
    }
  });
});

