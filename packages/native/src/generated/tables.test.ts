import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { syscallTable } from '../arch/x86_64/syscall-table.js';
import { syscallTableI386 } from '../arch/x86_64/syscall-table-i386.js';
import { signalTable, realtimeSignalNames } from '../arch/x86_64/signal-table.js';
import { errnoTable, errnoAliases, straceRestartErrnos } from './errno-table.js';
import * as ptrace from './ptrace-constants.js';
import * as sockDiag from './sock-diag-constants.js';
import * as xlat from './xlat-tables.js';
import { ioctlNames } from '../arch/x86_64/ioctl-table.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const srcDir = path.resolve(here, '..');
const script = path.resolve(here, '../../scripts/gen-tables.mjs');
const UNISTD_64_H = '/usr/include/x86_64-linux-gnu/asm/unistd_64.h';

const GENERATED = [
  'arch/x86_64/syscall-table.ts',
  'arch/x86_64/syscall-table-i386.ts',
  'arch/x86_64/signal-table.ts',
  'generated/errno-table.ts',
  'generated/ptrace-constants.ts',
  'generated/sock-diag-constants.ts',
  'generated/xlat-tables.ts',
  'arch/x86_64/ioctl-table.ts',
];

function byName(name: string) {
  const s = syscallTable.find((d) => d.name === name);
  if (!s) throw new Error(`no syscall ${name}`);
  return s;
}

