// i386 syscalls (int $0x80) made by a 64-bit program: trace-rec marks them (stop.abi,
// syscall.abi) and trace-q names and decodes them with the i386 table, printing what
// `strace -f -o LOG` (strace 6.1) prints for the same run, also with -e trace= and -e raw=.
// Compared through the built bins by the harness of trace-q-strace.test.ts.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, scratchDir } from './support/paths.js';
import type { Comparison } from './support/strace-diff.js';
import { compareLogs, runRecorder, runStrace } from './support/strace-diff.js';

const traceQBin = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');
const traceDiffBin = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-diff.js');

function traceQ(db: string, args: readonly string[]): string {
  const r = spawnSync(process.execPath, [traceQBin, db, ...args], { encoding: 'utf8' });
  if (r.error) throw r.error;
  expect(r.stderr, `trace-q ${args.join(' ')}`).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

function explain(c: Comparison): string {
  return c.diffs
    .slice(0, 20)
    .map((d) => `  [${d.thread}] ${d.strace !== null ? `strace: ${d.strace}` : `trace-q: ${d.rendered}`}`)
    .join('\n');
}

function expectSame(straceLog: string, ours: string, what: string): void {
  const c = compareLogs(straceLog, ours);
  expect(c.diffs, `${what}\n${explain(c)}`).toEqual([]);
  expect(c.misaligned, what).toEqual([]);
  expect(c.identical, what).toBe(c.lines - c.timingOnly[0]);
  expect(c.identical, what).toBe(c.renderedLines - c.timingOnly[1]);
}

describe('int $0x80 from a 64-bit program', () => {
  it('prints the i386 calls as strace does, with and without -e options', { timeout: 120_000 }, () => {
    const argv = [fixture('int80')];
    const cwd = scratchDir('cwd');
    const db = runRecorder(argv, cwd);
    const plain = traceQ(db, []);
    // the lines that were wrong with the x86_64 table (getpid printed as writev, write as stat)
    expect(plain).toMatch(/^\d+ +getpid\(\) += \d+$/m);
    expect(plain).toMatch(/^\d+ +write\(1, "hello int80\\n", 12\) += 12$/m);
    expect(plain).toMatch(/^\d+ +open\("\/nonexistent\/int80", O_RDONLY\) += -1 ENOENT \(No such file or directory\)$/m);
    expect(plain).toMatch(/^\d+ +syscall_0x3e7\(0x1, 0x2, 0x3, /m);
    expect(plain).toMatch(/\n\d+ +exit_group\(0\) += \?\n\d+ +\+\+\+ exited with 0 \+\+\+\n$/);
    expectSame(runStrace(argv, cwd), plain, 'int80');
    // (not raw=getpid: its pid in hex is not masked by the harness)
    for (const o of [['-e', 'trace=getpid'], ['-e', 'trace=open,write'], ['-e', 'trace=!write'], ['-e', 'trace=none'], ['-e', 'trace=%file'], ['-e', 'trace=%creds,%desc'], ['-e', 'raw=write,open']]) {
      expectSame(runStrace(argv, cwd, o), traceQ(db, o), `int80 ${o.join(' ')}`);
    }
  });

  it('-c prints a second table for the i386 calls, as strace -c does', { timeout: 60_000 }, () => {
    const argv = [fixture('int80')];
    const cwd = scratchDir('cwd');
    const db = runRecorder(argv, cwd);
    // times differ between two runs: from the calls column on (calls, errors, name), and the
    // titles; sorted by name, since the default order is by time
    const counts = (text: string): string[] => text.trimEnd().split('\n').map((l) => (l.startsWith('System call') ? l : l.slice(31)));
    for (const o of [[], ['-e', 'trace=getpid']]) {
      const theirs = counts(runStrace(argv, cwd, ['-c', '-S', 'name', ...o]));
      expect(theirs).toContain('System call usage summary for 32 bit mode:');
      expect(counts(traceQ(db, ['-c', '-S', 'name', ...o])), o.join(' ')).toEqual(theirs);
    }
  });

  it('prints i386 structs in their i386 layouts, and socketcall and ipc as their subcalls, as strace does', { timeout: 240_000 }, () => {
    const argv = [fixture('int80-structs')];
    const cwd = scratchDir('cwd');
    const db = runRecorder(argv, cwd);
    const plain = traceQ(db, []);
    // lines that printed addresses (or socketcall/ipc) before the i386 layouts
    const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // (the return value is aligned: spaces before "= ")
    const line = (text: string): RegExp => {
      const at = text.lastIndexOf(' = ');
      return new RegExp(`^\\d+ +${escape(text.slice(0, at))} += ${escape(text.slice(at + 3))}$`, 'm');
    };
    expect(plain).toMatch(line('stat64("int80-structs.tmp", {st_mode=S_IFREG|0640, st_size=10, ...}) = 0'));
    expect(plain).toMatch(line('fstat(3, {st_mode=S_IFREG|0640, st_size=10, ...}) = 0'));
    expect(plain).toMatch(line('_llseek(3, 0, [10], SEEK_END) = 0'));
    expect(plain).toMatch(line('mmap(0x30000000, 4096, PROT_READ, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0) = 0x30000000'));
    expect(plain).toMatch(line('ugetrlimit(RLIMIT_NOFILE, 0xdeadbeef) = -1 EFAULT (Bad address)'));
    expect(plain).toMatch(line('nanosleep({tv_sec=0, tv_nsec=1000}, NULL) = 0'));
    expect(plain).toMatch(line('sigaction(SIGUSR2, {sa_handler=SIG_IGN, sa_mask=[TERM], sa_flags=SA_RESTART}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}) = 0'));
    expect(plain).toMatch(line('writev(1, [{iov_base="ab", iov_len=2}, {iov_base="cde\\n", iov_len=4}], 2) = 6'));
    expect(plain).toMatch(line('connect(4, {sa_family=AF_UNIX, sun_path="/nonexistent/int80.sock"}, 26) = -1 ENOENT (No such file or directory)'));
    expect(plain).toMatch(line('socketcall(SYS_CONNECT, 0xdeadbeef) = -1 EFAULT (Bad address)'));
    expect(plain).toMatch(line('semop(-1, [{sem_num=0, sem_op=0, sem_flg=0}], 1) = -1 EINVAL (Invalid argument)'));
    expectSame(runStrace(argv, cwd), plain, 'int80-structs');
    const options = [
      ['-X', 'verbose'], ['-X', 'raw'], ['-x'], ['-s', '2'], ['-y'], ['-e', 'trace=%net', '-y'], ['-e', 'verbose=!stat64,fstat,_llseek,mmap,nanosleep,rt_sigaction,sigaction,writev,connect,semop'],
      // subcalls are selected by their names and classes; a socketcall whose array was unreadable stays socketcall
      ['-e', 'trace=socketcall'], ['-e', 'trace=connect,send,recv,semop'], ['-e', 'trace=%network'], ['-e', 'trace=%ipc'], ['-e', 'trace=%memory'],
      ['-e', 'trace=!socket,semget'], ['-e', 'trace=/^s'], ['-e', 'trace=%file'], ['-e', 'trace=%stat,%fstat,%statfs'],
      ['-e', 'raw=_llseek,mmap2,socketcall'], ['-e', 'raw=connect,semget,ipc'], ['-e', 'trace=%net,%ipc', '-e', 'raw=all'],
    ];
    for (const o of options) expectSame(runStrace(argv, cwd, o), traceQ(db, o), `int80-structs ${o.join(' ')}`);
    const counts = (text: string): string[] => text.trimEnd().split('\n').map((l) => (l.startsWith('System call') ? l : l.slice(31)));
    for (const o of [[], ['-e', 'trace=%ipc']]) {
      expect(counts(traceQ(db, ['-c', '-S', 'name', ...o])), `-c ${o.join(' ')}`).toEqual(counts(runStrace(argv, cwd, ['-c', '-S', 'name', ...o])));
    }
  });

  it('trace-diff compares two runs of the i386 structs fixture (old mmap has no descriptor argument)', { timeout: 60_000 }, () => {
    const cwd = scratchDir('cwd');
    const a = runRecorder([fixture('int80-structs')], cwd);
    const b = runRecorder([fixture('int80-structs')], cwd);
    const r = spawnSync(process.execPath, [traceDiffBin, a, b], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.status);
  });

  it('records which calls were i386 ones: the abi column says so for exactly those', { timeout: 60_000 }, () => {
    const db = runRecorder([fixture('int80')], scratchDir('cwd'));
    const rows = (sql: string): unknown[][] => JSON.parse(traceQ(db, ['--sql', sql, '--format', 'json'])).map((r: Record<string, unknown>) => Object.values(r));
    expect(rows("SELECT nr, name FROM syscalls WHERE abi = 'i386' ORDER BY id")).toEqual([
      [20, 'getpid'],
      [4, 'write'],
      [5, 'open'],
      [6, 'close'],
      [60, 'umask'],
      [199, 'getuid32'],
      [999, null],
      [20, 'getpid'],
      [252, 'exit_group'],
    ]);
    // every other syscall is the recording's own ABI, and the stops agree with their syscall rows
    expect(rows("SELECT DISTINCT abi FROM syscalls WHERE abi <> 'i386'")).toEqual([['x86_64']]);
    // exit_group's entry only: it never returns
    expect(rows("SELECT count(*) FROM stops WHERE abi = 'i386'")).toEqual([[17]]);
    expect(rows("SELECT count(*) FROM syscalls s JOIN stops e ON e.seq = s.entry_seq JOIN stops x ON x.seq = s.exit_seq WHERE e.abi <> s.abi OR x.abi <> s.abi")).toEqual([[0]]);
    expect(rows("SELECT count(*) FROM stops WHERE abi IS NOT NULL AND kind NOT IN ('syscall-entry', 'syscall-exit')")).toEqual([[0]]);
  });

  it('trace-diff keys i386 calls by their i386 names', { timeout: 60_000 }, () => {
    const cwd = scratchDir('cwd');
    const a = runRecorder([fixture('int80')], cwd);
    const b = runRecorder([fixture('int80'), 'skip'], cwd);
    const r = spawnSync(process.execPath, [traceDiffBin, a, b], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^- write\(1, "hello int80\\n", 12\) = 12$/m);
    // the i386 calls both runs made line up with each other
    expect(r.stdout).toMatch(/^ {2}getpid\(\) = <pid 1>$/m);
    expect(r.stdout).toMatch(/^ {2}open\("\/nonexistent\/int80", O_RDONLY\) = -1 ENOENT/m);
    expect(r.stdout).not.toMatch(/stat\(|writev\(/);
  });
});
