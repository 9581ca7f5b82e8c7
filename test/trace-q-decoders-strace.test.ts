// The decoders of issue 14's syscalls that had none (openat2, futimesat, acct, readahead, syslog,
// kcmp, memfd_secret, pidfd_*, process_madvise, unshare, the mount API, landlock, the NUMA
// memory policy calls and the key management calls) print what strace 6.1
// prints: each coverage program in test/fixtures/decoders-*.c calls them with valid, invalid
// (EFAULT, EINVAL, EBADF) and edge arguments; it runs once under `setarch -R strace -f OPTIONS`
// and once under trace-rec, and the built trace-q bin renders the recording with the same
// OPTIONS. The two are compared line by line by test/support/strace-diff.ts.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, scratchDir } from './support/paths.js';
import type { MaskRule } from './support/strace-diff.js';
import { alignmentOk, runRecorder, runStrace } from './support/strace-diff.js';
import { expectSameAsStrace, traceQ } from './support/strace-compare.js';

const undecodedScript = path.join(repoRoot, 'packages', 'query', 'scripts', 'undecoded-syscalls.mjs');

/** The System V and POSIX IPC objects' pids and times: the program's pid, and the second it ran. */
const ipcMasks: MaskRule[] = [
  {
    why: "the pids of the program, which the IPC objects record (creator, last operation), are each run's own",
    pattern: /(?<=\b(?:shm_[cl]pid|msg_l[sr]pid)=|^semctl\([^)]*(?:GETPID|0xb)[^)]*\) += )[1-9]\d*/g,
    renumber: () => true,
  },
  {
    why: 'the times the IPC objects record are the seconds each run made its calls at',
    pattern: /(?<=\b(?:shm_[acd]time|sem_[oc]time|msg_[src]time)=)[1-9]\d*/g,
    replace: '<time>',
  },
];

