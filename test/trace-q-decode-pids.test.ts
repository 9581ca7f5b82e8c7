// -Y (--decode-pids=comm, -e decode-pids=comm): test/fixtures/decode-pids.c renames its threads
// and children with prctl(PR_SET_NAME), writes to /proc/self/comm and /proc/self/task/TID/comm,
// and exec, and calls what prints pids (kill, tgkill, tkill, waitid, wait4, getpid, gettid,
// getppid, prlimit64, sched_getparam, getpgid, setpgid, clone, clone3, SIGCHLD's si_pid). It runs
// once under `setarch -R strace -f -Y` (and its other spellings, with -y and -xx) and once under
// trace-rec; the built trace-q renders the recording with the same options, and the two are
// compared line by line (test/support/strace-diff.ts), the pid column's <comm> included.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { scratchDir } from './support/paths.js';
import type { MaskRule } from './support/strace-diff.js';
import { logicalLines, runRecorder, runStrace } from './support/strace-diff.js';
import { expectSameAsStrace, traceQ, traceQBin } from './support/strace-compare.js';


/** Under -xx the worker's tid in /proc/self/task/TID/comm is in hex, where the tid labels cannot reach it. */
const hexTid: MaskRule = { why: "the worker's tid, each run's own, in hex", pattern: /(?<=\\x2f\\x74\\x61\\x73\\x6b\\x2f)(?:\\x3[0-9])+/g, replace: '<tid>' };

