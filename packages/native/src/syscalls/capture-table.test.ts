import { describe, it, expect } from 'vitest';
import { IOCB_SIZE, MMSGHDR_SIZE, parseCaptureSpec, parseLenExpr } from './capture-spec.js';
import type { CaptureSpec, LenExpr } from './capture-spec.js';
import { captureTable, selectCaptureTable, selectCase } from './capture-table.js';

/**
 * Argument counts as strace 6.1 prints them with `-e raw=all` for every x86_64
 * syscall number (called with zero arguments under a seccomp filter that fails
 * them all). preadv/pwritev show 4 because strace folds pos_l/pos_h into one.
 * fchmodat2 is newer than those headers and was added by hand.
 */
const argCount: Readonly<Record<string, number>> = {
  accept: 3, accept4: 4, access: 2, acct: 1, adjtimex: 1, alarm: 1, arch_prctl: 2, bind: 3, brk: 1,
  capget: 2, capset: 2, chdir: 1, chmod: 2, chown: 3, chroot: 1, clock_adjtime: 2, clock_getres: 2,
  clock_gettime: 2, clock_nanosleep: 4, clock_settime: 2, clone: 5, clone3: 2, close: 1,
  close_range: 3, connect: 3, copy_file_range: 6, creat: 2, dup: 1, dup2: 2, dup3: 3,
  epoll_create: 1, epoll_create1: 1, epoll_ctl: 4, epoll_pwait: 6, epoll_pwait2: 6, epoll_wait: 4,
  eventfd: 1, eventfd2: 2, execve: 3, execveat: 5, exit: 1, exit_group: 1, faccessat: 3,
  faccessat2: 4, fadvise64: 4, fallocate: 4, fanotify_init: 2, fanotify_mark: 5, fchdir: 1,
  fchmod: 2, fchmodat: 3, fchmodat2: 4, fchown: 3, fchownat: 5, fcntl: 3, fdatasync: 1,
  fgetxattr: 4, flistxattr: 3, flock: 2, fork: 0, fremovexattr: 2, fsconfig: 5, fsetxattr: 5,
  fsmount: 3, fsopen: 2, fspick: 3, fstat: 2, fstatfs: 2, fsync: 1, ftruncate: 2, futex: 6,
  futex_waitv: 5, futimesat: 3, get_robust_list: 3, getcpu: 3, getcwd: 2, getdents: 3, getdents64: 3,
  getegid: 0, geteuid: 0, getgid: 0, getgroups: 2, getitimer: 2, getpeername: 3, getpgid: 1,
  getpgrp: 0, getpid: 0, getppid: 0, getpriority: 2, getrandom: 3, getresgid: 3, getresuid: 3,
  getrlimit: 2, getrusage: 2, getsid: 1, getsockname: 3, getsockopt: 5, gettid: 0, gettimeofday: 2,
  getuid: 0, getxattr: 4, inotify_add_watch: 3, inotify_init: 0, inotify_init1: 1,
  inotify_rm_watch: 2, io_cancel: 3, io_destroy: 1, io_getevents: 5, io_setup: 2, io_submit: 3,
  ioctl: 3, ioprio_get: 2, ioprio_set: 3, kcmp: 5, process_vm_readv: 6, process_vm_writev: 6, process_mrelease: 2, init_module: 3, finit_module: 3, delete_module: 2, kexec_load: 4, kexec_file_load: 5, lookup_dcookie: 3, remap_file_pages: 5, reboot: 4, iopl: 1, ioperm: 3, userfaultfd: 1, keyctl: 5, add_key: 5, request_key: 4, kill: 2, landlock_add_rule: 4, landlock_create_ruleset: 3, landlock_restrict_self: 2, lchown: 3, lgetxattr: 4, link: 2, linkat: 5,
  listen: 2, listxattr: 3, llistxattr: 3, lremovexattr: 2, lseek: 3, lsetxattr: 5, lstat: 2,
  madvise: 3, mbind: 6, get_mempolicy: 5, set_mempolicy: 3, set_mempolicy_home_node: 4, migrate_pages: 4, move_pages: 6, membarrier: 3, memfd_create: 2, memfd_secret: 1, mkdir: 2, mkdirat: 3, mknod: 3, mknodat: 4, mlock: 2,
  mlock2: 3, mlockall: 1, mmap: 6, mount: 5, mount_setattr: 5, move_mount: 5, mprotect: 3,
  mremap: 5, msync: 3, munlock: 2, munlockall: 0, munmap: 2, nanosleep: 2, newfstatat: 4, open: 3,
  open_tree: 3, openat: 4, openat2: 4, pause: 0, personality: 1, pidfd_getfd: 3, pidfd_open: 2,
  pidfd_send_signal: 4, pipe: 1, pipe2: 2, pivot_root: 2, pkey_alloc: 2, pkey_free: 1,
  pkey_mprotect: 4, poll: 3, ppoll: 5, prctl: 5, pread64: 4, preadv: 4, preadv2: 6, prlimit64: 4, process_madvise: 5,
  pselect6: 6, ptrace: 4, pwrite64: 4, pwritev: 4, pwritev2: 6, read: 3, readahead: 3, readlink: 3,
  readlinkat: 4, readv: 3, recvfrom: 6, recvmmsg: 5, recvmsg: 3, removexattr: 2, rename: 2,
  renameat: 4, renameat2: 5, restart_syscall: 0, rmdir: 1, rseq: 4, rt_sigaction: 4,
  rt_sigpending: 2, rt_sigprocmask: 4, rt_sigqueueinfo: 3, rt_sigreturn: 0, rt_sigsuspend: 2,
  rt_sigtimedwait: 4, rt_tgsigqueueinfo: 4, sched_get_priority_max: 1, sched_get_priority_min: 1,
  sched_getaffinity: 3, sched_getattr: 4, sched_getparam: 2, sched_getscheduler: 1,
  sched_rr_get_interval: 2, sched_setaffinity: 3, sched_setattr: 3, sched_setparam: 2,
  sched_setscheduler: 3, sched_yield: 0, seccomp: 3, select: 5, sendfile: 4, sendmmsg: 4,
  sendmsg: 3, sendto: 6, set_robust_list: 2, set_tid_address: 1, setdomainname: 2, setfsgid: 1,
  setfsuid: 1, setgid: 1, setgroups: 2, sethostname: 2, setitimer: 3, setns: 2, setpgid: 2,
  setpriority: 3, setregid: 2, setresgid: 3, setresuid: 3, setreuid: 2, setrlimit: 2, setsid: 0,
  setsockopt: 5, settimeofday: 2, setuid: 1, setxattr: 5, shutdown: 2, sigaltstack: 2, signalfd: 3,
  signalfd4: 4, socket: 3, socketpair: 4, splice: 6, stat: 2, statfs: 2, statx: 5, swapoff: 1,
  swapon: 2, symlink: 2, symlinkat: 3, sync: 0, sync_file_range: 4, syncfs: 1, sysinfo: 1, syslog: 3, tee: 4,
  tgkill: 3, time: 1, timer_create: 3, timer_delete: 1, timer_getoverrun: 1, timer_gettime: 2,
  timer_settime: 4, timerfd_create: 2, timerfd_gettime: 2, timerfd_settime: 4, times: 1, tkill: 2,
  truncate: 2, umask: 1, umount2: 2, uname: 1, unlink: 1, unlinkat: 3, unshare: 1, utime: 2,
  utimensat: 4, utimes: 2, vfork: 0,
  shmget: 3, shmat: 3, shmdt: 1, shmctl: 3, semget: 3, semop: 3, semtimedop: 4, semctl: 4, msgget: 2, msgsnd: 4, msgrcv: 5, msgctl: 3,
  mq_open: 4, mq_unlink: 1, mq_timedsend: 5, mq_timedreceive: 5, mq_notify: 2, mq_getsetattr: 3, io_pgetevents: 6,
  mincore: 3, modify_ldt: 3, set_thread_area: 1, get_thread_area: 1, ustat: 2, uselib: 1, _sysctl: 1,
  name_to_handle_at: 5, open_by_handle_at: 3, quotactl: 4, quotactl_fd: 4, vmsplice: 4, wait4: 4, waitid: 5, write: 3, writev: 3,
  perf_event_open: 5, io_uring_setup: 2, io_uring_enter: 6, io_uring_register: 4, bpf: 3,
};

