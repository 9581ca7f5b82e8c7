// The strace parser, on strace 6.1's real output (captured on this machine
// with `strace -f -q -o FILE`), and runStrace() on a real program.

import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.js';
import { runCwd, testEnv } from './paths.js';
import { firstStringArg, parseReturn, parseStrace, runStrace, type StraceEvent, type SyscallEvent } from './strace-oracle.js';
import { labelTids, maskReturn, perThread } from './compare.js';

const syscalls = (evs: StraceEvent[]): SyscallEvent[] => evs.filter((e): e is SyscallEvent => e.kind === 'syscall');
const brief = (evs: StraceEvent[]) =>
  evs.map((e) => {
    const { args: _args, ...rest } = e as SyscallEvent;
    return e.kind === 'syscall' ? rest : e;
  });

describe('parseReturn', () => {
  it('decimal, hex, and annotated returns', () => {
    expect(parseReturn('0')).toEqual({ ret: 0 });
    expect(parseReturn('18764')).toEqual({ ret: 18764 });
    expect(parseReturn('0x7ffff7fc0000')).toEqual({ ret: 0x7ffff7fc0000 });
    expect(parseReturn('1 ([{fd=7, revents=POLLIN|POLLHUP}])')).toEqual({ ret: 1 });
    expect(parseReturn('0 (Timeout)')).toEqual({ ret: 0 });
  });
  it('errors become the raw -errno', () => {
    expect(parseReturn('-1 ENOENT (No such file or directory)')).toEqual({ ret: -2, errno: 'ENOENT' });
    expect(parseReturn('-1 EBADF (Bad file descriptor)')).toEqual({ ret: -9, errno: 'EBADF' });
    expect(parseReturn('-1 ECHILD (No child processes)')).toEqual({ ret: -10, errno: 'ECHILD' });
    expect(parseReturn('-1 EINTR (Interrupted system call)')).toEqual({ ret: -4, errno: 'EINTR' });
  });
  it('? and the kernel-internal restart codes', () => {
    expect(parseReturn('?')).toEqual({ ret: null });
    expect(parseReturn('? <unavailable>')).toEqual({ ret: null });
    expect(parseReturn('? ERESTARTSYS (To be restarted if SA_RESTART is set)')).toEqual({ ret: -512, errno: 'ERESTARTSYS' });
    expect(parseReturn('? ERESTARTNOINTR (To be restarted)')).toEqual({ ret: -513, errno: 'ERESTARTNOINTR' });
    expect(parseReturn('? ERESTARTNOHAND (To be restarted if no handler)')).toEqual({ ret: -514, errno: 'ERESTARTNOHAND' });
    expect(parseReturn('? ERESTART_RESTARTBLOCK (Interrupted by signal)')).toEqual({ ret: -516, errno: 'ERESTART_RESTARTBLOCK' });
  });
  it('rejects what it does not know', () => {
    expect(() => parseReturn('-1 ENOSUCHERRNO (x)')).toThrow(/unknown errno/);
    expect(() => parseReturn('banana')).toThrow(/cannot parse/);
  });
});

