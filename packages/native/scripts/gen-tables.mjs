#!/usr/bin/env node
// Generates the Linux x86_64 constant tables of @tracedb/native from the kernel and libc
// headers of the machine it runs on (written against Debian 12: glibc 2.36, kernel headers
// 6.1, strace 6.1 for cross-checks).
//
//   node packages/native/scripts/gen-tables.mjs [--out DIR] [--kernel-headers DIR]
//                                               [--syscalls-h FILE] [--check-strace]
//
// --out DIR            where to write; DIR stands for packages/native/src (default: that
//                      directory of this repo). The files written are
//                      arch/x86_64/syscall-table.ts, arch/x86_64/signal-table.ts,
//                      generated/errno-table.ts, generated/ptrace-constants.ts,
//                      generated/flag-tables.ts.
// --kernel-headers DIR the Debian "linux-headers-*-common" directory (env
//                      TRACEDB_KERNEL_HEADERS). Default: the highest-versioned
//                      /usr/src/linux-headers-*-common. Install with
//                      `apt-get install linux-headers-amd64`.
// --syscalls-h FILE    include/linux/syscalls.h (env TRACEDB_SYSCALLS_H); default
//                      <kernel-headers>/include/linux/syscalls.h.
// --check-strace       do not write anything; instead run a probe program under the
//                      machine's strace and compare its output with the tables this
//                      script would write (syscall arg counts, %class membership, errno
//                      names/messages, signal names, flag orders). Exits 1 on a mismatch.
//
// Only Node built-ins are used; `cc` compiles the small C programs that print constant
// values and strerror() texts. Output is deterministic: everything is sorted or written in
// a fixed order, and nothing depends on time or on the environment beyond the headers.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = 'packages/native/scripts/gen-tables.mjs';
const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_OUT = path.resolve(here, '../src');

// ---------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = {
    out: DEFAULT_OUT,
    kernelHeaders: process.env.TRACEDB_KERNEL_HEADERS || '',
    syscallsH: process.env.TRACEDB_SYSCALLS_H || '',
    checkStrace: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--out' || a.startsWith('--out=')) opts.out = path.resolve(val());
    else if (a === '--kernel-headers' || a.startsWith('--kernel-headers=')) opts.kernelHeaders = val();
    else if (a === '--syscalls-h' || a.startsWith('--syscalls-h=')) opts.syscallsH = val();
    else if (a === '--check-strace') opts.checkStrace = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 26).join('\n') + '\n');
      process.exit(0);
    } else fail(`unknown argument: ${a}`);
  }
  return opts;
}

function fail(msg) {
  process.stderr.write(`gen-tables: ${msg}\n`);
  process.exit(2);
}

function versionCompare(a, b) {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return 0;
}

function findKernelHeaders(opts) {
  if (opts.syscallsH && !opts.kernelHeaders) {
    // include/linux/syscalls.h -> the headers root
    opts.kernelHeaders = path.resolve(path.dirname(opts.syscallsH), '../..');
  }
  if (!opts.kernelHeaders) {
    let dirs = [];
    try {
      dirs = fs.readdirSync('/usr/src').filter((d) => /^linux-headers-.*-common$/.test(d));
    } catch {
      /* no /usr/src */
    }
    dirs.sort(versionCompare);
    if (dirs.length) opts.kernelHeaders = path.join('/usr/src', dirs[dirs.length - 1]);
  }
  if (!opts.syscallsH && opts.kernelHeaders) opts.syscallsH = path.join(opts.kernelHeaders, 'include/linux/syscalls.h');
  if (!opts.syscallsH || !fs.existsSync(opts.syscallsH)) {
    fail(
      `kernel headers not found: need include/linux/syscalls.h ` +
        `(looked for ${opts.syscallsH || '/usr/src/linux-headers-*-common/include/linux/syscalls.h'}).\n` +
        `Install them with: apt-get update && apt-get install -y linux-headers-amd64\n` +
        `or point to them with --kernel-headers DIR / TRACEDB_KERNEL_HEADERS, ` +
        `or --syscalls-h FILE / TRACEDB_SYSCALLS_H.`,
    );
  }
  opts.kernelErrnoH = path.join(opts.kernelHeaders, 'include/linux/errno.h');
  if (!fs.existsSync(opts.kernelErrnoH)) fail(`missing ${opts.kernelErrnoH} (kernel-internal errnos)`);
  // The arch-specific sibling package (linux-headers-<ver>-amd64) has the generated
  // syscall-number -> entry-point table; used only to verify ENTRY_ALIASES below.
  const common = path.basename(opts.kernelHeaders);
  const archDir = path.join(path.dirname(opts.kernelHeaders), common.replace(/-common$/, '-amd64'));
  const tbl = path.join(archDir, 'arch/x86/include/generated/asm/syscalls_64.h');
  opts.syscalls64H = fs.existsSync(tbl) ? tbl : '';
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

const UNISTD_64_H = '/usr/include/x86_64-linux-gnu/asm/unistd_64.h';
const ERRNO_BASE_H = '/usr/include/asm-generic/errno-base.h';
const ERRNO_H = '/usr/include/asm-generic/errno.h';
const SIGNAL_H = '/usr/include/x86_64-linux-gnu/asm/signal.h';
const PTRACE_H = '/usr/include/linux/ptrace.h';
const PTRACE_ABI_H = '/usr/include/x86_64-linux-gnu/asm/ptrace-abi.h';
const WAIT_H = '/usr/include/linux/wait.h';

function read(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
}

function stripComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/\/\/[^\n]*/g, '');
}

/** TypeScript single-quoted string literal. */
function q(s) {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
}

function hex(n) {
  return n < 0 ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
}

function octal(n) {
  return n < 0 ? `-0o${(-n).toString(8)}` : `0o${n.toString(8)}`;
}

let tmpDir = '';
function tmp() {
  if (!tmpDir) {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-tables-'));
    process.on('exit', () => fs.rmSync(tmpDir, { recursive: true, force: true }));
  }
  return tmpDir;
}

let ccCount = 0;
/** Compiles a C program with cc and returns the path of the executable. */
/** Compiles a C program (one source text, or several translation units) with cc. */
function compile(source, extraFlags = []) {
  const dir = tmp();
  const n = ccCount++;
  const sources = (Array.isArray(source) ? source : [source]).map((text, i) => {
    const file = path.join(dir, `p${n}_${i}.c`);
    fs.writeFileSync(file, text);
    return file;
  });
  const exe = path.join(dir, `p${n}`);
  const r = spawnSync('cc', ['-std=gnu11', '-w', '-o', exe, ...sources, ...extraFlags], { encoding: 'utf8' });
  if (r.error) fail(`cannot run cc: ${r.error.message} (install gcc: apt-get install -y gcc)`);
  if (r.status !== 0) {
    const errs = r.stderr.split('\n').filter((l) => / error: /.test(l)).slice(0, 10).join('\n');
    fail(`cc failed on generated program ${sources.join(' ')}:\n${errs}`);
  }
  return exe;
}

/** Compiles and runs a C program, returning its stdout. */
function runC(source) {
  const exe = compile(source);
  return execFileSync(exe, [], { encoding: 'utf8', env: { LC_ALL: 'C', LANG: 'C', PATH: process.env.PATH ?? '' } });
}

/**
 * Values of named integer constants as the C compiler sees them. Each group is compiled
 * as its own translation unit (so that glibc and uapi headers that clash can be used in
 * different groups) and all are linked into one program. Returns one Map name -> number
 * per group (all values here fit a double exactly).
 */
function cValuesMany(groups) {
  // Groups with the same #includes share a translation unit (fewer compiler runs).
  const units = new Map();
  groups.forEach((g, i) => {
    const key = g.includes.join('\n');
    if (!units.has(key)) units.set(key, []);
    units.get(key).push(i);
  });
  const unitSources = [...units].map(
    ([, members]) =>
      `#define _GNU_SOURCE 1\n` +
      groups[members[0]].includes.map((h) => `#include <${h}>`).join('\n') +
      `\n#include <stdio.h>\n` +
      `#define P(i, x) do { if ((x) < 0) printf("%d %s %lld\\n", i, #x, (long long)(x)); else printf("%d %s %llu\\n", i, #x, (unsigned long long)(x)); } while (0)\n` +
      members.map((i) => `void group${i}(void) {\n${groups[i].names.map((n) => `  P(${i}, ${n});`).join('\n')}\n}\n`).join(''),
  );
  const main =
    groups.map((_, i) => `void group${i}(void);`).join('\n') +
    `\nint main(void) {\n${groups.map((_, i) => `  group${i}();`).join('\n')}\n  return 0;\n}\n`;
  const exe = compile([main, ...unitSources]);
  const out = execFileSync(exe, [], { encoding: 'utf8', env: { LC_ALL: 'C', PATH: process.env.PATH ?? '' } });
  const maps = groups.map(() => new Map());
  for (const line of out.trim().split('\n')) {
    if (!line) continue;
    const [i, name, v] = line.split(' ');
    const num = Number(v);
    if (!Number.isSafeInteger(num)) fail(`constant ${name} = ${v} does not fit a JS number`);
    maps[Number(i)].set(name, num);
  }
  return maps;
}

function cValues(includes, names) {
  return cValuesMany([{ includes, names }])[0];
}

/** `#define NAME value` lines of a header (after comment stripping), in file order. */
function defines(src, re) {
  const out = [];
  for (const line of stripComments(src).split('\n')) {
    const m = /^\s*#\s*define\s+(\w+)(?:\s+(.*?))?\s*$/.exec(line);
    if (m && re.test(m[1])) out.push({ name: m[1], value: (m[2] ?? '').trim() });
  }
  return out;
}

function header(sources) {
  return `// Generated by ${SCRIPT} from ${sources.join(', ')}. Do not edit.\n`;
}

// ---------------------------------------------------------------------------------------
// Syscall table
// ---------------------------------------------------------------------------------------

// unistd_64.h names whose x86_64 entry point is not sys_<name> (from the kernel's
// arch/x86/entry/syscalls/syscall_64.tbl). When the linux-headers-*-amd64 package is
// installed, its generated syscalls_64.h is read to check this map.
const ENTRY_ALIASES = {
  stat: 'sys_newstat',
  fstat: 'sys_newfstat',
  lstat: 'sys_newlstat',
  uname: 'sys_newuname',
  sendfile: 'sys_sendfile64',
  umount2: 'sys_umount',
};