/** Every syscall seen under `strace -f` of the workloads listed in the task (ls -l /, sh, bash, python3, node, gcc, tar, find, curl, dd, sleep, a pthread program, a socket/poll/epoll program). */
const observed = `accept4 access arch_prctl bind brk capget chdir clock_nanosleep clone clone3 close connect
creat dup2 epoll_create1 epoll_ctl epoll_pwait epoll_wait eventfd2 execve exit exit_group
faccessat2 fadvise64 fchdir fcntl fstat futex getcwd getdents64 getegid geteuid getgid
getpeername getpgrp getpid getppid getrandom getrusage getsockname getsockopt gettid getuid
getxattr ioctl lgetxattr listen lseek madvise mmap mprotect munmap newfstatat openat pipe2
pkey_alloc poll ppoll pread64 prlimit64 pselect6 read readlink recvfrom recvmsg rseq
rt_sigaction rt_sigprocmask rt_sigreturn sched_getaffinity sendmsg sendto set_robust_list
set_tid_address setsockopt socket socketpair statfs statx sysinfo uname unlink vfork wait4
write`.split(/\s+/);

/** x86_64 sizes measured with sizeof against the kernel uapi headers (cc, Linux headers on Debian). */
const measured = {
  stat: 144, statx: 256, statfs: 120, timespec: 16, timeval: 16, timezone: 8, rlimit: 16, rusage: 144,
  new_utsname: 390, sysinfo: 112, tms: 32, kernelSigaction: 32, stack_t: 24, pollfd: 8, epoll_event: 12,
  kernelTermios: 36, termios2: 44, winsize: 8, itimerspec: 32, itimerval: 32, flock: 32, siginfo: 128,
  timex: 208, sigevent: 64, futex_waitv: 24, mmsghdr: 64, cap_data: 12, io_event: 32, iocb: 64,
  ifreq: 40, user_regs_struct: 216,
} as const;