describe('trace-q -Y prints each pid with its command name, as strace 6.1 -f -Y', () => {
  it('decode-pids: renamed threads and children, under -Y, --decode-pids=comm, -e decode-pids=comm, with -y and -xx', { timeout: 300_000 }, () => {
    const argv = [fixture('decode-pids')];
    const cwd = scratchDir('cwd');
    const db = runRecorder(argv, cwd);
    const options = [['-Y'], ['--decode-pids=comm', '-y'], ['-e', 'decode-pids=comm', '-xx'], ['-Y', '-e', 'trace=getpid,kill,wait4,prctl']];
    for (const o of options) {
      const log = runStrace(argv, cwd, o);
      // what the fixture is there for must be in strace's log, with names
      if (o[0] === '-Y' && o.length === 1) {
        // on strace's lines, unfinished and resumed halves joined
        const joined = logicalLines(log).map((l) => `${l.tid}${l.comm} ${l.text}`).join('\n');
        for (const want of [/^\d+<main> execve\(/m, /^\d+<worker> gettid\(\) += \d+<by-main>$/m, /^\d+<via-proc> tgkill\(\d+<main>, \d+<worker>, 0\)/m,
          /^\d+<via-proc> --- SIGCHLD \{.*si_pid=\d+<kid>,/m, /^\d+<via-proc> wait4\(\d+<kid>, .*\) += \d+$/m, /^\d+<decode-pids> getppid\(\) += \d+<main>$/m,
          /^\d+<via-proc> getpid\(\) += \d+<\\74tab\\76\\t\\"x\\">$/m, /^\d+<via-proc> kill\(1<[^>]+>, 0\) += 0$/m]) {
          expect(joined).toMatch(want);
        }
      }
      expectSameAsStrace(log, traceQ(db, o), `decode-pids ${o.join(' ')}`, o.includes('-xx') ? [hexTid] : []);
    }
  });

  it('decode-pids-structs: pids inside structures and in the arguments of calls on other tasks, under -Y, -Y -y, -Y -yy, -Y -X verbose and without -Y', { timeout: 300_000 }, () => {
    const argv = [fixture('decode-pids-structs')];
    const cwd = scratchDir('cwd');
    const db = runRecorder(argv, cwd);
    const masks: MaskRule[] = [
      { why: 'the System V IPC ids the kernel hands out', pattern: /(?<=^(?:shmat|shmctl|msgsnd|msgrcv|msgctl)\()\d+|(?<=^(?:shmget|msgget)\(.*\) += )\d+$/g, replace: '<ipc>' },
      { why: 'the seconds the IPC objects were used at', pattern: /(?<=_[acdsr]time=)\d+/g, replace: '<t>' },
      { why: "where the shared memory is attached", pattern: /(?<=^shmat\(.*\) += |^shmdt\()0x[0-9a-f]+/g, replace: '<addr>' },
      {
        why: 'pids the tid labels do not reach (IPC fields, lock owners, F_SETOWN, move_pages, prctl, netlink, a pidfd\'s process), each run its own; and the process group, the tracer\'s',
        pattern: /(?<=shm_[cl]pid=|msg_l[sr]pid=|l_pid=|nlmsg_pid=|nl_pid=|<pid:|F_SETOWN(?: \*\/)?, -?|F_GETOWN(?: \*\/)?\) += -?|F_OWNER_PGRP(?: \*\/)?, pid=|^move_pages\(|^migrate_pages\(|PR_SET_PTRACER(?: \*\/)?, |^perf_event_open\(NULL, )\d+/g,
        renumber: () => true,
      },
      { why: "a socket's inode, and its unix peer's, are each run's own", pattern: /(?<=<[A-Z][A-Za-z0-9/-]*:\[)\d+(?=[\],-])|(?<=:\[\d+->)\d+(?=[\],])/g, renumber: () => true },
      { why: "a netlink socket's port id is its process's pid", pattern: /(?<=NETLINK:\[ROUTE:)\d+/g, renumber: () => true },
      { why: "the thread timer_create names, which no tid label reaches", pattern: /(?<=sigev_notify_thread_id=)\d+/g, renumber: () => true },
    ];
    for (const o of [['-Y'], ['-Y', '-y'], ['-Y', '-yy'], ['-Y', '-X', 'verbose'], []]) {
      const log = runStrace(argv, cwd, o);
      if (o.length === 1) {
        const joined = logicalLines(log).map((l) => `${l.tid}${l.comm} ${l.text}`).join('\n');
        for (const want of [/SO_PEERCRED, \{pid=\d+<structs>,/, /cmsg_data=\{pid=\d+<structs>,/, /cmsg_data=\{pid=2147483632,/, /F_SETOWN, \d+<structs>\)/,
          /F_GETOWN\) += \d+<structs>$/m, /F_SETOWN, -\d+\)/, /F_OWNER_TID, pid=\d+<structs>\}/, /F_OWNER_PGRP, pid=\d+\}/, /shm_cpid=\d+<structs>, shm_lpid=\d+<structs>,/,
          /msg_lspid=\d+, msg_lrpid=\d+\}/, /rt_tgsigqueueinfo\(\d+<structs>, \d+<structs>, SIGUSR1, \{.*si_pid=\d+<structs>,/, /ptrace\(PTRACE_PEEKUSER, 1<[^>]+>,/,
          /ptrace\(PTRACE_INTERRUPT, \d+<kid>\)/, /l_pid=\d+<structs>\}/, /move_pages\(\d+<structs>,/, /capget\(\{version=_LINUX_CAPABILITY_VERSION_3, pid=\d+<structs>\}/,
          /perf_event_open\(NULL, \d+, /, /PR_SET_PTRACER, \d+<structs>\)/, /PR_SET_PTRACER, PR_SET_PTRACER_ANY\)/, /WEXITED\|WNOWAIT, NULL\)/,
          /waitid\(P_PID, \d+<kid>, \{.*si_pid=\d+, .*\}, WEXITED, NULL\) += 0$/m, /nlmsg_pid=\d+<structs>\}/, /nl_pid=\d+<structs>,/, /sigev_notify_thread_id=\d+\}/]) {
          expect(joined).toMatch(want);
        }
      }
      if (o.includes('-yy')) expect(log).toMatch(/pidfd_send_signal\(\d+<pid:\d+<structs>>, 0, NULL, 0\) += 0$/m);
      expectSameAsStrace(log, traceQ(db, o), `decode-pids-structs ${o.join(' ')}`, masks);
    }
  });

  it('refuses a decode-pids set it does not know, in one line, exit 2', () => {
    const db = runRecorder([fixture('hello')], scratchDir('cwd'));
    for (const [args, message] of [
      [['--decode-pids=bogus'], "trace-q: --decode-pids takes pidns, comm, all or none; got 'bogus'\n"],
      [['-e', 'decode-pids=comm,x'], "trace-q: --decode-pids takes pidns, comm, all or none; got 'x'\n"],
    ] as const) {
      const r = spawnSync(process.execPath, [traceQBin, db, ...args], { encoding: 'utf8' });
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(message);
      expect(r.status).toBe(2);
    }
  });
});