// Syscalls whose prototype is not in include/linux/syscalls.h: x86_64-only entry points,
// and numbers that are sys_ni_syscall on x86_64 today but still have a name in
// unistd_64.h (strace still decodes them). How each was checked:
//  - arg count (machine-checked): against strace 6.1. `--check-strace` runs every syscall
//    under `strace -e raw=all`, which prints exactly as many args as strace's table has.
//  - names/types (by hand, not machine-checkable here: the kernel C sources are not in the
//    headers package): the kernel 6.1 SYSCALL_DEFINEx() of the entry point for the live
//    ones (arch/x86/kernel/process_64.c arch_prctl; arch/x86/kernel/ioport.c iopl;
//    arch/x86/kernel/sys_x86_64.c mmap; arch/x86/kernel/ldt.c modify_ldt;
//    arch/x86/kernel/signal.c rt_sigreturn), and the historical prototypes for the removed
//    or never implemented ones (uselib: a.out loader; _sysctl: before 5.5; create_module,
//    get_kernel_syms, query_module: linux 2.4 modules; nfsservctl: before 3.1;
//    getpmsg/putpmsg: STREAMS; set/get_thread_area: the i386 ABI, not wired up on x86_64;
//    epoll_ctl_old/epoll_wait_old: the 2.5 epoll patch). afs_syscall, tuxcall, security
//    and vserver never had a prototype: their args are named by position.
const OVERRIDES = {
  arch_prctl: 'int option, unsigned long arg2',
  iopl: 'unsigned int level',
  mmap: 'unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags, unsigned long fd, unsigned long off',
  modify_ldt: 'int func, void __user *ptr, unsigned long bytecount',
  rt_sigreturn: 'void',
  uselib: 'const char __user *library',
  _sysctl: 'struct __sysctl_args __user *args',
  create_module: 'const char __user *name, size_t size',
  get_kernel_syms: 'struct kernel_sym __user *table',
  query_module: 'const char __user *name, int which, void __user *buf, size_t bufsize, size_t __user *ret',
  nfsservctl: 'int cmd, struct nfsctl_arg __user *arg, void __user *res',
  getpmsg: 'int fd, struct strbuf __user *ctlptr, struct strbuf __user *dataptr, int __user *bandp, int __user *flagsp',
  putpmsg: 'int fd, const struct strbuf __user *ctlptr, const struct strbuf __user *dataptr, int band, int flags',
  afs_syscall: 'unsigned long arg1, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5',
  tuxcall: 'unsigned long arg1, unsigned long arg2, unsigned long arg3',
  security: 'unsigned long arg1, unsigned long arg2, unsigned long arg3',
  set_thread_area: 'struct user_desc __user *u_info',
  get_thread_area: 'struct user_desc __user *u_info',
  epoll_ctl_old: 'int epfd, int op, int fd, struct epoll_event __user *event',
  epoll_wait_old: 'int epfd, struct epoll_event __user *events, int maxevents, int timeout',
  vserver: 'unsigned long arg1, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5',
};

// Prototypes of syscalls.h that give only parameter types: the types are taken from
// there, the names (by hand) from the kernel 6.1 SYSCALL_DEFINEx() of the syscall
// (net/socket.c, kernel/signal.c rt_sigaction, fs/select.c pselect6/ppoll, fs/aio.c
// io_submit, kernel/fork.c clone: x86_64 has no CONFIG_CLONE_BACKWARDS*, so the order
// is flags, newsp, parent_tidptr, child_tidptr, tls). The counts are machine-checked.
const PARAM_NAMES = {
  rt_sigaction: ['sig', 'act', 'oact', 'sigsetsize'],
  socket: ['family', 'type', 'protocol'],
  connect: ['fd', 'uservaddr', 'addrlen'],
  accept: ['fd', 'upeer_sockaddr', 'upeer_addrlen'],
  sendto: ['fd', 'buff', 'len', 'flags', 'addr', 'addr_len'],
  recvfrom: ['fd', 'ubuf', 'size', 'flags', 'addr', 'addr_len'],
  shutdown: ['fd', 'how'],
  bind: ['fd', 'umyaddr', 'addrlen'],
  listen: ['fd', 'backlog'],
  getsockname: ['fd', 'usockaddr', 'usockaddr_len'],
  getpeername: ['fd', 'usockaddr', 'usockaddr_len'],
  socketpair: ['family', 'type', 'protocol', 'usockvec'],
  pselect6: ['n', 'inp', 'outp', 'exp', 'tsp', 'sig'],
  ppoll: ['ufds', 'nfds', 'tsp', 'sigmask', 'sigsetsize'],
  accept4: ['fd', 'upeer_sockaddr', 'upeer_addrlen', 'flags'],
  io_submit: ['ctx_id', 'nr', 'iocbpp'],
  clone: ['clone_flags', 'newsp', 'parent_tidptr', 'child_tidptr', 'tls'],
};

// Preprocessor configuration of x86_64 for the conditionals inside syscalls.h
// (arch/x86/include/asm/unistd.h, !CONFIG_X86_32 branch; BITS_PER_LONG 64; no
// CONFIG_CLONE_BACKWARDS*, CONFIG_ARCH_SPLIT_ARG64, CONFIG_OLD_SIG*, CONFIG_ODD_RT_SIGACTION).
const X86_64_DEFINED = new Set([
  '__ARCH_WANT_NEW_STAT',
  '__ARCH_WANT_OLD_READDIR',
  '__ARCH_WANT_OLD_STAT',
  '__ARCH_WANT_SYS_ALARM',
  '__ARCH_WANT_SYS_FADVISE64',
  '__ARCH_WANT_SYS_GETHOSTNAME',
  '__ARCH_WANT_SYS_GETPGRP',
  '__ARCH_WANT_SYS_NICE',
  '__ARCH_WANT_SYS_OLDUMOUNT',
  '__ARCH_WANT_SYS_OLD_GETRLIMIT',
  '__ARCH_WANT_SYS_OLD_UNAME',
  '__ARCH_WANT_SYS_PAUSE',
  '__ARCH_WANT_SYS_SIGNAL',
  '__ARCH_WANT_SYS_SIGPENDING',
  '__ARCH_WANT_SYS_SIGPROCMASK',
  '__ARCH_WANT_SYS_SOCKETCALL',
  '__ARCH_WANT_SYS_TIME',
  '__ARCH_WANT_SYS_UTIME',
  '__ARCH_WANT_SYS_TIME32',
  '__ARCH_WANT_SYS_UTIME32',
  '__ARCH_WANT_SYS_WAITPID',
  '__ARCH_WANT_SYS_FORK',
  '__ARCH_WANT_SYS_VFORK',
  '__ARCH_WANT_SYS_CLONE',
  '__ARCH_WANT_SYS_CLONE3',
  '__ARCH_WANT_COMPAT_STAT',
]);
const X86_64_MACROS = { BITS_PER_LONG: 64 };

function evalCondition(expr) {
  let e = expr
    .replace(/defined\s*\(\s*(\w+)\s*\)/g, (_, n) => (X86_64_DEFINED.has(n) ? '1' : '0'))
    .replace(/defined\s+(\w+)/g, (_, n) => (X86_64_DEFINED.has(n) ? '1' : '0'))
    .replace(/[A-Za-z_]\w*/g, (n) => String(X86_64_MACROS[n] ?? (X86_64_DEFINED.has(n) ? 1 : 0)));
  if (!/^[\d\s()!&|=<>+*-]*$/.test(e)) fail(`cannot evaluate preprocessor condition: ${expr}`);
  return Boolean(new Function(`return (${e});`)());
}

/**
 * Parses every `asmlinkage long sys_xxx(...);` prototype of syscalls.h that is active for
 * x86_64, honouring #if/#ifdef/#else/#endif. The region guarded by
 * CONFIG_ARCH_HAS_SYSCALL_WRAPPER is read although x86_64 sets that option: the wrapper
 * only changes the calling convention, not the C prototypes.
 */
function parseSyscallsH(file) {
  const lines = stripComments(read(file)).split('\n');
  const stack = []; // { active, taken }
  const isActive = () => stack.every((s) => s.active);
  let text = '';
  for (const raw of lines) {
    const line = raw.trim();
    const pp = /^#\s*(\w+)\s*(.*)$/.exec(line);
    if (pp) {
      const [, dir, rest] = pp;
      if (dir === 'if' || dir === 'ifdef' || dir === 'ifndef') {
        let cond;
        if (dir === 'ifdef' || dir === 'ifndef') {
          const name = rest.trim();
          const special = name === 'CONFIG_ARCH_HAS_SYSCALL_WRAPPER' || /^_LINUX_\w+_H$/.test(name);
          cond = special ? dir === 'ifndef' : X86_64_DEFINED.has(name) === (dir === 'ifdef');
        } else cond = evalCondition(rest);
        stack.push({ active: cond, taken: cond });
      } else if (dir === 'elif') {
        const top = stack[stack.length - 1];
        top.active = !top.taken && evalCondition(rest);
        top.taken ||= top.active;
      } else if (dir === 'else') {
        const top = stack[stack.length - 1];
        top.active = !top.taken;
        top.taken = true;
      } else if (dir === 'endif') stack.pop();
      text += '\n';
      continue;
    }
    text += (isActive() ? raw : '') + '\n';
  }
  const protos = new Map();
  for (const m of text.matchAll(/asmlinkage\s+long\s+(sys_\w+)\s*\(([^;]*?)\)\s*;/g)) {
    if (!protos.has(m[1])) protos.set(m[1], m[2]);
  }
  return protos;
}

const C_TYPE_WORDS = new Set([
  'int', 'long', 'short', 'char', 'unsigned', 'signed', 'void', 'const', 'volatile', 'struct',
  'union', 'enum', '__user',
]);

/** 'const char __user *filename' -> { type: 'const char __user *', name: 'filename' } */
function parseParams(list, where, names) {
  const s = list.replace(/\s+/g, ' ').trim();
  if (s === 'void' || s === '') return [];
  const parts = s.split(',');
  if (names) {
    if (names.length !== parts.length) throw new Error(`${where}: PARAM_NAMES has ${names.length} names for ${parts.length} parameters`);
    return parts.map((p, i) => ({ type: normType(p), name: names[i] }));
  }
  return parts.map((p, i) => {
    const m = /^(.*?)\s*\b([A-Za-z_]\w*)\s*$/.exec(p.trim());
    if (!m || !m[1] || C_TYPE_WORDS.has(m[2]) || /(^|\s)(struct|union|enum)$/.test(m[1].trim())) {
      throw new Error(`${where}: parameter ${i + 1} (${p.trim()}) has no name; add it to OVERRIDES`);
    }
    return { type: normType(m[1]), name: m[2] };
  });
}

/** Normalises whitespace of a C type as written: 'char __user *', 'struct iocb __user * __user *'. */
function normType(t) {
  return t.replace(/\s+/g, ' ').trim().replace(/(\w)\s*\*/g, '$1 *').replace(/\*\s+\*/g, '**');
}

// strace 6.1 prints fewer arguments than the kernel prototype has for these (the
// kernel's high half of the offset is ignored on 64-bit, see pos_from_hilo()); the extra
// trailing parameters are dropped so that nargs matches what strace prints.
const STRACE_NARGS = { preadv: 4, pwritev: 4 };