interface SpecRef { readonly where: string; readonly syscall: string; readonly arg: number; readonly text: string }

function allSpecs(): SpecRef[] {
  const out: SpecRef[] = [];
  for (const [syscall, args] of Object.entries(captureTable)) {
    for (const [arg, text] of Object.entries(args)) out.push({ where: `captureTable.${syscall}[${arg}]`, syscall, arg: Number(arg), text });
  }
  for (const sel of selectCaptureTable) {
    for (const [value, text] of Object.entries(sel.cases)) {
      out.push({ where: `select ${sel.syscall}[${sel.arg}] case ${value}`, syscall: sel.syscall, arg: sel.arg, text });
    }
  }
  return out;
}

function lenIndices(len: LenExpr): number[] {
  return len.kind === 'arg' || len.kind === 'deref' || len.kind === 'fdset' ? [len.index] : [];
}

function referencedArgs(spec: CaptureSpec): number[] {
  if (spec.kind === 'bytes') return lenIndices(spec.len);
  if (spec.kind === 'iovec' || spec.kind === 'iocbs' || spec.kind === 'mmsghdrs') return [spec.count];
  return [];
}

const c = (bytes: number): LenExpr => ({ kind: 'const', bytes });
const bytes = (at: 'entry' | 'exit' | 'both', len: LenExpr): CaptureSpec => ({ kind: 'bytes', at, len });

