// trace-q prints a recording exactly as `strace -f -o FILE` (strace 6.1) writes it for the
// same run. Each program runs once under strace and once under trace-rec (same env, cwd and
// stdio kinds, both under setarch -R so that addresses are the same); the recording is
// rendered with renderStrace and compared with strace's log after masking only what differs
// between any two runs (see test/support/strace-diff.ts for the exact list).
//
// Programs marked exact must match on every line; for the others the match rate must not
// drop below the floor stated here (what the renderer achieved when the floor was set).

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { RenderOptions } from '../packages/query/src/render/render-options.js';
import { defaultRenderOptions } from '../packages/query/src/render/render-options.js';
import type { Selection } from '../packages/query/src/render/render-strace.js';
import { renderStrace } from '../packages/query/src/render/render-strace.js';
import { decodeSyscall, format } from '../packages/query/src/decode/decode-syscall.js';
import { SYSCALL_COLUMNS, toSyscallRow } from '../packages/query/src/render/syscall-row.js';
import type { SyscallRow } from '../packages/query/src/render/syscall-row.js';
import { fixture } from './support/fixtures.js';
import { scratchDir } from './support/paths.js';
import type { Comparison, MaskRule } from './support/strace-diff.js';
import { compareLogs, formatTable, removeIfExists, runRecorder, runStrace } from './support/strace-diff.js';

interface Program {
  readonly name: string;
  readonly argv: (cwd: string) => string[];
  /** Every line must be identical. */
  readonly exact?: boolean;
  /** The lowest acceptable match rate (for the programs that are not exact yet). */
  readonly floor?: number;
  readonly masks?: readonly MaskRule[];
  /** Prepares cwd; returns what to do before each of the two runs. */
  readonly setup?: (cwd: string) => (() => void) | undefined;
  /** The same recording compared with strace run with other options (the flags' RenderOptions). */
  readonly variants?: readonly Variant[];
}

interface Variant {
  readonly flags: readonly string[];
  readonly opts: Partial<RenderOptions>;
  /** The Selection that does what the flags' -e filter does. */
  readonly sel?: Selection;
  readonly exact?: boolean;
  readonly floor?: number;
}

const GCC_TMP: MaskRule = { why: 'gcc names its temporary files with random bytes (mkstemp)', pattern: /\/tmp\/cc[A-Za-z0-9]{6}\.s/g, replace: '/tmp/ccXXXXXX.s' };