// ---- syscall classes (strace's -e trace=%CLASS) ------------------------------------------
//
// How the classes were derived: strace 6.1 assigns them by hand in its syscallent tables
// (TRACE_FILE, TRACE_DESC, ...). This script reproduces them with two rules taken from
// the strace manual plus explicit name lists:
//  - %file: the syscall has a `char __user *` parameter named like a path (FILE_ARG_NAMES),
//    plus FILE_EXTRA (path parameters with generic names, and getcwd);
//  - %desc: the syscall has an integer parameter named like a file descriptor
//    (DESC_ARG_NAMES) or an fd-set/pollfd array, plus DESC_EXTRA (syscalls that return a
//    new descriptor or take an mqd_t), minus %network syscalls (strace files socket calls
//    under %network only; sendfile is in both) and DESC_EXCLUDE;
//  - every other class is an explicit list.
// The result was checked to be identical to what strace 6.1 prints: `--check-strace`
// runs a libc-free probe that installs a seccomp filter making every syscall fail with
// ENOSYS (so nothing is executed) and then invokes every x86_64 syscall once; it is traced
// once with `-e trace=%CLASS` per class and the printed names are compared to the table.
const FILE_ARG_NAMES = new Set([
  'filename', 'pathname', 'path', 'oldname', 'newname', 'old', 'new', 'dev_name', 'dir_name',
  'from_path', 'to_path', 'library', 'new_root', 'put_old', 'special', 'specialfile',
]);
const FILE_EXTRA = ['acct', 'umount2', 'getcwd', 'fsconfig', 'name_to_handle_at'];
const DESC_ARG_NAMES = new Set([
  'fd', 'fildes', 'dfd', 'olddfd', 'newdfd', 'from_dfd', 'to_dfd', 'epfd', 'fanotify_fd',
  'fd_in', 'fd_out', 'fdin', 'fdout', 'in_fd', 'out_fd', 'oldfd', 'newfd', 'ufd', 'pidfd',
  'ruleset_fd', 'fs_fd', 'group_fd', 'kernel_fd', 'mountdirfd', 'mqdes',
]);
const DESC_EXTRA = [
  'open', 'creat', 'epoll_create', 'epoll_create1', 'eventfd', 'eventfd2', 'inotify_init',
  'inotify_init1', 'fanotify_init', 'memfd_create', 'memfd_secret', 'timerfd_create',
  'userfaultfd', 'bpf', 'io_uring_setup', 'fsopen', 'pidfd_open', 'landlock_create_ruleset',
  'mq_open', 'select', 'pselect6', 'poll', 'ppoll',
];
const DESC_EXCLUDE = ['close_range', 'epoll_ctl_old', 'epoll_wait_old'];
const CLASS_LISTS = {
  network: [
    'socket', 'socketpair', 'bind', 'connect', 'listen', 'accept', 'accept4', 'getsockname',
    'getpeername', 'sendto', 'recvfrom', 'sendmsg', 'recvmsg', 'sendmmsg', 'recvmmsg', 'shutdown',
    'setsockopt', 'getsockopt', 'sendfile', 'getpmsg', 'putpmsg',
  ],
  process: [
    'clone', 'clone3', 'fork', 'vfork', 'execve', 'execveat', 'exit', 'exit_group', 'wait4',
    'waitid', 'kill', 'tkill', 'tgkill', 'rt_sigqueueinfo', 'rt_tgsigqueueinfo',
    'pidfd_send_signal',
  ],
  signal: [
    'rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn', 'rt_sigpending', 'rt_sigtimedwait',
    'rt_sigqueueinfo', 'rt_tgsigqueueinfo', 'rt_sigsuspend', 'sigaltstack', 'pause', 'kill',
    'tkill', 'tgkill', 'signalfd', 'signalfd4', 'pidfd_send_signal', 'io_uring_enter',
  ],
  ipc: ['msgget', 'msgsnd', 'msgrcv', 'msgctl', 'semget', 'semop', 'semtimedop', 'semctl', 'shmget', 'shmat', 'shmdt', 'shmctl'],
  memory: [
    'brk', 'mmap', 'munmap', 'mremap', 'mprotect', 'pkey_mprotect', 'madvise', 'msync',
    'mincore', 'mlock', 'mlock2', 'munlock', 'mlockall', 'munlockall', 'remap_file_pages',
    'mbind', 'get_mempolicy', 'set_mempolicy', 'set_mempolicy_home_node', 'migrate_pages',
    'move_pages', 'shmat', 'shmdt', 'io_setup', 'io_destroy', 'io_uring_register',
  ],
  creds: [
    'getuid', 'geteuid', 'getgid', 'getegid', 'setuid', 'setgid', 'setreuid', 'setregid',
    'setresuid', 'getresuid', 'setresgid', 'getresgid', 'setfsuid', 'setfsgid', 'getgroups',
    'setgroups', 'capget', 'capset', 'prctl',
  ],
  clock: ['time', 'gettimeofday', 'settimeofday', 'adjtimex', 'clock_settime', 'clock_gettime', 'clock_getres', 'clock_adjtime'],
  stat: ['stat'],
  lstat: ['lstat'],
  fstat: ['fstat', 'newfstatat', 'statx'],
  statfs: ['statfs'],
  fstatfs: ['fstatfs'],
  pure: ['getpid', 'getppid', 'gettid', 'getuid', 'geteuid', 'getgid', 'getegid', 'getpgrp'],
};
const CLASS_ORDER = ['file', 'desc', 'network', 'process', 'signal', 'ipc', 'memory', 'creds', 'clock', 'stat', 'lstat', 'fstat', 'statfs', 'fstatfs', 'pure'];

function classify(s) {
  const set = new Set();
  const isCharPtr = (t) => /\bchar __user \*$/.test(t);
  const isInt = (t) => /^(const )?(unsigned )?(int|long|unsigned)$/.test(t) || t === 'mqd_t';
  if (s.args.some((a) => isCharPtr(a.type) && FILE_ARG_NAMES.has(a.name)) || FILE_EXTRA.includes(s.name)) set.add('file');
  const network = CLASS_LISTS.network.includes(s.name);
  const fdArg = s.args.some(
    (a) => (DESC_ARG_NAMES.has(a.name) && (isInt(a.type) || a.name === 'fildes')) || /^(fd_set|struct pollfd) __user \*$/.test(a.type),
  );
  if ((fdArg && !(network && s.name !== 'sendfile') && !DESC_EXCLUDE.includes(s.name)) || DESC_EXTRA.includes(s.name)) set.add('desc');
  for (const [cls, names] of Object.entries(CLASS_LISTS)) if (names.includes(s.name)) set.add(cls);
  return CLASS_ORDER.filter((c) => set.has(c));
}

function parseUnistd() {
  const list = [];
  for (const d of defines(read(UNISTD_64_H), /^__NR_/)) {
    if (!/^\d+$/.test(d.value)) fail(`${UNISTD_64_H}: unexpected ${d.name} ${d.value}`);
    list.push({ name: d.name.slice(5), nr: Number(d.value) });
  }
  list.sort((a, b) => a.nr - b.nr);
  return list;
}

function parseSyscalls64H(file) {
  const m = new Map();
  for (const x of read(file).matchAll(/__SYSCALL\((\d+),\s*(\w+)\)/g)) m.set(Number(x[1]), x[2]);
  return m;
}

function buildSyscalls(opts) {
  const protos = parseSyscallsH(opts.syscallsH);
  const entries = opts.syscalls64H ? parseSyscalls64H(opts.syscalls64H) : null;
  const out = [];
  const errors = [];
  for (const { name, nr } of parseUnistd()) {
    const entry = ENTRY_ALIASES[name] ?? `sys_${name}`;
    if (entries) {
      const real = entries.get(nr);
      if (real && real !== entry && !(real === 'sys_ni_syscall' && name in OVERRIDES)) {
        errors.push(`${name} (${nr}): entry point is ${real} in ${opts.syscalls64H}, script assumes ${entry}; update ENTRY_ALIASES`);
      }
    }
    let params;
    let source;
    if (name in OVERRIDES) {
      params = OVERRIDES[name];
      source = 'override';
    } else if (protos.has(entry)) {
      params = protos.get(entry);
      source = 'syscalls.h';
    } else {
      errors.push(`${name} (${nr}): no prototype ${entry}() in ${opts.syscallsH}; add it to OVERRIDES`);
      continue;
    }
    let args;
    try {
      args = parseParams(params, `${name} (${entry})`, source === 'syscalls.h' ? PARAM_NAMES[name] : undefined);
    } catch (e) {
      errors.push(e.message);
      continue;
    }
    if (STRACE_NARGS[name] !== undefined) args = args.slice(0, STRACE_NARGS[name]);
    out.push({ nr, name, args, source });
  }
  if (errors.length) fail(errors.join('\n'));
  for (const s of out) s.classes = classify(s);
  return out;
}

function renderSyscallTable(sys, sources) {
  const lines = sys.map((s) => {
    const args = s.args.map((a) => `{ type: ${q(a.type)}, name: ${q(a.name)} }`).join(', ');
    const classes = s.classes.map(q).join(', ');
    const note = s.source === 'override' ? ' // prototype hand-written in gen-tables.mjs (OVERRIDES)' : '';
    return `  { nr: ${s.nr}, name: ${q(s.name)}, nargs: ${s.args.length}, args: [${args}], classes: [${classes}] },${note}`;
  });
  return (
    header(sources) +
    `//\n` +
    `// One entry per __NR_* of unistd_64.h, sorted by nr. args: the kernel's C prototype of the\n` +
    `// x86_64 entry point (include/linux/syscalls.h; hand-written where the comment says so);\n` +
    `// nargs = args.length = the number of arguments strace 6.1 prints. classes: strace 6.1's\n` +
    `// -e trace=%CLASS membership.\n\n` +
    `import type { SyscallDef } from '../../syscall-def.js';\n\n` +
    `export const syscallTable: readonly SyscallDef[] = [\n${lines.join('\n')}\n];\n`
  );
}

// ---------------------------------------------------------------------------------------
// errno
// ---------------------------------------------------------------------------------------

// Messages strace 6.1 prints for the kernel-internal restart codes (it prints them as
// `= ? NAME (message)`); all other errnos get glibc's strerror() text, which for the other
// kernel-internal codes is "Unknown error N" (e.g. `= -1 ENOIOCTLCMD (Unknown error 515)`).
const STRACE_RESTART_MESSAGES = {
  ERESTARTSYS: 'To be restarted if SA_RESTART is set',
  ERESTARTNOINTR: 'To be restarted',
  ERESTARTNOHAND: 'To be restarted if no handler',
  ERESTART_RESTARTBLOCK: 'Interrupted by signal',
};
// Kernel-internal errnos of include/linux/errno.h that strace 6.1 has no name for: it
// prints `= -1 (errno 519)`. (Checked with --check-strace.)
const STRACE_UNNAMED_ERRNOS = ['ENOPARAM', 'ENOGRACE'];
const GLIBC_BITS_ERRNO_H = '/usr/include/x86_64-linux-gnu/bits/errno.h';

function buildErrnos(opts) {
  const canon = [];
  const aliases = [];
  const seen = new Map();
  const add = (list, kernelInternal) => {
    for (const d of list) {
      if (/^\d+$/.test(d.value)) {
        const num = Number(d.value);
        if (seen.has(num)) aliases.push({ alias: d.name, name: seen.get(num), num });
        else {
          seen.set(num, d.name);
          canon.push({ num, name: d.name, kernelInternal });
        }
      } else if (/^E\w+$/.test(d.value)) {
        aliases.push({ alias: d.name, name: d.value, num: -1 });
      } else fail(`unexpected errno define ${d.name} ${d.value}`);
    }
  };
  add(defines(read(ERRNO_BASE_H), /^E[A-Z0-9_]+$/), false);
  add(defines(read(ERRNO_H), /^E[A-Z0-9_]+$/), false);
  add(defines(read(opts.kernelErrnoH), /^E[A-Z0-9_]+$/), true);
  // glibc's own alias ENOTSUP (bits/errno.h); its numeric re-definitions are duplicates.
  for (const d of defines(read(GLIBC_BITS_ERRNO_H), /^E[A-Z0-9_]+$/)) {
    if (/^E\w+$/.test(d.value) && !aliases.some((a) => a.alias === d.name)) aliases.push({ alias: d.name, name: d.value, num: -1 });
  }
  const byName = new Map(canon.map((e) => [e.name, e.num]));
  for (const a of aliases) {
    if (a.num < 0) a.num = byName.get(a.name) ?? fail(`errno alias ${a.alias} -> unknown ${a.name}`);
    if (byName.get(a.name) !== a.num) a.name = [...byName].find(([, n]) => n === a.num)[0];
  }
  canon.sort((a, b) => a.num - b.num);
  aliases.sort((a, b) => a.num - b.num || (a.alias < b.alias ? -1 : 1));
  const msgs = runC(
    `#include <stdio.h>\n#include <string.h>\n#include <locale.h>\nint main(void) {\n  setlocale(LC_ALL, "C");\n` +
      canon.map((e) => `  printf("%d\\t%s\\n", ${e.num}, strerror(${e.num}));`).join('\n') +
      `\n  return 0;\n}\n`,
  );
  const msgOf = new Map(msgs.trim().split('\n').map((l) => [Number(l.split('\t')[0]), l.split('\t')[1]]));
  for (const e of canon) e.message = STRACE_RESTART_MESSAGES[e.name] ?? msgOf.get(e.num);
  for (const n of [...Object.keys(STRACE_RESTART_MESSAGES), ...STRACE_UNNAMED_ERRNOS]) if (!byName.has(n)) fail(`${n} not found in ${opts.kernelErrnoH}`);
  return { canon, aliases };
}