describe('parseLenExpr', () => {
  it('parses every form', () => {
    expect(parseLenExpr('16')).toEqual(c(16));
    expect(parseLenExpr('0')).toEqual(c(0));
    expect(parseLenExpr('0x24')).toEqual(c(36));
    expect(parseLenExpr('a2')).toEqual({ kind: 'arg', index: 2, scale: 1 });
    expect(parseLenExpr('a1*8')).toEqual({ kind: 'arg', index: 1, scale: 8 });
    expect(parseLenExpr('a1/4096')).toEqual({ kind: 'arg', index: 1, scale: 1, div: 4096 });
    expect(parseLenExpr('ret')).toEqual({ kind: 'ret', scale: 1 });
    expect(parseLenExpr('ret*4')).toEqual({ kind: 'ret', scale: 4 });
    expect(parseLenExpr('*a2')).toEqual({ kind: 'deref', index: 2 });
    expect(parseLenExpr('*a4*8')).toEqual({ kind: 'deref', index: 4, scale: 8 });
    expect(parseLenExpr('fdset(a0)')).toEqual({ kind: 'fdset', index: 0 });
    expect(parseLenExpr(' a5 ')).toEqual({ kind: 'arg', index: 5, scale: 1 });
  });

  it.each([
    '', 'a6', 'a', 'a-1', 'a01', 'a10', 'ret*0', 'a1*', 'a1*x', '*ret', '*16', 'fdset(16)', 'fdset(a0', '-4',
    '1.5', '08', 'retx', 'b2', 'a1*2*3', '99999999999999999999', 'a 1',
  ])('rejects %j with a message naming the text', (text) => {
    expect(() => parseLenExpr(text)).toThrow(JSON.stringify(text));
  });
});

