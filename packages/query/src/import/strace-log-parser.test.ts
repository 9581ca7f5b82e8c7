import { describe, expect, it } from 'vitest';
import { parseIntArg, parseStringArray, parseStringLiteral, splitArgs } from './strace-args.js';
import { looksLikeStraceLog, parseReturnText, parseStraceLog } from './strace-log-parser.js';
import type { LogSyscall } from './strace-log-parser.js';

const syscalls = (text: string): LogSyscall[] => parseStraceLog(text).events.filter((e): e is LogSyscall => e.kind === 'syscall');

describe('parseStraceLog', () => {
  it('reads plain strace -f -o lines', () => {
    const log = parseStraceLog(
      [
        '1081  execve("/usr/bin/env", ["env", "A=1"], 0x7ffd1c193698 /* 35 vars */) = 0',
        '1081  access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory)',
        '1081  mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7fe8560b0000',
        '1081  exit_group(0)                     = ?',
        '1081  +++ exited with 0 +++',
      ].join('\n'),
    );
    expect(log.problems).toEqual([]);
    const calls = log.events.filter((e) => e.kind === 'syscall') as LogSyscall[];
    expect(calls.map((c) => [c.tid, c.name, c.ret, c.errno])).toEqual([
      [1081, 'execve', 0, null],
      [1081, 'access', -2, 'ENOENT'],
      [1081, 'mmap', 0x7fe8560b0000, null],
      [1081, 'exit_group', null, null],
    ]);
    expect(calls[1].start.line).toBe(2);
    expect(log.events.at(-1)).toMatchObject({ kind: 'exit', tid: 1081, code: 0 });
  });

  it('joins <unfinished ...> and <... resumed> halves at the entry, with -tt and -T', () => {
    const text = [
      '9061  10:51:08.647854 close(3<pipe:[150759]> <unfinished ...>',
      '9060  10:51:08.647896 newfstatat(AT_FDCWD</tmp/tdw>, "/root/.cargo/bin/cat",  <unfinished ...>',
      '9061  10:51:08.647942 <... close resumed>) = 0 <0.000051>',
      '9060  10:51:08.648000 <... newfstatat resumed>0x7ffc, 0) = -1 ENOENT (No such file or directory) <0.000060>',
    ].join('\n');
    const log = parseStraceLog(text);
    expect(log.problems).toEqual([]);
    expect(log.timestamps).toBe('tt');
    expect(log.syscallTimes).toBe(true);
    const [close, stat] = log.events as LogSyscall[];
    expect(close).toMatchObject({ tid: 9061, name: 'close', args: '3<pipe:[150759]>', ret: 0, duration: 51_000n });
    expect(close.start.line).toBe(1);
    expect(close.end?.line).toBe(3);
    expect(stat).toMatchObject({ name: 'newfstatat', ret: -2, errno: 'ENOENT', args: 'AT_FDCWD</tmp/tdw>, "/root/.cargo/bin/cat", 0x7ffc, 0' });
    expect(close.start.time).toBe(BigInt(10 * 3600 + 51 * 60 + 8) * 1_000_000_000n + 647_854_000n);
  });

  it('accepts -ttt, -r, -i, -n and [pid N] prefixes, and lines without a pid', () => {
    expect(syscalls('9070  1796035868.689184 brk(NULL) = 0x5632078be000')[0]).toMatchObject({ tid: 9070, name: 'brk' });
    expect(parseStraceLog('9070  1796035868.689184 brk(NULL) = 0x5632078be000').timestamps).toBe('ttt');
    expect(parseStraceLog('     0.000458 brk(NULL)                 = 0x555a9a892000').timestamps).toBe('r');
    expect(syscalls('[  12] [00007f602514fc47] brk(NULL)     = 0x564e891a6000')[0]).toMatchObject({ tid: 0, name: 'brk' });
    expect(syscalls('[pid  4242] write(1, "a\\n", 2) = 2')[0]).toMatchObject({ tid: 4242, name: 'write', ret: 2 });
    expect(syscalls('10:31:02 getpid() = 55')[0]).toMatchObject({ tid: 55, name: 'getpid', ret: 55 });
  });

  it('counts and skips strace -k stack-trace lines; adds up -r deltas; reads -tt across midnight', () => {
    const k = parseStraceLog('1  close(3) = 0\n > /usr/lib/libc.so.6(__close+0x14) [0x1147d4]\n > /usr/bin/sh(main+0x3) [0x1]\n1  getpid() = 1\n');
    expect(k).toMatchObject({ problems: [], stackLines: 2 });
    expect(k.events).toHaveLength(2);
    const r = syscalls('1       0.000000 getpid() = 1\n1       0.000250 getpid() = 1\n1       1.000001 getpid() = 1');
    expect(r.map((e) => e.start.time)).toEqual([0n, 250_000n, 1_000_251_000n]);
    const night = syscalls('1  23:59:59.999999 getpid() = 1\n1  00:00:00.000002 getpid() = 1');
    expect(night[1].start.time! - night[0].start.time!).toBe(3_000n);
  });

  it('reads signal, group-stop, killed and superseded lines', () => {
    const log = parseStraceLog(
      [
        '12  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=13, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---',
        '12  --- stopped by SIGSTOP ---',
        '12  +++ killed by SIGSEGV (core dumped) +++',
        '14  +++ superseded by execve in pid 15 +++',
      ].join('\n'),
    );
    expect(log.problems).toEqual([]);
    expect(log.events.map((e) => e.kind)).toEqual(['signal', 'stopped', 'killed', 'superseded']);
    expect(log.events[0]).toMatchObject({ sig: 17, signame: 'SIGCHLD' });
    expect(log.events[2]).toMatchObject({ sig: 11, core: true });
  });

  it('reports lines it does not understand with their numbers, and goes on', () => {
    const log = parseStraceLog(['1  getpid() = 1', 'garbage here', '1  <... read resumed>) = 0', '1  getuid() = 0'].join('\n'));
    expect(log.problems).toEqual([
      { line: 2, text: 'garbage here', reason: 'not a syscall, signal or exit line' },
      { line: 3, text: '1  <... read resumed>) = 0', reason: '"read resumed" without an unfinished read in 1' },
    ]);
    expect(log.events.map((e) => (e.kind === 'syscall' ? e.name : e.kind))).toEqual(['getpid', 'getuid']);
  });

  it('takes the id of a log without a pid column from set_tid_address', () => {
    const log = parseStraceLog('execve("./a", ["./a"], 0x1 /* 1 var */) = 0\nset_tid_address(0x7f00) = 4321\nexit_group(0) = ?\n+++ exited with 0 +++\n');
    expect(log.noPidTid).toBe(4321);
    expect(new Set(log.events.map((e) => e.tid))).toEqual(new Set([4321]));
  });

  it('skips strace\'s own notes', () => {
    expect(parseStraceLog('strace: Process 123 attached\n123  getpid() = 123').problems).toEqual([]);
  });

  it('keeps a syscall that never resumed, without a return', () => {
    const [c] = syscalls('5  read(0,  <unfinished ...>\n5  +++ killed by SIGKILL +++');
    expect(c).toMatchObject({ name: 'read', retText: null, ret: null, end: null });
  });
});