function renderErrnoTable({ canon, aliases }, sources) {
  const restart = Object.keys(STRACE_RESTART_MESSAGES).map((n) => canon.find((e) => e.name === n).num);
  const unnamed = STRACE_UNNAMED_ERRNOS.map((n) => canon.find((e) => e.name === n).num);
  return (
    header(sources) +
    `//\n` +
    `// errnoTable: every E* number of the uapi headers (asm-generic/errno-base.h, errno.h) and the\n` +
    `// kernel-internal ones (>= 512, include/linux/errno.h), sorted by number, under the name\n` +
    `// strace prints. message: glibc's strerror() text, except for the ERESTART* codes, which\n` +
    `// carry the text strace 6.1 prints for them.\n` +
    `// strace 6.1 prints a failed call as \`= -1 NAME (message)\`; for straceRestartErrnos it\n` +
    `// prints \`= ? NAME (message)\`; for straceUnnamedErrnos and numbers not in this table it\n` +
    `// prints \`= -1 (errno N)\`.\n\n` +
    `export interface ErrnoDef {\n  readonly num: number;\n  readonly name: string;\n  readonly message: string;\n}\n\n` +
    `export const errnoTable: readonly ErrnoDef[] = [\n` +
    canon.map((e) => `  { num: ${e.num}, name: ${q(e.name)}, message: ${q(e.message)} },`).join('\n') +
    `\n];\n\n` +
    `/** Other names of the same numbers (never printed by strace). */\n` +
    `export const errnoAliases: readonly { readonly alias: string; readonly name: string; readonly num: number }[] = [\n` +
    aliases.map((a) => `  { alias: ${q(a.alias)}, name: ${q(a.name)}, num: ${a.num} },`).join('\n') +
    `\n];\n\n` +
    `/** Kernel-internal restart codes strace prints as \`= ? NAME (message)\`. */\n` +
    `export const straceRestartErrnos: readonly number[] = [${restart.join(', ')}];\n\n` +
    `/** Numbers in errnoTable that strace 6.1 has no name for: printed as \`= -1 (errno N)\`. */\n` +
    `export const straceUnnamedErrnos: readonly number[] = [${unnamed.join(', ')}];\n`
  );
}

// ---------------------------------------------------------------------------------------
// Signals
// ---------------------------------------------------------------------------------------

function buildSignals() {
  const sigs = [];
  const aliases = [];
  const byNum = new Map();
  const byName = new Map();
  // The first numeric definition of a number is the canonical one (SIGABRT before SIGIOT,
  // SIGIO before SIGLOST, SIGSYS before SIGUNUSED): what strace prints.
  for (const d of defines(read(SIGNAL_H), /^SIG[A-Z0-9]+$/)) {
    let num;
    if (/^\d+$/.test(d.value)) num = Number(d.value);
    else if (byName.has(d.value)) num = byName.get(d.value);
    else continue; // SIGRTMAX _NSIG
    if (d.name === 'SIGRTMIN' || d.name === 'SIGSTKSZ' || num < 1 || num > 31) continue;
    byName.set(d.name, num);
    if (byNum.has(num)) aliases.push({ alias: d.name, name: byNum.get(num), num });
    else {
      byNum.set(num, d.name);
      sigs.push({ num, name: d.name });
    }
  }
  sigs.sort((a, b) => a.num - b.num);
  for (let i = 1; i <= 31; i++) if (!byNum.has(i)) fail(`signal ${i} missing from ${SIGNAL_H}`);
  aliases.sort((a, b) => a.num - b.num || (a.alias < b.alias ? -1 : 1));
  return { sigs, aliases };
}

function rtSignalName(n) {
  return n === 32 ? 'SIGRTMIN' : `SIGRT_${n - 32}`;
}

function renderSignalTable({ sigs, aliases }, sources) {
  const rt = [];
  for (let n = 32; n <= 64; n++) rt.push({ num: n, name: rtSignalName(n) });
  return (
    header(sources) +
    `//\n` +
    `// Signal numbers 1..31 of x86_64 under the names strace 6.1 prints (SIGIOT -> SIGABRT,\n` +
    `// SIGPOLL -> SIGIO, SIGUNUSED -> SIGSYS): the first definition of each number in the header.\n` +
    `// Real-time signals (observed with strace 6.1 decoding kill(pid, n) for n = 0..66): the\n` +
    `// kernel's SIGRTMIN is 32 and strace names them from there, ignoring glibc's reserved ones:\n` +
    `// 32 -> SIGRTMIN, 33 -> SIGRT_1, 34 -> SIGRT_2, ..., 64 -> SIGRT_32 (realtimeSignalNames).\n` +
    `// Signal 0 and numbers above 64 are printed in decimal. Inside a sigset strace drops the\n` +
    `// SIG prefix: [HUP KILL RTMIN RT_1 RT_32], and prints a mostly-full set as its\n` +
    `// complement: ~[KILL] (all but SIGKILL), ~[] (all), ~[RTMIN RT_1] (glibc's usual mask).\n\n` +
    `export interface SignalDef {\n  readonly num: number;\n  readonly name: string;\n}\n\n` +
    `export const signalTable: readonly SignalDef[] = [\n` +
    sigs.map((s) => `  { num: ${s.num}, name: ${q(s.name)} },`).join('\n') +
    `\n];\n\n` +
    `/** Other names of the same numbers (never printed by strace). */\n` +
    `export const signalAliases: readonly { readonly alias: string; readonly name: string; readonly num: number }[] = [\n` +
    aliases.map((a) => `  { alias: ${q(a.alias)}, name: ${q(a.name)}, num: ${a.num} },`).join('\n') +
    `\n];\n\n` +
    `/** How strace 6.1 prints signals 32..64 (kernel SIGRTMIN = 32, _NSIG = 64). */\n` +
    `export const realtimeSignalNames: readonly SignalDef[] = [\n` +
    rt.map((s) => `  { num: ${s.num}, name: ${q(s.name)} },`).join('\n') +
    `\n];\n`
  );
}

// ---------------------------------------------------------------------------------------
// ptrace / wait constants
// ---------------------------------------------------------------------------------------

function buildPtrace() {
  const groups = [
    { file: PTRACE_H, re: /^PTRACE_/, includes: ['linux/ptrace.h'] },
    { file: PTRACE_ABI_H, re: /^PTRACE_/, includes: ['linux/ptrace.h'] },
    { file: WAIT_H, re: /^(__)?W[A-Z]+$|^P_[A-Z]+$/, includes: ['linux/wait.h'] },
  ];
  const seen = new Set();
  for (const g of groups) {
    g.names = defines(read(g.file), g.re)
      .map((d) => d.name)
      .filter((n) => !seen.has(n) && seen.add(n));
  }
  const values = cValuesMany(groups);
  groups.forEach((g, i) => (g.values = values[i]));
  return groups;
}

function renderPtrace(groups, sources) {
  const fmt = (v) => (v >= 0x100 ? hex(v) : String(v));
  let body = '';
  for (const g of groups) {
    body += `\n// ${g.file}\n`;
    for (const n of g.names) body += `export const ${n} = ${fmt(g.values.get(n))};\n`;
  }
  return header(sources) + `//\n// Every PTRACE_* of the uapi ptrace headers (requests, PTRACE_O_* options, PTRACE_EVENT_*,\n// PTRACE_SYSCALL_INFO_*, x86 PTRACE_GETREGS & co.) and the wait()/waitid() flags, in header order.\n` + body;
}

// ---------------------------------------------------------------------------------------
// --check-strace: compare with what the machine's strace prints
// ---------------------------------------------------------------------------------------

const PROBE_PRELUDE = `#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/audit.h>
#include <stddef.h>
static long sc(long n, long a, long b, long c, long d, long e, long f) {
  register long r10 __asm__("r10") = d; register long r8 __asm__("r8") = e; register long r9 __asm__("r9") = f;
  long ret;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
  return ret;
}
/* Installs a seccomp filter: exit_group runs; getpid(E) with E >= 1 fails with errno E when
   errno_getpid is set; everything else fails with ENOSYS without being executed. */
static void lockdown(int errno_getpid) {
  struct sock_filter f[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 231, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, errno_getpid ? 39 : 0xffffffff, 0, 3),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
    BPF_STMT(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO),
    BPF_STMT(BPF_RET | BPF_A, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38),
  };
  struct sock_fprog prog = { sizeof f / sizeof f[0], f };
  if (sc(157, 38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0, 0) != 0) sc(231, 2, 0, 0, 0, 0, 0);
  if (sc(317, SECCOMP_SET_MODE_FILTER, 0, (long)&prog, 0, 0, 0) != 0) sc(231, 3, 0, 0, 0, 0, 0);
  if (sc(110, 0, 0, 0, 0, 0, 0) != -38) sc(231, 4, 0, 0, 0, 0, 0); /* getppid must be blocked */
}
`;

function buildProbe(body) {
  const src = PROBE_PRELUDE + `__attribute__((force_align_arg_pointer)) void _start(void) {\n${body}\n  sc(231, 0, 0, 0, 0, 0, 0);\n}\n`;
  return compile(src, ['-nostdlib', '-static', '-O1', '-fno-stack-protector', '-fno-builtin']);
}

function strace(args, exe) {
  const outFile = path.join(tmp(), `strace-${ccCount++}.txt`);
  const r = spawnSync('strace', ['-o', outFile, ...args, exe], { encoding: 'utf8' });
  if (r.error) fail(`cannot run strace: ${r.error.message}`);
  if (r.status !== 0) fail(`strace ${args.join(' ')} ${exe} exited ${r.status}: ${r.stderr}`);
  return read(outFile).split('\n').filter((l) => l && !l.startsWith('+++') && !l.startsWith('---'));
}