describe('parseCaptureSpec', () => {
  it('parses representative specs into the expected AST', () => {
    expect(parseCaptureSpec('path')).toEqual({ kind: 'cstr', at: 'entry', path: true });
    expect(parseCaptureSpec('str')).toEqual({ kind: 'cstr', at: 'entry', path: false });
    expect(parseCaptureSpec('strv')).toEqual({ kind: 'strv', at: 'entry' });
    expect(parseCaptureSpec('in:a2')).toEqual(bytes('entry', { kind: 'arg', index: 2, scale: 1 }));
    expect(parseCaptureSpec('out:ret')).toEqual(bytes('exit', { kind: 'ret', scale: 1 }));
    expect(parseCaptureSpec('out:ret*12')).toEqual(bytes('exit', { kind: 'ret', scale: 12 }));
    expect(parseCaptureSpec('out:144')).toEqual(bytes('exit', c(144)));
    expect(parseCaptureSpec('inout:a1*8')).toEqual(bytes('both', { kind: 'arg', index: 1, scale: 8 }));
    expect(parseCaptureSpec('inout:fdset(a0)')).toEqual(bytes('both', { kind: 'fdset', index: 0 }));
    expect(parseCaptureSpec('out:*a2')).toEqual(bytes('exit', { kind: 'deref', index: 2 }));
    expect(parseCaptureSpec('iov-in:a2')).toEqual({ kind: 'iovec', at: 'entry', count: 2 });
    expect(parseCaptureSpec('iov-out:a2')).toEqual({ kind: 'iovec', at: 'exit', count: 2 });
    expect(parseCaptureSpec('msg-in')).toEqual({ kind: 'msghdr', at: 'entry' });
    expect(parseCaptureSpec('msg-out')).toEqual({ kind: 'msghdr', at: 'both' });
    expect(parseCaptureSpec('iocbs:a1')).toEqual({ kind: 'iocbs', at: 'entry', count: 1 });
    expect(parseCaptureSpec('sigset-ptr')).toEqual({ kind: 'sigsetPtr', at: 'entry' });
    expect(parseCaptureSpec('mmsg-out:a2')).toEqual({ kind: 'mmsghdrs', at: 'both', dir: 'out', count: 2 });
    expect(parseCaptureSpec('iov1-in')).toEqual({ kind: 'iovec1', at: 'entry' });
    expect(parseCaptureSpec('iov1-out')).toEqual({ kind: 'iovec1', at: 'exit' });
    expect(parseCaptureSpec('fprog-in')).toEqual({ kind: 'fprog', at: 'entry' });
    expect(parseCaptureSpec('inout:a3*8+16')).toEqual(bytes('both', { kind: 'arg', index: 3, scale: 8, plus: 16 }));
    expect(parseCaptureSpec('deep-in:a2,0:path,24:str')).toEqual({
      kind: 'deep',
      at: 'entry',
      size: { kind: 'arg', index: 2 },
      ptrs: [
        { off: 0, from: 'path', index: 0, scale: 1 },
        { off: 24, from: 'str', index: 0, scale: 1 },
      ],
    });
    expect(parseCaptureSpec('deep-in:32,16:@0*4,24:a3*8')).toEqual({
      kind: 'deep',
      at: 'entry',
      size: { kind: 'const', bytes: 32 },
      ptrs: [
        { off: 16, from: 'field', index: 0, scale: 4 },
        { off: 24, from: 'arg', index: 3, scale: 8 },
      ],
    });
    expect(parseCaptureSpec('deep-inout:a2,16:@12*1')).toEqual({
      kind: 'deep',
      at: 'both',
      size: { kind: 'arg', index: 2 },
      ptrs: [{ off: 16, from: 'field', index: 12, scale: 1 }],
    });
    expect(() => parseCaptureSpec('deep-in:16,12:a3*4')).toThrow('past the struct');
    expect(() => parseCaptureSpec('deep-in:16')).toThrow('at least one');
  });

  it('parses the table entries the recorder relies on most', () => {
    expect(parseCaptureSpec(captureTable.read[1])).toEqual(bytes('exit', { kind: 'ret', scale: 1 }));
    expect(parseCaptureSpec(captureTable.write[1])).toEqual(bytes('entry', { kind: 'arg', index: 2, scale: 1 }));
    expect(parseCaptureSpec(captureTable.openat[1])).toEqual({ kind: 'cstr', at: 'entry', path: true });
    expect(parseCaptureSpec(captureTable.execve[1])).toEqual({ kind: 'strv', at: 'entry' });
    expect(parseCaptureSpec(captureTable.accept4[1])).toEqual(bytes('exit', { kind: 'deref', index: 2 }));
    expect(parseCaptureSpec(captureTable.accept4[2])).toEqual(bytes('both', c(4)));
    expect(parseCaptureSpec(captureTable.poll[0])).toEqual(bytes('both', { kind: 'arg', index: 1, scale: measured.pollfd }));
    expect(parseCaptureSpec(captureTable.rt_sigprocmask[2])).toEqual(bytes('exit', { kind: 'arg', index: 3, scale: 1 }));
    expect(parseCaptureSpec(captureTable.writev[1])).toEqual({ kind: 'iovec', at: 'entry', count: 2 });
    expect(parseCaptureSpec(captureTable.recvmsg[1])).toEqual({ kind: 'msghdr', at: 'both' });
    expect(parseCaptureSpec(captureTable.rseq[0])).toEqual(bytes('entry', { kind: 'arg', index: 1, scale: 1 }));
    expect(parseCaptureSpec(captureTable.clone3[0])).toEqual(bytes('entry', { kind: 'arg', index: 1, scale: 1 }));
  });

  it.each([
    '', 'foo', 'in', 'in:', 'out:a7', 'in:ret', 'inout:ret*4', 'iov-in:3', 'iov-out:a9', 'msg', 'msg-in:a1',
    'path:a0', 'IN:4', 'inout:fdset(a6)', 'out:*a1*0', 'out:*a1+4', 'strv:1', 'bytes:4',
  ])('rejects %j with a message naming the text', (text) => {
    expect(() => parseCaptureSpec(text)).toThrow(JSON.stringify(text));
  });

  it('explains what is wrong', () => {
    expect(() => parseCaptureSpec('in:ret')).toThrow(/only known at exit/);
    expect(() => parseCaptureSpec('out:a6')).toThrow(/argument index must be 0\.\.5/);
    expect(() => parseCaptureSpec('blob:4')).toThrow(/unknown capture kind "blob"/);
  });
});