describe('parseReturnText', () => {
  it.each([
    ['?', null, null],
    ['? <unavailable>', null, null],
    ['? ERESTARTSYS (To be restarted if SA_RESTART is set)', -512, 'ERESTARTSYS'],
    ['-1 ENOENT (No such file or directory)', -2, 'ENOENT'],
    ['3</etc/ld.so.cache>', 3, null],
    ['0x7fe8560b0000', 0x7fe8560b0000, null],
    ['1 ([{fd=7, revents=POLLIN}])', 1, null],
    ['0 (Timeout)', 0, null],
    ['-1 (errno 531)', -531, null],
  ] as const)('%s', (text, ret, errno) => {
    expect(parseReturnText(text)).toEqual({ ret, errno });
  });
});

describe('strace argument text', () => {
  it('splits at top-level commas only', () => {
    expect(splitArgs('AT_FDCWD</tmp/a, b>, "x, y", {a=1, b=[2, 3]}, 0')).toEqual(['AT_FDCWD</tmp/a, b>', '"x, y"', '{a=1, b=[2, 3]}', '0']);
    expect(splitArgs('')).toEqual([]);
    expect(splitArgs('3, "abc"..., 4096')).toEqual(['3', '"abc"...', '4096']);
  });

  it('decodes string literals', () => {
    expect(parseStringLiteral('"a\\nb\\0\\377\\x41\\"')).toBeNull();
    expect(parseStringLiteral('"a\\nb\\0\\377\\x41"')).toEqual({ bytes: Buffer.from([0x61, 10, 0x62, 0, 0xff, 0x41]), truncated: false });
    expect(parseStringLiteral('"abc"...')?.truncated).toBe(true);
    expect(parseStringArray('["env", "LD_LIBRARY_PATH=/tmp"..., "./hello"]')?.map((s) => [s.bytes.toString(), s.truncated])).toEqual([
      ['env', false],
      ['LD_LIBRARY_PATH=/tmp', true],
      ['./hello', false],
    ]);
  });

  it('reads integers the way the registers held them', () => {
    expect(parseIntArg('AT_FDCWD')).toBe(-100);
    expect(parseIntArg('AT_FDCWD</tmp>')).toBe(-100);
    expect(parseIntArg('3</etc/passwd>')).toBe(3);
    expect(parseIntArg('NULL')).toBe(0);
    expect(parseIntArg('0644')).toBe(0o644);
    expect(parseIntArg('0xffffffffffffffff')).toBe(-1);
    expect(parseIntArg('O_RDONLY')).toBeNull();
  });
});

describe('looksLikeStraceLog', () => {
  it('tells strace output from other text', () => {
    expect(looksLikeStraceLog('1  execve("/bin/true", ["true"], 0x1 /* 1 var */) = 0\n1  brk(NULL) = 0x1\n')).toBe(true);
    expect(looksLikeStraceLog('hello world\nnot strace\n')).toBe(false);
    expect(looksLikeStraceLog('')).toBe(false);
  });
});