function checkStrace(tables) {
  const problems = [];
  const { sys, errnos, signals } = tables;
  const ver = spawnSync('strace', ['-V'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '?';
  console.log(`checking against ${ver}`);

  // 1. arg counts and %classes: every syscall once, each failing with ENOSYS.
  const calls = sys
    .filter((s) => s.name !== 'exit_group')
    .map((s) => `  sc(${s.nr}, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66);`)
    .join('\n');
  const probe = buildProbe(`  lockdown(0);\n${calls}`);
  const after = (lines) => lines.slice(lines.findIndex((l) => l.startsWith('getppid(')) + 1);
  const raw = after(strace(['-e', 'raw=all'], probe));
  const printed = new Map();
  for (const l of raw) {
    const m = /^(\w+)\((.*?)\)\s+= /.exec(l);
    if (m && !printed.has(m[1])) printed.set(m[1], m[2].trim() === '' ? 0 : m[2].split(',').length);
  }
  for (const s of sys) {
    if (!printed.has(s.name)) problems.push(`syscall ${s.name}: not printed by strace`);
    else if (printed.get(s.name) !== s.args.length) problems.push(`syscall ${s.name}: strace prints ${printed.get(s.name)} args, table has ${s.args.length}`);
  }
  for (const cls of CLASS_ORDER) {
    const got = new Set(strace(['-e', `trace=%${cls}`], probe).map((l) => /^(\w+)\(/.exec(l)?.[1]).filter(Boolean));
    const want = new Set(sys.filter((s) => s.classes.includes(cls)).map((s) => s.name));
    // The probe's own setup calls (prctl, seccomp, getppid) are made for real once too.
    for (const n of got) if (!want.has(n)) problems.push(`%${cls}: strace has ${n}, table does not`);
    for (const n of want) if (!got.has(n)) problems.push(`%${cls}: table has ${n}, strace does not`);
  }

  // 2. errno names and messages: getpid(E) fails with errno E for E = 1..600.
  const eprobe = buildProbe(`  lockdown(1);\n  for (long e = 1; e <= 600; e++) sc(39, e, 0, 0, 0, 0, 0);`);
  const elines = strace(['-e', 'trace=getpid'], eprobe);
  const byNum = new Map(errnos.canon.map((e) => [e.num, e]));
  const unnamed = new Set(STRACE_UNNAMED_ERRNOS);
  for (let e = 1; e <= 600; e++) {
    const line = elines[e - 1] ?? '';
    const got = line.replace(/^getpid\(\)\s+= /, '');
    const d = byNum.get(e);
    let want;
    if (!d || unnamed.has(d.name)) want = `-1 (errno ${e})`;
    else if (d.name in STRACE_RESTART_MESSAGES) want = `? ${d.name} (${d.message})`;
    else want = `-1 ${d.name} (${d.message})`;
    if (got !== want) problems.push(`errno ${e}: strace prints "${got}", table gives "${want}"`);
  }

  // 3. signal names: kill(38, n) for n = 0..66.
  const sprobe = buildProbe(`  lockdown(0);\n  for (long s = 0; s <= 66; s++) sc(62, 38, s, 0, 0, 0, 0);`);
  const slines = after(strace(['-e', 'trace=kill,getppid'], sprobe));
  const sigName = new Map(signals.sigs.map((s) => [s.num, s.name]));
  for (let n = 0; n <= 66; n++) {
    const got = /^kill\(38, (\w+)\)/.exec(slines[n] ?? '')?.[1];
    const want = sigName.get(n) ?? (n >= 32 && n <= 64 ? rtSignalName(n) : String(n));
    if (got !== want) problems.push(`signal ${n}: strace prints ${got}, table gives ${want}`);
  }

  // 4. flag tables.
  problems.push(...checkFlagTables(tables.flags, buildProbe, strace, after));

  if (problems.length) {
    console.log(problems.join('\n'));
    console.log(`${problems.length} difference(s) from strace`);
    process.exit(1);
  }
  console.log('tables agree with strace');
}

// ---------------------------------------------------------------------------------------
// Flag and enum tables for the strace-exact renderer
// ---------------------------------------------------------------------------------------
//
// Each table is a list of [value, name] pairs. Two kinds:
//  - 'flags': a bit set. strace (printflags) walks the table in order, prints every entry
//    whose bits are all set in the remaining value and clears them, then appends any
//    leftover bits as |0x...; a zero value prints as the table's zero-valued entry if it
//    has one (PROT_NONE, F_OK), else as 0. So ORDER MATTERS: it is the order strace prints
//    (composite masks like O_SYNC, O_TMPFILE, STATX_BASIC_STATS come before their parts).
//  - 'enum': one value -> one name (printxval); the table is sorted by value and, where two
//    names share a value, only the one strace prints is kept (the other is in `aliases`).
// Names come from the headers listed per table (all #defines / enum members matching a
// pattern, minus exclusions), or from an explicit list in strace's order where the header
// order differs or the header mixes in unrelated names; values always come from compiling
// a C program against the headers. `--check-strace` feeds every entry, and for 'flags'
// tables the OR of all entries, to a syscall under strace 6.1 (made harmless by seccomp)
// and compares strace's text with the text the table produces.

const INC = '/usr/include';
const X86_INC = '/usr/include/x86_64-linux-gnu';

/** Names of `#define NAME value` and `NAME = value,` enum members of a header, file order. */
function hdrNames(file, re, exclude = []) {
  const src = stripComments(read(file));
  const out = [];
  for (const line of src.split('\n')) {
    const d = /^\s*#\s*define\s+(\w+)(?:\s+(.*?))?\s*$/.exec(line);
    const e = /^\s*(\w+)\s*=[^=]/.exec(line);
    const name = d ? d[1] : e ? e[1] : null;
    if (name && re.test(name) && !exclude.includes(name) && !out.includes(name)) {
      if (d && !d[2]) continue; // include guards / empty macros
      out.push(name);
    }
  }
  return out;
}

// Probe argument helpers: V is the value under test (a C integer literal).
const struct = {
  // struct sigaction as the kernel takes it on x86_64 (handler, flags, restorer, mask).
  sigaction: (v) => `{ static unsigned long a[4]; a[0] = 0; a[1] = ${v}; a[2] = 0; a[3] = 0; sc(13, 10, (long)a, 0, 8, 0, 0); }`,
  pollfd: (v) => `{ static struct { int fd; short events, revents; } p; p.fd = 0; p.events = ${v}; sc(7, (long)&p, 1, 0, 0, 0, 0); }`,
  epoll: (v) => `{ static struct __attribute__((packed)) { unsigned events; unsigned long long data; } e; e.events = ${v}; sc(233, 0, 1, 0, (long)&e, 0, 0); }`,
  sigevent: (v) => `{ static struct { unsigned long value; int signo, notify; int pad[12]; } e; e.notify = ${v}; sc(222, 0, (long)&e, 0, 0, 0, 0); }`,
};
const call = (nr, ...args) => (v) => `sc(${nr}, ${[...args, 0, 0, 0, 0, 0, 0].slice(0, 6).map((a) => String(a).replace(/\bV\b/g, v)).join(', ')});`;

const FLAG_SPECS = [
  {
    key: 'openAccess',
    kind: 'enum',
    doc: 'open/openat access mode (flags & O_ACCMODE), printed first, also when 0: O_RDONLY|O_CLOEXEC; 3 prints as O_ACCMODE',
    includes: ['asm/fcntl.h'],
    names: ['O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_ACCMODE'],
    probe: { call: call(257, -100, 0, 'V'), arg: 2 },
  },
  {
    key: 'open',
    kind: 'flags',
    fmt: 'oct',
    doc: 'open/openat flags other than the access mode, in strace order (O_SYNC before O_DSYNC, O_TMPFILE (= __O_TMPFILE|O_DIRECTORY) before __O_TMPFILE and O_DIRECTORY, O_ASYNC printed as FASYNC and last); O_LARGEFILE is the kernel value 0100000 (glibc defines O_LARGEFILE as 0 on x86_64); printed after the access mode: O_RDONLY|O_CREAT|O_CLOEXEC',
    includes: ['asm/fcntl.h'],
    names: [
      'O_CREAT', 'O_EXCL', 'O_NOCTTY', 'O_TRUNC', 'O_APPEND', 'O_NONBLOCK', 'O_SYNC', 'O_DSYNC',
      'O_DIRECT', 'O_LARGEFILE', 'O_NOFOLLOW', 'O_NOATIME', 'O_CLOEXEC', 'O_PATH', 'O_TMPFILE',
      '__O_TMPFILE', 'O_DIRECTORY', 'FASYNC',
    ],
    probe: { call: call(257, -100, 0, 'V'), arg: 2, expect: (t) => (t === '0' ? 'O_RDONLY' : `O_RDONLY|${t}`) },
  },
  {
    key: 'at',
    kind: 'flags',
    fmt: 'hex',
    doc: 'AT_* flags of the *at() calls (newfstatat, unlinkat, linkat, fchownat, statx after statxSync...; faccessat2 prints 0x200 as AT_EACCESS instead of AT_REMOVEDIR); AT_FDCWD (-100) is a separate constant',
    includes: ['linux/fcntl.h'],
    names: ['AT_SYMLINK_NOFOLLOW', 'AT_REMOVEDIR', 'AT_SYMLINK_FOLLOW', 'AT_NO_AUTOMOUNT', 'AT_EMPTY_PATH', 'AT_RECURSIVE'],
    probe: { call: call(262, -100, 0, 0, 'V'), arg: 3 },
  },
  {
    key: 'mmapProt',
    kind: 'flags',
    fmt: 'hex',
    doc: 'mmap/mprotect PROT_*, header order; 0 prints as PROT_NONE',
    includes: ['asm/mman.h'],
    names: () => hdrNames(`${INC}/asm-generic/mman-common.h`, /^PROT_/),
    probe: { call: call(9, 0, 0, 'V', 2, -1, 0), arg: 2 },
  },
  {
    key: 'mmapType',
    kind: 'enum',
    fmt: 'hex',
    doc: 'mmap mapping type (flags & MAP_TYPE), printed first, also when 0 (MAP_FILE): MAP_FILE|MAP_ANONYMOUS; an unknown type prints as 0x4 with a MAP_??? comment',
    includes: ['linux/mman.h'],
    names: ['MAP_FILE', 'MAP_SHARED', 'MAP_PRIVATE', 'MAP_SHARED_VALIDATE'],
    probe: { call: call(9, 0, 0, 0, 'V', -1, 0), arg: 3 },
  },
  {
    key: 'mmap',
    kind: 'flags',
    fmt: 'hex',
    doc: 'mmap MAP_* flags after the type, strace order: MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS; bits 26..31 (MAP_HUGE_*, and MAP_UNINITIALIZED which shares bit 26) are printed by strace as N<<MAP_HUGE_SHIFT, see MAP_HUGE_SHIFT/MAP_HUGE_MASK',
    includes: ['linux/mman.h'],
    names: [
      'MAP_FIXED', 'MAP_ANONYMOUS', 'MAP_32BIT', 'MAP_NORESERVE', 'MAP_POPULATE', 'MAP_NONBLOCK',
      'MAP_GROWSDOWN', 'MAP_DENYWRITE', 'MAP_EXECUTABLE', 'MAP_LOCKED', 'MAP_STACK', 'MAP_HUGETLB',
      'MAP_SYNC', 'MAP_FIXED_NOREPLACE',
    ],
    probe: { call: (v) => call(9, 0, 0, 0, `2 | ${v}`, -1, 0)(v), arg: 3, expect: (t) => (t === '0' ? 'MAP_PRIVATE' : `MAP_PRIVATE|${t}`) },
  },
  {
    key: 'mremap',
    kind: 'flags',
    fmt: 'hex',
    doc: 'mremap MREMAP_*, header order',
    includes: ['linux/mman.h'],
    names: () => hdrNames(`${INC}/linux/mman.h`, /^MREMAP_/),
    probe: { call: call(25, 0, 0, 0, 'V', 0), arg: 3 },
  },
  {
    key: 'madvise',
    kind: 'enum',
    doc: 'madvise advice MADV_*',
    includes: ['asm/mman.h'],
    names: () => hdrNames(`${INC}/asm-generic/mman-common.h`, /^MADV_/),
    probe: { call: call(28, 0, 0, 'V'), arg: 2 },
  },
  {
    key: 'msync',
    kind: 'flags',
    fmt: 'hex',
    doc: 'msync MS_*, strace order MS_SYNC|MS_ASYNC|MS_INVALIDATE',
    includes: ['asm/mman.h'],
    names: ['MS_SYNC', 'MS_ASYNC', 'MS_INVALIDATE'],
    probe: { call: call(26, 0, 0, 'V'), arg: 2 },
  },
  {
    key: 'clone',
    kind: 'flags',
    fmt: 'hex',
    doc: 'clone() CLONE_* flags, header (bit) order; the low byte (CSIGNAL) is the exit signal, printed last by name: flags=CLONE_VM|CLONE_FS|...|SIGCHLD. strace 6.1 has no name for CLONE_DETACHED (0x400000, prints it as 0x400000 with a CLONE_??? comment); CLONE_NEWTIME (0x80) lies inside CSIGNAL and, like CLONE_CLEAR_SIGHAND / CLONE_INTO_CGROUP (bits 32, 33), is clone3-only',
    includes: ['linux/sched.h'],
    names: () => hdrNames(`${INC}/linux/sched.h`, /^CLONE_/, ['CLONE_DETACHED', 'CLONE_NEWTIME', 'CLONE_ARGS_SIZE_VER0', 'CLONE_ARGS_SIZE_VER1', 'CLONE_ARGS_SIZE_VER2']),
    probe: { call: call(56, 'V', 0, 0, 0, 0), field: 'flags', only: (v) => v < 2 ** 32 },
  },
  {
    key: 'saFlags',
    kind: 'flags',
    fmt: 'hex',
    doc: 'sigaction sa_flags SA_*, strace order (high bits first: SA_RESTORER|SA_RESTART|SA_SIGINFO); strace 6.1 has no name for SA_UNSUPPORTED (0x400) and SA_EXPOSE_TAGBITS (0x800)',
    includes: ['asm/signal.h'],
    names: ['SA_RESTORER', 'SA_ONSTACK', 'SA_RESTART', 'SA_NODEFER', 'SA_RESETHAND', 'SA_SIGINFO', 'SA_NOCLDSTOP', 'SA_NOCLDWAIT'],
    probe: { call: struct.sigaction, field: 'sa_flags' },
  },
  {
    key: 'sigprocmaskHow',
    kind: 'enum',
    doc: 'rt_sigprocmask how',
    includes: ['asm/signal.h'],
    names: ['SIG_BLOCK', 'SIG_UNBLOCK', 'SIG_SETMASK'],
    probe: { call: call(14, 'V', 0, 0, 8), arg: 0 },
  },
  {
    key: 'fcntlCmd',
    kind: 'enum',
    doc: 'fcntl commands F_* (strace 6.1 has no name for F_GET_RW_HINT..F_SET_FILE_RW_HINT, 1035..1038)',
    includes: ['linux/fcntl.h'],
    names: [
      'F_DUPFD', 'F_GETFD', 'F_SETFD', 'F_GETFL', 'F_SETFL', 'F_GETLK', 'F_SETLK', 'F_SETLKW',
      'F_SETOWN', 'F_GETOWN', 'F_SETSIG', 'F_GETSIG', 'F_SETOWN_EX', 'F_GETOWN_EX',
      'F_GETOWNER_UIDS', 'F_OFD_GETLK', 'F_OFD_SETLK', 'F_OFD_SETLKW', 'F_SETLEASE', 'F_GETLEASE',
      'F_NOTIFY', 'F_CANCELLK', 'F_DUPFD_CLOEXEC', 'F_SETPIPE_SZ', 'F_GETPIPE_SZ', 'F_ADD_SEALS',
      'F_GET_SEALS',
    ],
    probe: { call: call(72, 0, 'V', 0), arg: 1 },
  },
  {
    key: 'fdFlags',
    kind: 'flags',
    fmt: 'hex',
    doc: 'F_GETFD/F_SETFD flags',
    includes: ['linux/fcntl.h'],
    names: ['FD_CLOEXEC'],
    literal: { FD_CLOEXEC: 1 }, // glibc <fcntl.h> / <asm-generic/fcntl.h> FD_CLOEXEC
    probe: { call: call(72, 0, 2, 'V'), arg: 2 },
  },
  {
    key: 'accessMode',
    kind: 'flags',
    fmt: 'hex',
    doc: 'access/faccessat mode, strace order R_OK|W_OK|X_OK; 0 prints as F_OK',
    includes: ['unistd.h'],
    names: ['F_OK', 'R_OK', 'W_OK', 'X_OK'],
    probe: { call: call(269, -100, 0, 'V'), arg: 2 },
  },
  {
    key: 'fileType',
    kind: 'enum',
    fmt: 'oct',
    doc: 'file type of a mode (mode & S_IFMT), printed before the permission bits: S_IFREG|0644',
    includes: ['linux/stat.h'],
    names: ['S_IFREG', 'S_IFSOCK', 'S_IFLNK', 'S_IFBLK', 'S_IFDIR', 'S_IFCHR', 'S_IFIFO'],
    probe: { call: call(259, -100, 0, 'V | 0600', 0), arg: 2, expect: (t) => `${t}|0600` },
  },
  {
    key: 'poll',
    kind: 'flags',
    fmt: 'hex',
    doc: 'poll events POLL*, header (bit) order',
    includes: ['asm/poll.h'],
    names: () => hdrNames(`${INC}/asm-generic/poll.h`, /^POLL/, ['POLLFREE', 'POLL_BUSY_LOOP']),
    probe: { call: struct.pollfd, field: 'events' },
  },
  {
    key: 'addressFamily',
    kind: 'enum',
    doc: 'socket address families AF_*',
    includes: ['sys/socket.h'],
    names: () => hdrNames(`${X86_INC}/bits/socket.h`, /^AF_/, ['AF_MAX']),
    prefer: ['AF_UNIX'],
    probe: { call: call(41, 'V', 1, 0), arg: 0 },
  },
  {
    key: 'socketType',
    kind: 'enum',
    doc: 'socket type (type & 0xf), printed first; when it is 0 and socketFlags bits are set, only the flags are printed (SOCK_CLOEXEC), when all is 0 it prints 0',
    includes: ['sys/socket.h'],
    names: ['SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW', 'SOCK_RDM', 'SOCK_SEQPACKET', 'SOCK_DCCP', 'SOCK_PACKET'],
    probe: { call: call(41, 2, 'V', 0), arg: 1 },
  },
  {
    key: 'socketFlags',
    kind: 'flags',
    fmt: 'oct',
    doc: 'socket type flags after the type: SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK',
    includes: ['sys/socket.h'],
    names: ['SOCK_CLOEXEC', 'SOCK_NONBLOCK'],
    probe: { call: (v) => call(41, 2, `1 | ${v}`, 0)(v), arg: 1, expect: (t) => (t === '0' ? 'SOCK_STREAM' : `SOCK_STREAM|${t}`) },
  },
  {
    key: 'wait4Options',
    kind: 'flags',
    fmt: 'hex',
    doc: 'wait4 options W*, strace order (WUNTRACED prints as WSTOPPED)',
    includes: ['linux/wait.h'],
    names: ['WNOHANG', 'WEXITED', 'WSTOPPED', 'WCONTINUED', 'WNOWAIT', '__WCLONE', '__WALL', '__WNOTHREAD'],
    probe: { call: call(61, -1, 0, 'V', 0), arg: 2 },
  },
  {
    key: 'waitidOptions',
    kind: 'flags',
    fmt: 'hex',
    doc: 'waitid options W*, strace order (same as wait4Options)',
    includes: ['linux/wait.h'],
    names: ['WNOHANG', 'WEXITED', 'WSTOPPED', 'WCONTINUED', 'WNOWAIT', '__WCLONE', '__WALL', '__WNOTHREAD'],
    probe: { call: call(247, 0, 0, 0, 'V', 0), arg: 3 },
  },
  {
    key: 'rlimit',
    kind: 'enum',
    doc: 'resource limits RLIMIT_*',
    includes: ['asm/resource.h'],
    names: () => hdrNames(`${INC}/asm-generic/resource.h`, /^RLIMIT_/),
    probe: { call: call(302, 0, 'V', 0, 0), arg: 1 },
  },
  {
    key: 'clockId',
    kind: 'enum',
    doc: 'clock ids CLOCK_*',
    includes: ['linux/time.h'],
    names: () => hdrNames(`${INC}/linux/time.h`, /^CLOCK_/),
    probe: { call: call(228, 'V', 0), arg: 0 },
  },
  {
    key: 'itimerWhich',
    kind: 'enum',
    doc: 'getitimer/setitimer which',
    includes: ['linux/time.h'],
    names: () => hdrNames(`${INC}/linux/time.h`, /^ITIMER_/),
    probe: { call: call(36, 'V', 0), arg: 0 },
  },
  {
    key: 'futexOp',
    kind: 'enum',
    doc: 'futex op & ~FUTEX_CLOCK_REALTIME (the _PRIVATE variants include FUTEX_PRIVATE_FLAG); FUTEX_CLOCK_REALTIME is printed after it: FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME',
    includes: ['linux/futex.h'],
    names: () => hdrNames(`${INC}/linux/futex.h`, /^FUTEX_[A-Z_0-9]+$/).filter((n) => /^FUTEX_(WAIT|WAKE|FD|REQUEUE|CMP_REQUEUE|WAKE_OP|LOCK_PI|LOCK_PI2|UNLOCK_PI|TRYLOCK_PI|WAIT_BITSET|WAKE_BITSET|WAIT_REQUEUE_PI|CMP_REQUEUE_PI)(_PRIVATE)?$/.test(n)),
    probe: { call: call(202, 0, 'V', 0, 0, 0, 0), arg: 1 },
  },
  {
    key: 'futexOpFlags',
    kind: 'flags',
    fmt: 'hex',
    doc: 'futex op flag printed after the command',
    includes: ['linux/futex.h'],
    names: ['FUTEX_CLOCK_REALTIME'],
    probe: { call: (v) => call(202, 0, `9 | 128 | ${v}`, 0, 0, 0, 0)(v), arg: 1, expect: (t) => (t === '0' ? 'FUTEX_WAIT_BITSET_PRIVATE' : `FUTEX_WAIT_BITSET_PRIVATE|${t}`) },
  },
  {
    key: 'archPrctl',
    kind: 'enum',
    fmt: 'hex',
    doc: 'arch_prctl codes ARCH_*',
    includes: ['asm/prctl.h'],
    names: () => hdrNames(`${X86_INC}/asm/prctl.h`, /^ARCH_/),
    probe: { call: call(158, 'V', 0), arg: 0 },
  },
  {
    key: 'prctl',
    kind: 'enum',
    doc: 'prctl options PR_* (the first argument only)',
    includes: ['linux/prctl.h'],
    names: [
      'PR_SET_PDEATHSIG', 'PR_GET_PDEATHSIG', 'PR_GET_DUMPABLE', 'PR_SET_DUMPABLE', 'PR_GET_UNALIGN',
      'PR_SET_UNALIGN', 'PR_GET_KEEPCAPS', 'PR_SET_KEEPCAPS', 'PR_GET_FPEMU', 'PR_SET_FPEMU',
      'PR_GET_FPEXC', 'PR_SET_FPEXC', 'PR_GET_TIMING', 'PR_SET_TIMING', 'PR_SET_NAME', 'PR_GET_NAME',
      'PR_GET_ENDIAN', 'PR_SET_ENDIAN', 'PR_GET_SECCOMP', 'PR_SET_SECCOMP', 'PR_CAPBSET_READ',
      'PR_CAPBSET_DROP', 'PR_GET_TSC', 'PR_SET_TSC', 'PR_GET_SECUREBITS', 'PR_SET_SECUREBITS',
      'PR_SET_TIMERSLACK', 'PR_GET_TIMERSLACK', 'PR_TASK_PERF_EVENTS_DISABLE',
      'PR_TASK_PERF_EVENTS_ENABLE', 'PR_MCE_KILL', 'PR_MCE_KILL_GET', 'PR_SET_MM',
      'PR_SET_PTRACER', 'PR_SET_CHILD_SUBREAPER', 'PR_GET_CHILD_SUBREAPER', 'PR_SET_NO_NEW_PRIVS',
      'PR_GET_NO_NEW_PRIVS', 'PR_GET_TID_ADDRESS', 'PR_SET_THP_DISABLE', 'PR_GET_THP_DISABLE',
      'PR_MPX_ENABLE_MANAGEMENT', 'PR_MPX_DISABLE_MANAGEMENT', 'PR_SET_FP_MODE', 'PR_GET_FP_MODE',
      'PR_CAP_AMBIENT', 'PR_SVE_SET_VL', 'PR_SVE_GET_VL', 'PR_GET_SPECULATION_CTRL',
      'PR_SET_SPECULATION_CTRL', 'PR_PAC_RESET_KEYS', 'PR_SET_TAGGED_ADDR_CTRL',
      'PR_GET_TAGGED_ADDR_CTRL', 'PR_SET_IO_FLUSHER', 'PR_GET_IO_FLUSHER',
      'PR_SET_SYSCALL_USER_DISPATCH', 'PR_PAC_SET_ENABLED_KEYS', 'PR_PAC_GET_ENABLED_KEYS',
      'PR_SCHED_CORE', 'PR_SME_SET_VL', 'PR_SME_GET_VL', 'PR_SET_VMA',
    ],
    probe: { call: call(157, 'V', 0, 0, 0, 0), arg: 0 },
  },
  {
    key: 'ioctl',
    kind: 'enum',
    fmt: 'hex',
    doc: 'terminal and generic file ioctl requests (asm-generic/ioctls.h); FIONREAD = TIOCINQ prints as FIONREAD; for the three numbers that OSS sound ioctls share, the name is the whole text strace prints (SNDCTL_TMR_START or TCSETS)',
    includes: ['asm/termbits.h', 'asm/ioctls.h', 'linux/serial.h'],
    straceText: { TCSETS: 'SNDCTL_TMR_START or TCSETS', TCSETSW: 'SNDCTL_TMR_STOP or TCSETSW', TCSETSF: 'SNDCTL_TMR_CONTINUE or TCSETSF' },
    names: () => hdrNames(`${INC}/asm-generic/ioctls.h`, /^(TC|TIOC|FIO)[A-Z0-9_]+$/).filter((n) => !/^TIOCPKT_|^TIOCSER_TEMT$/.test(n)),
    probe: { call: call(16, 0, 'V', 0), arg: 1 },
  },
  {
    key: 'getrandom',
    kind: 'flags',
    fmt: 'hex',
    doc: 'getrandom GRND_*, header order',
    includes: ['linux/random.h'],
    names: () => hdrNames(`${INC}/linux/random.h`, /^GRND_/),
    probe: { call: call(318, 0, 0, 'V'), arg: 2 },
  },
  {
    key: 'statxMask',
    kind: 'flags',
    fmt: 'hex',
    doc: 'statx mask STATX_*, strace order (STATX_ALL, then STATX_BASIC_STATS, before the single bits; STATX__RESERVED has no name in strace)',
    includes: ['linux/stat.h'],
    names: () => ['STATX_ALL', 'STATX_BASIC_STATS', ...hdrNames(`${INC}/linux/stat.h`, /^STATX_[A-Z_]+$/, ['STATX_ALL', 'STATX_BASIC_STATS', 'STATX__RESERVED']).filter((n) => !n.startsWith('STATX_ATTR_'))],
    probe: { call: call(332, -100, 0, 0, 'V', 0), arg: 3 },
  },
  {
    key: 'statxSync',
    kind: 'flags',
    fmt: 'hex',
    doc: 'statx flags & AT_STATX_SYNC_TYPE, printed first, as flags (0 prints as AT_STATX_SYNC_AS_STAT, both bits as AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC), then the at table: AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW',
    includes: ['linux/fcntl.h'],
    names: ['AT_STATX_SYNC_AS_STAT', 'AT_STATX_FORCE_SYNC', 'AT_STATX_DONT_SYNC'],
    probe: { call: call(332, -100, 0, 'V', 0, 0), arg: 2 },
  },
  {
    key: 'seekWhence',
    kind: 'enum',
    doc: 'lseek whence SEEK_*',
    includes: ['linux/fs.h'],
    names: () => hdrNames(`${INC}/linux/fs.h`, /^SEEK_/, ['SEEK_MAX']),
    probe: { call: call(8, 0, 0, 'V'), arg: 2 },
  },
  {
    key: 'personalityType',
    kind: 'enum',
    fmt: 'hex',
    doc: 'personality: persona & PER_MASK (0xff) printed first, then personalityFlags: PER_LINUX|ADDR_NO_RANDOMIZE. Only the PER_* of the header without flag bits, which strace names; an unknown type prints as 0x5 with a PER_??? comment',
    includes: ['linux/personality.h'],
    names: () => hdrNames(`${INC}/linux/personality.h`, /^PER_/, ['PER_MASK', 'PER_CLEAR_ON_SETID']),
    filter: (v) => (v & ~0xff) === 0,
    probe: { call: call(135, 'V'), arg: 0 },
  },
  {
    key: 'personalityFlags',
    kind: 'flags',
    fmt: 'hex',
    doc: 'personality flag bits, header order',
    includes: ['linux/personality.h'],
    names: ['UNAME26', 'ADDR_NO_RANDOMIZE', 'FDPIC_FUNCPTRS', 'MMAP_PAGE_ZERO', 'ADDR_COMPAT_LAYOUT', 'READ_IMPLIES_EXEC', 'ADDR_LIMIT_32BIT', 'SHORT_INODE', 'WHOLE_SECONDS', 'STICKY_TIMEOUTS', 'ADDR_LIMIT_3GB'],
    probe: { call: call(135, 'V'), arg: 0, expect: (t) => (t === '0' ? 'PER_LINUX' : `PER_LINUX|${t}`) },
  },
  {
    key: 'epollCtlOp',
    kind: 'enum',
    doc: 'epoll_ctl op',
    includes: ['linux/eventpoll.h'],
    names: () => hdrNames(`${INC}/linux/eventpoll.h`, /^EPOLL_CTL_/),
    probe: { call: call(233, 0, 'V', 1, 0), arg: 1 },
  },
  {
    key: 'epollEvents',
    kind: 'flags',
    fmt: 'hex',
    doc: 'epoll_event.events EPOLL*, strace order',
    includes: ['linux/eventpoll.h'],
    names: () => hdrNames(`${INC}/linux/eventpoll.h`, /^EPOLL[A-Z]+$/).concat([]),
    probe: { call: struct.epoll, field: 'events' },
  },
  {
    key: 'epollCreateFlags',
    kind: 'flags',
    fmt: 'oct',
    doc: 'epoll_create1 flags',
    includes: ['linux/eventpoll.h'],
    names: ['EPOLL_CLOEXEC'],
    probe: { call: call(291, 'V'), arg: 0 },
  },
  {
    key: 'eventfd',
    kind: 'flags',
    fmt: 'oct',
    doc: 'eventfd2 flags EFD_*',
    includes: ['sys/eventfd.h'],
    names: ['EFD_SEMAPHORE', 'EFD_CLOEXEC', 'EFD_NONBLOCK'],
    probe: { call: call(290, 0, 'V'), arg: 1 },
  },
  {
    key: 'timerfdCreate',
    kind: 'flags',
    fmt: 'oct',
    doc: 'timerfd_create flags TFD_*',
    includes: ['linux/timerfd.h'],
    names: ['TFD_CLOEXEC', 'TFD_NONBLOCK'],
    probe: { call: call(283, 1, 'V'), arg: 1 },
  },
  {
    key: 'timerfdSettime',
    kind: 'flags',
    fmt: 'hex',
    doc: 'timerfd_settime flags TFD_TIMER_*',
    includes: ['linux/timerfd.h'],
    names: ['TFD_TIMER_ABSTIME', 'TFD_TIMER_CANCEL_ON_SET'],
    probe: { call: call(286, 0, 'V', 0, 0), arg: 1 },
  },
  {
    key: 'signalfd',
    kind: 'flags',
    fmt: 'oct',
    doc: 'signalfd4 flags SFD_*',
    includes: ['linux/signalfd.h'],
    names: ['SFD_CLOEXEC', 'SFD_NONBLOCK'],
    probe: { call: call(289, -1, 0, 8, 'V'), arg: 3 },
  },
  {
    key: 'memfd',
    kind: 'flags',
    fmt: 'hex',
    doc: 'memfd_create flags MFD_* (MFD_HUGE_* sizes are printed as N<<MFD_HUGE_SHIFT, not in this table)',
    includes: ['linux/memfd.h'],
    names: ['MFD_CLOEXEC', 'MFD_ALLOW_SEALING', 'MFD_HUGETLB'],
    probe: { call: call(319, 0, 'V'), arg: 1 },
  },
  {
    key: 'rename',
    kind: 'flags',
    fmt: 'hex',
    doc: 'renameat2 flags RENAME_*',
    includes: ['linux/fs.h'],
    names: () => hdrNames(`${INC}/linux/fs.h`, /^RENAME_/),
    probe: { call: call(316, -100, 0, -100, 0, 'V'), arg: 4 },
  },
  {
    key: 'schedPolicy',
    kind: 'enum',
    doc: 'scheduling policies SCHED_* (SCHED_NORMAL prints as SCHED_OTHER); strace 6.1 does not decode SCHED_RESET_ON_FORK (0x40000000): a policy with it prints as 0x40000000 with a SCHED_??? comment',
    includes: ['linux/sched.h'],
    names: ['SCHED_OTHER', 'SCHED_FIFO', 'SCHED_RR', 'SCHED_BATCH', 'SCHED_ISO', 'SCHED_IDLE', 'SCHED_DEADLINE'],
    literal: { SCHED_OTHER: 0, SCHED_ISO: 4 }, // SCHED_OTHER is glibc's name of SCHED_NORMAL; SCHED_ISO is reserved
    probe: { call: call(144, 0, 'V', 0), arg: 1 },
  },
  {
    key: 'sigevNotify',
    kind: 'enum',
    doc: 'sigevent.sigev_notify SIGEV_*',
    includes: ['asm/siginfo.h'],
    names: () => hdrNames(`${INC}/asm-generic/siginfo.h`, /^SIGEV_[A-Z_]+$/, ['SIGEV_MAX_SIZE', 'SIGEV_PAD_SIZE']),
    probe: { call: struct.sigevent, field: 'sigev_notify' },
  },
  {
    key: 'rseq',
    kind: 'flags',
    fmt: 'hex',
    doc: 'rseq flags. NOTE: strace 6.1 does not decode rseq arguments: it prints rseq(0x7f..., 0x20, 0, 0x53053053), flags as 0 or hex (0x1); the table is for reference, not for strace-exact output',
    includes: ['linux/rseq.h'],
    names: ['RSEQ_FLAG_UNREGISTER'],
  },
  {
    key: 'membarrierCmd',
    kind: 'enum',
    fmt: 'hex',
    doc: 'membarrier cmd MEMBARRIER_CMD_*',
    includes: ['linux/membarrier.h'],
    names: () => hdrNames(`${INC}/linux/membarrier.h`, /^MEMBARRIER_CMD_/, ['MEMBARRIER_CMD_FLAG_CPU', 'MEMBARRIER_CMD_SHARED']),
    probe: { call: call(324, 'V', 0, 0), arg: 0 },
  },
  {
    key: 'membarrierFlags',
    kind: 'flags',
    fmt: 'hex',
    doc: 'membarrier flags',
    includes: ['linux/membarrier.h'],
    names: ['MEMBARRIER_CMD_FLAG_CPU'],
    probe: { call: call(324, 0, 'V', 0), arg: 1 },
  },
];

// Masks and shifts the renderer needs next to the tables: [name, includes, format, doc].
const FLAG_CONSTANTS = [
  ['AT_FDCWD', ['linux/fcntl.h'], 'dec', 'dirfd value printed as AT_FDCWD'],
  ['O_ACCMODE', ['asm/fcntl.h'], 'oct', 'open flags: access mode bits (openAccessTable)'],
  ['MAP_TYPE', ['linux/mman.h'], 'hex', 'mmap flags: mapping type bits (mmapTypeTable)'],
  ['MAP_HUGE_SHIFT', ['linux/mman.h'], 'dec', 'mmap flags: (flags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK, when not 0, is printed last as N<<MAP_HUGE_SHIFT'],
  ['MAP_HUGE_MASK', ['linux/mman.h'], 'hex', 'see MAP_HUGE_SHIFT'],
  ['MFD_HUGE_SHIFT', ['linux/memfd.h'], 'dec', 'memfd_create flags: huge page size field, printed as N<<MFD_HUGE_SHIFT'],
  ['MFD_HUGE_MASK', ['linux/memfd.h'], 'hex', 'see MFD_HUGE_SHIFT'],
  ['CSIGNAL', ['linux/sched.h'], 'hex', 'clone flags: exit signal bits, printed last by signal name (or in decimal if not a valid signal): CLONE_VM|SIGCHLD'],
  ['S_IFMT', ['linux/stat.h'], 'oct', 'mode: file type bits (fileTypeTable), then the permission bits in octal'],
  ['PER_MASK', ['linux/personality.h'], 'hex', 'personality: type bits (personalityTypeTable); 0xffffffff (query) prints as 0xffffffff'],
  ['FUTEX_PRIVATE_FLAG', ['linux/futex.h'], 'dec', 'futex op: part of the _PRIVATE names of futexOpTable'],
  ['FUTEX_CLOCK_REALTIME', ['linux/futex.h'], 'dec', 'futex op: printed after the command (futexOpFlagsTable)'],
  ['AT_STATX_SYNC_TYPE', ['linux/fcntl.h'], 'hex', 'statx flags: sync type bits (statxSyncTable)'],
];

/** Where `#include <h>` resolves on this machine (multiarch directory first). */
function includePath(h) {
  for (const dir of [X86_INC, INC]) if (fs.existsSync(path.join(dir, h))) return path.join(dir, h);
  return `<${h}>`;
}

function buildFlagTables() {
  const tables = [];
  const specNames = FLAG_SPECS.map((spec) => (typeof spec.names === 'function' ? spec.names() : spec.names));
  const groups = [
    ...FLAG_SPECS.map((spec, i) => ({ includes: spec.includes, names: specNames[i].filter((n) => !(n in (spec.literal ?? {}))) })),
    ...FLAG_CONSTANTS.map(([name, includes]) => ({ includes, names: [name] })),
  ];
  const values = cValuesMany(groups);
  for (const [i, spec] of FLAG_SPECS.entries()) {
    const names = specNames[i];
    const literal = spec.literal ?? {};
    const vals = values[i];
    let entries = names.map((n) => ({ value: n in literal ? literal[n] : vals.get(n), name: spec.straceText?.[n] ?? n }));
    if (spec.filter) entries = entries.filter((e) => spec.filter(e.value));
    const aliases = [];
    if (spec.kind === 'enum') {
      const seen = new Map();
      const kept = [];
      const prefer = spec.prefer ?? [];
      entries.sort((a, b) => (prefer.includes(b.name) ? 1 : 0) - (prefer.includes(a.name) ? 1 : 0));
      for (const e of entries) {
        if (seen.has(e.value)) aliases.push({ alias: e.name, name: seen.get(e.value), value: e.value });
        else {
          seen.set(e.value, e.name);
          kept.push(e);
        }
      }
      entries = kept.sort((a, b) => a.value - b.value);
    }
    tables.push({ ...spec, entries, aliases, sources: spec.includes.map(includePath) });
  }
  const constants = FLAG_CONSTANTS.map(([name, includes, fmt, doc], i) => ({ name, fmt, doc, value: values[FLAG_SPECS.length + i].get(name), includes }));
  return { tables, constants };
}

/** What strace prints for value v with this table (printflags / printxval semantics). */
function renderWith(table, v) {
  if (table.kind === 'enum') return table.entries.find((e) => e.value === v)?.name ?? null;
  let rem = BigInt(v);
  if (rem === 0n) return table.entries.find((e) => e.value === 0)?.name ?? '0';
  const parts = [];
  for (const e of table.entries) {
    const b = BigInt(e.value);
    if (b !== 0n && (rem & b) === b) {
      parts.push(e.name);
      rem &= ~b;
    }
  }
  if (rem !== 0n) parts.push(`0x${rem.toString(16)}`);
  return parts.join('|');
}

/** Top-level comma-separated arguments of `name(args) = ...`. */
function splitArgs(line) {
  const open = line.indexOf('(');
  const args = [];
  let depth = 0;
  let cur = '';
  let inStr = false;
  for (let i = open + 1; i < line.length; i++) {
    const c = line[i];
    if (inStr) {
      cur += c;
      if (c === '\\') cur += line[++i];
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) {
      if (depth === 0) break;
      depth--;
    }
    if (c === ',' && depth === 0) {
      args.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  args.push(cur.trim());
  return args;
}

function checkFlagTables(flags, buildProbe, strace, after) {
  const problems = [];
  for (const t of flags.tables) {
    const p = t.probe;
    if (!p) continue;
    const cases = [];
    for (const e of t.entries) if (!p.only || p.only(e.value)) cases.push(e.value);
    if (t.kind === 'flags') {
      // all entries together, and all "atoms" (entries that contain no other entry)
      // together: the latter shows the order of the atoms.
      let all = 0n;
      let atoms = 0n;
      for (const v of cases) {
        all |= BigInt(v);
        const b = BigInt(v);
        if (!cases.some((w) => w !== v && w !== 0 && (BigInt(w) & b) === BigInt(w))) atoms |= b;
      }
      cases.push(Number(all));
      if (atoms !== all) cases.push(Number(atoms));
    }
    const body = cases.map((v) => `  ${p.call(v < 0 ? `(${v}L)` : `${v}UL`)}`).join('\n');
    const exe = buildProbe(`  lockdown(0);\n  sc(39, 0, 0, 0, 0, 0, 0);\n${body}`);
    const lines = strace([], exe);
    const start = lines.findIndex((l) => l.startsWith('getpid('));
    const mine = lines.slice(start + 1);
    cases.forEach((v, i) => {
      const line = mine[i] ?? '';
      let got;
      if (p.field) got = new RegExp(`${p.field}=([^,})]*)`).exec(line)?.[1];
      else got = splitArgs(line)[p.arg];
      let want = renderWith(t, v);
      if (p.expect) want = p.expect(want);
      if (got !== want) problems.push(`${t.key} ${hex(v)}: strace prints "${got}", table gives "${want}"   [${line}]`);
    });
  }
  return problems;
}

function fmtValue(v, fmt) {
  if (fmt === 'hex') return hex(v);
  if (fmt === 'oct') return v === 0 ? '0' : octal(v);
  return String(v);
}

function renderFlagTables(flags) {
  const sources = [...new Set(flags.tables.flatMap((t) => t.sources))].sort();
  let out =
    header(sources) +
    `//\n` +
    `// [value, name] tables in the order strace 6.1 prints them, for the strace-exact renderer.\n` +
    `// kind 'flags' (a bit set): walk the table in order, print each entry whose bits are all\n` +
    `// set in what is left and clear them; print leftover bits as |0x...; a zero value prints as\n` +
    `// the table's zero-valued entry if it has one (PROT_NONE, F_OK), else as 0.\n` +
    `// If no entry matched at all, strace prints the value in hex with a comment naming the\n` +
    `// prefix: \`0x10000 /* W??? */\`; otherwise leftovers are appended: O_RDONLY|__O_TMPFILE|0x1000000.\n` +
    `// kind 'enum' (one value): print the entry's name; an unknown value prints in hex with a\n` +
    `// comment: \`0x4d /* MADV_??? */\`, \`0x270f /* F_??? */\` (ioctl: decoded as _IOC(...)).\n` +
    `// The one-line comment above each table says where it applies and its order rule.\n\n` +
    `export type FlagTable = readonly (readonly [value: number, name: string])[];\n\n`;
  for (const c of flags.constants) out += `/** ${c.doc}. */\nexport const ${c.name} = ${fmtValue(c.value, c.fmt)};\n`;
  for (const t of flags.tables) {
    out += `\n/** (${t.kind}) ${t.doc}. */\n`;
    out += `export const ${t.key}Table: FlagTable = [\n`;
    for (const e of t.entries) out += `  [${fmtValue(e.value, t.fmt)}, ${q(e.name)}],\n`;
    out += `];\n`;
    if (t.aliases.length) {
      out += `/** Other names of values in ${t.key}Table (strace prints the name in ${t.key}Table). */\n`;
      out += `export const ${t.key}Aliases: FlagTable = [\n`;
      for (const a of t.aliases) out += `  [${fmtValue(a.value, t.fmt)}, ${q(a.alias)}],\n`;
      out += `];\n`;
    }
  }
  out += `\n/** Every table, by name. */\nexport const flagTables = {\n`;
  for (const t of flags.tables) out += `  ${t.key}: ${t.key}Table,\n`;
  out += `} as const;\n\n`;
  out += `/** Whether a table is a bit set ('flags') or a value -> name map ('enum'). */\nexport const flagTableKinds = {\n`;
  for (const t of flags.tables) out += `  ${t.key}: ${q(t.kind)},\n`;
  out += `} as const satisfies Record<keyof typeof flagTables, 'flags' | 'enum'>;\n`;
  return out;
}

// ---------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------

function writeOut(root, rel, text) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  findKernelHeaders(opts);
  const sys = buildSyscalls(opts);
  const errnos = buildErrnos(opts);
  const signals = buildSignals();
  const ptrace = buildPtrace();
  const flags = buildFlagTables();
  if (opts.checkStrace) return checkStrace({ sys, errnos, signals, flags });
  // (syscalls_64.h, when present, is only used to verify ENTRY_ALIASES: not an input.)
  writeOut(opts.out, 'arch/x86_64/syscall-table.ts', renderSyscallTable(sys, [UNISTD_64_H, opts.syscallsH]));
  writeOut(opts.out, 'generated/errno-table.ts', renderErrnoTable(errnos, [ERRNO_BASE_H, ERRNO_H, opts.kernelErrnoH, GLIBC_BITS_ERRNO_H, 'glibc strerror()']));
  writeOut(opts.out, 'arch/x86_64/signal-table.ts', renderSignalTable(signals, [SIGNAL_H]));
  writeOut(opts.out, 'generated/ptrace-constants.ts', renderPtrace(ptrace, [PTRACE_H, PTRACE_ABI_H, WAIT_H]));
  writeOut(opts.out, 'generated/flag-tables.ts', renderFlagTables(flags));
}

main();