/** The syscalls each program is there for: each must appear in strace's log, so the comparison covers it. */
// -e verbose=execve (every other call's structs as addresses), not none: the first execve's argv and envp pointers are in the launcher (strace's
// child, trace-rec's env -i).
const programs: { name: string; calls: string[]; options: string[][]; masks?: MaskRule[]; wrap?: string[] }[] = [
  {
    name: 'decoders-misc',
    calls: ['openat2', 'futimesat', 'utimes', 'acct', 'readahead', 'syslog', 'kcmp', 'memfd_secret', 'pidfd_open', 'pidfd_getfd', 'pidfd_send_signal', 'process_madvise', 'time', 'sendfile', 'times'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-xx'], ['-y'], ['-e', 'verbose=execve']],
    masks: [
      { why: "the clock's seconds and their date, each run's own", pattern: /(?<=^time\(.*)(?:\d{10}|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4})/g, replace: '<time>' },
      { why: 'the system and children times each run had (0, with no comment, or more)', pattern: /(?<=^times\(.*tms_(?:stime|cutime|cstime)=)\d+(?: \/\* [\d.]+ s \*\/)?/g, replace: '<v>' },
      { why: 'the user time each run had, and the ticks since boot', pattern: /(?<=^times\(.*)\d+/g, replace: '<n>' },
    ],
  },
  {
    name: 'decoders-mount',
    calls: ['unshare', 'mount', 'umount2', 'fsopen', 'fsconfig', 'fsmount', 'move_mount', 'fspick', 'open_tree', 'mount_setattr'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-xx'], ['-y'], ['-s', '4'], ['-e', 'verbose=execve']],
  },
  {
    name: 'decoders-landlock',
    calls: ['landlock_create_ruleset', 'landlock_add_rule', 'landlock_restrict_self'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-y'], ['-e', 'verbose=execve']],
  },
  {
    name: 'decoders-mempolicy',
    calls: ['set_mempolicy', 'get_mempolicy', 'mbind', 'move_pages', 'migrate_pages', 'set_mempolicy_home_node'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-s', '1'], ['-e', 'verbose=execve']],
  },
  {
    name: 'decoders-keys',
    calls: ['add_key', 'request_key', 'keyctl'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-s', '4'], ['-e', 'verbose=execve']],
    masks: [
      {
        why: 'key serial numbers are random, new ones each run (renumbered: each must still be used in the same places)',
        pattern: /(?<=^(?:keyctl|add_key|request_key)\(.*)\b[1-9]\d{5,9}\b/g,
        renumber: () => true,
      },
    ],
  },
  {
    name: 'decoders-sys',
    calls: [
      'setreuid', 'setregid', 'setresuid', 'setresgid', 'setfsuid', 'setfsgid', 'setgroups', 'getpriority', 'setpriority', 'sched_getparam',
      'sched_setparam', 'sched_setscheduler', 'sched_rr_get_interval', 'ioprio_get', 'ioprio_set', 'sethostname', 'setdomainname', 'swapon',
      'swapoff', 'reboot', 'iopl', 'ioperm', 'sync', 'syncfs', 'sync_file_range', 'mknod', 'mknodat', 'utime', 'pivot_root', 'setns', 'mlock2',
      'membarrier', 'userfaultfd', 'inotify_init', 'vhangup', 'create_module', 'get_kernel_syms', 'query_module', 'nfsservctl', 'getpmsg',
      'putpmsg', 'afs_syscall', 'tuxcall', 'security', 'epoll_ctl_old', 'epoll_wait_old', 'vserver', 'sysfs',
    ],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-y'], ['-e', 'verbose=execve']],
  },
  {
    name: 'decoders-time-proc',
    calls: [
      'timer_create', 'timer_settime', 'timer_gettime', 'timer_getoverrun', 'timer_delete', 'settimeofday', 'process_vm_readv',
      'process_vm_writev', 'epoll_pwait2', 'init_module', 'finit_module', 'delete_module', 'fanotify_init', 'fanotify_mark',
      'process_mrelease', 'remap_file_pages', 'lookup_dcookie', 'kexec_file_load', 'kexec_load',
    ],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-y'], ['-e', 'verbose=execve']],
  },
  {
    name: 'decoders-ipc',
    calls: ['shmget', 'shmat', 'shmctl', 'shmdt', 'semget', 'semop', 'semtimedop', 'semctl', 'msgget', 'msgsnd', 'msgrcv', 'msgctl'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-s', '4'], ['-y'], ['-e', 'verbose=execve']],
    masks: ipcMasks,
  },
  {
    name: 'decoders-mq',
    calls: ['mq_open', 'mq_unlink', 'mq_timedsend', 'mq_timedreceive', 'mq_notify', 'mq_getsetattr'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-xx'], ['-s', '4'], ['-y'], ['-e', 'verbose=execve']],
  },
  {
    name: 'decoders-aio',
    calls: ['io_setup', 'io_destroy', 'io_submit', 'io_cancel', 'io_getevents', 'io_pgetevents'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-xx'], ['-s', '4'], ['-y'], ['-e', 'verbose=execve']],
  },
  {
    name: 'decoders-ldt',
    calls: ['mincore', 'capset', 'ustat', 'uselib', '_sysctl', 'modify_ldt', 'set_thread_area', 'get_thread_area'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-s', '2'], ['-e', 'verbose=execve']],
  },
  {
    name: 'decoders-timex',
    calls: ['adjtimex', 'clock_adjtime', 'sched_setattr', 'sched_getattr', 'futex_waitv'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-s', '1'], ['-e', 'verbose=execve']],
    masks: [{ why: "the clock's time, which adjtimex reads, is each run's own", pattern: /(?<=^(?:adjtimex|clock_adjtime)\(.*time=\{)tv_sec=\d+, tv_usec=\d+/g, replace: '<time>' }],
  },
  {
    name: 'decoders-handle',
    calls: ['name_to_handle_at', 'open_by_handle_at', 'quotactl', 'quotactl_fd'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-y'], ['-e', 'verbose=execve']],
    masks: [{ why: "a file handle holds the inode number and generation of the file each run creates anew", pattern: /(?<=f_handle=)"[^"]*"/g, replace: '<handle>' }],
  },
  {
    name: 'decoders-mmsg',
    calls: ['sendmmsg', 'recvmmsg'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-s', '2'], ['-y'], ['-e', 'verbose=execve']],
  },
  {
    name: 'decoders-ptrace',
    calls: ['ptrace'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-s', '4'], ['-e', 'verbose=execve']],
    masks: [
      {
        why: 'the child made with CLONE_UNTRACED is traced by neither tracer, so it has no thread label: its pid, renumbered (each must still be used in the same places)',
        pattern: /(?<=^clone\(.*\) += )\d+$|(?<=^(?:wait4|kill)\()\d+|(?<=^wait4\(.*\) += )\d+$|(?<=^ptrace\([^,]+, )\d+|(?<=si_pid=)\d+/g,
        renumber: () => true,
      },
    ],
  },
  {
    name: 'decoders-seccomp',
    calls: ['seccomp', 'prctl'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-v', '-X', 'raw'], ['-v', '-X', 'verbose'], ['-e', 'verbose=execve']],
  },
  {
    name: 'decoders-perf',
    calls: ['perf_event_open'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-v', '-X', 'raw'], ['-v', '-X', 'verbose'], ['-y'], ['-e', 'verbose=execve']],
  },
  {
    name: 'decoders-io-uring',
    calls: ['io_uring_setup', 'io_uring_enter', 'io_uring_register'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-s', '1'], ['-y'], ['-e', 'verbose=execve']],
  },
  {
    name: 'decoders-sockopt',
    calls: ['setsockopt', 'getsockopt'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-v', '-X', 'raw'], ['-v', '-X', 'verbose'], ['-x'], ['-xx'], ['-y'], ['-s', '8'], ['-e', 'verbose=execve']],
    masks: [{ why: "SO_PEERCRED's pid is the program's, each run's own", pattern: /(?<=\{pid=)[1-9]\d*/g, renumber: () => true }],
  },
  {
    name: 'decoders-bpf',
    calls: ['bpf'],
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-v', '-X', 'raw'], ['-v', '-X', 'verbose'], ['-x'], ['-s', '2'], ['-y'], ['-e', 'verbose=execve']],
  },
  {
    name: 'decoders-netlink',
    calls: ['sendto', 'recvfrom', 'sendmsg', 'recvmsg', 'sendmmsg', 'recvmmsg'],
    // recvfrom left out of -e verbose=: its buffers print as strings (they hold no inode numbers, ports or counters)
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-s', '8'], ['-y'], ['-e', 'verbose=execve,sendto,sendmsg,recvmsg,sendmmsg,recvmmsg']],
    masks: [
      { why: "lo's packet and byte counters, which every program on the machine moves", pattern: /(?<=\b[rt]x_(?:packets|bytes)=)\d+/g, replace: '<n>' },
      {
        why: 'the inode numbers of the sockets the program makes (fstat, unix_diag, inet_diag, netlink_diag), and the cookie the kernel gives each (renumbered)',
        pattern: /(?<=\bst_ino=|\b[uin]diag_ino=|\bidiag_inode=|\b[uin]diag_cookie=\[|nla_type=(?:UNIX_DIAG_PEER|0x2|0x2 \/\* UNIX_DIAG_PEER \*\/)\}, )\d+/g,
        renumber: (m) => m !== '4294967295',
      },
      {
        why: 'the port the kernel picks for the listening socket (renumbered), as a number and as its bytes',
        pattern: /(?<=\b(?:sin_port|idiag_sport)=(?:"(?:\\x[0-9a-f]{2}){2}" \/\* )?htons\()\d+|(?<=\b(?:sin_port|idiag_sport)=)"(?:\\x[0-9a-f]{2}){2}"/g,
        renumber: (m) => m !== '0' && m !== '"\\x00\\x00"',
      },
    ],
  },
  {
    // the nested link, route and address attributes and sock_diag's replies with every attribute asked for; in a user and network namespace of its own (strace and trace-rec both in it: strace asks the kernel for a netlink socket's protocol
    // in its own namespace), so that the links, their counters and addresses are the program's alone
    name: 'decoders-netlink-nested',
    calls: ['sendto', 'recvfrom'],
    wrap: ['unshare', '-rn'],
    // the nested attributes come after the 32 first of a link: -v shows them
    options: [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-s', '8'], ['-v', '-X', 'raw'], ['-v', '-X', 'verbose'], ['-v', '-x'], ['-v', '-s', '8'], ['-v', '-y']],
    masks: [
      {
        why: "an interface's name is looked up where the output is made (strace: the namespace the program ran in, gone when trace-q runs; trace-q: its own machine's)",
        pattern: /(?<=\bifi_index=)(?:\d+(?: \/\* if_nametoindex\("[^"]*"\) \*\/)?|if_nametoindex\("[^"]*"\))/g,
        replace: '<ifindex>',
      },
      {
        why: "the times each link and address was made or changed (IPv6's link timestamp, an address's cstamp and tstamp), IPv6's random reachable time, and what counts down (the bridge's garbage collection timer, an address's lifetimes in seconds)",
        pattern: /(?<=\b(?:tstamp|cstamp|reachable_time)=|\bifa_(?:prefered|valid)=(?!4294967295\b)|nla_type=(?:IFLA_BR_GC_TIMER|0x13|0x13 \/\* IFLA_BR_GC_TIMER \*\/)\}, )\d+(?: \/\* [\d.]+ s \*\/)?/g,
        replace: '<t>',
      },
      {
        why: 'the inode numbers of the sockets the program makes (fstat, unix_diag, inet_diag, netlink_diag) and of the unix socket\'s file, and the cookie the kernel gives each (renumbered)',
        pattern: /(?<=\bst_ino=|\b[uinp]diag_ino=|\bidiag_inode=|\budiag_vfs_ino=|\b[uinp]diag_cookie=\[)\d+/g,
        renumber: (m) => m !== '4294967295',
      },
    ],
  },
];

describe('trace-q decodes what strace 6.1 decodes for the calls issue 14 named', () => {
  for (const p of programs) {
    it(p.name, { timeout: 300_000 }, () => {
      const argv = [fixture(p.name)];
      const cwd = scratchDir('cwd');
      const db = runRecorder(argv, cwd, undefined, p.wrap);
      for (const o of p.options) {
        const log = runStrace(argv, cwd, o, undefined, p.wrap);
        if (o.length === 0) for (const call of p.calls) expect(log, `${call} in strace's log`).toMatch(new RegExp(`^\\d+ +${call}\\(`, 'm'));
        expectSameAsStrace(log, traceQ(db, o), `${p.name} ${o.join(' ')}`, p.masks);
      }
    });
  }
});

describe('packages/query/scripts/undecoded-syscalls.mjs', () => {
  it('lists none of the calls decoded here, and counts what it lists', () => {
    const r = spawnSync(process.execPath, [undecodedScript], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const names = lines.slice(0, -1);
    expect(lines.at(-1)).toBe(`${names.length} syscalls without a decoder`);
    for (const p of programs) for (const call of p.calls) expect(names).not.toContain(call);
    // every x86_64 syscall has a decoder: one added to the table without one is listed here
    expect(names).toEqual([]);
  });
});

void alignmentOk;