describe('syscall table', () => {
  it('has the well-known x86_64 numbers and arities', () => {
    expect(byName('read')).toMatchObject({ nr: 0, nargs: 3 });
    expect(byName('read').args).toEqual([
      { type: 'unsigned int', name: 'fd' },
      { type: 'char __user *', name: 'buf' },
      { type: 'size_t', name: 'count' },
    ]);
    expect(byName('write')).toMatchObject({ nr: 1, nargs: 3 });
    expect(byName('openat')).toMatchObject({ nr: 257, nargs: 4 });
    expect(byName('execve')).toMatchObject({ nr: 59, nargs: 3 });
    expect(byName('exit_group')).toMatchObject({ nr: 231, nargs: 1 });
    expect(byName('clone3')).toMatchObject({ nr: 435, nargs: 2 });
    expect(byName('mmap')).toMatchObject({ nr: 9, nargs: 6 });
    expect(byName('clone').args.map((a) => a.name)).toEqual(['clone_flags', 'newsp', 'parent_tidptr', 'child_tidptr', 'tls']);
    expect(byName('rt_sigreturn').nargs).toBe(0);
    expect(byName('arch_prctl').nargs).toBe(2);
  });

  it('keeps nargs equal to args.length', () => {
    for (const s of syscallTable) expect(s.nargs, s.name).toBe(s.args.length);
  });

  it('has unique numbers and names, sorted by nr', () => {
    const nrs = syscallTable.map((s) => s.nr);
    expect(new Set(nrs).size).toBe(nrs.length);
    expect(new Set(syscallTable.map((s) => s.name)).size).toBe(nrs.length);
    expect([...nrs].sort((a, b) => a - b)).toEqual(nrs);
  });

  it('has every __NR_ of unistd_64.h', () => {
    const src = fs.readFileSync(UNISTD_64_H, 'utf8');
    const want = [...src.matchAll(/^#define __NR_(\w+) (\d+)$/gm)].map((m) => [m[1], Number(m[2])]);
    expect(want.length).toBeGreaterThan(300);
    const have = new Map(syscallTable.map((s) => [s.name, s.nr]));
    for (const [name, nr] of want) expect(have.get(name as string), name as string).toBe(nr);
    expect(syscallTable.length).toBe(want.length);
  });

  it('assigns strace classes', () => {
    expect(byName('openat').classes).toEqual(['file', 'desc']);
    expect(byName('read').classes).toEqual(['desc']);
    expect(byName('execve').classes).toEqual(['file', 'process']);
    expect(byName('connect').classes).toEqual(['network']);
    expect(byName('sendfile').classes).toEqual(['desc', 'network']);
    expect(byName('mmap').classes).toEqual(['desc', 'memory']);
    expect(byName('newfstatat').classes).toEqual(['file', 'desc', 'fstat']);
    expect(byName('getpid').classes).toEqual(['pure']);
    expect(byName('getuid').classes).toEqual(['creds', 'pure']);
    expect(byName('kill').classes).toEqual(['process', 'signal']);
    expect(byName('clock_gettime').classes).toEqual(['clock']);
  });
});

// Every i386 number made once with int $0x80 behind a seccomp filter that fails them all with
// ENOSYS (nothing runs), under `strace -e raw=all`, which prints as many arguments as its table has
// (the first argument, 1000, is no socketcall or ipc subcall: strace would print those by the subcall).
const I386_PROBE = `
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/audit.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <stddef.h>
#include <unistd.h>
int main(void) {
  struct sock_filter f[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog p = { sizeof f / sizeof f[0], f };
  prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p);
  for (long nr = 0; nr < 460; nr++) {
    long ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(1000), "c"(2), "d"(3), "S"(4), "D"(5) : "memory");
  }
  return 0;
}
`;

describe('i386 syscall table', () => {
  const i386 = (name: string) => syscallTableI386.find((d) => d.name === name);

  it('has every __NR_ of unistd_32.h, the x86_64 arguments where the entry point is the same', () => {
    const src = fs.readFileSync('/usr/include/x86_64-linux-gnu/asm/unistd_32.h', 'utf8');
    const want = [...src.matchAll(/^#define __NR_(\w+) (\d+)$/gm)].map((m) => [m[1], Number(m[2])] as const);
    expect(want.length).toBeGreaterThan(400);
    expect(syscallTableI386.map((d) => [d.name, d.nr])).toEqual([...want].sort((a, b) => a[1] - b[1]));
    expect(i386('getpid')).toMatchObject({ nr: 20, nargs: 0, classes: ['pure'] });
    expect(i386('write')?.args).toEqual(byName('write').args);
    expect(i386('mmap')?.nargs).toBe(1); // old_mmap: a pointer to the six arguments
    expect(i386('mmap2')?.nargs).toBe(6);
    expect(i386('_llseek')?.nargs).toBe(5);
    expect(i386('socketcall')?.nargs).toBe(2);
    expect(i386('ipc')?.nargs).toBe(6);
    expect(i386('pread64')?.nargs).toBe(5);
    expect(i386('clone')?.args.map((a) => a.name)).toEqual(['clone_flags', 'newsp', 'parent_tidptr', 'tls', 'child_tidptr']);
  });

  /** What strace prints for the probe's i386 calls: name -> number of arguments (unknown numbers left out). */
  function probe(dir: string, straceArgs: string[]): Map<string, number> {
    const log = path.join(dir, 'log');
    const r = spawnSync('strace', ['-q', ...straceArgs, '-o', log, path.join(dir, 'p')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const lines = fs.readFileSync(log, 'utf8').split('\n');
    const start = lines.findIndex((l) => l.startsWith('seccomp('));
    const printed = new Map<string, number>();
    for (const l of lines.slice(start + 1)) {
      const m = /^(\w+)\((.*)\)\s+= -1 ENOSYS/.exec(l);
      if (m && !m[1].startsWith('syscall_')) printed.set(m[1], m[2] === '' ? 0 : m[2].split(', ').length);
    }
    return printed;
  }

  it('prints as many arguments as strace 6.1 does for each i386 number, in the same %classes', { timeout: 60_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'i386-probe-'));
    try {
      fs.writeFileSync(path.join(dir, 'p.c'), I386_PROBE);
      const cc = spawnSync('cc', ['-o', path.join(dir, 'p'), path.join(dir, 'p.c')], { encoding: 'utf8' });
      expect(cc.stderr).toBe('');
      const printed = probe(dir, ['-e', 'raw=all']);
      expect(printed.size).toBeGreaterThan(400);
      for (const [name, n] of printed) expect(i386(name)?.nargs, name).toBe(n);
      for (const cls of ['file', 'desc', 'network', 'process', 'signal', 'ipc', 'memory', 'creds', 'clock', 'stat', 'lstat', 'fstat', 'statfs', 'fstatfs', 'pure']) {
        const theirs = [...probe(dir, ['-e', `trace=%${cls}`]).keys()].sort();
        const ours = syscallTableI386.filter((d) => (d.classes as readonly string[]).includes(cls) && printed.has(d.name)).map((d) => d.name).sort();
        expect(ours, `%${cls}`).toEqual(theirs);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('errno table', () => {
  it('has glibc messages under strace names', () => {
    const e = (num: number) => errnoTable.find((x) => x.num === num);
    expect(e(2)).toEqual({ num: 2, name: 'ENOENT', message: 'No such file or directory' });
    expect(e(11)?.name).toBe('EAGAIN');
    expect(e(35)?.name).toBe('EDEADLK');
    expect(e(38)).toEqual({ num: 38, name: 'ENOSYS', message: 'Function not implemented' });
    expect(e(512)).toEqual({ num: 512, name: 'ERESTARTSYS', message: 'To be restarted if SA_RESTART is set' });
    expect(e(513)?.message).toBe('To be restarted');
    expect(e(514)?.message).toBe('To be restarted if no handler');
    expect(e(516)).toEqual({ num: 516, name: 'ERESTART_RESTARTBLOCK', message: 'Interrupted by signal' });
    expect(e(515)).toEqual({ num: 515, name: 'ENOIOCTLCMD', message: 'Unknown error 515' });
    expect(straceRestartErrnos).toEqual([512, 513, 514, 516]);
    expect(errnoAliases).toContainEqual({ alias: 'EWOULDBLOCK', name: 'EAGAIN', num: 11 });
    expect(errnoAliases).toContainEqual({ alias: 'EDEADLOCK', name: 'EDEADLK', num: 35 });
  });

  it('is sorted with unique numbers and names', () => {
    const nums = errnoTable.map((e) => e.num);
    expect([...nums].sort((a, b) => a - b)).toEqual(nums);
    expect(new Set(nums).size).toBe(nums.length);
    expect(new Set(errnoTable.map((e) => e.name)).size).toBe(nums.length);
  });
});

describe('signal table', () => {
  it('has 1..31 under strace names', () => {
    expect(signalTable.map((s) => s.num)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    const name = (n: number) => signalTable.find((s) => s.num === n)?.name;
    expect(name(9)).toBe('SIGKILL');
    expect(name(17)).toBe('SIGCHLD');
    expect(name(6)).toBe('SIGABRT');
    expect(name(29)).toBe('SIGIO');
    expect(name(31)).toBe('SIGSYS');
  });

  it('names real-time signals like strace', () => {
    const rt = new Map(realtimeSignalNames.map((s) => [s.num, s.name]));
    expect(rt.get(32)).toBe('SIGRTMIN');
    expect(rt.get(33)).toBe('SIGRT_1');
    expect(rt.get(34)).toBe('SIGRT_2');
    expect(rt.get(64)).toBe('SIGRT_32');
  });
});

describe('ptrace constants', () => {
  it('has the requests, options and wait flags', () => {
    expect(ptrace.PTRACE_SEIZE).toBe(0x4206);
    expect(ptrace.PTRACE_GET_SYSCALL_INFO).toBe(0x420e);
    expect(ptrace.PTRACE_GETREGS).toBe(12);
    expect(ptrace.PTRACE_O_TRACESYSGOOD).toBe(1);
    expect(ptrace.PTRACE_O_EXITKILL).toBe(1 << 20);
    expect(ptrace.PTRACE_EVENT_STOP).toBe(128);
    expect(ptrace.PTRACE_SYSCALL_INFO_EXIT).toBe(2);
    expect(ptrace.__WALL).toBe(0x40000000);
    expect(ptrace.WNOHANG).toBe(1);
    expect(ptrace.__WNOTHREAD).toBe(0x20000000);
  });
});

describe('sock_diag constants', () => {
  it('has what trace-rec asks sock_diag with, and the layouts of its requests and answers', () => {
    expect(sockDiag.NETLINK_SOCK_DIAG).toBe(4);
    expect(sockDiag.SOCK_DIAG_BY_FAMILY).toBe(20);
    expect(sockDiag.SOCK_CLOEXEC).toBe(0o2000000);
    expect(sockDiag.NLM_F_DUMP).toBe(0x300);
    expect(sockDiag.S_IFCHR).toBe(0o020000);
    expect(sockDiag.unix_diag_req).toEqual({ size: 24, sdiag_family: 0, udiag_states: 4, udiag_ino: 8, udiag_show: 12, udiag_cookie: 16 });
    expect(sockDiag.inet_diag_req_v2.size).toBe(56);
    expect(sockDiag.inet_diag_msg.idiag_inode).toBe(68);
    expect(sockDiag.netlink_diag_msg.ndiag_ino).toBe(16);
  });
});

describe('strace xlat tables', () => {
  const names = (t: xlat.XlatData) => t.map(([, n]) => n);
  const tables = Object.entries(xlat).filter(([k]) => k !== 'xlatKinds') as [string, xlat.XlatData][];

  it('has one entry per value, and a kind for every table', () => {
    expect(tables.length).toBeGreaterThanOrEqual(109);
    for (const [key, t] of tables) {
      expect(new Set(t.map(([v]) => v)).size, key).toBe(t.length);
      expect(xlat.xlatKinds[key as keyof typeof xlat.xlatKinds], key).toMatch(/^(flags|enum)$/);
    }
  });

  it('keeps strace order where it decides the output', () => {
    const open = names(xlat.open_mode_flags);
    expect(open.indexOf('O_SYNC')).toBeLessThan(open.indexOf('__O_SYNC'));
    expect(open.indexOf('O_SYNC')).toBeLessThan(open.indexOf('O_DSYNC'));
    expect(open.indexOf('O_TMPFILE')).toBeLessThan(open.indexOf('O_DIRECTORY'));
    expect(open.at(-1)).toBe('FASYNC');
    expect(names(xlat.mmap_prot)[0]).toBe('PROT_NONE');
    expect(names(xlat.statx_masks).slice(0, 2)).toEqual(['STATX_ALL', 'STATX_BASIC_STATS']);
    expect(names(xlat.flockcmds).indexOf('LOCK_RW')).toBeLessThan(names(xlat.flockcmds).indexOf('LOCK_READ'));
    expect(names(xlat.term_oflags_tabdly)[0]).toBe('XTABS');
  });

  it('has the kernel values and strace names', () => {
    expect(xlat.open_mode_flags).toContainEqual([0o2000000, 'O_CLOEXEC']);
    // The kernel's O_LARGEFILE (glibc defines it as 0 on x86_64).
    expect(xlat.open_mode_flags).toContainEqual([0o100000, 'O_LARGEFILE']);
    expect(xlat.clone_flags).toContainEqual([0x100, 'CLONE_VM']);
    expect(xlat.fcntlcmds).toContainEqual([12, 'F_GETLK64']);
    expect(xlat.usagewho).toContainEqual([0xffffffff, 'RUSAGE_CHILDREN']);
    expect(xlat.clone3_flags).toContainEqual([0x200000000, 'CLONE_INTO_CGROUP']);
    expect(xlat.futexops).toContainEqual([0x82, 'FUTEX_FD|FUTEX_PRIVATE_FLAG']);
    expect(xlat.futexops).toContainEqual([0x189, 'FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME']);
    expect(xlat.cap_mask1).toContainEqual([0x1, '1<<CAP_MAC_OVERRIDE']);
    expect(xlat.addrfams).toContainEqual([1, 'AF_UNIX']);
    expect(xlat.msg_flags).toContainEqual([0x10, 'MSG_PROBE']);
    expect(xlat.socketlayers).toContainEqual([40, 'AF_VSOCK']);
    expect(xlat.fsmagic).toContainEqual([0xef53, 'EXT2_SUPER_MAGIC']);
  });
});

describe('ioctl table', () => {
  const text = (code: number) => ioctlNames.filter(([c]) => c === code).map(([, n]) => n).join(' or ');

  it('is sorted by code, then name', () => {
    for (let i = 1; i < ioctlNames.length; i++) {
      const [a, b] = [ioctlNames[i - 1], ioctlNames[i]];
      expect(a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]), `${a[1]} / ${b[1]}`).toBe(true);
    }
  });

  it('names requests as strace does, with every name of a shared code', () => {
    expect(text(0x5401)).toBe('TCGETS');
    expect(text(0x5402)).toBe('SNDCTL_TMR_START or TCSETS');
    expect(text(0x541b)).toBe('FIONREAD');
    expect(text(0x5413)).toBe('TIOCGWINSZ');
    expect(text(0x80045430)).toBe('TIOCGPTN');
    expect(text(0x8912)).toBe('SIOCGIFCONF');
    expect(text(0x400454ca)).toBe('TUNSETIFF');
    expect(text(0x80086601)).toBe('FS_IOC_GETFLAGS');
    expect(text(0x80085617)).toBe('VIDIOC_G_STD');
  });
});

// The generator needs cc and the Debian kernel headers (apt-get install linux-headers-amd64;
// .ci/run installs them).
describe('gen-tables.mjs', () => {
  const run = (out: string) => {
    const r = spawnSync(process.execPath, [script, '--out', out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  };

  it('writes byte-identical files when run again', { timeout: 240_000 }, () => {
    // The committed files are the output of an earlier run; a fresh run into a temp dir
    // must reproduce them exactly (deterministic output, and no stale committed table).
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-tables-'));
    try {
      run(out);
      for (const rel of GENERATED) {
        const fresh = fs.readFileSync(path.join(out, rel), 'utf8');
        expect(fresh.startsWith('// Generated by packages/native/scripts/gen-tables.mjs from ')).toBe(true);
        expect(fresh.split('\n')[0].endsWith('. Do not edit.')).toBe(true);
        // The Debian kernel-headers package version is part of a path in the first line
        // (linux-headers-6.1.0-NN-common); a header package update alone is not a failure.
        const norm = (t: string) => t.replace(/linux-headers-[^/]+/g, 'linux-headers-*');
        expect(norm(fs.readFileSync(path.join(srcDir, rel), 'utf8')), `${rel} differs: run npm run gen:tables`).toBe(norm(fresh));
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