const programs: Program[] = [
  {
    // not /: its listing shows /proc's link count, the number of processes, which other tests
    // change (a column one wider once it passes 99)
    name: 'ls -l /usr',
    argv: () => ['ls', '-l', '/usr'],
    exact: true,
    variants: [
      { flags: ['-y'], opts: { decodeFds: 1 }, exact: true },
      { flags: ['-e', 'trace=openat,close'], opts: {}, sel: { syscall: (r) => r.name === 'openat' || r.name === 'close' }, exact: true },
    ],
  },
  {
    name: 'cat /etc/passwd',
    argv: () => ['cat', '/etc/passwd'],
    exact: true,
    variants: [{ flags: ['-y'], opts: { decodeFds: 1 }, exact: true }],
  },
  {
    name: "sh -c 'echo a | cat'",
    argv: () => ['sh', '-c', 'echo a | cat'],
    exact: true,
    variants: [
      // Only the process calls: the other syscalls print nothing and so never interrupt a line.
      { flags: ['-e', 'trace=%process'], opts: {}, sel: { syscall: (r) => ['clone', 'clone3', 'fork', 'vfork', 'execve', 'wait4', 'exit', 'exit_group'].includes(r.name ?? '') }, exact: true },
      { flags: ['-e', 'signal=none'], opts: {}, sel: { signal: () => false }, exact: true },
      { flags: ['-qqq'], opts: {}, sel: { exits: false }, exact: true },
    ],
  },
  {
    name: 'dd if=/dev/zero of=/dev/null bs=1 count=100',
    argv: () => ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=100'],
    exact: true,
    masks: [{ why: 'dd reports its own elapsed time', pattern: /^write\(2, "100 bytes copied, .*/, replace: 'write(2, "100 bytes copied, <time>' }],
  },
  { name: 'hello world (C)', argv: () => [fixture('hello')], exact: true },
  { name: "bash -c 'echo hi'", argv: () => ['bash', '-c', 'echo hi'], exact: true },
  { name: 'python3 -c pass', argv: () => ['/usr/bin/python3', '-c', 'pass'], exact: true },
  {
    name: 'node -e 0',
    argv: () => [process.execPath, '-e', '0'],
    // Its threads race for locks (futex calls and results differ from run to run) and for
    // the order in which they create their malloc arenas.
    floor: 0.9,
    masks: [
      {
        why: "V8 places its heap pages at addresses drawn from its random generator (seeded by getrandom)",
        pattern: /0x[0-9a-f]{8,12}\b/g,
        renumber: (m) => {
          const v = BigInt(m);
          return v >= 0x100000000n && v < 0x500000000000n;
        },
      },
    ],
  },
  {
    name: 'gcc -c small.c',
    argv: () => ['gcc', '-c', 'small.c', '-o', 'small.o'],
    exact: true,
    masks: [GCC_TMP],
    setup: (cwd) => {
      writeFileSync(path.join(cwd, 'small.c'), 'int twice(int x) { return 2 * x; }\n');
      return () => removeIfExists(path.join(cwd, 'small.o'));
    },
  },
  {
    name: 'tar cf x.tar /etc/hostname',
    argv: (cwd) => ['tar', 'cf', path.join(cwd, 'x.tar'), '/etc/hostname'],
    exact: true,
    setup: (cwd) => () => removeIfExists(path.join(cwd, 'x.tar')),
  },
  { name: 'find /etc -maxdepth 1', argv: () => ['find', '/etc', '-maxdepth', '1'], exact: true },
  { name: 'curl --version', argv: () => ['curl', '--version'], exact: true }, // scripts/setup.sh installs curl
  // The test fixtures: signals, group-stops, kills and execs from threads.
  { name: 'fixture signals caught', argv: () => [fixture('signals'), 'caught'], exact: true },
  { name: 'fixture signals ignored', argv: () => [fixture('signals'), 'ignored'], exact: true },
  { name: 'fixture signals fatal', argv: () => [fixture('signals'), 'fatal'], exact: true },
  { name: 'fixture segv', argv: () => [fixture('segv')], exact: true },
  { name: 'fixture exit-code 3', argv: () => [fixture('exit-code'), '3'], exact: true },
  { name: 'fixture enosys (syscalls the kernel does not have)', argv: () => [fixture('enosys')], exact: true },
  { name: 'fixture negative-nr (a syscall number with the sign bit set)', argv: () => [fixture('negative-nr')], exact: true },
  { name: 'fixture stopcont', argv: () => [fixture('stopcont')], exact: true },
  { name: 'fixture vfork', argv: () => [fixture('vfork')], exact: true },
  { name: 'fixture thread-exec', argv: () => [fixture('thread-exec')], exact: true },
  // Its threads write their tids into a pipe (binary data that masking cannot reach) and poll
  // pidfds whose revents depend on timing.
  { name: 'fixture threads4', argv: () => [fixture('threads4')], floor: 0.85 },
];

// A program that makes one call of each kind the renderer decodes specially (iovec, msghdr
// with SCM_RIGHTS, fd_set, pollfd, sockaddr of each family, termios, signal handler and
// sigreturn, sigaltstack, timers, epoll...), all with results that do not change between runs.
const COVERAGE_C = String.raw`#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static void on_usr1(int sig) { (void)sig; }

int main(void) {
  int p[2];
  pipe2(p, O_CLOEXEC);
  struct iovec iov[2] = {{"hello ", 6}, {"world\n", 6}};
  writev(p[1], iov, 2);
  char a[4], b[16];
  struct iovec r[2] = {{a, 4}, {b, 16}};
  readv(p[0], r, 2);
  struct pollfd pfd = {p[0], POLLIN, 0};
  poll(&pfd, 1, 0);
  write(p[1], "x", 1);
  poll(&pfd, 1, 0);
  fd_set rs;
  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  struct timeval tv = {0, 0};
  select(p[0] + 1, &rs, NULL, NULL, &tv);
  read(p[0], a, 1);
  FD_SET(p[0], &rs);
  select(p[0] + 1, &rs, NULL, NULL, &tv);
  struct timespec ts = {0, 1000};
  nanosleep(&ts, NULL);
  syscall(SYS_clock_getres, CLOCK_MONOTONIC, &ts);
  struct utsname u;
  uname(&u);
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  char cbuf[CMSG_SPACE(sizeof(int))];
  memset(cbuf, 0, sizeof cbuf);
  struct msghdr m = {0};
  struct iovec mi = {"msg", 3};
  m.msg_iov = &mi;
  m.msg_iovlen = 1;
  m.msg_control = cbuf;
  m.msg_controllen = sizeof cbuf;
  struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(cm), &p[0], sizeof(int));
  sendmsg(sv[0], &m, 0);
  char rb[8];
  struct iovec ri = {rb, sizeof rb};
  struct msghdr rm = {0};
  char rc[CMSG_SPACE(sizeof(int))];
  rm.msg_iov = &ri;
  rm.msg_iovlen = 1;
  rm.msg_control = rc;
  rm.msg_controllen = sizeof rc;
  if (recvmsg(sv[1], &rm, 0) > 0) close(*(int *)CMSG_DATA(CMSG_FIRSTHDR(&rm)));
  send(sv[0], "ab", 2, MSG_DONTWAIT);
  struct sockaddr_un from;
  socklen_t fl = sizeof from;
  recvfrom(sv[1], rb, sizeof rb, 0, (struct sockaddr *)&from, &fl);
  struct sockaddr_un name;
  socklen_t nl = sizeof name;
  getsockname(sv[0], (struct sockaddr *)&name, &nl);
  int one = 1;
  setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
  int val = 0;
  socklen_t vl = sizeof val;
  getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &val, &vl);
  int s4 = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
  struct sockaddr_in in4 = {.sin_family = AF_INET, .sin_port = htons(1)};
  inet_pton(AF_INET, "127.0.0.1", &in4.sin_addr);
  connect(s4, (struct sockaddr *)&in4, sizeof in4);
  int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
  struct sockaddr_in6 in6 = {.sin6_family = AF_INET6, .sin6_port = htons(9)};
  inet_pton(AF_INET6, "::1", &in6.sin6_addr);
  connect(s6, (struct sockaddr *)&in6, sizeof in6);
  int sn = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
  struct sockaddr_nl snl = {.nl_family = AF_NETLINK};
  bind(sn, (struct sockaddr *)&snl, sizeof snl);
  close(sn);
  close(s6);
  close(s4);
  struct stat st;
  stat("/etc/hostname", &st);
  lstat("/etc", &st);
  fstat(0, &st);
  struct statfs sf;
  statfs("/proc", &sf);
  char cwd[256];
  getcwd(cwd, sizeof cwd);
  lseek(p[0], 0, SEEK_CUR);
  int d = dup3(p[0], 20, O_CLOEXEC);
  fcntl(d, F_GETFL);
  fcntl(d, F_SETFL, O_NONBLOCK);
  fcntl(d, F_GETFD);
  fcntl(d, F_SETFD, 0);
  fcntl(d, F_GETFD);
  close(fcntl(d, F_DUPFD_CLOEXEC, 30));
  close(d);
  access("/nonexistent", F_OK);
  faccessat(AT_FDCWD, "/etc/passwd", R_OK | W_OK, AT_EACCESS);
  kill(getpid(), 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGTERM);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &sa, NULL);
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  sigaddset(&set, SIGRTMIN + 3);
  sigprocmask(SIG_BLOCK, &set, &old);
  raise(SIGUSR1);
  sigprocmask(SIG_SETMASK, &old, NULL);
  stack_t ss = {0}, oss;
  static char stk[65536];
  ss.ss_sp = stk;
  ss.ss_size = sizeof stk;
  sigaltstack(&ss, &oss);
  prctl(PR_SET_NAME, "covname");
  char pn[16];
  prctl(PR_GET_NAME, pn);
  uid_t ru, eu, su;
  getresuid(&ru, &eu, &su);
  umask(022);
  mkdir("covdir", 0750);
  symlink("covdir", "covlink");
  char lb[64];
  readlink("covlink", lb, sizeof lb);
  rename("covlink", "covlink2");
  unlink("covlink2");
  rmdir("covdir");
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  struct itimerspec its = {{0, 0}, {100, 0}}, oits;
  timerfd_settime(tfd, 0, &its, &oits);
  close(tfd);
  int efd = eventfd(1, EFD_NONBLOCK);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 42};
  epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
  struct epoll_event evs[4];
  epoll_wait(ep, evs, 4, 0);
  close(ep);
  close(efd);
  int pt = open("/dev/ptmx", O_RDWR | O_NOCTTY);
  struct termios t;
  ioctl(pt, TCGETS, &t);
  struct winsize ws;
  ioctl(pt, TIOCGWINSZ, &ws);
  close(pt);
  ioctl(1, TIOCGWINSZ, &ws);
  pid_t c = fork();
  if (c == 0) _exit(3);
  int status;
  wait4(c, &status, 0, NULL);
  write(1, "done\n", 5);
  return 0;
}
`;

function coverageProgram(): string {
  const dir = scratchDir('cov');
  writeFileSync(path.join(dir, 'cov.c'), COVERAGE_C);
  execFileSync('cc', ['-O0', '-o', path.join(dir, 'cov'), path.join(dir, 'cov.c')], { stdio: ['ignore', 'pipe', 'pipe'] });
  return path.join(dir, 'cov');
}

let covBinary: string | undefined;

programs.push({
  name: 'syscall coverage (C)',
  argv: () => [(covBinary ??= coverageProgram())],
  exact: true,
  variants: [
    { flags: ['-v'], opts: { verbose: true }, exact: true },
    { flags: ['-x'], opts: { hex: 1 }, exact: true },
    { flags: ['-xx'], opts: { hex: 2 }, exact: true },
    { flags: ['-X', 'verbose'], opts: { consts: 'verbose' }, exact: true },
    { flags: ['-X', 'raw'], opts: { consts: 'raw' }, exact: true },
    { flags: ['-s', '8'], opts: { stringLimit: 8 }, exact: true },
    { flags: ['-a', '60'], opts: { align: 60 }, exact: true },
    { flags: ['-n'], opts: { numbers: true }, exact: true },
    // Where the program is when an asynchronous signal (SIGCHLD) is delivered, and so its [ip], is timing.
    { flags: ['-i'], opts: { instructionPointer: true }, floor: 0.95 },
    { flags: ['-y'], opts: { decodeFds: 1 }, exact: true },
  ],
});

const results: { name: string; c: Comparison }[] = [];

function render(dbPath: string, opts: Partial<RenderOptions> = {}, sel?: Selection): string {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    let text = '';
    for (const line of renderStrace(db, { ...defaultRenderOptions, ...opts }, sel)) text += line + '\n';
    return text;
  } finally {
    db.close();
  }
}

/**
 * The same selection given as ids, as trace-q's filters give it: then only the selected
 * rows, their memory and the non-syscall stops are read, and the output must not change.
 */
function renderByIds(dbPath: string, opts: Partial<RenderOptions>, sel: Selection): string {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  let ids: number[];
  try {
    const rows = db.prepare(`SELECT ${SYSCALL_COLUMNS} FROM syscalls ORDER BY id`).safeIntegers(true).all().map(toSyscallRow);
    ids = rows.filter((r) => sel.syscall?.(r) ?? true).map((r) => r.id);
  } finally {
    db.close();
  }
  const { syscall: _, ...rest } = sel;
  return render(dbPath, opts, { ...rest, ids: { sql: 'SELECT value FROM json_each(?)', parameters: [JSON.stringify(ids)] } });
}

function explain(c: Comparison): string {
  const d = c.diffs.slice(0, Number(process.env.STRACE_DIFF_VERBOSE) || 30).map((x) => `  [${x.thread}] ${x.strace !== null ? `strace: ${x.strace}` : `render: ${x.rendered}`}`);
  const m = c.misaligned.slice(0, 5).map((l) => `  misaligned: ${l}`);
  return [...d, ...m].join('\n');
}

describe('trace-q renders recordings as strace -f -o FILE prints them', () => {
  afterAll(() => {
    if (results.length === 0) return;
    const same = results.filter((r) => r.c.sameInterleaving);
    console.log(`same interleaving (physical lines compared one to one): ${same.map((r) => `${r.name} (${r.c.physicalDiffs.length} differ)`).join(', ')}`);
    // The table the README quotes.
    console.log(`strace 6.1 differential (lines: strace's logical lines; identical after masking tids and random bytes)\n${formatTable(results)}`);
  });

  const check = (name: string, c: Comparison, exact: boolean | undefined, floor: number | undefined): void => {
    results.push({ name, c });
    if (process.env.STRACE_DIFF_VERBOSE) console.log(`${name}:\n${explain(c)}`);
    if (exact) {
      expect(c.diffs, explain(c)).toEqual([]);
      expect(c.identical).toBe(c.lines - c.timingOnly[0]);
      expect(c.identical).toBe(c.renderedLines - c.timingOnly[1]);
    } else {
      expect(c.rate, explain(c)).toBeGreaterThanOrEqual(floor ?? 1);
    }
    expect(c.misaligned, explain(c)).toEqual([]);
    // Where the threads interleaved the same way in both runs, the physical lines (the
    // unfinished/resumed splits included) must be what strace printed, for exact programs.
    if (exact && c.sameInterleaving) expect(c.physicalDiffs).toEqual([]);
  };

  for (const p of programs) {
    it(p.name, { timeout: 300_000 }, () => {
      const cwd = scratchDir('cwd');
      mkdirSync(cwd, { recursive: true });
      const before = p.setup?.(cwd);
      const argv = p.argv(cwd);
      before?.();
      const log = runStrace(argv, cwd);
      before?.();
      const db = runRecorder(argv, cwd);
      check(p.name, compareLogs(log, render(db), p.masks ?? []), p.exact, p.floor);
      for (const v of p.variants ?? []) {
        before?.();
        const vlog = runStrace(argv, cwd, v.flags);
        const align = v.opts.align ?? 40;
        const text = render(db, v.opts, v.sel);
        check(`${p.name} ${v.flags.join(' ')}`, compareLogs(vlog, text, p.masks ?? [], align), v.exact, v.floor);
        if (v.sel?.syscall) expect(renderByIds(db, v.opts, v.sel), `${p.name} ${v.flags.join(' ')} by ids`).toBe(text);
      }
    });
  }

  // Selections by ids read a fraction of the recording; they must print what the same
  // selection by predicate prints, with the trackers (-y, rt_sigreturn's mask) and the
  // unfinished/resumed splits among the selected syscalls.
  it('a selection by ids prints what the same selection by predicate prints', { timeout: 300_000 }, () => {
    const selections: [string, (r: SyscallRow) => boolean][] = [
      ['files', (r) => ['openat', 'close', 'read', 'write', 'pipe2', 'dup3', 'fcntl'].includes(r.name ?? '')],
      ['signals', (r) => ['rt_sigreturn', 'rt_sigprocmask', 'kill', 'wait4', 'exit_group'].includes(r.name ?? '')],
      ['failed', (r) => r.errno !== null],
      ['openat, close', (r) => r.name === 'openat' || r.name === 'close'],
      ['every tenth', (r) => r.id % 10 === 0],
      ['every third', (r) => r.id % 3 === 0],
      ['none', () => false],
    ];
    const options: Partial<RenderOptions>[] = [{}, { decodeFds: 1 }, { numbers: true }, { instructionPointer: true, syscallTimes: true, relative: true }];
    for (const argv of [[(covBinary ??= coverageProgram())], [fixture('threads4')], [fixture('signals'), 'caught'], [fixture('thread-exec')], ['sh', '-c', 'echo a | cat']]) {
      const db = runRecorder(argv, scratchDir('cwd'));
      for (const [name, syscall] of selections) {
        for (const opts of options) {
          for (const sel of [{ syscall }, { syscall, exits: false, signal: () => false }]) {
            expect(renderByIds(db, opts, sel), `${argv.join(' ')}: ${name} ${JSON.stringify(opts)} exits=${sel.exits}`).toBe(render(db, opts, sel));
          }
        }
      }
    }
  });

  // decodeSyscall (the value tree behind --format json) agrees with the strace rendering.
  it('decodeSyscall gives the same arguments and return text as the rendering', { timeout: 120_000 }, () => {
    const cwd = scratchDir('cwd');
    const dbPath = runRecorder([(covBinary ??= coverageProgram())], cwd);
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare(`SELECT ${SYSCALL_COLUMNS} FROM syscalls ORDER BY id`).safeIntegers(true).all().map(toSyscallRow);
      const lines = [...renderStrace(db, defaultRenderOptions)].map((l) => l.replace(/^\d+ +/, ''));
      const single = lines.filter((l) => !l.startsWith('---') && !l.startsWith('+++') && !l.includes('<unfinished ...>') && !l.startsWith('<...'));
      const mainTid = rows[0].tid;
      const fromTree = rows
        .filter((r) => r.tid === mainTid)
        .map((r) => {
          const d = decodeSyscall(db, r, defaultRenderOptions);
          return `${d.name}(${d.args.map(format).join(', ')}) = ${d.retText}`;
        });
      const rendered = single.map((l) => l.replace(/\) +(= [^=]*)$/, ') $1'));
      // clone/wait4 went unfinished in the rendering (the child's lines came between); the
      // mask rt_sigreturn restores is inferred from the stream, which random access lacks.
      for (const line of fromTree.filter((l) => !/^(clone|wait4|rt_sigreturn)\(/.test(l))) expect(rendered).toContain(line);
    } finally {
      db.close();
    }
  });
});
