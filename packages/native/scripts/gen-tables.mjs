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
//                      arch/x86_64/syscall-table.ts, arch/x86_64/syscall-table-i386.ts,
//                      arch/x86_64/signal-table.ts,
//                      arch/x86_64/ioctl-table.ts, generated/errno-table.ts,
//                      generated/ptrace-constants.ts, generated/sock-diag-constants.ts
//                      and generated/xlat-tables.ts (strace's tables for the decoders).
// --kernel-headers DIR the Debian "linux-headers-*-common" directory (env
//                      TRACEDB_KERNEL_HEADERS). Default: the highest-versioned
//                      /usr/src/linux-headers-*-common. Install with
//                      `apt-get install linux-headers-amd64`.
// --syscalls-h FILE    include/linux/syscalls.h (env TRACEDB_SYSCALLS_H); default
//                      <kernel-headers>/include/linux/syscalls.h.
// --check-strace       do not write anything; instead run a probe program under the
//                      machine's strace and compare its output with the tables this
//                      script would write (syscall arg counts, %class membership, errno
//                      names/messages, signal names, every entry of the xlat tables,
//                      every ioctl name). Exits 1 on a mismatch.
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
  const tbl32 = path.join(archDir, 'arch/x86/include/generated/asm/syscalls_32.h');
  if (!fs.existsSync(tbl32)) {
    fail(`missing ${tbl32}: the i386 table needs each number's entry point (apt-get install -y linux-headers-amd64)`);
  }
  opts.syscalls32H = tbl32;
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

const UNISTD_64_H = '/usr/include/x86_64-linux-gnu/asm/unistd_64.h';
const UNISTD_32_H = '/usr/include/x86_64-linux-gnu/asm/unistd_32.h';
const ERRNO_BASE_H = '/usr/include/asm-generic/errno-base.h';
const ERRNO_H = '/usr/include/asm-generic/errno.h';
const SIGNAL_H = '/usr/include/x86_64-linux-gnu/asm/signal.h';
const PTRACE_H = '/usr/include/linux/ptrace.h';
const PTRACE_ABI_H = '/usr/include/x86_64-linux-gnu/asm/ptrace-abi.h';
const WAIT_H = '/usr/include/linux/wait.h';
const INC = '/usr/include';
const X86_INC = '/usr/include/x86_64-linux-gnu';

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