describe('parseStrace', () => {
  it('single-threaded: complete lines, hex and error returns, exit', () => {
    const out = [
      '4805  execve("/bin/true", ["/bin/true"], 0x7fffffffe810 /* 35 vars */) = 0',
      '4805  brk(NULL)                         = 0x55555555e000',
      '4805  access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory)',
      '4805  openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3',
      '4805  set_tid_address(0x7ffff7dd2a10)   = 4805',
      '4805  exit_group(0)                     = ?',
      '4805  +++ exited with 0 +++',
      '',
    ].join('\n');
    const evs = parseStrace(out);
    expect(brief(evs)).toEqual([
      { kind: 'syscall', pid: 4805, name: 'execve', ret: 0 },
      { kind: 'syscall', pid: 4805, name: 'brk', ret: 0x55555555e000 },
      { kind: 'syscall', pid: 4805, name: 'access', ret: -2, errno: 'ENOENT' },
      { kind: 'syscall', pid: 4805, name: 'openat', ret: 3 },
      { kind: 'syscall', pid: 4805, name: 'set_tid_address', ret: 4805 },
      { kind: 'syscall', pid: 4805, name: 'exit_group', ret: null },
      { kind: 'exit', pid: 4805, code: 0 },
    ]);
    expect(firstStringArg((evs[0] as SyscallEvent).args)).toBe('/bin/true');
    expect((evs[0] as SyscallEvent).args).toBe('"/bin/true", ["/bin/true"], 0x7fffffffe810 /* 35 vars */');
  });

  it('merges unfinished/resumed pairs per pid, in entry order', () => {
    // threads4: interleaved threads
    const out = [
      '18752 rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0',
      '18753 rseq(0x7ffff7dd1fe0, 0x20, 0, 0x53053053 <unfinished ...>',
      '18752 mmap(NULL, 266240, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK, -1, 0 <unfinished ...>',
      '18753 <... rseq resumed>)               = 0',
      '18752 <... mmap resumed>)               = 0x7ffff7d50000',
      '18752 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7ffff7d90990, parent_tid=0x7ffff7d90990, exit_signal=0, stack=0x7ffff7d50000, stack_size=0x3ff80, tls=0x7ffff7d906c0} <unfinished ...>',
      '18753 write(4, "AI\\0\\0", 4 <unfinished ...>',
      '18753 <... write resumed>)              = 4',
      '18752 <... clone3 resumed> => {parent_tid=[18754]}, 88) = 18754',
      '18752 read(3,  <unfinished ...>',
      '18752 <... read resumed>"AI\\0\\0", 4)    = 4',
      '18752 poll([{fd=7, events=POLLIN}], 1, -1 <unfinished ...>',
      '18753 exit(0 <unfinished ...>',
      '18753 <... exit resumed>)               = ?',
      '18753 +++ exited with 0 +++',
      '18752 <... poll resumed>)               = 1 ([{fd=7, revents=POLLIN|POLLHUP}])',
    ].join('\n');
    const evs = parseStrace(out);
    expect(brief(evs)).toEqual([
      { kind: 'syscall', pid: 18752, name: 'rt_sigprocmask', ret: 0 },
      { kind: 'syscall', pid: 18753, name: 'rseq', ret: 0 },
      { kind: 'syscall', pid: 18752, name: 'mmap', ret: 0x7ffff7d50000 },
      { kind: 'syscall', pid: 18752, name: 'clone3', ret: 18754 },
      { kind: 'syscall', pid: 18753, name: 'write', ret: 4 },
      { kind: 'syscall', pid: 18752, name: 'read', ret: 4 },
      { kind: 'syscall', pid: 18752, name: 'poll', ret: 1 },
      { kind: 'syscall', pid: 18753, name: 'exit', ret: null },
      { kind: 'exit', pid: 18753, code: 0 },
    ]);
    expect((evs[5] as SyscallEvent).args).toBe('3, "AI\\0\\0", 4');
    expect((evs[3] as SyscallEvent).args).toMatch(/^\{flags=CLONE_VM.* => \{parent_tid=\[18754\]\}, 88$/);
  });

  it('exec by a non-leader thread (thread-exec.c)', () => {
    // The leader's pause never returns; the execve entered by 18764 finishes under 18763.
    const out = [
      '18763 rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0',
      '18764 rseq(0x7ffff7dd1fe0, 0x20, 0, 0x53053053 <unfinished ...>',
      '18763 pause( <unfinished ...>',
      '18764 <... rseq resumed>)               = 0',
      '18764 set_robust_list(0x7ffff7dd19a0, 24) = 0',
      '18764 rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0',
      '18764 clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=200000000}, NULL) = 0',
      '18764 execve("/bin/true", ["true"], 0x7ffff7dd0ea8 /* 0 vars */ <unfinished ...>',
      '18763 <... pause resumed>)              = ?',
      '18763 +++ superseded by execve in pid 18764 +++',
      '18763 <... execve resumed>)             = 0',
      '18763 brk(NULL)                         = 0x55555555e000',
      '18763 exit_group(0)                     = ?',
      '18763 +++ exited with 0 +++',
    ].join('\n');
    const evs = parseStrace(out);
    expect(brief(evs)).toEqual([
      { kind: 'syscall', pid: 18763, name: 'rt_sigprocmask', ret: 0 },
      { kind: 'syscall', pid: 18764, name: 'rseq', ret: 0 },
      { kind: 'syscall', pid: 18763, name: 'pause', ret: null },
      { kind: 'syscall', pid: 18764, name: 'set_robust_list', ret: 0 },
      { kind: 'syscall', pid: 18764, name: 'rt_sigprocmask', ret: 0 },
      { kind: 'syscall', pid: 18764, name: 'clock_nanosleep', ret: 0 },
      { kind: 'syscall', pid: 18764, name: 'execve', ret: 0 },
      { kind: 'superseded', pid: 18763, by: 18764 },
      { kind: 'syscall', pid: 18763, name: 'brk', ret: 0x55555555e000 },
      { kind: 'syscall', pid: 18763, name: 'exit_group', ret: null },
      { kind: 'exit', pid: 18763, code: 0 },
    ]);
  });

  it('vfork: the parent resumes after the child execs', () => {
    const out = [
      '18827 vfork( <unfinished ...>',
      '18828 execve("/bin/true", ["true"], 0x7fffffffecc8 /* 0 vars */ <unfinished ...>',
      '18827 <... vfork resumed>)              = 18828',
      '18827 wait4(18828,  <unfinished ...>',
      '18828 <... execve resumed>)             = 0',
      '18828 exit_group(0)                     = ?',
      '18828 +++ exited with 0 +++',
      '18827 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 18828',
      '18827 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=18828, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---',
      '18827 exit_group(0)                     = ?',
      '18827 +++ exited with 0 +++',
    ].join('\n');
    const evs = parseStrace(out);
    expect(brief(evs)).toEqual([
      { kind: 'syscall', pid: 18827, name: 'vfork', ret: 18828 },
      { kind: 'syscall', pid: 18828, name: 'execve', ret: 0 },
      { kind: 'syscall', pid: 18827, name: 'wait4', ret: 18828 },
      { kind: 'syscall', pid: 18828, name: 'exit_group', ret: null },
      { kind: 'exit', pid: 18828, code: 0 },
      { kind: 'signal', pid: 18827, sig: 17, signame: 'SIGCHLD' },
      { kind: 'syscall', pid: 18827, name: 'exit_group', ret: null },
      { kind: 'exit', pid: 18827, code: 0 },
    ]);
    const labels = labelTids(syscalls(evs));
    expect(labels).toEqual(new Map([[18827, '1'], [18828, '1.1']]));
    expect(perThread(syscalls(evs))).toEqual({
      '1': ['vfork=TID<1.1>', 'wait4=TID<1.1>', 'exit_group=?'],
      '1.1': ['execve=0', 'exit_group=?'],
    });
  });

  it('signals, group-stops and deaths (signals.c, stopcont.c, segv.c)', () => {
    const out = [
      '18798 tgkill(18798, 18798, SIGUSR1)     = 0',
      '18798 --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=18798, si_uid=0} ---',
      '18798 write(1, "caught\\n", 7)           = 7',
      '18798 rt_sigreturn({mask=[]})           = 0',
      '18820 tgkill(18820, 18820, SIGSTOP)     = 0',
      '18820 --- SIGSTOP {si_signo=SIGSTOP, si_code=SI_TKILL, si_pid=18820, si_uid=0} ---',
      '18819 <... wait4 resumed>[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}], WSTOPPED, NULL) = 18820',
      '18820 --- stopped by SIGSTOP ---',
      '18820 --- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=18819, si_uid=0} ---',
      '18812 --- SIGTERM {si_signo=SIGTERM, si_code=SI_TKILL, si_pid=18812, si_uid=0} ---',
      '18812 +++ killed by SIGTERM +++',
      '18835 --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---',
      '18835 +++ killed by SIGSEGV (core dumped) +++',
      '19585 --- SIGRT_1 {si_signo=SIGRT_1, si_code=SI_TKILL, si_pid=19585, si_uid=0} ---',
    ].join('\n');
    // the wait4 line needs its unfinished half
    const evs = parseStrace('18819 wait4(18820,  <unfinished ...>\n' + out);
    expect(brief(evs)).toEqual([
      { kind: 'syscall', pid: 18819, name: 'wait4', ret: 18820 },
      { kind: 'syscall', pid: 18798, name: 'tgkill', ret: 0 },
      { kind: 'signal', pid: 18798, sig: 10, signame: 'SIGUSR1' },
      { kind: 'syscall', pid: 18798, name: 'write', ret: 7 },
      { kind: 'syscall', pid: 18798, name: 'rt_sigreturn', ret: 0 },
      { kind: 'syscall', pid: 18820, name: 'tgkill', ret: 0 },
      { kind: 'signal', pid: 18820, sig: 19, signame: 'SIGSTOP' },
      { kind: 'stopped', pid: 18820, sig: 19, signame: 'SIGSTOP' },
      { kind: 'signal', pid: 18820, sig: 18, signame: 'SIGCONT' },
      { kind: 'signal', pid: 18812, sig: 15, signame: 'SIGTERM' },
      { kind: 'killed', pid: 18812, sig: 15, signame: 'SIGTERM', core: false },
      { kind: 'signal', pid: 18835, sig: 11, signame: 'SIGSEGV' },
      { kind: 'killed', pid: 18835, sig: 11, signame: 'SIGSEGV', core: true },
      { kind: 'signal', pid: 19585, sig: 33, signame: 'SIGRT_1' },
    ]);
  });

  it('interrupted syscalls: ERESTARTSYS / ERESTART_RESTARTBLOCK and restart_syscall', () => {
    const out = [
      '19585 read(3, 0x7fff05cb087f, 1)        = ? ERESTARTSYS (To be restarted if SA_RESTART is set)',
      '19585 --- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---',
      '19585 rt_sigreturn({mask=[]})           = -1 EINTR (Interrupted system call)',
      '19585 clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=3, tv_nsec=0}, NULL) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)',
      '19585 read(5,  <unfinished ...>',
      '19643 clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=2, tv_nsec=0},  <unfinished ...>',
      '19585 <... read resumed>0x7fff05cb087f, 1) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)',
      '19585 restart_syscall(<... resuming interrupted clock_nanosleep ...>) = 0',
      '19643 <... clock_nanosleep resumed>0x7fff05cb0800) = 0',
    ].join('\n');
    expect(brief(parseStrace(out))).toEqual([
      { kind: 'syscall', pid: 19585, name: 'read', ret: -512, errno: 'ERESTARTSYS' },
      { kind: 'signal', pid: 19585, sig: 14, signame: 'SIGALRM' },
      { kind: 'syscall', pid: 19585, name: 'rt_sigreturn', ret: -4, errno: 'EINTR' },
      { kind: 'syscall', pid: 19585, name: 'clock_nanosleep', ret: -516, errno: 'ERESTART_RESTARTBLOCK' },
      { kind: 'syscall', pid: 19585, name: 'read', ret: -512, errno: 'ERESTARTSYS' },
      { kind: 'syscall', pid: 19643, name: 'clock_nanosleep', ret: 0 },
      { kind: 'syscall', pid: 19585, name: 'restart_syscall', ret: 0 },
    ]);
  });

  it('threads that die inside a syscall: "resumed> <unfinished ...>) = ?", never resumed, <unavailable>', () => {
    const out = [
      '19792 read(7,  <unfinished ...>',
      '19707 kill(19707, SIGKILL)              = ?',
      '19792 <... read resumed> <unfinished ...>) = ?',
      '19792 +++ killed by SIGKILL +++',
      '19707 +++ killed by SIGKILL +++',
      '20001 futex(0x7ffff7dd1990, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 20001, NULL, FUTEX_BITSET_MATCH_ANY <unfinished ...>',
      '20002 exit_group(1)                     = ?',
      '20002 +++ exited with 1 +++',
      '20001 +++ exited with 1 +++',
      // strace's form when it cannot fetch a return value (written by hand:
      // it needs the thread to vanish between its exit stop and GETREGS)
      '20003 getpid()                          = ? <unavailable>',
      '20004 nanosleep({tv_sec=9, tv_nsec=0},  <unfinished ...>',
    ].join('\n');
    expect(brief(parseStrace(out))).toEqual([
      { kind: 'syscall', pid: 19792, name: 'read', ret: null },
      { kind: 'syscall', pid: 19707, name: 'kill', ret: null },
      { kind: 'killed', pid: 19792, sig: 9, signame: 'SIGKILL', core: false },
      { kind: 'killed', pid: 19707, sig: 9, signame: 'SIGKILL', core: false },
      { kind: 'syscall', pid: 20001, name: 'futex', ret: null, neverResumed: true },
      { kind: 'syscall', pid: 20002, name: 'exit_group', ret: null },
      { kind: 'exit', pid: 20002, code: 1 },
      { kind: 'exit', pid: 20001, code: 1 },
      { kind: 'syscall', pid: 20003, name: 'getpid', ret: null },
      { kind: 'syscall', pid: 20004, name: 'nanosleep', ret: null, neverResumed: true },
    ]);
  });

  it('rejects malformed output instead of guessing', () => {
    expect(() => parseStrace('garbage\n')).toThrow(/no pid column/);
    expect(() => parseStrace('12 something odd\n')).toThrow(/unrecognised line/);
    expect(() => parseStrace('12 <... read resumed>) = 0\n')).toThrow(/no unfinished read/);
    expect(() => parseStrace('12 read(3,  <unfinished ...>\n12 <... write resumed>) = 0\n')).toThrow(/unfinished read/);
  });

  it('firstStringArg decodes strace string escapes', () => {
    expect(firstStringArg('"/usr/bin/ls", ["ls", "-l", "/"], 0x7ff /* 4 vars */')).toBe('/usr/bin/ls');
    expect(firstStringArg('"a\\"b\\\\c\\n\\t\\x41\\101", 3')).toBe('a"b\\c\n\tAA');
    expect(firstStringArg('3, "x"')).toBeNull();
  });
});

describe('masking', () => {
  const labels = new Map([[100, '1'], [101, '1.1']]);
  it('addresses, tids, errors', () => {
    expect(maskReturn('mmap', 0x7ffff7fc0000, labels)).toBe('ADDR');
    expect(maskReturn('mmap', -12, labels)).toBe('-12');
    expect(maskReturn('brk', 0x555555559000, labels)).toBe('ADDR');
    expect(maskReturn('getpid', 100, labels)).toBe('TID<1>');
    expect(maskReturn('clone3', 101, labels)).toBe('TID<1.1>');
    expect(maskReturn('clone', 0, labels)).toBe('0');
    expect(maskReturn('getppid', 4242, labels)).toBe('TID<ext>');
    expect(maskReturn('wait4', -10, labels)).toBe('-10');
    expect(maskReturn('read', 832, labels)).toBe('832');
    expect(maskReturn('exit_group', null, labels)).toBe('?');
  });
});

describe('runStrace', () => {
  it('runs a fixture under strace -f and parses every line', () => {
    const r = runStrace([fixture('hello')], { env: testEnv(), cwd: runCwd() });
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toBe('hello\n');
    const calls = syscalls(r.events);
    expect(calls[0]).toMatchObject({ name: 'execve', ret: 0 });
    expect(firstStringArg(calls[0].args)).toBe(fixture('hello'));
    expect(calls.at(-1)).toMatchObject({ name: 'exit_group', ret: null });
    expect(calls.find((c) => c.name === 'write')).toMatchObject({ ret: 6 });
    expect(r.events.at(-1)).toEqual({ kind: 'exit', pid: calls[0].pid, code: 0 });
    // the program got exactly the environment we gave
    expect(calls[0].args).toMatch(/\/\* 4 vars \*\/$/);
  });

  it('reports a program killed by a signal', () => {
    const r = runStrace([fixture('signals'), 'fatal'], { env: testEnv(), cwd: runCwd() });
    expect(r.signal).toBe('SIGTERM'); // strace kills itself with the program's signal
    expect(r.events.slice(-2).map((e) => e.kind)).toEqual(['signal', 'killed']);
    expect(r.events.at(-1)).toMatchObject({ kind: 'killed', sig: 15, core: false });
  });

  it('follows threads: threads4 gives each thread the same sequence every run', () => {
    const seqs = [1, 2].map(() => {
      const r = runStrace([fixture('threads4')], { env: testEnv(), cwd: runCwd() });
      expect(r.status).toBe(0);
      return perThread(syscalls(r.events));
    });
    expect(Object.keys(seqs[0])).toEqual(['1', '1.1', '1.2', '1.3', '1.4']);
    expect(seqs[1]).toEqual(seqs[0]);
    for (const t of ['1.1', '1.2', '1.3', '1.4']) {
      expect(seqs[0][t].filter((k) => k.startsWith('write=17') || k.startsWith('getpid='))).toEqual(
        Array(3).fill(['write=17', 'getpid=TID<1>']).flat(),
      );
    }
  });
});