describe('captureTable and selectCaptureTable', () => {
  const specs = allSpecs();

  it('has specs in both tables', () => {
    expect(specs.some((s) => s.where.startsWith('captureTable'))).toBe(true);
    expect(specs.some((s) => s.where.startsWith('select'))).toBe(true);
  });

  it('every spec parses', () => {
    const failures: string[] = [];
    for (const s of specs) {
      try {
        parseCaptureSpec(s.text);
      } catch (e) {
        failures.push(`${s.where}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('covers every syscall seen under strace of the reference workloads', () => {
    expect(observed.filter((name) => !Object.hasOwn(captureTable, name))).toEqual([]);
  });

  it('only names syscalls with a known argument count', () => {
    const names = new Set([...Object.keys(captureTable), ...selectCaptureTable.map((s) => s.syscall)]);
    expect([...names].filter((n) => !Object.hasOwn(argCount, n))).toEqual([]);
  });

  it('refers only to arguments that exist', () => {
    const bad: string[] = [];
    const check = (where: string, syscall: string, index: number) => {
      const n = argCount[syscall];
      if (!Number.isInteger(index) || index < 0 || index >= 6 || (n !== undefined && index >= n)) {
        bad.push(`${where}: a${index} but ${syscall} has ${n} arguments`);
      }
    };
    for (const s of specs) {
      check(s.where, s.syscall, s.arg);
      for (const i of referencedArgs(parseCaptureSpec(s.text))) check(s.where, s.syscall, i);
    }
    for (const sel of selectCaptureTable) check(`select ${sel.syscall}[${sel.arg}] selector`, sel.syscall, sel.selector);
    expect(bad).toEqual([]);
  });

  it('never uses an argument as both a capture target and its own length or selector', () => {
    const bad: string[] = [];
    for (const s of specs) {
      if (referencedArgs(parseCaptureSpec(s.text)).includes(s.arg)) bad.push(s.where);
    }
    for (const sel of selectCaptureTable) if (sel.selector === sel.arg) bad.push(`select ${sel.syscall}[${sel.arg}]`);
    expect(bad).toEqual([]);
  });

  it('reads a *aN length only where argument N itself is captured as a u32', () => {
    const bad: string[] = [];
    for (const s of specs) {
      const spec = parseCaptureSpec(s.text);
      if (spec.kind !== 'bytes' || spec.len.kind !== 'deref') continue;
      const target = captureTable[s.syscall]?.[spec.len.index];
      if (target === undefined || !['in:4', 'inout:4'].includes(target)) bad.push(s.where);
    }
    expect(bad).toEqual([]);
  });

  it('gives each argument a single rule', () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    for (const sel of selectCaptureTable) {
      const key = `${sel.syscall}[${sel.arg}]`;
      if (seen.has(key)) bad.push(`${key} selected twice`);
      seen.add(key);
      if (!Object.hasOwn(captureTable, sel.syscall)) bad.push(`${sel.syscall} missing from captureTable`);
      else if (Object.hasOwn(captureTable[sel.syscall], sel.arg)) bad.push(`${key} also in captureTable`);
      if (Object.keys(sel.cases).length === 0) bad.push(`${key} has no cases`);
    }
    expect(bad).toEqual([]);
  });

  it('uses the measured x86_64 struct sizes', () => {
    const len = (syscall: string, arg: number) => parseCaptureSpec(captureTable[syscall][arg]);
    expect(len('fstat', 1)).toEqual(bytes('exit', c(measured.stat)));
    expect(len('newfstatat', 2)).toEqual(bytes('exit', c(measured.stat)));
    expect(len('statx', 4)).toEqual(bytes('exit', c(measured.statx)));
    expect(len('statfs', 1)).toEqual(bytes('exit', c(measured.statfs)));
    expect(len('clock_gettime', 1)).toEqual(bytes('exit', c(measured.timespec)));
    expect(len('gettimeofday', 0)).toEqual(bytes('exit', c(measured.timeval)));
    expect(len('gettimeofday', 1)).toEqual(bytes('exit', c(measured.timezone)));
    expect(len('prlimit64', 2)).toEqual(bytes('entry', c(measured.rlimit)));
    expect(len('prlimit64', 3)).toEqual(bytes('exit', c(measured.rlimit)));
    expect(len('getrusage', 1)).toEqual(bytes('exit', c(measured.rusage)));
    expect(len('wait4', 3)).toEqual(bytes('exit', c(measured.rusage)));
    expect(len('uname', 0)).toEqual(bytes('exit', c(measured.new_utsname)));
    expect(len('sysinfo', 0)).toEqual(bytes('exit', c(measured.sysinfo)));
    expect(len('times', 0)).toEqual(bytes('exit', c(measured.tms)));
    expect(len('rt_sigaction', 1)).toEqual(bytes('entry', c(measured.kernelSigaction)));
    expect(len('sigaltstack', 1)).toEqual(bytes('exit', c(measured.stack_t)));
    expect(len('epoll_ctl', 3)).toEqual(bytes('entry', c(measured.epoll_event)));
    expect(len('epoll_wait', 1)).toEqual(bytes('exit', { kind: 'ret', scale: measured.epoll_event }));
    expect(len('timerfd_settime', 2)).toEqual(bytes('entry', c(measured.itimerspec)));
    expect(len('setitimer', 1)).toEqual(bytes('entry', c(measured.itimerval)));
    expect(len('waitid', 2)).toEqual(bytes('exit', c(measured.siginfo)));
    expect(len('adjtimex', 0)).toEqual(bytes('both', c(measured.timex)));
    expect(len('timer_create', 1)).toEqual(bytes('entry', c(measured.sigevent)));
    expect(len('futex_waitv', 0)).toEqual(bytes('entry', { kind: 'arg', index: 1, scale: measured.futex_waitv }));
    expect(len('sendmmsg', 1)).toEqual({ kind: 'mmsghdrs', at: 'both', dir: 'in', count: 2 });
    expect(len('recvmmsg', 1)).toEqual({ kind: 'mmsghdrs', at: 'both', dir: 'out', count: 2 });
    expect(MMSGHDR_SIZE).toBe(measured.mmsghdr);
    expect(len('io_submit', 2)).toEqual({ kind: 'iocbs', at: 'entry', count: 1 });
    expect(IOCB_SIZE).toBe(measured.iocb);
    expect(len('capget', 1)).toEqual(bytes('exit', c(2 * measured.cap_data)));
    expect(len('io_getevents', 3)).toEqual(bytes('exit', { kind: 'ret', scale: measured.io_event }));
    expect(len('io_cancel', 1)).toEqual(bytes('entry', c(measured.iocb)));

    const sel = (syscall: string, arg: number, value: number) => {
      const entry = selectCaptureTable.find((s) => s.syscall === syscall && s.arg === arg);
      const text = entry === undefined ? undefined : selectCase(entry, value);
      return text === undefined ? undefined : parseCaptureSpec(text);
    };
    expect(sel('ioctl', 2, 0x5401)).toEqual(bytes('exit', c(measured.kernelTermios))); // TCGETS
    expect(sel('ioctl', 2, 0x5402)).toEqual(bytes('entry', c(measured.kernelTermios))); // TCSETS
    expect(sel('ioctl', 2, 0x802c542a)).toEqual(bytes('exit', c(measured.termios2))); // TCGETS2
    expect(sel('ioctl', 2, 0x5413)).toEqual(bytes('exit', c(measured.winsize))); // TIOCGWINSZ
    expect(sel('ioctl', 2, 0x8913)).toEqual(bytes('both', c(measured.ifreq))); // SIOCGIFFLAGS
    expect(sel('fcntl', 2, 7)).toEqual(bytes('entry', c(measured.flock))); // F_SETLKW
    expect(sel('futex', 3, 0)).toEqual(bytes('entry', c(measured.timespec))); // FUTEX_WAIT
    expect(sel('ptrace', 3, 12)).toEqual(bytes('exit', c(measured.user_regs_struct))); // PTRACE_GETREGS
  });
});

describe('selectCase', () => {
  const find = (syscall: string, arg: number) => {
    const entry = selectCaptureTable.find((s) => s.syscall === syscall && s.arg === arg);
    if (entry === undefined) throw new Error(`no select entry for ${syscall}[${arg}]`);
    return entry;
  };

  it('looks up ioctl requests as unsigned 32-bit values', () => {
    const ioctl = find('ioctl', 2);
    expect(selectCase(ioctl, 0x5401)).toBe('out:36');
    expect(selectCase(ioctl, 0x802c542an)).toBe('out:44');
    // A request passed as a negative int arrives sign-extended in the register.
    expect(selectCase(ioctl, 0xffffffff802c542an)).toBe('out:44');
    expect(selectCase(ioctl, -0x7fd3abd6)).toBe('out:44');
    expect(selectCase(ioctl, 0x5422)).toBeUndefined(); // TIOCNOTTY: no argument
  });

  it('masks futex flags off the op', () => {
    const timeout = find('futex', 3);
    expect(selectCase(timeout, 0)).toBe('in:16'); // FUTEX_WAIT
    expect(selectCase(timeout, 128)).toBe('in:16'); // FUTEX_WAIT_PRIVATE
    expect(selectCase(timeout, 9 | 128 | 256)).toBe('in:16'); // FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME
    expect(selectCase(timeout, 1 | 128)).toBeUndefined(); // FUTEX_WAKE_PRIVATE
    expect(selectCase(timeout, 4)).toBeUndefined(); // FUTEX_CMP_REQUEUE: arg 3 is val2
    expect(selectCase(find('futex', 4), 4 | 128)).toBe('in:4');
  });

  it('selects clone parent_tid by flag bits', () => {
    const clone = find('clone', 2);
    expect(selectCase(clone, 0x01200011)).toBeUndefined(); // CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD
    expect(selectCase(clone, 0x003d0f00)).toBe('out:4'); // pthread_create's flags include CLONE_PARENT_SETTID
    expect(selectCase(clone, 0x1000 | 17)).toBe('out:4'); // CLONE_PIDFD|SIGCHLD
  });

  it('matches exact values without a mask', () => {
    const arch = find('arch_prctl', 1);
    expect(selectCase(arch, 0x1003)).toBe('out:8'); // ARCH_GET_FS
    expect(selectCase(arch, 0x1002)).toBeUndefined(); // ARCH_SET_FS takes a value
    expect(selectCase(find('prctl', 1), 15)).toBe('in:16'); // PR_SET_NAME
    expect(selectCase(find('prctl', 1), 16)).toBe('out:16'); // PR_GET_NAME
  });

  it('falls back on otherwise for the values the cases do not list', () => {
    const bpf = find('bpf', 1);
    expect(selectCase(bpf, 5)).toBe('deep-in:a2,8:@4*8,16:str,32:@28*1'); // BPF_PROG_LOAD
    expect(selectCase(bpf, 0)).toBe('inout:a2'); // BPF_MAP_CREATE
    expect(selectCase(bpf, 0xffffffff00000005n)).toBe('deep-in:a2,8:@4*8,16:str,32:@28*1'); // the command is an int
    expect(selectCase(find('ptrace', 3), 7)).toBeUndefined(); // PTRACE_CONT: no otherwise, nothing
  });
});