/** Where `#include <h>` resolves on this machine (multiarch directory first). */
function includePath(h) {
  for (const dir of [X86_INC, INC]) if (fs.existsSync(path.join(dir, h))) return path.join(dir, h);
  return `<${h}>`;
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

function parseUnistd(file = UNISTD_64_H) {
  const list = [];
  for (const d of defines(read(file), /^__NR_/)) {
    if (!/^\d+$/.test(d.value)) fail(`${file}: unexpected ${d.name} ${d.value}`);
    list.push({ name: d.name.slice(5), nr: Number(d.value) });
  }
  list.sort((a, b) => a.nr - b.nr);
  return list;
}

function parseSyscalls64H(file) {
  const m = new Map();
  // __SYSCALL_WITH_COMPAT(nr, native, compat) in syscalls_32.h: the native entry has the i386 prototype
  for (const x of read(file).matchAll(/__SYSCALL(?:_WITH_COMPAT)?\((\d+),\s*(\w+)/g)) m.set(Number(x[1]), x[2]);
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

// ---- the i386 table (int $0x80 from a 64-bit program, or a 32-bit program) ---------------
//
// Numbers and names: unistd_32.h. Arguments: where the i386 entry point (syscalls_32.h of the
// linux-headers-*-amd64 package) is the x86_64 one of the same name, the x86_64 row's args and
// classes are reused; otherwise the prototype of the i386 entry point in syscalls.h (read
// without the x86_64 #if configuration: sys_llseek, sys_old_mmap, sys_ipc, sys_socketcall,
// sys_stat64, the 16-bit uid calls...), or I386_OVERRIDES where syscalls.h has none. The
// argument counts are checked against strace 6.1 (tables.test.ts runs every i386 number under
// `strace -e raw=all` behind a seccomp filter that makes them all fail with ENOSYS).
// I386_OVERRIDES: the ia32 wrappers that take 64-bit values as two registers
// (arch/x86/kernel/sys_ia32.c, kernel 6.1), sigreturn (arch/x86/kernel/signal.c), vm86
// (arch/x86/kernel/vm86_32.c), and sigsuspend, whose i386 prototype is the 3-argument one.
const I386_OVERRIDES = {
  pread64: 'unsigned int fd, char __user *ubuf, u32 count, u32 poslo, u32 poshi',
  pwrite64: 'unsigned int fd, const char __user *ubuf, u32 count, u32 poslo, u32 poshi',
  truncate64: 'const char __user *filename, unsigned long offset_low, unsigned long offset_high',
  ftruncate64: 'unsigned int fd, unsigned long offset_low, unsigned long offset_high',
  readahead: 'int fd, unsigned int off_lo, unsigned int off_hi, size_t count',
  fadvise64: 'int fd, unsigned int offset_lo, unsigned int offset_hi, size_t len, int advice',
  fadvise64_64: 'int fd, __u32 offset_low, __u32 offset_high, __u32 len_low, __u32 len_high, int advice',
  sync_file_range: 'int fd, unsigned int off_low, unsigned int off_hi, unsigned int n_low, unsigned int n_hi, int flags',
  fallocate: 'int fd, int mode, unsigned int offset_lo, unsigned int offset_hi, unsigned int len_lo, unsigned int len_hi',
  sigreturn: 'void',
  sigsuspend: 'int unused1, int unused2, old_sigset_t mask',
  vm86old: 'struct vm86_struct __user *user_vm86',
  clone: 'unsigned long clone_flags, unsigned long newsp, int __user *parent_tidptr, unsigned long tls, int __user *child_tidptr',
  preadv: 'unsigned long fd, const struct iovec __user *vec, unsigned long vlen, unsigned long pos_l, unsigned long pos_h',
  pwritev: 'unsigned long fd, const struct iovec __user *vec, unsigned long vlen, unsigned long pos_l, unsigned long pos_h',
  lookup_dcookie: 'u32 cookie_low, u32 cookie_high, char __user *buf, size_t len',
  fanotify_mark: 'int fanotify_fd, unsigned int flags, __u32 mask_lo, __u32 mask_hi, int dfd, const char __user *pathname',
  // never implemented or long removed (sys_ni_syscall): the historical prototypes, whose
  // counts strace 6.1 prints; vm86 is printed with 5 arguments by strace (its table says so)
  stty: 'int fd, struct sgttyb __user *p',
  gtty: 'int fd, struct sgttyb __user *p',
  ulimit: 'int cmd, long newlimit',
  profil: 'unsigned short __user *buf, size_t bufsiz, size_t offset, unsigned int scale',
  bdflush: 'int func, long data',
  vm86: 'unsigned long cmd, unsigned long arg, unsigned long arg3, unsigned long arg4, unsigned long arg5',
};

// strace's classes of the i386-only calls, which the x86_64 rules and lists cannot give: explicit
// lists, as CLASS_LISTS (strace 6.1's linux/i386/syscallent.h; checked by tables.test.ts, which
// runs every i386 number under `strace -e trace=%CLASS`). I386_NOT_CLASS: what the rules would
// give that strace does not (the tty ioctls of old, recvmmsg_time64 is %network only).
const I386_CLASS_LISTS = {
  file: ['umount'],
  desc: ['readdir', 'socketcall'],
  network: ['sendfile64', 'recvmmsg_time64'],
  process: ['waitpid'],
  signal: ['signal', 'sigaction', 'sgetmask', 'ssetmask', 'sigsuspend', 'sigpending', 'sigreturn', 'sigprocmask', 'rt_sigtimedwait_time64'],
  ipc: ['ipc', 'semtimedop_time64'],
  memory: ['break', 'mmap2'],
  creds: [
    'getuid32', 'getgid32', 'geteuid32', 'getegid32', 'setreuid32', 'setregid32', 'getgroups32', 'setgroups32',
    'setresuid32', 'getresuid32', 'setresgid32', 'getresgid32', 'setuid32', 'setgid32', 'setfsuid32', 'setfsgid32',
  ],
  clock: ['clock_gettime64', 'clock_settime64', 'clock_adjtime64', 'clock_getres_time64'],
  stat: ['oldstat', 'stat64'],
  lstat: ['oldlstat', 'lstat64'],
  fstat: ['oldfstat', 'fstat64', 'fstatat64'],
  statfs: ['statfs64'],
  fstatfs: ['fstatfs64'],
  pure: ['getuid32', 'getgid32', 'geteuid32', 'getegid32'],
};
const I386_NOT_CLASS = { desc: ['stty', 'gtty', 'recvmmsg_time64'] };

function classifyI386(s) {
  const set = new Set(classify(s));
  for (const [cls, names] of Object.entries(I386_CLASS_LISTS)) if (names.includes(s.name)) set.add(cls);
  for (const [cls, names] of Object.entries(I386_NOT_CLASS)) if (names.includes(s.name)) set.delete(cls);
  return CLASS_ORDER.filter((c) => set.has(c));
}

/** Every `asmlinkage long sys_xxx(...)` of syscalls.h whatever the #if around it (first one wins). */
function allPrototypes(file) {
  const protos = new Map();
  for (const m of stripComments(read(file)).matchAll(/asmlinkage\s+long\s+(sys_\w+)\s*\(([^;]*?)\)\s*;/g)) {
    if (!protos.has(m[1])) protos.set(m[1], m[2]);
  }
  return protos;
}

function buildSyscallsI386(opts, sys64) {
  const entries = parseSyscalls64H(opts.syscalls32H);
  const protos = allPrototypes(opts.syscallsH);
  const x86_64 = new Map(sys64.map((s) => [s.name, s]));
  const out = [];
  const errors = [];
  for (const { name, nr } of parseUnistd(UNISTD_32_H)) {
    const entry = entries.get(nr);
    const same = x86_64.get(name);
    const sameEntry = same !== undefined && (entry === (ENTRY_ALIASES[name] ?? `sys_${name}`) || entry === 'sys_ni_syscall');
    if (same !== undefined && sameEntry && !(name in I386_OVERRIDES)) {
      out.push({ nr, name, args: same.args, classes: same.classes, source: 'x86_64' });
      continue;
    }
    let params = I386_OVERRIDES[name];
    let source = 'override';
    if (params === undefined && entry !== undefined && protos.has(entry)) {
      params = protos.get(entry);
      source = 'syscalls.h';
    }
    if (params === undefined) {
      errors.push(`i386 ${name} (${nr}): no prototype for ${entry ?? 'its entry point'} in ${opts.syscallsH}; add it to I386_OVERRIDES`);
      continue;
    }
    let args;
    try {
      args = parseParams(params, `i386 ${name} (${entry})`);
    } catch {
      // prototypes that give types only (sys_pselect6_time32...): the x86_64 names where the
      // count matches, else named by position
      const n = params.split(',').length;
      const names = same?.args.length === n ? same.args.map((a) => a.name) : Array.from({ length: n }, (_, i) => `arg${i + 1}`);
      args = parseParams(params, `i386 ${name} (${entry})`, names);
    }
    const s = { nr, name, args, source };
    s.classes = same !== undefined ? same.classes : classifyI386(s);
    out.push(s);
  }
  if (errors.length) fail(errors.join('\n'));
  return out;
}

function renderSyscallTableI386(sys, sources) {
  const lines = sys.map((s) => {
    const args = s.args.map((a) => `{ type: ${q(a.type)}, name: ${q(a.name)} }`).join(', ');
    const classes = s.classes.map(q).join(', ');
    const note = s.source === 'override' ? ' // prototype hand-written in gen-tables.mjs (I386_OVERRIDES)' : s.source === 'syscalls.h' ? ' // i386 entry point\'s own prototype' : '';
    return `  { nr: ${s.nr}, name: ${q(s.name)}, nargs: ${s.args.length}, args: [${args}], classes: [${classes}] },${note}`;
  });
  return (
    header(sources) +
    `//\n` +
    `// The i386 ABI of an x86_64 kernel (int $0x80, sysenter): one entry per __NR_* of unistd_32.h,\n` +
    `// sorted by nr. args: the x86_64 row of the same name where the entry point is the same\n` +
    `// (syscalls_32.h), else the i386 entry point's prototype; nargs = the number of arguments\n` +
    `// strace 6.1 prints. classes: strace's -e trace=%CLASS membership.\n\n` +
    `import type { SyscallDef } from '../../syscall-def.js';\n\n` +
    `export const syscallTableI386: readonly SyscallDef[] = [\n${lines.join('\n')}\n];\n`
  );
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
// sock_diag: what trace-rec asks the kernel for -yy's socket details (strace's socketutils.c)
// ---------------------------------------------------------------------------------------

const SOCK_DIAG_INCLUDES = ['stddef.h', 'sys/socket.h', 'sys/stat.h', 'linux/in.h', 'linux/un.h', 'linux/netlink.h', 'linux/sock_diag.h', 'linux/unix_diag.h', 'linux/inet_diag.h', 'linux/netlink_diag.h'];
const SOCK_DIAG_SOURCES = ['/usr/include/x86_64-linux-gnu/bits/socket.h', '/usr/include/x86_64-linux-gnu/bits/stat.h', ...SOCK_DIAG_INCLUDES.filter((h) => h.startsWith('linux/')).map((h) => `/usr/include/${h}`)];
const SOCK_DIAG_CONSTANTS = [
  ['address families', ['AF_UNIX', 'AF_INET', 'AF_INET6', 'AF_NETLINK']],
  ["inet protocols (inet_diag's sdiag_protocol)", ['IPPROTO_ICMP', 'IPPROTO_TCP', 'IPPROTO_UDP', 'IPPROTO_DCCP', 'IPPROTO_L2TP', 'IPPROTO_SCTP', 'IPPROTO_UDPLITE', 'IPPROTO_RAW']],
  ['the socket trace-rec asks on', ['SOCK_RAW', 'SOCK_CLOEXEC', 'MSG_DONTWAIT', 'NETLINK_SOCK_DIAG']],
  ['netlink messages', ['NLMSG_ALIGNTO', 'NLMSG_HDRLEN', 'NLMSG_ERROR', 'NLMSG_DONE', 'NLM_F_REQUEST', 'NLM_F_DUMP', 'NLA_ALIGNTO']],
  ['sock_diag requests and answers', ['SOCK_DIAG_BY_FAMILY', 'UDIAG_SHOW_NAME', 'UDIAG_SHOW_PEER', 'UNIX_DIAG_NAME', 'UNIX_DIAG_PEER', 'NDIAG_PROTO_ALL', 'UNIX_PATH_MAX']],
  ['st_mode types of a device', ['S_IFMT', 'S_IFCHR', 'S_IFBLK']],
];
const SOCK_DIAG_STRUCTS = [
  ['nlmsghdr', ['nlmsg_len', 'nlmsg_type', 'nlmsg_flags']],
  ['nlattr', ['nla_len', 'nla_type']],
  ['unix_diag_req', ['sdiag_family', 'udiag_states', 'udiag_ino', 'udiag_show', 'udiag_cookie']],
  ['inet_diag_req_v2', ['sdiag_family', 'sdiag_protocol', 'idiag_states']],
  ['netlink_diag_req', ['sdiag_family', 'sdiag_protocol']],
  ['unix_diag_msg', ['udiag_family', 'udiag_ino']],
  ['inet_diag_msg', ['idiag_family', 'id', 'idiag_inode']],
  ['inet_diag_sockid', ['idiag_sport', 'idiag_dport', 'idiag_src', 'idiag_dst']],
  ['netlink_diag_msg', ['ndiag_family', 'ndiag_protocol', 'ndiag_portid', 'ndiag_ino']],
];

function buildSockDiag() {
  const lines = [
    ...SOCK_DIAG_CONSTANTS.flatMap(([, names]) => names.map((n) => `  printf("${n} %lld\\n", (long long)(${n}));`)),
    ...SOCK_DIAG_STRUCTS.flatMap(([s, fields]) => [
      `  printf("${s}.size %zu\\n", sizeof(struct ${s}));`,
      ...fields.map((f) => `  printf("${s}.${f} %zu\\n", offsetof(struct ${s}, ${f}));`),
    ]),
  ];
  const out = runC(`#define _GNU_SOURCE 1\n${SOCK_DIAG_INCLUDES.map((h) => `#include <${h}>`).join('\n')}\n#include <stdio.h>\nint main(void) {\n${lines.join('\n')}\n  return 0;\n}\n`);
  return new Map(out.trim().split('\n').map((l) => l.split(' ')).map(([k, v]) => [k, Number(v)]));
}

function renderSockDiag(values) {
  const fmt = (v) => (v >= 0x100 ? hex(v) : String(v));
  let body = '';
  for (const [what, names] of SOCK_DIAG_CONSTANTS) {
    body += `\n// ${what}\n`;
    for (const n of names) body += `export const ${n} = ${fmt(values.get(n))};\n`;
  }
  body += '\n// struct layouts: the size and the offset of each field used\n';
  for (const [s, fields] of SOCK_DIAG_STRUCTS) {
    body += `export const ${s} = { size: ${values.get(`${s}.size`)}, ${fields.map((f) => `${f}: ${values.get(`${s}.${f}`)}`).join(', ')} } as const;\n`;
  }
  return (
    header(SOCK_DIAG_SOURCES) +
    `//\n// What trace-rec needs to ask the kernel what strace -yy prints of a socket or a device: the\n// sock_diag requests strace sends (unix by inode, inet and netlink dumps), the answers' layouts.\n` +
    body
  );
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
   errno_getpid is set; everything else fails with ENOSYS without being executed (including
   the number -1 strace substitutes for a call it fakes with -e inject=...:retval=). */
static void lockdown(int errno_getpid) {
  struct sock_filter f[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 231, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, errno_getpid ? 39 : 0x7ffffffe, 0, 3),
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

function buildProbe(body, helpers = '') {
  const src = PROBE_PRELUDE + helpers + `__attribute__((force_align_arg_pointer)) void _start(void) {\n${body}\n  sc(231, 0, 0, 0, 0, 0, 0);\n}\n`;
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

  // 4. the decoders' xlat tables, and every ioctl request name.
  problems.push(...checkXlatTables(tables.xlat));
  problems.push(...checkIoctls(tables.ioctls));

  if (problems.length) {
    console.log(problems.join('\n'));
    console.log(`${problems.length} difference(s) from strace`);
    process.exit(1);
  }
  console.log('tables agree with strace');
}

// ---------------------------------------------------------------------------------------
// strace xlat tables for the decoders (packages/query/src/decode)
// ---------------------------------------------------------------------------------------
//
// The tables strace 6.1 prints constants from (its src/xlat/*.in), under strace's table
// names, with the x86_64 values. Names come from the headers (all macros of a header that
// match a pattern, or a header region), values from compiling a C program against them;
// strace's own choices are explicit, commented rule lists next to each table:
//  - `order`: 'value' sorts by value (strace's sorted and indexed tables), 'name' by name;
//    otherwise the header's (or the list's) order is strace's print order;
//  - `first` / `last`: entries strace lists before / after the others;
//  - `omit`: header macros strace 6.1 does not print (newer than strace 6.1, kernel-internal,
//    masks it never uses for printing...); `extra`: [name, value] pairs strace 6.1 prints
//    although no header on this machine defines the name;
//  - `text`: the printed text when it is not the macro name.
// Order matters for two reasons: printflags walks a 'flags' table in order (composite masks
// like O_SYNC must come before their parts), and printxval returns the first entry with the
// value (EXTA after B19200, XTABS before TAB3). `--check-strace` runs every entry (for flags
// tables also their OR and the OR of the single bits) through the real strace and compares.

/** `hdrNames` with a header region (from NAME through the line before UNTIL) and exclusions. */
function hdr(file, re, { omit = [], from, until } = {}) {
  let names = hdrNames(file.startsWith('/') ? file : `${INC}/${file}`, re);
  const index = (n) => (names.includes(n) ? names.indexOf(n) : fail(`xlat: ${n} is not in ${file}`));
  if (from) names = names.slice(index(from));
  if (until) names = names.slice(0, index(until));
  // (An omitted name may be absent: the lists also name macros of headers newer than 6.1.)
  return names.filter((n) => !omit.includes(n));
}

/** Integer-literal `#define`s of a kernel-internal header (not compilable in user space), first definition wins. */
function kernelDefs(file, re) {
  const out = new Map();
  for (const d of defines(read(file), re)) {
    const v = d.value.replace(/[uUlL]+$/, '');
    if (/^(0x[0-9a-fA-F]+|\d+)$/.test(v) && !out.has(d.name)) out.set(d.name, Number(v));
  }
  return out;
}

const reorder = (names, first = [], last = []) => [...first, ...names.filter((n) => !first.includes(n) && !last.includes(n)), ...last];

// [table, headers, names, extra] of the socket option levels strace 6.1 names. IPX, IrDA and
// IUCV have no user-space header left (Bluetooth's are in the kernel's net/bluetooth/bluetooth.h, see xlatSpecs) (the IrDA and IPX uapi headers were removed from the
// kernel; IUCV's options are in its kernel-internal af_iucv.h): their values are strace's.
const SOCKOPT_LEVELS = [
  ['sock_udp_options', ['linux/udp.h'], ['UDP_CORK', 'UDP_ENCAP', 'UDP_NO_CHECK6_TX', 'UDP_NO_CHECK6_RX', 'UDP_SEGMENT', 'UDP_GRO']],
  // linux/sctp.h dropped the _OLD getters (103-106) in 2.6.33; strace still names them.
  ['sock_sctp_options', ['stdint.h', 'sys/socket.h', 'linux/sctp.h'], [
    'SCTP_RTOINFO', 'SCTP_ASSOCINFO', 'SCTP_INITMSG', 'SCTP_NODELAY', 'SCTP_AUTOCLOSE', 'SCTP_SET_PEER_PRIMARY_ADDR', 'SCTP_PRIMARY_ADDR',
    'SCTP_ADAPTATION_LAYER', 'SCTP_DISABLE_FRAGMENTS', 'SCTP_PEER_ADDR_PARAMS', 'SCTP_DEFAULT_SEND_PARAM', 'SCTP_EVENTS',
    'SCTP_I_WANT_MAPPED_V4_ADDR', 'SCTP_MAXSEG', 'SCTP_STATUS', 'SCTP_GET_PEER_ADDR_INFO', 'SCTP_DELAYED_SACK', 'SCTP_CONTEXT',
    'SCTP_FRAGMENT_INTERLEAVE', 'SCTP_PARTIAL_DELIVERY_POINT', 'SCTP_MAX_BURST', 'SCTP_AUTH_CHUNK', 'SCTP_HMAC_IDENT', 'SCTP_AUTH_KEY',
    'SCTP_AUTH_ACTIVE_KEY', 'SCTP_AUTH_DELETE_KEY', 'SCTP_PEER_AUTH_CHUNKS', 'SCTP_LOCAL_AUTH_CHUNKS', 'SCTP_GET_ASSOC_NUMBER',
    'SCTP_GET_ASSOC_ID_LIST', 'SCTP_AUTO_ASCONF', 'SCTP_PEER_ADDR_THLDS', 'SCTP_RECVRCVINFO', 'SCTP_RECVNXTINFO', 'SCTP_DEFAULT_SNDINFO',
    'SCTP_AUTH_DEACTIVATE_KEY', 'SCTP_REUSE_PORT', 'SCTP_PEER_ADDR_THLDS_V2', 'SCTP_SOCKOPT_BINDX_ADD', 'SCTP_SOCKOPT_BINDX_REM',
    'SCTP_SOCKOPT_PEELOFF', 'SCTP_SOCKOPT_CONNECTX_OLD', 'SCTP_GET_PEER_ADDRS', 'SCTP_GET_LOCAL_ADDRS', 'SCTP_SOCKOPT_CONNECTX',
    'SCTP_SOCKOPT_CONNECTX3', 'SCTP_GET_ASSOC_STATS', 'SCTP_PR_SUPPORTED', 'SCTP_DEFAULT_PRINFO', 'SCTP_PR_ASSOC_STATUS', 'SCTP_PR_STREAM_STATUS',
    'SCTP_RECONFIG_SUPPORTED', 'SCTP_ENABLE_STREAM_RESET', 'SCTP_RESET_STREAMS', 'SCTP_RESET_ASSOC', 'SCTP_ADD_STREAMS',
    'SCTP_SOCKOPT_PEELOFF_FLAGS', 'SCTP_STREAM_SCHEDULER', 'SCTP_STREAM_SCHEDULER_VALUE', 'SCTP_INTERLEAVING_SUPPORTED', 'SCTP_SENDMSG_CONNECT',
    'SCTP_EVENT', 'SCTP_ASCONF_SUPPORTED', 'SCTP_AUTH_SUPPORTED', 'SCTP_ECN_SUPPORTED', 'SCTP_EXPOSE_POTENTIALLY_FAILED_STATE',
    'SCTP_REMOTE_UDP_ENCAPS_PORT', 'SCTP_PLPMTUD_PROBE_INTERVAL',
  ], [['SCTP_GET_PEER_ADDRS_NUM_OLD', 103], ['SCTP_GET_PEER_ADDRS_OLD', 104], ['SCTP_GET_LOCAL_ADDRS_NUM_OLD', 105], ['SCTP_GET_LOCAL_ADDRS_OLD', 106]]],
  ['sock_raw_options', ['linux/icmp.h'], ['ICMP_FILTER']],
  ['sock_ipx_options', [], [], [['IPX_TYPE', 1]]],
  ['sock_ax25_options', ['netax25/ax25.h', 'asm/socket.h'], ['AX25_WINDOW', 'AX25_T1', 'AX25_N2', 'AX25_T3', 'AX25_T2', 'AX25_BACKOFF', 'AX25_EXTSEQ', 'AX25_PIDINCL', 'AX25_IDLE', 'AX25_PACLEN', 'AX25_IAMDIGI', 'SO_BINDTODEVICE']],
  ['sock_packet_options', ['linux/if_packet.h'], [
    'PACKET_ADD_MEMBERSHIP', 'PACKET_DROP_MEMBERSHIP', 'PACKET_RECV_OUTPUT', 'PACKET_RX_RING', 'PACKET_STATISTICS', 'PACKET_COPY_THRESH', 'PACKET_AUXDATA',
    'PACKET_ORIGDEV', 'PACKET_VERSION', 'PACKET_HDRLEN', 'PACKET_RESERVE', 'PACKET_TX_RING', 'PACKET_LOSS', 'PACKET_VNET_HDR', 'PACKET_TX_TIMESTAMP',
    'PACKET_TIMESTAMP', 'PACKET_FANOUT', 'PACKET_TX_HAS_OFF', 'PACKET_QDISC_BYPASS', 'PACKET_ROLLOVER_STATS', 'PACKET_FANOUT_DATA', 'PACKET_IGNORE_OUTGOING',
  ]],
  ['sock_irda_options', [], [], [
    ['IRLMP_ENUMDEVICES', 1], ['IRLMP_IAS_SET', 2], ['IRLMP_IAS_QUERY', 3], ['IRLMP_HINTS_SET', 4], ['IRLMP_QOS_SET', 5], ['IRLMP_QOS_GET', 6],
    ['IRLMP_MAX_SDU_SIZE', 7], ['IRLMP_IAS_GET', 8], ['IRLMP_IAS_DEL', 9], ['IRLMP_HINT_MASK_SET', 10], ['IRLMP_WAITDEVICE', 11],
  ]],
  ['sock_llc_options', ['linux/llc.h'], ['LLC_OPT_UNKNOWN', 'LLC_OPT_RETRY', 'LLC_OPT_SIZE', 'LLC_OPT_ACK_TMR_EXP', 'LLC_OPT_P_TMR_EXP', 'LLC_OPT_REJ_TMR_EXP', 'LLC_OPT_BUSY_TMR_EXP', 'LLC_OPT_TX_WIN', 'LLC_OPT_RX_WIN', 'LLC_OPT_PKTINFO']],
  ['sock_dccp_options', ['linux/dccp.h'], [
    'DCCP_SOCKOPT_PACKET_SIZE', 'DCCP_SOCKOPT_SERVICE', 'DCCP_SOCKOPT_CHANGE_L', 'DCCP_SOCKOPT_CHANGE_R', 'DCCP_SOCKOPT_GET_CUR_MPS', 'DCCP_SOCKOPT_SERVER_TIMEWAIT',
    'DCCP_SOCKOPT_SEND_CSCOV', 'DCCP_SOCKOPT_RECV_CSCOV', 'DCCP_SOCKOPT_AVAILABLE_CCIDS', 'DCCP_SOCKOPT_CCID', 'DCCP_SOCKOPT_TX_CCID', 'DCCP_SOCKOPT_RX_CCID',
    'DCCP_SOCKOPT_QPOLICY_ID', 'DCCP_SOCKOPT_QPOLICY_TXQLEN', 'DCCP_SOCKOPT_CCID_RX_INFO', 'DCCP_SOCKOPT_CCID_TX_INFO',
  ]],
  ['sock_netlink_options', ['linux/netlink.h'], [
    'NETLINK_ADD_MEMBERSHIP', 'NETLINK_DROP_MEMBERSHIP', 'NETLINK_PKTINFO', 'NETLINK_BROADCAST_ERROR', 'NETLINK_NO_ENOBUFS', 'NETLINK_RX_RING', 'NETLINK_TX_RING',
    'NETLINK_LISTEN_ALL_NSID', 'NETLINK_LIST_MEMBERSHIPS', 'NETLINK_CAP_ACK', 'NETLINK_EXT_ACK', 'NETLINK_GET_STRICT_CHK',
  ]],
  ['sock_tipc_options', ['linux/tipc.h'], [
    'TIPC_IMPORTANCE', 'TIPC_SRC_DROPPABLE', 'TIPC_DEST_DROPPABLE', 'TIPC_CONN_TIMEOUT', 'TIPC_NODE_RECVQ_DEPTH', 'TIPC_SOCK_RECVQ_DEPTH', 'TIPC_MCAST_BROADCAST',
    'TIPC_MCAST_REPLICAST', 'TIPC_GROUP_JOIN', 'TIPC_GROUP_LEAVE', 'TIPC_SOCK_RECVQ_USED', 'TIPC_NODELAY',
  ]],
  ['sock_rxrpc_options', ['linux/rxrpc.h'], ['RXRPC_SECURITY_KEY', 'RXRPC_SECURITY_KEYRING', 'RXRPC_EXCLUSIVE_CONNECTION', 'RXRPC_MIN_SECURITY_LEVEL', 'RXRPC_UPGRADEABLE_SERVICE', 'RXRPC_SUPPORTED_CMSG']],
  ['sock_pppol2tp_options', ['linux/if_pppol2tp.h'], ['PPPOL2TP_SO_DEBUG', 'PPPOL2TP_SO_RECVSEQ', 'PPPOL2TP_SO_SENDSEQ', 'PPPOL2TP_SO_LNSMODE', 'PPPOL2TP_SO_REORDERTO']],
  ['sock_pnp_options', ['sys/socket.h', 'linux/phonet.h'], ['PNPIPE_ENCAP', 'PNPIPE_IFINDEX', 'PNPIPE_HANDLE', 'PNPIPE_INITSTATE']],
  // linux/rds.h no longer defines RDS_BARRIER (4); strace still names it.
  ['sock_rds_options', ['linux/rds.h', 'asm/socket.h'], ['RDS_CANCEL_SENT_TO', 'RDS_GET_MR', 'RDS_FREE_MR', 'RDS_RECVERR', 'RDS_CONG_MONITOR', 'RDS_GET_MR_FOR_DEST', 'SO_RDS_TRANSPORT', 'SO_RDS_MSG_RXPATH_LATENCY', 'SO_TIMESTAMP_OLD'], [['RDS_BARRIER', 4]]],
  ['sock_iucv_options', [], [], [['SO_IPRMDATA_MSG', 0x0080], ['SO_MSGSIZE', 0x0800]]],
  ['sock_caif_options', ['sys/socket.h', 'linux/caif/caif_socket.h'], ['CAIFSO_LINK_SELECT', 'CAIFSO_REQ_PARAM', 'CAIFSO_RSP_PARAM']],
  ['sock_alg_options', ['linux/if_alg.h'], ['ALG_SET_KEY', 'ALG_SET_IV', 'ALG_SET_OP', 'ALG_SET_AEAD_ASSOCLEN', 'ALG_SET_AEAD_AUTHSIZE', 'ALG_SET_DRBG_ENTROPY']],
  ['sock_nfcllcp_options', ['linux/nfc.h'], ['NFC_LLCP_RW', 'NFC_LLCP_MIUX', 'NFC_LLCP_REMOTE_MIU', 'NFC_LLCP_REMOTE_LTO', 'NFC_LLCP_REMOTE_RW']],
  ['sock_kcm_options', ['linux/kcm.h'], ['KCM_RECV_DISABLE']],
  ['sock_tls_options', ['linux/tls.h'], ['TLS_TX', 'TLS_RX']],
  ['sock_xdp_options', ['linux/if_xdp.h'], ['XDP_MMAP_OFFSETS', 'XDP_RX_RING', 'XDP_TX_RING', 'XDP_UMEM_REG', 'XDP_UMEM_FILL_RING', 'XDP_UMEM_COMPLETION_RING', 'XDP_STATISTICS', 'XDP_OPTIONS']],
  ['sock_can_raw_options', ['linux/can/raw.h'], ['CAN_RAW_FILTER', 'CAN_RAW_ERR_FILTER', 'CAN_RAW_LOOPBACK', 'CAN_RAW_RECV_OWN_MSGS', 'CAN_RAW_FD_FRAMES', 'CAN_RAW_JOIN_FILTERS']],
  ['sock_vsock_options', ['sys/socket.h', 'linux/vm_sockets.h'], [
    'SO_VM_SOCKETS_BUFFER_SIZE', 'SO_VM_SOCKETS_BUFFER_MIN_SIZE', 'SO_VM_SOCKETS_BUFFER_MAX_SIZE', 'SO_VM_SOCKETS_PEER_HOST_VM_ID', 'SO_VM_SOCKETS_TRUSTED',
    'SO_VM_SOCKETS_CONNECT_TIMEOUT_OLD', 'SO_VM_SOCKETS_NONBLOCK_TXRX', 'SO_VM_SOCKETS_CONNECT_TIMEOUT_NEW',
  ]],
];

function xlatSpecs(opts) {
  const K = (rel) => path.join(opts.kernelHeaders, rel);
  const kSocket = kernelDefs(K('include/linux/socket.h'), /^(MSG|SOL|SCM)_/);
  const kStatfs = kernelDefs(K('include/linux/statfs.h'), /^ST_/);
  const kBluetooth = kernelDefs(K('include/net/bluetooth/bluetooth.h'), /^BT_/);
  const MSG_NEWER = ['MSG_SENDPAGE_DECRYPTED', 'MSG_SPLICE_PAGES'];
  const SOL_NEWER = ['SOL_MPTCP', 'SOL_MCTP', 'SOL_SMC', 'SOL_VSOCK'];
  const pick = (map, names) => Object.fromEntries(names.map((n) => [n, map.get(n) ?? fail(`xlat: ${n} not found in the kernel headers`)]));
  return [
    // ---- files
    { name: 'access_modes', kind: 'flags', inc: ['unistd.h'], names: hdr('unistd.h', /^[RWXF]_OK$/), zeroFirst: true },
    { name: 'open_access_modes', kind: 'enum', inc: ['asm/fcntl.h'], names: ['O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_ACCMODE'], order: 'value' },
    {
      name: 'open_mode_flags',
      kind: 'flags',
      inc: ['asm/fcntl.h'],
      // strace's open_mode_flags.in order (not the header's): O_SYNC before __O_SYNC and
      // O_DSYNC, O_TMPFILE before __O_TMPFILE and O_DIRECTORY, FASYNC (= O_ASYNC) last.
      names: [
        'O_CREAT', 'O_EXCL', 'O_NOCTTY', 'O_TRUNC', 'O_APPEND', 'O_NONBLOCK', 'O_SYNC', '__O_SYNC', 'O_DSYNC', 'O_DIRECT',
        'O_LARGEFILE', 'O_NOFOLLOW', 'O_NOATIME', 'O_CLOEXEC', 'O_PATH', 'O_TMPFILE', '__O_TMPFILE', 'O_DIRECTORY', 'FASYNC',
      ],
    },
    {
      name: 'at_flags',
      kind: 'flags',
      inc: ['linux/fcntl.h'],
      // AT_EACCESS (= AT_REMOVEDIR) only in faccessat_flags; the statx sync bits in at_statx_sync_types.
      names: hdr('linux/fcntl.h', /^AT_/, { omit: ['AT_FDCWD', 'AT_EACCESS', 'AT_STATX_SYNC_TYPE', 'AT_STATX_SYNC_AS_STAT', 'AT_STATX_FORCE_SYNC', 'AT_STATX_DONT_SYNC'] }),
      order: 'value',
    },
    { name: 'faccessat_flags', kind: 'flags', inc: ['linux/fcntl.h'], names: ['AT_SYMLINK_NOFOLLOW', 'AT_EACCESS', 'AT_EMPTY_PATH'] },
    // strace lists the AT_STATX_SYNC_TYPE mask after its parts.
    { name: 'at_statx_sync_types', kind: 'flags', inc: ['linux/fcntl.h'], names: hdr('linux/fcntl.h', /^AT_STATX_/), last: ['AT_STATX_SYNC_TYPE'] },
    { name: 'fcntlcmds', kind: 'enum', inc: ['linux/fcntl.h'], order: 'value',
      // The uapi F_GETLK64..F_SETLKW64 (12..14; glibc's <fcntl.h> maps them to 5..7 on x86_64).
      // strace 6.1 has no name for the write-life-time hints (F_GET_RW_HINT...).
      names: [
        ...hdr('asm-generic/fcntl.h', /^F_[A-Z0-9_]+$/, { omit: ['F_LINUX_SPECIFIC_BASE', 'F_GETLK64', 'F_SETLK64', 'F_SETLKW64', 'F_RDLCK', 'F_WRLCK', 'F_UNLCK', 'F_EXLCK', 'F_SHLCK', 'F_OWNER_TID', 'F_OWNER_PID', 'F_OWNER_PGRP'] }),
        ...hdr('linux/fcntl.h', /^F_[A-Z0-9_]+$/, { omit: ['F_LINUX_SPECIFIC_BASE', 'F_GET_RW_HINT', 'F_SET_RW_HINT', 'F_GET_FILE_RW_HINT', 'F_SET_FILE_RW_HINT', 'F_DUPFD_QUERY', 'F_CREATED_QUERY'] }).filter((n) => !n.startsWith('F_SEAL_')),
      ],
      // The struct flock64 commands exist only in 32-bit ABIs (asm-generic/fcntl.h); strace
      // names their numbers on x86_64 too.
      extra: [['F_GETLK64', 12], ['F_SETLK64', 13], ['F_SETLKW64', 14]] },
    { name: 'fdflags', kind: 'flags', inc: ['fcntl.h'], names: ['FD_CLOEXEC'] },
    { name: 'lockfcmds', kind: 'enum', inc: ['asm/fcntl.h'], names: ['F_RDLCK', 'F_WRLCK', 'F_UNLCK', 'F_EXLCK', 'F_SHLCK'] },
    { name: 'f_owner_types', kind: 'enum', inc: ['asm/fcntl.h'], names: hdr('asm-generic/fcntl.h', /^F_OWNER_/) },
    { name: 'f_seals', kind: 'flags', inc: ['linux/fcntl.h'], names: hdr('linux/fcntl.h', /^F_SEAL_/, { omit: ['F_SEAL_EXEC'] }) }, // strace 6.1 has no name for F_SEAL_EXEC
    { name: 'notifyflags', kind: 'flags', inc: ['linux/fcntl.h'], names: hdr('linux/fcntl.h', /^DN_/) },
    // LOCK_RW (= LOCK_READ|LOCK_WRITE) before its parts.
    { name: 'flockcmds', kind: 'flags', inc: ['asm/fcntl.h'], names: reorder(hdr('asm-generic/fcntl.h', /^LOCK_/), ['LOCK_SH', 'LOCK_EX', 'LOCK_NB', 'LOCK_UN', 'LOCK_MAND', 'LOCK_RW']) },
    { name: 'falloc_flags', kind: 'flags', inc: ['linux/falloc.h'], names: hdr('linux/falloc.h', /^FALLOC_FL_/), order: 'value' },
    { name: 'whence_codes', kind: 'enum', inc: ['linux/fs.h'], names: hdr('linux/fs.h', /^SEEK_/, { omit: ['SEEK_MAX'] }) },
    { name: 'rename_flags', kind: 'flags', inc: ['linux/fs.h'], names: hdr('linux/fs.h', /^RENAME_/) },
    { name: 'rwf_flags', kind: 'flags', inc: ['linux/fs.h'], names: hdr('linux/fs.h', /^RWF_/, { omit: ['RWF_SUPPORTED'] }) },
    { name: 'xattrflags', kind: 'flags', inc: ['linux/xattr.h'], names: ['XATTR_CREATE', 'XATTR_REPLACE'] },
    { name: 'splice_flags', kind: 'flags', inc: ['fcntl.h'], names: hdr(`${X86_INC}/bits/fcntl-linux.h`, /^SPLICE_F_/) },
    { name: 'close_range_flags', kind: 'flags', inc: ['linux/close_range.h'], names: hdr('linux/close_range.h', /^CLOSE_RANGE_/) },
    { name: 'dirent_types', kind: 'enum', inc: ['dirent.h'], names: hdr('dirent.h', /^DT_[A-Z]+$/), order: 'value' },
    // strace's modetypes.in order.
    { name: 'modetypes', kind: 'enum', inc: ['linux/stat.h'], names: ['S_IFREG', 'S_IFSOCK', 'S_IFIFO', 'S_IFLNK', 'S_IFDIR', 'S_IFBLK', 'S_IFCHR'] },
    // STATX_ALL (deprecated, = 0xfff) and STATX_BASIC_STATS before the single bits.
    { name: 'statx_masks', kind: 'flags', inc: ['linux/stat.h'], names: hdr('linux/stat.h', /^STATX_[A-Z_]+$/, { omit: ['STATX__RESERVED'] }).filter((n) => !n.startsWith('STATX_ATTR_')), first: ['STATX_ALL', 'STATX_BASIC_STATS'] },
    { name: 'statx_attrs', kind: 'flags', inc: ['linux/stat.h'], names: hdr('linux/stat.h', /^STATX_ATTR_/), order: 'value' },
    // ST_* of the kernel's include/linux/statfs.h (glibc's ST_WRITE, ST_APPEND, ST_IMMUTABLE are
    // not kernel flags); strace lists ST_VALID first.
    { name: 'statfs_flags', kind: 'flags', vals: Object.fromEntries(kStatfs), names: [...kStatfs.keys()], first: ['ST_VALID'] },
    {
      name: 'fsmagic',
      kind: 'enum',
      inc: ['linux/magic.h'],
      order: 'value',
      // EXT3/EXT4 share EXT2's number (printed as EXT2_SUPER_MAGIC). strace 6.1 has no name for
      // RDTGROUP_SUPER_MAGIC.
      names: hdr('linux/magic.h', /_MAGIC\w*$|^[A-Z0-9_]+_CIGAM$/, { omit: ['RDTGROUP_SUPER_MAGIC'] }).filter((n) => !n.endsWith('_STRING')),
      // File systems strace 6.1 names whose magic number no uapi header defines (defined in the
      // file systems' own sources, or out of tree).
      extra: [
        ['Z3FOLD_MAGIC', 0x33], ['DEVFS_SUPER_MAGIC', 0x1373], ['EXT_SUPER_MAGIC', 0x137d], ['HFS_SUPER_MAGIC', 0x4244],
        ['HFSPLUS_SUPER_MAGIC', 0x482b], ['EXOFS_SUPER_MAGIC', 0x5df5], ['ROMFS_MAGIC', 0x7275], ['EXT2_OLD_SUPER_MAGIC', 0xef51],
        ['UFS_MAGIC', 0x11954], ['GFS2_MAGIC', 0x1161970], ['XIAFS_SUPER_MAGIC', 0x12fd16d], ['XENIX_SUPER_MAGIC', 0x12ff7b4],
        ['SYSV4_SUPER_MAGIC', 0x12ff7b5], ['SYSV2_SUPER_MAGIC', 0x12ff7b6], ['COH_SUPER_MAGIC', 0x12ff7b7], ['SHMFS_SUPER_MAGIC', 0x2011994],
        ['BALLOON_KVM_MAGIC', 0x13661366], ['BFS_MAGIC', 0x1badface], ['UBIFS_SUPER_MAGIC', 0x24051905], ['ZFS_SUPER_MAGIC', 0x2fc12fc1],
        ['JFS_SUPER_MAGIC', 0x3153464a], ['BEFS_SUPER_MAGIC', 0x42465331], ['GPFS_SUPER_MAGIC', 0x47504653], ['NTFS_SB_MAGIC', 0x5346544e],
        ['UFS_CIGAM', 0x54190100], ['VZFS_SUPER_MAGIC', 0x565a4653], ['ZSMALLOC_MAGIC', 0x58295829], ['AUFS_SUPER_MAGIC', 0x61756673],
        ['CONFIGFS_MAGIC', 0x62656570], ['FUSE_CTL_SUPER_MAGIC', 0x65735543], ['VXFS_SUPER_MAGIC', 0xa501fcf5], ['PPC_CMM_MAGIC', 0xc7571590],
        ['LOGFS_MAGIC', 0xc97e8168],
      ],
    },
    { name: 'advise', kind: 'enum', inc: ['fcntl.h'], names: hdr('linux/fadvise.h', /^POSIX_FADV_/) },
    // ---- memory
    { name: 'mmap_prot', kind: 'flags', inc: ['asm/mman.h'], names: hdr('asm-generic/mman-common.h', /^PROT_/), zeroFirst: true },
    {
      name: 'mmap_flags',
      kind: 'flags',
      inc: ['linux/mman.h'],
      // strace's mmap_flags.in order; the MAP_HUGE_* sizes are printed as N<<MAP_HUGE_SHIFT.
      names: [
        'MAP_SHARED', 'MAP_PRIVATE', 'MAP_SHARED_VALIDATE', 'MAP_FIXED', 'MAP_ANONYMOUS', 'MAP_32BIT', 'MAP_NORESERVE',
        'MAP_POPULATE', 'MAP_NONBLOCK', 'MAP_GROWSDOWN', 'MAP_DENYWRITE', 'MAP_EXECUTABLE', 'MAP_FILE', 'MAP_LOCKED',
        'MAP_STACK', 'MAP_HUGETLB', 'MAP_SYNC', 'MAP_UNINITIALIZED', 'MAP_FIXED_NOREPLACE',
      ],
    },
    { name: 'mremap_flags', kind: 'flags', inc: ['linux/mman.h'], names: hdr('linux/mman.h', /^MREMAP_/) },
    { name: 'madvise_cmds', kind: 'enum', inc: ['asm/mman.h'], names: hdr('asm-generic/mman-common.h', /^MADV_/), order: 'value' },
    // strace's mctl_sync.in order.
    { name: 'mctl_sync', kind: 'flags', inc: ['asm/mman.h'], names: reorder(hdr('asm-generic/mman-common.h', /^MS_/), ['MS_SYNC']) },
    { name: 'mlockall_flags', kind: 'flags', inc: ['asm/mman.h'], names: hdr('asm-generic/mman.h', /^MCL_/) },
    { name: 'memfd_create_flags', kind: 'flags', inc: ['linux/memfd.h'], names: hdr('linux/memfd.h', /^MFD_[A-Z_]+$/, { omit: ['MFD_NOEXEC_SEAL', 'MFD_EXEC'] }).filter((n) => !n.startsWith('MFD_HUGE_')) }, // (not known to strace 6.1)
    // PKEY_DISABLE_EXECUTE (0x4) is only defined in powerpc's asm/mman.h; strace names it everywhere.
    { name: 'pkey_access', kind: 'flags', inc: ['asm/mman.h'], names: hdr('asm-generic/mman-common.h', /^PKEY_DISABLE_/), extra: [['PKEY_DISABLE_EXECUTE', 0x4]] },
    // ---- processes, signals
    {
      name: 'clone_flags',
      kind: 'flags',
      inc: ['linux/sched.h'],
      // strace 6.1 has no name for CLONE_DETACHED; the clone3-only flags are in clone3_flags.
      names: hdr('linux/sched.h', /^CLONE_[A-Z_]+$/, { omit: ['CLONE_DETACHED', 'CLONE_NEWTIME', 'CLONE_CLEAR_SIGHAND', 'CLONE_INTO_CGROUP'] }),
    },
    { name: 'clone3_flags', kind: 'flags', wide: true, inc: ['linux/sched.h'], names: ['CLONE_NEWTIME', 'CLONE_CLEAR_SIGHAND', 'CLONE_INTO_CGROUP'] },
    {
      name: 'sigact_flags',
      kind: 'flags',
      inc: ['signal.h'],
      // strace's sigact_flags.in order (high bits first). SA_RESTORER is the kernel's
      // (asm/signal.h), SA_INTERRUPT glibc's historical name of bit 29. strace 6.1 has no name
      // for SA_UNSUPPORTED and SA_EXPOSE_TAGBITS.
      names: ['SA_RESTORER', 'SA_ONSTACK', 'SA_RESTART', 'SA_INTERRUPT', 'SA_NODEFER', 'SA_RESETHAND', 'SA_SIGINFO', 'SA_NOCLDSTOP', 'SA_NOCLDWAIT'],
      vals: { SA_RESTORER: 'asm/signal.h' },
    },
    { name: 'sigaltstack_flags', kind: 'flags', inc: ['linux/signal.h'], names: hdr('linux/signal.h', /^SS_/, { omit: ['SS_FLAG_BITS'] }) },
    { name: 'sigprocmaskcmds', kind: 'enum', inc: ['asm/signal.h'], names: hdr('asm-generic/signal-defs.h', /^SIG_(BLOCK|UNBLOCK|SETMASK)$/) },
    { name: 'siginfo_codes', kind: 'enum', inc: ['asm/siginfo.h'], names: hdr('asm-generic/siginfo.h', /^SI_/, { omit: ['SI_MAX_SIZE'] }) },
    ...[
      ['sigill_codes', 'ILL'], ['sigfpe_codes', 'FPE'], ['sigsegv_codes', 'SEGV'], ['sigbus_codes', 'BUS'], ['sigtrap_codes', 'TRAP'],
      ['sigchld_codes', 'CLD'], ['sigpoll_codes', 'POLL'], ['sigsys_codes', 'SYS'],
    ].map(([name, p]) => ({ name, kind: 'enum', inc: ['asm/siginfo.h'], names: hdr('asm-generic/siginfo.h', new RegExp(`^${p}_`), { omit: p === 'TRAP' ? ['TRAP_PERF_FLAG_ASYNC'] : [] }) })),
    // SIGPROF has no si_codes on x86_64.
    { name: 'sigprof_codes', kind: 'enum', names: [] },
    { name: 'wait4_options', kind: 'flags', inc: ['linux/wait.h'], names: ['WNOHANG', 'WEXITED', 'WSTOPPED', 'WCONTINUED', 'WNOWAIT', '__WCLONE', '__WALL', '__WNOTHREAD'] },
    { name: 'waitid_types', kind: 'enum', inc: ['linux/wait.h'], names: hdr('linux/wait.h', /^P_/) },
    { name: 'ptrace_events', kind: 'enum', inc: ['linux/ptrace.h'], names: hdr('linux/ptrace.h', /^PTRACE_EVENT_[A-Z_]+$/) },
    { name: 'resources', kind: 'enum', inc: ['asm/resource.h'], names: hdr('asm-generic/resource.h', /^RLIMIT_/) },
    { name: 'usagewho', kind: 'enum', inc: ['linux/resource.h'], names: hdr('linux/resource.h', /^RUSAGE_/) },
    // strace's schedulers.in: glibc's SCHED_OTHER for SCHED_NORMAL, and SCHED_ISO (4, reserved).
    { name: 'schedulers', kind: 'enum', inc: ['linux/sched.h'], names: ['SCHED_FIFO', 'SCHED_RR', 'SCHED_BATCH', 'SCHED_IDLE', 'SCHED_DEADLINE'], extra: [['SCHED_OTHER', 0], ['SCHED_ISO', 4]], order: 'value' },
    {
      name: 'prctl_options',
      kind: 'enum',
      inc: ['linux/prctl.h'],
      order: 'value',
      // The first-argument options of linux/prctl.h (the header mixes in their argument values).
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
    },
    { name: 'archvals', kind: 'enum', inc: ['asm/prctl.h'], names: hdr(`${X86_INC}/asm/prctl.h`, /^ARCH_/).filter((n) => !n.startsWith('ARCH_SHSTK_')), order: 'value' }, // (shadow stacks: newer than strace 6.1)
    { name: 'cap', kind: 'enum', inc: ['linux/capability.h'], names: hdr('linux/capability.h', /^CAP_[A-Z_]+$/, { omit: ['CAP_LAST_CAP'] }) },
    // capget/capset sets: bit N of the first / second word, named 1<<CAP_*.
    ...[['cap_mask0', 0], ['cap_mask1', 32]].map(([name, base]) => ({
      name,
      kind: 'flags',
      inc: ['linux/capability.h'],
      names: hdr('linux/capability.h', /^CAP_[A-Z_]+$/, { omit: ['CAP_LAST_CAP'] }),
      derive: (caps) => caps.filter(([, v]) => v >= base && v < base + 32).map(([n, v]) => [`1<<${n}`, 2 ** (v - base)]),
    })),
    { name: 'cap_version', kind: 'enum', inc: ['linux/capability.h'], names: hdr('linux/capability.h', /^_LINUX_CAPABILITY_VERSION_\d$/) },
    {
      name: 'futexops',
      kind: 'enum',
      inc: ['linux/futex.h'],
      // The commands, the commands | FUTEX_PRIVATE_FLAG (header name, or "CMD|FUTEX_PRIVATE_FLAG"
      // where the header has none), then strace's list of waits with FUTEX_CLOCK_REALTIME.
      names: hdr('linux/futex.h', /^FUTEX_[A-Z0-9_]+$/, { until: 'FUTEX_PRIVATE_FLAG' }),
      derive: (cmds, v) => {
        const all = hdrNames(`${INC}/linux/futex.h`, /^FUTEX_[A-Z0-9_]+_PRIVATE$/);
        const priv = cmds.map(([name, val]) => [all.includes(`${name}_PRIVATE`) ? `${name}_PRIVATE` : `${name}|FUTEX_PRIVATE_FLAG`, val | v.FUTEX_PRIVATE_FLAG]);
        const rt = ['FUTEX_WAIT', 'FUTEX_WAIT_PRIVATE', 'FUTEX_WAIT_BITSET', 'FUTEX_WAIT_BITSET_PRIVATE', 'FUTEX_WAIT_REQUEUE_PI', 'FUTEX_WAIT_REQUEUE_PI_PRIVATE'];
        const byName = new Map([...cmds, ...priv]);
        return [...cmds, ...priv, ...rt.map((n) => [`${n}|FUTEX_CLOCK_REALTIME`, byName.get(n) | v.FUTEX_CLOCK_REALTIME])];
      },
      also: ['FUTEX_PRIVATE_FLAG', 'FUTEX_CLOCK_REALTIME'],
    },
    { name: 'futexwakeops', kind: 'enum', inc: ['linux/futex.h'], names: hdr('linux/futex.h', /^FUTEX_OP_[A-Z]+$/) },
    { name: 'futexwakecmps', kind: 'enum', inc: ['linux/futex.h'], names: hdr('linux/futex.h', /^FUTEX_OP_CMP_/) },
    { name: 'futexbitset', kind: 'enum', inc: ['linux/futex.h'], names: ['FUTEX_BITSET_MATCH_ANY'] },
    // ---- descriptors
    { name: 'pollflags', kind: 'flags', inc: ['linux/types.h', 'asm/poll.h'], names: hdr('asm-generic/poll.h', /^POLL/, { omit: ['POLLFREE'] }) },
    { name: 'epollctls', kind: 'enum', inc: ['linux/eventpoll.h'], names: hdr('linux/eventpoll.h', /^EPOLL_CTL_/) },
    { name: 'epollevents', kind: 'flags', inc: ['linux/eventpoll.h'], names: hdr('linux/eventpoll.h', /^EPOLL[A-Z]+$/) },
    { name: 'epollflags', kind: 'flags', inc: ['linux/eventpoll.h'], names: ['EPOLL_CLOEXEC'] },
    { name: 'efd_flags', kind: 'flags', inc: ['sys/eventfd.h'], names: hdr(`${X86_INC}/bits/eventfd.h`, /^EFD_/) },
    { name: 'sfd_flags', kind: 'flags', inc: ['linux/signalfd.h'], names: hdr('linux/signalfd.h', /^SFD_/) },
    { name: 'timerfdflags', kind: 'flags', inc: ['linux/timerfd.h'], names: hdr('linux/timerfd.h', /^TFD_(TIMER_[A-Z_]+|CLOEXEC|NONBLOCK)$/) },
    { name: 'inotify_flags', kind: 'flags', inc: ['linux/inotify.h'],
      // The single events and flags: not the IN_CLOSE, IN_MOVE, IN_ALL_EVENTS unions, nor the
      // inotify_init1 flags.
      names: hdr('linux/inotify.h', /^IN_/, { omit: ['IN_CLOSE', 'IN_MOVE', 'IN_ALL_EVENTS', 'IN_CLOEXEC', 'IN_NONBLOCK'] }) },
    // strace's inotify_init_flags.in order.
    { name: 'inotify_init_flags', kind: 'flags', inc: ['linux/inotify.h'], names: ['IN_NONBLOCK', 'IN_CLOEXEC'] },
    { name: 'pidfd_open_flags', kind: 'flags', inc: ['linux/pidfd.h'], names: ['PIDFD_NONBLOCK'] },
    { name: 'getrandom_flags', kind: 'flags', inc: ['linux/random.h'], names: hdr('linux/random.h', /^GRND_/) },
    // ---- time
    { name: 'clocknames', kind: 'enum', inc: ['linux/time.h'], names: hdr('linux/time.h', /^CLOCK_/) },
    { name: 'clockflags', kind: 'flags', inc: ['linux/time.h'], names: ['TIMER_ABSTIME'] },
    { name: 'itimer_which', kind: 'enum', inc: ['linux/time.h'], names: hdr('linux/time.h', /^ITIMER_/) },
    // ---- sockets
    { name: 'addrfams', kind: 'enum', inc: ['sys/socket.h'], names: hdr(`${X86_INC}/bits/socket.h`, /^AF_/, { omit: ['AF_MAX'] }), prefer: ['AF_UNIX'], order: 'value' },
    { name: 'socktypes', kind: 'enum', inc: ['sys/socket.h'], names: hdr(`${X86_INC}/bits/socket_type.h`, /^SOCK_/, { omit: ['SOCK_CLOEXEC', 'SOCK_NONBLOCK'] }), order: 'value' },
    { name: 'sock_type_flags', kind: 'flags', inc: ['sys/socket.h'], names: ['SOCK_CLOEXEC', 'SOCK_NONBLOCK'] },
    { name: 'shutdown_modes', kind: 'enum', inc: ['sys/socket.h'], names: hdr(`${X86_INC}/sys/socket.h`, /^SHUT_/) },
    {
      name: 'msg_flags',
      kind: 'flags',
      // The kernel's include/linux/socket.h (glibc calls 0x10 MSG_PROXY and lacks the in-kernel
      // flags strace prints); MSG_CMSG_COMPAT has its CONFIG_COMPAT value. strace 6.1 has no
      // name for MSG_SENDPAGE_DECRYPTED and MSG_SPLICE_PAGES.
      vals: pick(kSocket, [...kSocket.keys()].filter((n) => n.startsWith('MSG_') && !MSG_NEWER.includes(n))),
      names: [...kSocket.keys()].filter((n) => n.startsWith('MSG_') && !MSG_NEWER.includes(n)),
      order: 'value',
    },
    {
      name: 'socketlayers',
      kind: 'enum',
      inc: ['sys/socket.h', 'linux/can.h', 'linux/can/raw.h'],
      order: 'value',
      // SOL_* of the kernel's include/linux/socket.h, SOL_SOCKET and the CAN levels; AF_VSOCK is
      // the level of the vsock options. strace 6.1 has no name for SOL_MPTCP, SOL_MCTP, SOL_SMC, SOL_VSOCK.
      vals: pick(kSocket, [...kSocket.keys()].filter((n) => n.startsWith('SOL_') && !SOL_NEWER.includes(n))),
      names: [...[...kSocket.keys()].filter((n) => n.startsWith('SOL_') && !SOL_NEWER.includes(n)), 'SOL_SOCKET', 'SOL_CAN_BASE', 'SOL_CAN_RAW', 'AF_VSOCK'],
    },
    { name: 'sock_options', kind: 'enum', inc: ['asm/socket.h'], order: 'value',
      // SO_* of asm-generic/socket.h (the time-dependent SO_TIMESTAMP... print as their _OLD
      // names). 26 is printed by strace from its getsockopt/setsockopt-specific tables
      // (SO_GET_FILTER / SO_ATTACH_FILTER), not from sock_options.
      names: hdr('asm-generic/socket.h', /^SO_/, { omit: ['SO_ATTACH_FILTER', 'SO_GET_FILTER'] }) },
    {
      name: 'sock_ip_options',
      kind: 'enum',
      inc: ['linux/in.h'],
      order: 'value',
      // The IP_* / MCAST_* socket options of linux/in.h (not the values of IP_MTU_DISCOVER,
      // MCAST_EXCLUDE/INCLUDE or the defaults). strace 6.1 has no name for IP_LOCAL_PORT_RANGE
      // and IP_PROTOCOL.
      names: hdr('linux/in.h', /^(IP|MCAST)_[A-Z0-9_]+$/, { omit: ['IP_LOCAL_PORT_RANGE', 'IP_PROTOCOL', 'MCAST_EXCLUDE', 'MCAST_INCLUDE', 'IP_DEFAULT_MULTICAST_TTL', 'IP_DEFAULT_MULTICAST_LOOP'] }).filter((n) => !n.startsWith('IP_PMTUDISC_')),
    },
    {
      name: 'sock_ipv6_options',
      kind: 'enum',
      inc: ['linux/in6.h', 'linux/in.h'],
      order: 'value',
      // The IPV6_* socket options of linux/in6.h (not the flow label, priority, TLV,
      // PMTUDISC and address-preference values) and the MCAST_* options of linux/in.h.
      names: [
        ...hdr('linux/in6.h', /^IPV6_[A-Z0-9_]+$/).filter((n) => !/^IPV6_(FL_|FLOWINFO_(FLOWLABEL|PRIORITY)$|PRIORITY_|TLV_|PMTUDISC_|PREFER_SRC_)/.test(n)),
        ...hdr('linux/in.h', /^MCAST_/, { omit: ['MCAST_EXCLUDE', 'MCAST_INCLUDE'] }),
      ],
      // linux/in6.h has IPV6_USE_MIN_MTU (63) under #if 0; strace names it.
      extra: [['IPV6_USE_MIN_MTU', 63]],
    },
    { name: 'sock_tcp_options', kind: 'enum', inc: ['linux/tcp.h'], names: hdr('linux/tcp.h', /^TCP_/, { from: 'TCP_NODELAY', until: 'TCP_REPAIR_ON' }), order: 'value',
      // TCP_COOKIE_TRANSACTIONS (15) was removed from linux/tcp.h in 3.10; strace still names it.
      extra: [['TCP_COOKIE_TRANSACTIONS', 15]] },
    // The option names of the other levels print_sockopt_fd_level_name decodes, in strace's
    // sock_*_options.in order (names strace 6.1 has; later kernels added more).
    ...SOCKOPT_LEVELS.map(([name, inc, names, extra]) => ({ name, kind: 'enum', inc, order: 'value', names, ...(extra ? { extra } : {}) })),
    {
      name: 'sock_bluetooth_options',
      kind: 'enum',
      order: 'value',
      vals: Object.fromEntries(kBluetooth),
      names: ['BT_SECURITY', 'BT_DEFER_SETUP', 'BT_FLUSHABLE', 'BT_POWER', 'BT_CHANNEL_POLICY', 'BT_VOICE', 'BT_SNDMTU', 'BT_RCVMTU'],
    },
    // Tried before sock_options / sock_ip_options / sock_ipv6_options by getsockopt and
    // setsockopt respectively: the same numbers name other options in each direction.
    { name: 'getsock_options', kind: 'enum', inc: ['asm/socket.h'], names: ['SO_GET_FILTER'] },
    { name: 'setsock_options', kind: 'enum', inc: ['asm/socket.h'], names: ['SO_ATTACH_FILTER'] },
    {
      name: 'getsock_ip_options',
      kind: 'enum',
      inc: ['linux/netfilter_ipv4/ip_tables.h', 'linux/netfilter_arp/arp_tables.h', 'linux/netfilter_bridge/ebtables.h', 'linux/ip_vs.h'],
      order: 'value',
      names: [
        'IPT_SO_GET_INFO', 'IPT_SO_GET_ENTRIES', 'IPT_SO_GET_REVISION_MATCH', 'IPT_SO_GET_REVISION_TARGET', 'ARPT_SO_GET_INFO', 'ARPT_SO_GET_ENTRIES',
        'ARPT_SO_GET_REVISION_TARGET', 'EBT_SO_GET_INFO', 'EBT_SO_GET_ENTRIES', 'EBT_SO_GET_INIT_INFO', 'EBT_SO_GET_INIT_ENTRIES',
        ...hdr('linux/ip_vs.h', /^IP_VS_SO_GET_/, { omit: ['IP_VS_SO_GET_MAX'] }),
      ],
    },
    {
      name: 'setsock_ip_options',
      kind: 'enum',
      inc: ['linux/netfilter_ipv4/ip_tables.h', 'linux/netfilter_arp/arp_tables.h', 'linux/netfilter_bridge/ebtables.h', 'linux/ip_vs.h'],
      order: 'value',
      names: [
        'IPT_SO_SET_REPLACE', 'IPT_SO_SET_ADD_COUNTERS', 'ARPT_SO_SET_REPLACE', 'ARPT_SO_SET_ADD_COUNTERS', 'EBT_SO_SET_ENTRIES', 'EBT_SO_SET_COUNTERS',
        ...hdr('linux/ip_vs.h', /^IP_VS_SO_SET_/, { omit: ['IP_VS_SO_SET_MAX'] }),
      ],
    },
    {
      name: 'getsock_ipv6_options',
      kind: 'enum',
      inc: ['linux/netfilter_ipv6/ip6_tables.h'],
      order: 'value',
      names: ['IP6T_SO_GET_INFO', 'IP6T_SO_GET_ENTRIES', 'IP6T_SO_GET_REVISION_MATCH', 'IP6T_SO_GET_REVISION_TARGET'],
    },
    { name: 'setsock_ipv6_options', kind: 'enum', inc: ['linux/netfilter_ipv6/ip6_tables.h'], order: 'value', names: ['IP6T_SO_SET_REPLACE', 'IP6T_SO_SET_ADD_COUNTERS'] },
    // The ICMP types, named in the bit set of struct icmp_filter (bit N: type N).
    {
      name: 'icmpfilterflags',
      kind: 'enum',
      inc: ['linux/icmp.h'],
      order: 'value',
      names: ['ICMP_ECHOREPLY', 'ICMP_DEST_UNREACH', 'ICMP_SOURCE_QUENCH', 'ICMP_REDIRECT', 'ICMP_ECHO', 'ICMP_TIME_EXCEEDED', 'ICMP_PARAMETERPROB', 'ICMP_TIMESTAMP', 'ICMP_TIMESTAMPREPLY', 'ICMP_INFO_REQUEST', 'ICMP_INFO_REPLY', 'ICMP_ADDRESS', 'ICMP_ADDRESSREPLY'],
    },
    { name: 'packet_mreq_type', kind: 'enum', inc: ['linux/if_packet.h'], order: 'value', names: ['PACKET_MR_MULTICAST', 'PACKET_MR_PROMISC', 'PACKET_MR_ALLMULTI', 'PACKET_MR_UNICAST'] },
    {
      name: 'scmvals',
      kind: 'enum',
      inc: ['asm/socket.h'],
      // strace's scmvals.in: the control message types (SCM_* of asm-generic/socket.h and the
      // SO_* options whose number doubles as a cmsg type), in strace's order.
      // SCM_RIGHTS & co. are in the kernel's include/linux/socket.h.
      names: ['SCM_RIGHTS', 'SCM_CREDENTIALS', 'SCM_SECURITY', 'SO_WIFI_STATUS', 'SO_TXTIME', 'SO_TIMESTAMP_OLD', 'SO_TIMESTAMPNS_OLD', 'SO_TIMESTAMPING_OLD', 'SO_TIMESTAMP_NEW', 'SO_TIMESTAMPNS_NEW', 'SO_TIMESTAMPING_NEW', 'SCM_TIMESTAMPING_OPT_STATS', 'SCM_TIMESTAMPING_PKTINFO'],
      vals: pick(kSocket, ['SCM_RIGHTS', 'SCM_CREDENTIALS', 'SCM_SECURITY']),
    },
    {
      name: 'inet_protocols',
      kind: 'enum',
      inc: ['linux/in.h', 'linux/in6.h'],
      order: 'value',
      // IPPROTO_IP over its IPv6 alias IPPROTO_HOPOPTS. strace 6.1 has no name for IPPROTO_SMC.
      names: [...hdr('linux/in.h', /^IPPROTO_/, { omit: ['IPPROTO_MAX', 'IPPROTO_SMC'] }), ...hdr('linux/in6.h', /^IPPROTO_/)],
    },
    // The protocols: the NETLINK_* before MAX_LINKS (the later ones are socket options).
    { name: 'netlink_protocols', kind: 'enum', inc: ['linux/netlink.h'], names: hdr('linux/netlink.h', /^(NETLINK_[A-Z0-9_]+|MAX_LINKS)$/, { until: 'MAX_LINKS' }) },
    // ---- terminals
    { name: 'term_iflags', kind: 'flags', inc: ['asm/termbits.h'], names: ['IGNBRK', 'BRKINT', 'IGNPAR', 'PARMRK', 'INPCK', 'ISTRIP', 'INLCR', 'IGNCR', 'ICRNL', 'IUCLC', 'IXON', 'IXANY', 'IXOFF', 'IMAXBEL', 'IUTF8'], order: 'value' },
    { name: 'term_oflags', kind: 'flags', inc: ['asm/termbits.h'], names: ['OPOST', 'OLCUC', 'ONLCR', 'OCRNL', 'ONOCR', 'ONLRET', 'OFILL', 'OFDEL'], order: 'value' },
    // strace's order of the delay values (BS1 before BS0, XTABS before TAB3).
    { name: 'term_oflags_nldly', kind: 'enum', inc: ['asm/termbits.h'], names: ['NL0', 'NL1'] },
    { name: 'term_oflags_crdly', kind: 'enum', inc: ['asm/termbits.h'], names: ['CR0', 'CR1', 'CR2', 'CR3'] },
    { name: 'term_oflags_tabdly', kind: 'enum', inc: ['asm/termbits.h'], names: ['XTABS', 'TAB0', 'TAB1', 'TAB2', 'TAB3'] },
    { name: 'term_oflags_bsdly', kind: 'enum', inc: ['asm/termbits.h'], names: ['BS1', 'BS0'] },
    { name: 'term_oflags_vtdly', kind: 'enum', inc: ['asm/termbits.h'], names: ['VT0', 'VT1'] },
    { name: 'term_oflags_ffdly', kind: 'enum', inc: ['asm/termbits.h'], names: ['FF0', 'FF1'] },
    // strace 6.1 has no name for ADDRB.
    { name: 'term_cflags', kind: 'flags', inc: ['asm/termbits.h'], names: ['CSTOPB', 'CREAD', 'PARENB', 'PARODD', 'HUPCL', 'CLOCAL', 'CMSPAR', 'CRTSCTS'], order: 'value' },
    { name: 'term_cflags_csize', kind: 'enum', inc: ['asm/termbits.h'], names: ['CS5', 'CS6', 'CS7', 'CS8'] },
    // strace's term_lflags.in order (IEXTEN after NOFLSH, TOSTOP after PENDIN).
    { name: 'term_lflags', kind: 'flags', inc: ['asm/termbits.h'], names: ['ISIG', 'ICANON', 'XCASE', 'ECHO', 'ECHOE', 'ECHOK', 'ECHONL', 'NOFLSH', 'IEXTEN', 'ECHOCTL', 'ECHOPRT', 'ECHOKE', 'FLUSHO', 'PENDIN', 'TOSTOP', 'EXTPROC'] },
    // The baud rates, then the aliases strace lists last (EXTA = B19200, EXTB = B38400, BOTHER).
    { name: 'baud_options', kind: 'enum', inc: ['asm/termbits.h'], names: [...hdr('asm-generic/termbits-common.h', /^B\d+$/), ...hdr('asm-generic/termbits.h', /^B\d+$/), 'EXTA', 'EXTB', 'BOTHER'] },
    // strace 6.1 has no name for N_MCTP, N_DEVELOPMENT, N_CAN327.
    { name: 'term_line_discs', kind: 'enum', inc: ['linux/tty.h'], names: hdr('linux/tty.h', /^N_/, { omit: ['N_MCTP', 'N_DEVELOPMENT', 'N_CAN327'] }) },
    { name: 'termios_cc', kind: 'enum', inc: ['asm/termbits.h'], names: hdr('asm-generic/termbits.h', /^V[A-Z0-9]+$/, { omit: ['VTDLY', 'VT0', 'VT1'] }) },
    // strace's ioctl_dirs.in order.
    { name: 'ioctl_dirs', kind: 'flags', inc: ['asm/ioctl.h'], names: ['_IOC_NONE', '_IOC_READ', '_IOC_WRITE'] },
    {
      name: 'audit_arch',
      kind: 'enum',
      inc: ['linux/audit.h'],
      order: 'name',
      // The architectures, not the bit masks; strace 6.1 has no name for AUDIT_ARCH_PPCLE.
      names: hdr('linux/audit.h', /^AUDIT_ARCH_/, { omit: ['AUDIT_ARCH_64BIT', 'AUDIT_ARCH_LE', 'AUDIT_ARCH_CONVENTION_MASK', 'AUDIT_ARCH_CONVENTION_MIPS64_N32', 'AUDIT_ARCH_PPCLE'] }),
      // The v850 port (EM_V850 | __AUDIT_ARCH_LE) is gone from linux/audit.h; strace names it.
      extra: [['AUDIT_ARCH_V850', 0x40000057]],
    },
  ];
}

function buildXlatTables(opts) {
  const specs = xlatSpecs(opts);
  const groups = [];
  const slots = specs.map((s) => {
    const extra = new Set((s.extra ?? []).map(([n]) => n));
    const byInc = new Map();
    for (const n of [...s.names, ...(s.also ?? [])]) {
      const v = s.vals?.[n];
      if (typeof v === 'number' || extra.has(n)) continue;
      const inc = typeof v === 'string' ? [v] : s.inc;
      const key = inc.join(' ');
      if (!byInc.has(key)) byInc.set(key, { includes: inc, names: [] });
      byInc.get(key).names.push(`(${s.wide ? '__SIZE_TYPE__' : 'unsigned'})(${n})`); // strace's XLAT() casts to unsigned int
    }
    const first = groups.length;
    groups.push(...byInc.values());
    return [first, groups.length];
  });
  const values = cValuesMany(groups);
  return specs.map((s, i) => {
    const v = {};
    for (let g = slots[i][0]; g < slots[i][1]; g++) for (const [expr, val] of values[g]) v[/\((\w+)\)$/.exec(expr)[1]] = val;
    for (const [n, val] of Object.entries(s.vals ?? {})) if (typeof val === 'number') v[n] = val;
    for (const [n, val] of s.extra ?? []) v[n] = val;
    let entries = s.names.map((n) => [n, v[n]]);
    for (const [n, val] of s.extra ?? []) if (!s.names.includes(n)) entries.push([n, val]);
    if (s.derive) entries = s.derive(entries, v);
    for (const [n, val] of entries) if (val === undefined) fail(`xlat ${s.name}: no value for ${n}`);
    if (s.prefer) entries = [...entries.filter(([n]) => s.prefer.includes(n)), ...entries.filter(([n]) => !s.prefer.includes(n))];
    // One entry per value: strace prints the first (printxval) or consumes the bits with it (printflags).
    const seen = new Set();
    entries = entries.filter(([, val]) => !seen.has(val) && seen.add(val));
    if (s.order === 'value') entries.sort((a, b) => a[1] - b[1]);
    if (s.order === 'name') entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (s.zeroFirst) entries = [...entries.filter(([, val]) => val === 0), ...entries.filter(([, val]) => val !== 0)];
    const at = (list) => list.map((n) => entries.find((e) => e[0] === n)).filter(Boolean);
    if (s.first) entries = [...at(s.first), ...entries.filter(([n]) => !s.first.includes(n))];
    if (s.last) entries = [...entries.filter(([n]) => !s.last.includes(n)), ...at(s.last)];
    return { ...s, entries, sources: (s.inc ?? []).map(includePath) };
  });
}

function renderXlatTables(tables, opts) {
  const sources = [...new Set(tables.flatMap((t) => t.sources))].sort();
  sources.push(path.join(opts.kernelHeaders, 'include/linux/{socket,statfs}.h'), path.join(opts.kernelHeaders, 'include/net/bluetooth/bluetooth.h'));
  let out =
    header(sources) +
    `//\n` +
    `// The constant tables strace 6.1 prints names from (its src/xlat/*.in), under strace's\n` +
    `// table names, as [value, name] pairs in strace's order, for x86_64; one entry per value\n` +
    `// (the one strace prints). (flags) tables are walked in order by printflags: each entry\n` +
    `// whose bits are all set is printed and its bits cleared, so composite masks come first.\n` +
    `// (enum) tables map one value to one name (printxval). The rules that are strace's own\n` +
    `// choices (order, omitted or extra names) are listed in gen-tables.mjs.\n\n` +
    `export type XlatData = readonly (readonly [value: number, name: string])[];\n`;
  for (const t of tables) {
    out += `\n/** (${t.kind}) */\nexport const ${t.name}: XlatData = [`;
    const items = t.entries.map(([n, v]) => `[${hex(v)}, ${q(n)}]`);
    out += items.length ? `\n${items.map((x) => `  ${x},`).join('\n')}\n];\n` : `];\n`;
  }
  out += `\n/** Whether each table is printed as a bit set (printflags) or a single value (printxval). */\nexport const xlatKinds = {\n`;
  for (const t of tables) out += `  ${t.name}: ${q(t.kind)},\n`;
  out += `} as const;\n`;
  return out;
}

// ---------------------------------------------------------------------------------------
// ioctl request names
// ---------------------------------------------------------------------------------------
//
// The request names strace 6.1 prints, built the way strace builds its ioctlent table
// (maint/ioctls_gen.sh): every macro of the uapi headers whose definition is an _IO(),
// _IOR(), _IOW(), _IOWR() (or a macro wrapping them, like _SIO or DRM_IOWR), evaluated by
// the C compiler for x86_64; plus, for the older interfaces that use plain numbers, the
// 0xTTNN defines with the type byte TT of IOCTL_HEX_HEADERS. Sorted by code, then by name:
// when several names share a code strace prints them all, joined by " or ", in that order
// (SNDCTL_TMR_START or TCSETS: linux/soundcard.h's _SIO('T', 2) is asm-generic/ioctls.h's
// 0x5402).

const IOCTL_DIRS = ['linux', 'asm-generic', 'sound', 'mtd', 'rdma', 'misc', 'scsi', 'video', 'xen'];
// Plain-number requests: [type byte, headers] (strace's maint/ioctls_hex.sh). scsi/sg.h and
// scsi/scsi_ioctl.h are the kernel's own headers (not uapi), read from the headers package.
const IOCTL_HEX_HEADERS = [
  ['03', ['linux/hdreg.h']],
  ['22', ['@kernel/include/scsi/sg.h']],
  ['46', ['linux/fb.h']],
  ['4[bB]', ['linux/kd.h']],
  ['4[cC]', ['linux/loop.h']],
  ['53', ['linux/cdrom.h', '@kernel/include/scsi/scsi.h', '@kernel/include/scsi/scsi_ioctl.h']],
  ['54', ['asm-generic/ioctls.h']],
  ['56', ['linux/vt.h']],
  ['89', ['asm-generic/sockios.h', 'linux/sockios.h']],
  ['8[bB]', ['linux/wireless.h']],
];

/** `#define`s of a header with continuation lines joined: { name, fn (function-like), body }. */
function macroDefs(file) {
  const src = stripComments(read(file)).replace(/\\\n/g, ' ');
  const out = [];
  for (const m of src.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)(\()?([^\n]*)$/gm)) out.push({ name: m[1], fn: Boolean(m[2]), body: m[3].trim() });
  // Enum members too (linux/android/binder.h: BC_ACQUIRE = _IOW('c', 5, __u32),).
  for (const m of src.matchAll(/^[ \t]*([A-Z]\w*)[ \t]*=[ \t]*(_IO\w*[ \t]*\([^\n]*\))[ \t]*,?[ \t]*$/gm)) out.push({ name: m[1], fn: false, body: m[2] });
  return out;
}

function ioctlHeaders(opts) {
  const list = [];
  const walk = (root, dir, prefix) => {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) return;
    for (const e of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(root, path.join(dir, e.name), prefix);
      else if (e.name.endsWith('.h')) list.push({ file: path.join(abs, e.name), inc: path.join(prefix ?? dir, e.name).replace(/^asm-x86\//, 'asm/') });
    }
  };
  for (const d of IOCTL_DIRS) walk(INC, d);
  walk(X86_INC, 'asm');
  // linux-libc-dev leaves the DRM headers to libdrm: they come from the kernel tree.
  walk(path.join(opts.kernelHeaders, 'include/uapi'), 'drm');
  return list;
}

function buildIoctls(opts) {
  const headers = ioctlHeaders(opts);
  const defs = headers.map((h) => macroDefs(h.file));
  // Macros that expand to an _IOC() encoding, to a fixpoint (_IOR -> DRM_IOR -> ...).
  // Macros that expand to a request encoding, to a fixpoint (_IOWR -> DRM_IOWR, AMDKFD_IOWR...).
  const wrappers = new Set(['_IOC', '_IO', '_IOR', '_IOW', '_IOWR', '_IOR_BAD', '_IOW_BAD', '_IOWR_BAD']);
  const uses = (body) => [...body.matchAll(/\b(\w+)\s*\(/g)].some((m) => wrappers.has(m[1]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of defs.flat()) {
      if (wrappers.has(d.name) || IOCTL_NOT_WRAPPERS.includes(d.name)) continue;
      if ((d.fn && uses(d.body)) || (!d.fn && wrappers.has(d.body))) changed = Boolean(wrappers.add(d.name));
    }
  }
  const units = [];
  headers.forEach((h, i) => {
    if (IOCTL_SKIP_HEADERS.includes(h.inc)) return;
    const names = [...new Set(defs[i].filter((d) => !d.fn && !wrappers.has(d.name) && uses(d.body) && /^[A-Z]/.test(d.name) && !IOCTL_OMIT.includes(d.name)).map((d) => d.name))]
      .filter((n) => !(IOCTL_OTHER_ARCH[h.inc] ?? /^$/).test(n));
    if (names.length) units.push({ header: h, names });
  });
  const entries = new Map(); // "code name" -> [code, name]
  const add = (code, name) => entries.set(`${code} ${name}`, [code, name]);
  const { values, failed } = compileIoctlUnits(units, ['-idirafter', path.join(opts.kernelHeaders, 'include/uapi')]);
  for (const [name, code] of values) add(code, name);
  for (const [type, files] of IOCTL_HEX_HEADERS) {
    for (const f of files) {
      const file = f.startsWith('@kernel/') ? path.join(opts.kernelHeaders, f.slice(8)) : path.join(INC, f);
      for (const d of macroDefs(file)) {
        if (!d.fn && new RegExp(`^0x${type}[0-9a-fA-F]{2}$`).test(d.body) && /^[A-Z][A-Z0-9_]*$/.test(d.name)) add(parseInt(d.body, 16), d.name);
      }
    }
  }
  // The generic name of a request that the header also defines with explicit sizes
  // (PPPIOCGIDLE vs PPPIOCGIDLE32/64, DMA_BUF_SET_NAME vs _A/_B): strace lists the sized ones.
  // And the v4l2-subdev.h names of videodev2.h requests (VIDIOC_SUBDEV_G_STD = VIDIOC_G_STD).
  const codeOf = new Map([...entries.values()].map(([c, n]) => [n, c]));
  for (const [k, [code, name]] of entries) {
    const sized = ['32', '64', '_A', '_B'].some((s) => codeOf.get(name + s) === code);
    const subdev = name.startsWith('VIDIOC_SUBDEV_') && codeOf.get(name.replace('VIDIOC_SUBDEV_', 'VIDIOC_')) === code;
    if (sized || subdev) entries.delete(k);
  }
  const list = [...entries.values()].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return { list, failed };
}

/**
 * Values of the request macros, one translation unit per header, all compiled by one cc run.
 * A request the compiler rejects (arch-specific, or using a type the header does not
 * define) is dropped; a header that does not compile alone is retried after IOCTL_PRELUDE.
 */
function compileIoctlUnits(units, flags) {
  const dir = tmp();
  const state = units.map((u, i) => ({ ...u, i, pre: 0, names: [...u.names], obj: '' }));
  const cflags = ['-std=gnu11', '-Werror=implicit-function-declaration', '-ftrack-macro-expansion=0', '-D__user=', '-D__force=', '-D__iomem=', ...flags];
  const write = (u) => {
    const pre = IOCTL_PRELUDES[u.pre] + (IOCTL_NEEDS[u.header.inc] ?? []).map((h) => (h.includes(' ') ? `${h}\n` : `#include <${h}>\n`)).join('');
    u.first = pre.split('\n').length + 3; // line of the first printf
    const src = `${pre}#include <${u.header.inc}>\n#include <stdio.h>\nvoid ioctl_unit${u.i}(void) {\n` + u.names.map((n) => `printf("%s %u\\n", "${n}", (unsigned)(${n}));`).join('\n') + `\n}\n`;
    u.file = path.join(dir, `ioctl${u.i}.c`);
    u.obj = path.join(dir, `ioctl${u.i}.o`);
    fs.writeFileSync(u.file, src);
    fs.rmSync(u.obj, { force: true });
    return u.file;
  };
  const cc = (files) => {
    const r = spawnSync('cc', ['-c', ...cflags, ...files], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.error) fail(`cannot run cc: ${r.error.message}`);
    return r.stderr;
  };
  // All headers in one cc run; the few that fail are then fixed one at a time: errors inside
  // the header mean it needs a prelude, errors on a request's own line drop that request.
  cc(state.map(write));
  for (const u of state) {
    while (!fs.existsSync(u.obj)) {
      const errs = [...cc([write(u)]).matchAll(/^(\S+?):(\d+):\d+: (?:fatal )?error: (.*)$/gm)];
      const own = errs.filter((m) => m[1].endsWith(`ioctl${u.i}.c`) && Number(m[2]) >= u.first && Number(m[2]) < u.first + u.names.length);
      const bad = new Set(own.map((m) => u.names[Number(m[2]) - u.first]));
      // (_IO() & co. undeclared: the header relies on its includer for <linux/ioctl.h>.)
      const missing = errs.some((m) => /implicit declaration/.test(m[3]));
      if (errs.length === 0) break;
      if (missing || own.length < errs.length || bad.size === u.names.length) {
        if (++u.pre >= IOCTL_PRELUDES.length) break;
      } else u.names = u.names.filter((n) => !bad.has(n));
    }
    if (!fs.existsSync(u.obj)) u.obj = '';
  }
  const ok = state.filter((u) => u.obj);
  const main = path.join(dir, 'ioctl-main.c');
  fs.writeFileSync(main, ok.map((u) => `void ioctl_unit${u.i}(void);\n`).join('') + `int main(void) {\n${ok.map((u) => `  ioctl_unit${u.i}();\n`).join('')}  return 0;\n}\n`);
  const exe = path.join(dir, 'ioctl-main');
  const r = spawnSync('cc', ['-o', exe, main, ...ok.map((u) => u.obj)], { encoding: 'utf8' });
  if (r.status !== 0) fail(`cannot link the ioctl probe: ${r.stderr}`);
  const out = execFileSync(exe, [], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const values = out.trim().split('\n').filter(Boolean).map((l) => [l.split(' ')[0], Number(l.split(' ')[1])]);
  return { values, failed: state.filter((u) => !u.obj).map((u) => u.header.inc) };
}

// strace 6.1 lists none of the OSS mixer requests made with MIXER_READ() / MIXER_WRITE().
const IOCTL_NOT_WRAPPERS = ['MIXER_READ', 'MIXER_WRITE'];
// What some headers need before them (their own includes are incomplete); text with a space
// is C source (the Xen types come from headers that are not exported).
const IOCTL_NEEDS = {
  'asm-generic/ioctls.h': ['asm/termbits.h', 'linux/serial.h'],
  'linux/fs.h': ['linux/fiemap.h', 'linux/blktrace_api.h'],
  'linux/atm_eni.h': ['linux/atmdev.h'],
  'linux/atm_he.h': ['linux/atmdev.h'],
  'linux/atm_nicstar.h': ['linux/atmdev.h'],
  'linux/atm_zatm.h': ['linux/atmdev.h'],
  'linux/sonet.h': ['linux/atmioc.h'],
  'linux/ivtvfb.h': ['linux/videodev2.h'],
  'linux/meye.h': ['linux/videodev2.h'],
  'linux/raid/md_u.h': ['linux/major.h'],
  'linux/ppp-ioctl.h': ['linux/filter.h'],
  'misc/xilinx_sdfec.h': ['stdbool.h'],
  'linux/auto_fs.h': ['typedef unsigned int compat_ulong_t;'],
  'xen/evtchn.h': ['typedef unsigned short domid_t;'],
  'xen/gntdev.h': ['typedef unsigned short domid_t;', 'typedef unsigned int grant_ref_t;'],
};
// strace 6.1's own choices: the requests of other architectures in linux/kvm.h, a header it
// does not scan, and requests newer than strace 6.1.
const IOCTL_OTHER_ARCH = { 'linux/kvm.h': /^KVM_(S390|PPC|ARM)_/ };
const IOCTL_SKIP_HEADERS = ['xen/gntalloc.h'];
const IOCTL_OMIT = ['SNDRV_SEQ_IOCTL_USER_PVERSION'];

// Headers that do not include what they use are retried with the usual user-space
// prerequisites (without, then with the libc time types, which some uapi headers redefine).
const IOCTL_PRELUDES = [
  [],
  ['stddef.h', 'stdint.h', 'sys/types.h', 'sys/socket.h', 'linux/types.h', 'linux/ioctl.h'],
  ['stddef.h', 'stdint.h', 'sys/types.h', 'sys/time.h', 'time.h', 'sys/socket.h', 'linux/types.h', 'linux/ioctl.h'],
].map((l) => (l.length ? '#define _GNU_SOURCE 1\n' : '') + l.map((h) => `#include <${h}>\n`).join(''));

function renderIoctlTable({ list, failed }, opts) {
  const sources = [`${INC}/{${IOCTL_DIRS.join(',')}}/**/*.h`, `${X86_INC}/asm/*.h`, path.join(opts.kernelHeaders, 'include/uapi/drm/*.h'), path.join(opts.kernelHeaders, 'include/scsi/{sg,scsi,scsi_ioctl}.h')];
  return (
    header(sources) +
    `//\n` +
    `// The ioctl request names strace 6.1 prints on x86_64: every request macro of the uapi\n` +
    `// headers (_IO/_IOR/_IOW/_IOWR and the macros wrapping them) and the plain-number requests\n` +
    `// of the older interfaces (asm-generic/ioctls.h, sockios.h, ...), sorted by code, then by\n` +
    `// name. Several names can share a code: strace prints them all, in this order, joined by\n` +
    `// " or " (SNDCTL_TMR_START or TCSETS). Codes with no name print as _IOC(dir, type, nr, size).\n` +
    `// Not compilable here, so not included: ${failed.length ? failed.join(', ') : 'none'}.\n\n` +
    `export const ioctlNames: readonly (readonly [code: number, name: string])[] = [\n` +
    list.map(([c, n]) => `  [0x${c.toString(16).padStart(8, '0')}, ${q(n)}],`).join('\n') +
    `\n];\n`
  );
}

// ---- --check-strace for the xlat and ioctl tables --------------------------------------
//
// Each table is exercised through a syscall strace decodes with it: an argument (V is the
// value under test), a field of a struct the probe passes in, or a struct strace reads back
// at exit (`inject`: strace fakes the return value, the syscall does not run, and strace
// decodes what the probe left in the buffer). Every entry is tried, and for flag sets also
// the OR of all entries and the OR of the single bits.

const PROBE_HELPERS = `
static unsigned char buf[4096] __attribute__((aligned(16)));
static void clear(void) { volatile unsigned char *p = buf; for (int i = 0; i < (int)sizeof buf; i++) p[i] = 0; }
#define AT(type, off) (*(type *)(buf + (off)))
#define B ((long)buf)
`;

// Probe argument helpers: V is the value under test (a C integer literal).
const struct = {
  // struct sigaction as the kernel takes it on x86_64 (handler, flags, restorer, mask).
  sigaction: (v) => `{ static unsigned long a[4]; a[0] = 0; a[1] = ${v}; a[2] = 0; a[3] = 0; sc(13, 10, (long)a, 0, 8, 0, 0); }`,
  pollfd: (v) => `{ static struct { int fd; short events, revents; } p; p.fd = 0; p.events = ${v}; sc(7, (long)&p, 1, 0, 0, 0, 0); }`,
  epoll: (v) => `{ static struct __attribute__((packed)) { unsigned events; unsigned long long data; } e; e.events = ${v}; sc(233, 0, 1, 0, (long)&e, 0, 0); }`,
};
const call = (nr, ...args) => (v) => `sc(${nr}, ${[...args, 0, 0, 0, 0, 0, 0].slice(0, 6).map((a) => String(a).replace(/\bV\b/g, v)).join(', ')});`;
const siginfoCall = (signo, extra = '') => (v) => `clear(); AT(int, 0) = ${signo}; AT(int, 8) = (int)(${v}); ${extra} sc(129, 38, ${signo}, B, 0, 0, 0);`;
const termiosCall = (off) => (v) => `clear(); AT(unsigned, ${off}) = (unsigned)(${v}); sc(16, 0, 0x5402, B, 0, 0, 0);`;
const sockopt = (level) => ({ call: (v) => `sc(54, 0, ${level}, ${v}, 0, 0, 0);`, arg: 2 });
const getsockopt = (level) => ({ call: (v) => `sc(55, 0, ${level}, ${v}, 0, 0, 0);`, arg: 2 });
// The level each sock_*_options table names the options of (AF_VSOCK is vsock's level).
const SOCKOPT_LEVEL_NUMBERS = {
  sock_udp_options: 17, sock_sctp_options: 132, sock_raw_options: 255, sock_ipx_options: 256, sock_ax25_options: 257, sock_packet_options: 263,
  sock_irda_options: 266, sock_llc_options: 268, sock_dccp_options: 269, sock_netlink_options: 270, sock_tipc_options: 271, sock_rxrpc_options: 272,
  sock_pppol2tp_options: 273, sock_bluetooth_options: 274, sock_pnp_options: 275, sock_rds_options: 276, sock_iucv_options: 277, sock_caif_options: 278,
  sock_alg_options: 279, sock_nfcllcp_options: 280, sock_kcm_options: 281, sock_tls_options: 282, sock_xdp_options: 283, sock_can_raw_options: 101,
  sock_vsock_options: 40,
};
const mask = (t) => t.entries.reduce((m, [, v]) => m | v, 0);

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

/** How --check-strace makes strace print each xlat table. */
function xlatProbes(byName) {
  const name = (t, v) => byName[t].entries.find(([, x]) => x === v)?.[0] ?? null;
  const oflag = (v) => {
    let out = '';
    let rest = v;
    for (const t of ['term_oflags_nldly', 'term_oflags_crdly', 'term_oflags_tabdly', 'term_oflags_bsdly', 'term_oflags_vtdly', 'term_oflags_ffdly']) {
      const m = mask(byName[t]);
      out += `${name(t, rest & m)}|`;
      rest = (rest & ~m) >>> 0;
    }
    return out + (rest ? xlatText(byName.term_oflags, rest) : '');
  };
  const cflag = (v) => {
    const cbaud = mask(byName.baud_options) & 0xffff;
    const csize = mask(byName.term_cflags_csize);
    const rest = (v & ~(cbaud | csize)) >>> 0;
    return `${name('baud_options', v & cbaud)}|${name('term_cflags_csize', v & csize)}|${rest ? xlatText(byName.term_cflags, rest) : ''}`;
  };
  const IOC_DIR = { type: 0xe7, nr: 0xf3 };
  return {
    access_modes: { call: call(269, -100, 0, 'V'), arg: 2 },
    open_access_modes: { call: call(257, -100, 0, 'V'), arg: 2 },
    open_mode_flags: { call: call(257, -100, 0, 'V'), arg: 2, expect: (t) => (t === '0' ? 'O_RDONLY' : `O_RDONLY|${t}`) },
    at_flags: { call: call(263, -100, 0, 'V'), arg: 2 },
    faccessat_flags: { call: call(439, -100, 0, 0, 'V'), arg: 3 },
    at_statx_sync_types: { call: call(332, -100, 0, 'V', 0, 0), arg: 2 },
    fcntlcmds: { call: call(72, 0, 'V', 0), arg: 1 },
    fdflags: { call: call(72, 0, 2, 'V'), arg: 2 },
    lockfcmds: { call: (v) => `clear(); AT(short, 0) = (short)(${v}); sc(72, 0, 6, B, 0, 0, 0);`, field: 'l_type' },
    f_owner_types: { call: (v) => `clear(); AT(int, 0) = (int)(${v}); sc(72, 0, 15, B, 0, 0, 0);`, field: 'type' },
    f_seals: { call: call(72, 0, 1033, 'V'), arg: 2 },
    notifyflags: { call: call(72, 0, 1026, 'V'), arg: 2 },
    flockcmds: { call: call(73, 0, 'V'), arg: 1 },
    falloc_flags: { call: call(285, 0, 'V', 0, 0), arg: 1 },
    whence_codes: { call: call(8, 0, 0, 'V'), arg: 2 },
    rename_flags: { call: call(316, -100, 0, -100, 0, 'V'), arg: 4 },
    rwf_flags: { call: call(328, 0, 0, 0, 0, 0, 'V'), arg: 4 },
    xattrflags: { call: call(188, 0, 0, 0, 0, 'V'), arg: 4 },
    splice_flags: { call: call(276, 0, 1, 0, 'V'), arg: 3 },
    close_range_flags: { call: call(436, 0, 0, 'V'), arg: 2 },
    dirent_types: {
      call: (v) => `clear(); AT(unsigned short, 16) = 24; AT(unsigned char, 18) = (unsigned char)(${v}); AT(char, 19) = 'x'; sc(217, 0, B, 24, 0, 0, 0);`,
      inject: 'getdents64:retval=24',
      flags: ['-v'],
      field: 'd_type',
    },
    modetypes: { call: call(259, -100, 0, 'V | 0600', 0), arg: 2, expect: (t) => `${t}|0600` },
    statx_masks: { call: call(332, -100, 0, 0, 'V', 0), arg: 3 },
    statx_attrs: { call: (v) => `clear(); AT(unsigned long long, 8) = ${v}; sc(332, -100, 0, 0, 0, B, 0);`, inject: 'statx:retval=0', field: 'stx_attributes' },
    statfs_flags: { call: (v) => `clear(); AT(long, 80) = (long)(${v}) | 0x20; sc(138, 0, B, 0, 0, 0, 0);`, inject: 'fstatfs:retval=0', field: 'f_flags', map: (v) => v | 0x20 },
    fsmagic: { call: (v) => `clear(); AT(long, 0) = (long)(unsigned)(${v}); sc(138, 0, B, 0, 0, 0, 0);`, inject: 'fstatfs:retval=0', field: 'f_type' },
    advise: { call: call(221, 0, 0, 0, 'V'), arg: 3 },
    mmap_prot: { call: call(10, 0, 0, 'V'), arg: 2 },
    mmap_flags: {
      call: call(9, 0, 0, 0, 'V', -1, 0),
      arg: 3,
      only: (v) => v < 2 ** 26, // bits 26.. are printed as N<<MAP_HUGE_SHIFT
      expect: (_, v) => {
        const type = name('mmap_flags', v & 0xf) ?? `0x${(v & 0xf).toString(16)} /* MAP_??? */`;
        const rest = v & ~0xf;
        return rest ? `${type}|${xlatText(byName.mmap_flags, rest)}` : type;
      },
    },
    mremap_flags: { call: call(25, 0, 0, 0, 'V', 0), arg: 3 },
    madvise_cmds: { call: call(28, 0, 0, 'V'), arg: 2 },
    mctl_sync: { call: call(26, 0, 0, 'V'), arg: 2 },
    mlockall_flags: { call: call(151, 'V'), arg: 0 },
    memfd_create_flags: { call: call(319, 0, 'V'), arg: 1 },
    pkey_access: { call: call(330, 0, 'V'), arg: 1 },
    clone_flags: { call: call(56, 'V', 0, 0, 0, 0), field: 'flags', only: (v) => v < 2 ** 32 },
    clone3_flags: { call: (v) => `clear(); AT(unsigned long long, 0) = ${v}; sc(435, B, 88, 0, 0, 0, 0);`, field: 'flags' },
    sigact_flags: { call: struct.sigaction, field: 'sa_flags' },
    sigaltstack_flags: { call: (v) => `clear(); AT(int, 8) = (int)(${v}); AT(long, 16) = 8192; sc(131, B, 0, 0, 0, 0, 0);`, field: 'ss_flags' },
    sigprocmaskcmds: { call: call(14, 'V', 0, 0, 8), arg: 0 },
    siginfo_codes: { call: siginfoCall(10), field: 'si_code' },
    sigill_codes: { call: siginfoCall(4), field: 'si_code' },
    sigfpe_codes: { call: siginfoCall(8), field: 'si_code' },
    sigsegv_codes: { call: siginfoCall(11), field: 'si_code' },
    sigbus_codes: { call: siginfoCall(7), field: 'si_code' },
    sigtrap_codes: { call: siginfoCall(5), field: 'si_code' },
    sigchld_codes: { call: siginfoCall(17), field: 'si_code' },
    sigpoll_codes: { call: siginfoCall(29), field: 'si_code' },
    sigsys_codes: { call: siginfoCall(31), field: 'si_code' },
    audit_arch: { call: (v) => siginfoCall(31, `AT(int, 8) = 1; AT(unsigned, 28) = (unsigned)(${v});`)(0), field: 'si_arch' },
    wait4_options: { call: call(61, -1, 0, 'V', 0), arg: 2 },
    waitid_types: { call: call(247, 'V', 0, 0, 4, 0), arg: 0 },
    ptrace_events: {
      call: (v) => `clear(); AT(int, 0) = 0x57f | ((int)(${v}) << 16); sc(61, -1, B, 0, 0, 0, 0);`,
      inject: 'wait4:retval=42',
      re: /\|(\w+)<<16/,
    },
    resources: { call: call(302, 0, 'V', 0, 0), arg: 1 },
    usagewho: { call: call(98, 'V', 0), arg: 0 },
    schedulers: { call: call(146, 'V'), arg: 0 },
    prctl_options: { call: call(157, 'V', 0, 0, 0, 0), arg: 0 },
    archvals: { call: call(158, 'V', 0), arg: 0 },
    cap: { call: call(157, 23, 'V'), arg: 1 },
    cap_version: { call: (v) => `clear(); AT(unsigned, 0) = (unsigned)(${v}); sc(126, B, B + 64, 0, 0, 0, 0);`, field: 'version' },
    cap_mask0: { call: (v) => `clear(); AT(unsigned, 0) = 0x20080522; AT(unsigned, 64) = (unsigned)(${v}); sc(126, B, B + 64, 0, 0, 0, 0);`, field: 'effective' },
    cap_mask1: { call: (v) => `clear(); AT(unsigned, 0) = 0x20080522; AT(unsigned, 76) = (unsigned)(${v}); sc(126, B, B + 64, 0, 0, 0, 0);`, field: 'effective' },
    futexops: { call: call(202, 0, 'V', 0, 0, 0, 0), arg: 1 },
    futexwakeops: { call: (v) => `sc(202, B, 5, 1, 1, B + 8, (long)((unsigned)(${v}) << 28));`, re: /(\w+)<<28/ },
    futexwakecmps: { call: (v) => `sc(202, B, 5, 1, 1, B + 8, (long)((unsigned)(${v}) << 24));`, re: /\|(\w+)<<24/ },
    futexbitset: { call: call(202, 0, 9, 0, 0, 0, 'V'), arg: 4 },
    pollflags: { call: struct.pollfd, field: 'events' },
    epollctls: { call: call(233, 0, 'V', 1, 0), arg: 1 },
    epollevents: { call: struct.epoll, field: 'events' },
    epollflags: { call: call(291, 'V'), arg: 0 },
    efd_flags: { call: call(290, 0, 'V'), arg: 1 },
    sfd_flags: { call: call(289, -1, 0, 8, 'V'), arg: 3 },
    timerfdflags: { call: call(283, 1, 'V'), arg: 1 },
    inotify_flags: { call: call(254, 0, 0, 'V'), arg: 2 },
    inotify_init_flags: { call: call(294, 'V'), arg: 0 },
    pidfd_open_flags: { call: call(434, 0, 'V'), arg: 1 },
    getrandom_flags: { call: call(318, 0, 0, 'V'), arg: 2 },
    clocknames: { call: call(228, 'V', 0), arg: 0 },
    clockflags: { call: call(230, 0, 'V', 0, 0), arg: 1 },
    itimer_which: { call: call(36, 'V', 0), arg: 0 },
    addrfams: { call: call(41, 'V', 1, 0), arg: 0 },
    socktypes: { call: call(41, 2, 'V', 0), arg: 1 },
    sock_type_flags: { call: (v) => call(41, 2, `1 | ${v}`, 0)(v), arg: 1, expect: (t) => (t === '0' ? 'SOCK_STREAM' : `SOCK_STREAM|${t}`) },
    shutdown_modes: { call: call(48, 0, 'V'), arg: 1 },
    msg_flags: { call: call(44, 0, 0, 0, 'V', 0, 0), arg: 3 },
    socketlayers: { call: call(54, 0, 'V', 0, 0, 0), arg: 1 },
    sock_options: sockopt(1),
    sock_ip_options: sockopt(0),
    sock_ipv6_options: sockopt(41),
    sock_tcp_options: sockopt(6),
    ...Object.fromEntries(Object.entries(SOCKOPT_LEVEL_NUMBERS).map(([t, level]) => [t, sockopt(level)])),
    getsock_options: getsockopt(1),
    setsock_options: sockopt(1),
    getsock_ip_options: getsockopt(0),
    setsock_ip_options: sockopt(0),
    getsock_ipv6_options: getsockopt(41),
    setsock_ipv6_options: sockopt(41),
    // setsockopt(0, SOL_RAW, ICMP_FILTER, {1 << V}, 4) prints "[V]".
    icmpfilterflags: { call: (v) => `clear(); AT(unsigned, 0) = 1U << (${v}); sc(54, 0, 255, 1, B, 4, 0);`, re: /, \[(.*)\], 4\)/ },
    packet_mreq_type: { call: (v) => `clear(); AT(unsigned short, 4) = (unsigned short)(${v}); sc(54, 0, 263, 1, B, 16, 0);`, field: 'mr_type' },
    scmvals: {
      // msghdr at 0 (msg_control = buf + 128, msg_controllen = 24), cmsghdr at 128.
      call: (v) => `clear(); AT(long, 32) = B + 128; AT(long, 40) = 24; AT(long, 128) = 24; AT(int, 136) = 1; AT(int, 140) = (int)(${v}); sc(46, 0, B, 0, 0, 0, 0);`,
      field: 'cmsg_type',
    },
    inet_protocols: { call: call(41, 2, 3, 'V'), arg: 2 },
    netlink_protocols: { call: call(41, 16, 3, 'V'), arg: 2 },
    term_iflags: { call: termiosCall(0), field: 'c_iflag' },
    term_oflags: { call: termiosCall(4), field: 'c_oflag', expect: (_, v) => oflag(v) },
    ...Object.fromEntries(['nldly', 'crdly', 'tabdly', 'bsdly', 'vtdly', 'ffdly'].map((d) => [`term_oflags_${d}`, { call: termiosCall(4), field: 'c_oflag', expect: (_, v) => oflag(v) }])),
    term_cflags: { call: termiosCall(8), field: 'c_cflag', expect: (_, v) => cflag(v) },
    term_cflags_csize: { call: termiosCall(8), field: 'c_cflag', expect: (_, v) => cflag(v) },
    baud_options: { call: termiosCall(8), field: 'c_cflag', expect: (_, v) => cflag(v), only: (v) => (v & 0xffff) === v },
    term_lflags: { call: termiosCall(12), field: 'c_lflag' },
    term_line_discs: { call: (v) => `clear(); AT(unsigned char, 16) = (unsigned char)(${v}); sc(16, 0, 0x5402, B, 0, 0, 0);`, field: 'c_line', flags: ['-v'] },
    termios_cc: {
      // One call: strace labels each of the 19 c_cc slots by name where it has one.
      call: () => `clear(); sc(16, 0, 0x5402, B, 0, 0, 0);`,
      flags: ['-v'],
      once: true,
      re: /c_cc=\[(.*?)\]\}/,
      got: (t) => [...t.matchAll(/\[(\w+)\]=/g)].map((m) => m[1]).join(' '),
      want: () => Array.from({ length: 19 }, (_, k) => name('termios_cc', k) ?? String(k)).join(' '),
    },
    ioctl_dirs: {
      call: (v) => `sc(16, 0, (long)(((unsigned)(${v}) << 30) | ${(IOC_DIR.type << 8) | IOC_DIR.nr}), 0, 0, 0, 0);`,
      re: /_IOC\(([^,]+),/,
    },
  };
}

/** printflags / printxval text of v with a generated table (for tables with a 0 entry, 0 prints it). */
function xlatText(t, v) {
  if (t.kind === 'enum') return t.entries.find(([, x]) => x === v)?.[0] ?? null;
  let rem = BigInt(v);
  const zero = t.entries.find(([, x]) => x === 0);
  if (rem === 0n) return zero ? zero[0] : '0';
  const parts = [];
  for (const [n, x] of t.entries) {
    const b = BigInt(x);
    if (b !== 0n && (rem & b) === b) {
      parts.push(n);
      rem &= ~b;
    }
  }
  if (rem !== 0n) parts.push(`0x${rem.toString(16)}`);
  return parts.join('|');
}

function checkXlatTables(xlat) {
  const problems = [];
  const byName = Object.fromEntries(xlat.map((t) => [t.name, t]));
  const probes = xlatProbes(byName);
  for (const t of xlat) {
    const p = probes[t.name];
    if (!p) {
      if (t.entries.length) problems.push(`${t.name}: no --check-strace probe`);
      continue;
    }
    let cases = t.entries.map(([, v]) => v).filter((v) => !p.only || p.only(v));
    if (p.once) cases = [0];
    else if (t.kind === 'flags') {
      let all = 0n;
      let atoms = 0n;
      for (const v of cases) {
        const b = BigInt(v);
        all |= b;
        if (!cases.some((w) => w !== v && w !== 0 && (BigInt(w) & b) === BigInt(w))) atoms |= b;
      }
      cases.push(Number(all));
      if (atoms !== all) cases.push(Number(atoms));
    }
    const lit = (v) => (t.wide ? `${v}ULL` : `${v}UL`);
    const body = cases.map((v) => `  ${p.call(lit(v))}`).join('\n');
    const exe = buildProbe(`  lockdown(0);\n  sc(39, 0, 0, 0, 0, 0, 0);\n${body}`, PROBE_HELPERS);
    const args = [...(p.flags ?? []), ...(p.inject ? ['-e', `inject=${p.inject}`] : [])];
    const lines = strace(args, exe);
    const mine = lines.slice(lines.findIndex((l) => l.startsWith('getpid(')) + 1);
    cases.forEach((v, i) => {
      const line = mine[i] ?? '';
      let got;
      if (p.re) got = p.re.exec(line)?.[1];
      else if (p.field) got = new RegExp(`\\b${p.field}=([^,})]*)`).exec(line)?.[1];
      else got = splitArgs(line)[p.arg];
      if (p.got && got !== undefined) got = p.got(got);
      const value = p.map ? p.map(v) : v;
      let want = p.want ? p.want() : xlatText(t, value);
      if (p.expect) want = p.expect(want, value);
      if (got !== want) problems.push(`${t.name} ${hex(v)}: strace prints "${got}", table gives "${want}"   [${line}]`);
    });
  }
  return problems;
}

// Names strace 6.1 prints that no header of the headers packages defines for user space:
// they come from kernel-internal or out-of-tree headers (linux/vmw_vmci_defs.h,
// xen/xenbus_dev.h, media/i2c/saa6588.h); the codes print with the other name only here.
const IOCTL_STRACE_ONLY = {
  0x7b9: 'IOCTL_VMCI_SOCKETS_GET_LOCAL_CID',
  0x4200: 'IOCTL_XENBUS_BACKEND_EVTCHN',
  0x40045202: 'SAA6588_CMD_CLOSE',
};

/**
 * Every code of the ioctl table through ioctl(0, code, 0): the request text strace prints.
 * For some types strace first prints a decoded form of the number (MIXER_READ(1),
 * HIDIOCGRAWNAME(260): its ioctl_decode_command_number()), then the table names.
 */
function checkIoctls(ioctls) {
  const problems = [];
  const text = new Map();
  for (const [c, n] of ioctls.list) text.set(c, text.has(c) ? `${text.get(c)} or ${n}` : n);
  const codes = [...text.keys()];
  const body = codes.map((c) => `  sc(16, 0, (long)${c}U, 0, 0, 0, 0);`).join('\n');
  const exe = buildProbe(`  lockdown(0);\n  sc(39, 0, 0, 0, 0, 0, 0);\n${body}`);
  const lines = strace([], exe);
  const mine = lines.slice(lines.findIndex((l) => l.startsWith('getpid(')) + 1);
  codes.forEach((c, i) => {
    let got = splitArgs(mine[i] ?? '')[1] ?? '';
    got = got.replace(/^\w+\(\d+\) or /, '');
    if (IOCTL_STRACE_ONLY[c]) got = got.split(' or ').filter((n) => n !== IOCTL_STRACE_ONLY[c]).join(' or ');
    if (got !== text.get(c)) problems.push(`ioctl 0x${c.toString(16)}: strace prints "${got}", table gives "${text.get(c)}"`);
  });
  return problems;
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
  const sys32 = buildSyscallsI386(opts, sys);
  const errnos = buildErrnos(opts);
  const signals = buildSignals();
  const ptrace = buildPtrace();
  const sockDiag = buildSockDiag();
  const xlat = buildXlatTables(opts);
  const ioctls = buildIoctls(opts);
  if (opts.checkStrace) return checkStrace({ sys, errnos, signals, xlat, ioctls });
  // (syscalls_64.h, when present, is only used to verify ENTRY_ALIASES: not an input.)
  writeOut(opts.out, 'arch/x86_64/syscall-table.ts', renderSyscallTable(sys, [UNISTD_64_H, opts.syscallsH]));
  writeOut(opts.out, 'arch/x86_64/syscall-table-i386.ts', renderSyscallTableI386(sys32, [UNISTD_32_H, opts.syscalls32H, opts.syscallsH]));
  writeOut(opts.out, 'generated/errno-table.ts', renderErrnoTable(errnos, [ERRNO_BASE_H, ERRNO_H, opts.kernelErrnoH, GLIBC_BITS_ERRNO_H, 'glibc strerror()']));
  writeOut(opts.out, 'arch/x86_64/signal-table.ts', renderSignalTable(signals, [SIGNAL_H]));
  writeOut(opts.out, 'generated/ptrace-constants.ts', renderPtrace(ptrace, [PTRACE_H, PTRACE_ABI_H, WAIT_H]));
  writeOut(opts.out, 'generated/sock-diag-constants.ts', renderSockDiag(sockDiag));
  writeOut(opts.out, 'generated/xlat-tables.ts', renderXlatTables(xlat, opts));
  writeOut(opts.out, 'arch/x86_64/ioctl-table.ts', renderIoctlTable(ioctls, opts));
}

main();
