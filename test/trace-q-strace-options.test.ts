// strace's options, given to the trace-q command line, print what strace 6.1 prints with the
// same options for the same run: -e signal= (and --signal=), -e trace=none with signal=,
// -q/-qq/-qqq, -e read=/write= hex dumps, -e raw=, -e verbose=, -e abbrev=, -o FILE and
// -ff -o FILE. Each program runs once under `setarch -R strace -f OPTIONS -o LOG` and once
// under trace-rec; the built trace-q bin renders the recording with the same OPTIONS, and the
// two are compared by the harness of trace-q-strace.test.ts (test/support/strace-diff.ts).

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, scratchDir } from './support/paths.js';
import type { Comparison } from './support/strace-diff.js';
import { alignmentOk, compareLogs, runControlled, runRecorder, runStrace } from './support/strace-diff.js';

const traceQBin = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');

function traceQ(db: string, args: readonly string[]): string {
  const r = spawnSync(process.execPath, [traceQBin, db, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.error) throw r.error;
  expect(r.stderr, `trace-q ${args.join(' ')}`).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

/** Dump lines (" | 00000  …", " * N bytes in buffer I") have no tid column: each goes with the line above it. */
const joinDumps = (text: string): string => text.replace(/\n( \| | \* )/g, ' \u21b5$1');

function explain(c: Comparison): string {
  return [...c.diffs.slice(0, 20).map((d) => `  [${d.thread}] ${d.strace !== null ? `strace: ${d.strace}` : `trace-q: ${d.rendered}`}`), ...c.misaligned.slice(0, 5)].join('\n');
}

/** `aligned`: the ret column is where strace puts it (false: the tid column was added to lines that had none). */
function expectSame(straceLog: string, ours: string, what: string, aligned = true, align = 40): void {
  const c = compareLogs(joinDumps(straceLog), joinDumps(ours), [], align);
  expect(c.diffs, `${what}\n${explain(c)}`).toEqual([]);
  if (aligned) expect(c.misaligned, what).toEqual([]);
  expect(c.identical, what).toBe(c.lines - c.timingOnly[0]);
  expect(c.identical, what).toBe(c.renderedLines - c.timingOnly[1]);
}

interface Program {
  readonly name: string;
  readonly argv: () => string[];
  /** strace's options, given the same to trace-q; [strace's, trace-q's] where they are spelled differently. */
  readonly options: readonly (readonly string[] | readonly [readonly string[], readonly string[]])[];
}

const programs: Program[] = [
  {
    name: "sh -c 'echo a | cat'",
    argv: () => ['sh', '-c', 'echo a | cat'],
    options: [
      ['-e', 'signal=none'],
      ['-e', 'signal=all'],
      ['-e', 'signal=!SIGCHLD'],
      ['-e', 'signal=17'],
      ['-e', 'signal=chld,SIGUSR1'],
      ['--signal=SIGCHLD'],
      ['-e', 'trace=none', '-e', 'signal=SIGCHLD'],
      ['-e', 'trace=none'],
      ['-q'],
      ['-qq'],
      ['-qqq'],
      ['-e', 'quiet=exit'],
    ],
  },
  {
    name: 'fixture signals fatal',
    argv: () => [fixture('signals'), 'fatal'],
    // killed by a signal left out: no "+++ killed by" line, and the kill() line stays unterminated
    options: [['-e', 'signal=none'], ['-e', 'signal=SIGTERM'], ['-e', 'signal=!SIGTERM'], ['-qqq']],
  },
  {
    name: 'fixture signals caught',
    argv: () => [fixture('signals'), 'caught'],
    // verbose off: rt_sigaction's structs and rt_sigreturn's mask print as addresses
    options: [['-e', 'signal=SIGUSR1'], ['-e', 'signal=!usr1'], ['-e', 'verbose=execve'], ['-e', 'raw=rt_sigaction,rt_sigreturn']],
  },
  { name: 'fixture thread-exec', argv: () => [fixture('thread-exec')], options: [['-qq'], ['-qqq']] },
  {
    name: 'fixture rw-data',
    argv: () => [fixture('rw-data')],
    options: [
      ['-e', 'read=all', '-e', 'write=all'],
      [['-e', 'read=3', '-e', 'write=4,6'], ['--read=3', '--write', '4,6']],
      ['-e', 'write=!4', '-e', 'read=!3,5'],
      ['-e', 'read=none', '-e', 'write=42'],
      // not all: the first execve's pointers are in the launcher (strace's child, trace-rec's env -i), and tids print in hex
      ['-e', 'raw=!execve,set_tid_address'],
      ['-e', 'raw=read,write,openat', '-e', 'read=3'],
      // execve kept verbose: without, its argv and envp print as pointers into the launcher
      ['-e', 'verbose=execve'],
      ['-e', 'verbose=!readv,sendmsg'],
      ['-e', 'abbrev=none'],
    ],
  },
  {
    // not /: its listing shows /proc's link count, the number of processes, which other tests change
    name: 'ls -l /usr',
    argv: () => ['ls', '-l', '/usr'],
    // newfstatat and statx stay abbreviated: the full stat of the output file differs between two runs
    options: [['-e', 'verbose=execve'], ['-e', 'abbrev=!getdents64'], ['-v', '-e', 'abbrev=newfstatat,statx'], ['-e', 'raw=/stat|open|xattr']],
  },
  { name: 'ls /', argv: () => ['ls', '/'], options: [['-v', '-e', 'abbrev=newfstatat'], ['-e', 'verbose=!getdents64']] },
  // strace's other spellings of the same options: long names, attached values, optional values
  {
    name: "sh -c 'echo a | cat', strace's other spellings",
    argv: () => ['sh', '-c', 'echo a | cat'],
    // the filters keep the clone lines: the harness labels the processes by them
    options: [
      ['--trace=clone,wait4,openat,read,close'],
      ['-etrace=%process'],
      ['--quiet=attach,exit'],
      ['--signal=!SIGCHLD'],
      ['--columns=60'],
      ['-a60'],
      ['--decode-pids=pidns'],
      // the harness gives strace -f already
      [[], ['-f']],
    ],
  },
  {
    name: "fixture rw-data, strace's other spellings",
    argv: () => [fixture('rw-data')],
    options: [
      ['--trace=read,write'],
      ['-eread,write'],
      ['-etrace=%network'],
      ['--status=failed'],
      ['--status=unfinished'],
      ['-e', 'status=successful,unfinished'],
      ['--status=!successful'],
      ['--status=detached'],
      ['--failed-only'],
      ['--successful-only'],
      ['--trace-path=/etc/ld.so.cache'],
      ['-P/etc/ld.so.cache'],
      ['-Xverbose'],
      ['-Xraw'],
      ['-Xabbrev'],
      ['--const-print-style=verbose'],
      ['--strings-in-hex'],
      ['--strings-in-hex=non-ascii'],
      ['--strings-in-hex=all'],
      ['-s8'],
      ['--decode-fds'],
      ['--decode-fds=path'],
      ['-e', 'decode-fds=path'],
      ['-edecode-fds=none'],
      ['--abbrev=none'],
      ['--verbose=execve'],
      ['--raw=read,write'],
      ['-eread=3', '--write=4'],
    ],
  },
];

describe('trace-q with strace options prints what strace prints with them', () => {
  for (const p of programs) {
    it(p.name, { timeout: 300_000 }, () => {
      const cwd = scratchDir('cwd');
      // relatime: the first read of a directory since it changed sets its atime, which -v shows
      // (ls / -v: statx's stx_atime); an untraced run first, so that neither traced run does
      runControlled(p.argv(), cwd, 60_000);
      const db = runRecorder(p.argv(), cwd);
      for (const o of p.options) {
        const [theirs, ours] = Array.isArray(o[0]) ? (o as [string[], string[]]) : [o as string[], o as string[]];
        const log = runStrace(p.argv(), cwd, theirs);
        const column = /^(?:-a|--columns=)(\d+)$/.exec(ours.join(' '));
        expectSame(log, traceQ(db, ours), `${p.name} ${ours.join(' ')}`, true, column ? Number(column[1]) : 40);
      }
    });
  }
});

describe('-o FILE and -ff -o FILE', () => {
  it('-o writes the view to FILE, nothing to stdout', () => {
    const cwd = scratchDir('cwd');
    const db = runRecorder([fixture('hello')], cwd);
    const out = path.join(scratchDir('out'), 'trace.txt');
    expect(traceQ(db, ['-o', out, '-e', 'signal=none'])).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(text).toBe(traceQ(db, ['-e', 'signal=none']));
    expectSame(runStrace([fixture('hello')], cwd), text, 'hello -o');
    // -c goes there too, as strace's -c -o does
    expect(traceQ(db, ['-c', '-o', out])).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(traceQ(db, ['-c']));
  });

  it('-ff -o FILE writes FILE.TID for each thread, as strace -ff -o does', { timeout: 120_000 }, () => {
    const argv = ['sh', '-c', 'echo a | cat; /bin/true'];
    const cwd = scratchDir('cwd');
    const sdir = scratchDir('ff-strace');
    const r = runControlled(['strace', '-ff', '-o', path.join(sdir, 'log'), '--', ...argv], cwd, 120_000);
    expect(r.status).toBe(0);
    const db = runRecorder(argv, cwd);
    const qdir = scratchDir('ff-trace-q');
    expect(traceQ(db, ['-ff', '-o', path.join(qdir, 'out')])).toBe('');
    expect(traceQ(db, ['--output-separately', '-o', path.join(qdir, 'again')])).toBe('');
    /** The files as one `strace -f -o` log: each file's lines behind its tid, the files in tid order. */
    const merged = (dir: string, base: string): { files: number; text: string } => {
      const tids = readdirSync(dir)
        .filter((f) => f.startsWith(`${base}.`))
        .map((f) => Number(f.slice(base.length + 1)))
        .sort((a, b) => a - b);
      let text = '';
      for (const tid of tids) {
        const body = readFileSync(path.join(dir, `${base}.${tid}`), 'utf8');
        expect(body, `${base}.${tid}`).not.toMatch(/^\d+ /m);
        for (const line of body.split('\n').filter((l) => l !== '')) {
          expect(alignmentOk(line), line).toBe(true);
          text += `${tid} ${line}\n`;
        }
      }
      return { files: tids.length, text };
    };
    const theirs = merged(sdir, 'log');
    const ours = merged(qdir, 'out');
    expect(ours.files).toBe(4);
    expect(ours.files).toBe(theirs.files);
    // each thread alone in its file: no line is cut by another thread's
    expect(ours.text).not.toMatch(/<unfinished \.\.\.>|resumed>/);
    expectSame(theirs.text, ours.text, '-ff', false);
    expect(merged(qdir, 'again').text).toBe(ours.text);
  });

  it('bad -o uses: one line, exit 2', () => {
    const db = runRecorder([fixture('hello')], scratchDir('cwd'));
    for (const [args, message] of [
      [['-o', '/nonexistent-dir/x'], /^trace-q: cannot write \/nonexistent-dir\/x: no such directory\n$/],
      [['-o', db], /^trace-q: -o .* is the recording itself\n$/],
      [['-o', '/dev/full'], /^trace-q: cannot write the output: no space left on device \(ENOSPC\)\n$/],
      [['--html', '/dev/full'], /^trace-q: cannot write the output: no space left on device \(ENOSPC\)\n$/],
      [['--output-separately'], /^trace-q: --output-separately writes FILE\.TID files: it needs -o FILE\n$/],
      [['-ff', '-o', 'x', '--tree'], /^trace-q: -ff\/--output-separately splits the strace view by thread/],
      [['-e', 'read=three'], /^trace-q: -e read= wants a whole number, got 'three'\n$/],
      [['-e', 'fault=all'], /^trace-q: -e fault= acts while tracing: it makes syscalls fail; trace-q reads a recording made already\n$/],
    ] as [string[], RegExp][]) {
      const r = spawnSync(process.execPath, [traceQBin, db, ...args], { encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync('x.1')).toBe(false);
    // the recording refused as -o is still whole
    expect(traceQ(db, ['--syscall', 'exit_group'])).toMatch(/exit_group\(0\)/);
  });
});

describe("strace's options that act while tracing", () => {
  it('one line each saying so (and where trace-rec has them), exit 2', () => {
    const db = runRecorder([fixture('hello')], scratchDir('cwd'));
    for (const [args, message] of [
      [['-e', 'inject=openat:error=ENOENT'], /^trace-q: -e inject= acts while tracing: it changes what syscalls do; trace-q reads a recording made already\n$/],
      [['--inject=all:error=EIO'], /^trace-q: --inject acts while tracing/],
      [['-efault=openat'], /^trace-q: -e fault= acts while tracing/],
      [['-e', 'kvm=vcpu'], /^trace-q: -e kvm= acts while tracing/],
      [['-b', 'execve'], /^trace-q: -b acts while tracing: it detaches from the program; trace-q reads a recording made already\n$/],
      [['--detach-on=execve'], /^trace-q: --detach-on acts while tracing/],
      [['-D'], /^trace-q: -D acts while tracing: it chooses how the tracer runs/],
      [['-DDD'], /^trace-q: -D acts while tracing/],
      [['--daemonize=session'], /^trace-q: --daemonize acts while tracing/],
      [['-E', 'LANG=C'], /^trace-q: -E acts while tracing: it sets the program's environment; trace-q reads a recording made already \(trace-rec has it: trace-rec -E VAR=VAL -- PROG\)\n$/],
      [['--env=TZ'], /^trace-q: --env acts while tracing: .*\(trace-rec has it: trace-rec -E VAR=VAL -- PROG\)\n$/],
      [['-u', 'nobody'], /^trace-q: -u acts while tracing: it chooses the user the program runs as; .*\(trace-rec has it: trace-rec -u USER -- PROG\)\n$/],
      [['--seccomp-bpf'], /^trace-q: --seccomp-bpf acts while tracing: it chooses the stops \(a recording has them all\)/],
      [['-I', '2'], /^trace-q: -I acts while tracing/],
      [['-k'], /^trace-q: -k acts while tracing: it unwinds the stack at each stop/],
      [['-d'], /^trace-q: -d acts while tracing/],
      [['-fd'], /^trace-q: -d acts while tracing/],
      // not done yet: said so, not ignored
      [['--decode-pids=pidns,bogus'], /^trace-q: --decode-pids takes pidns, comm, all or none; got 'bogus'\n$/],
      [['--decode-fds=sockets'], /^trace-q: -e decode-fds= takes path, socket, dev, pidfd, all or none; got 'sockets'\n$/],
      [['-y', '-e', 'decode-fds=socket'], /^trace-q: -y and --decode-fds cannot be provided simultaneously\n$/],
      [['--strings-in-hex=octal'], /^trace-q: --strings-in-hex takes non-ascii or all; got 'octal'\n$/],
      [['--status=finished'], /^trace-q: -e status= takes successful, failed, unfinished, unavailable, detached, all or none; got 'finished'\n$/],
    ] as [string[], RegExp][]) {
      const r = spawnSync(process.execPath, [traceQBin, db, ...args], { encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('strace -e status= names the same statuses', () => {
    // the names trace-q takes are strace 6.1's: each is accepted by strace too
    for (const st of ['successful', 'failed', 'unfinished', 'unavailable', 'detached']) {
      const r = runControlled(['strace', '-e', `status=${st}`, '-o', '/dev/null', '--', '/bin/true'], scratchDir('cwd'), 30_000);
      expect(r.status, st).toBe(0);
    }
  });
});

describe('-r and -T to a precision, --absolute-timestamps', () => {
  // durations differ between two runs: their digits are masked, their form (width, digits after
  // the point) is compared; the lines without their time prefix go through the harness's masks
  const LEADER = /^(\d+ +)((?:\d\d:\d\d:\d\d(?:\.\d+)? |\d+\.\d+ )?(?:\(\+ *\d+(?:\.\d+)?\) | *\d+(?:\.\d+)? )?)(.*?)( <\d+(?:\.\d+)?>)?$/;
  const split = (text: string): { forms: string[]; body: string } => {
    const forms: string[] = [];
    const body = text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const m = LEADER.exec(l)!;
        forms.push(`${m[2]}|${m[4] ?? ''}`.replace(/\d/g, 'd'));
        return `${m[1]}${m[3]}`;
      })
      .join('\n');
    return { forms, body: `${body}\n` };
  };

  it.each([
    [['--syscall-times=ns'], ['--syscall-times=ms'], ['--syscall-times=s'], ['--syscall-times'], ['-T']],
    [['--relative-timestamps=ns'], ['--relative-timestamps=ms'], ['--relative-timestamps=s'], ['--relative-timestamps'], ['-r', '--syscall-times=ns']],
    [['--absolute-timestamps', '-r'], ['--timestamps=time,us', '--relative-timestamps=ns'], ['--absolute-timestamps=format:unix,precision:us', '-T']],
  ])('%j…', { timeout: 120_000 }, (...options) => {
    const argv = [fixture('hello')];
    const cwd = scratchDir('cwd');
    const db = runRecorder(argv, cwd);
    for (const o of options) {
      const theirs = split(runStrace(argv, cwd, o));
      const ours = split(traceQ(db, o));
      expect(ours.forms.join('\n'), o.join(' ')).toMatch(/d/);
      expect(ours.forms, o.join(' ')).toEqual(theirs.forms);
      const c = compareLogs(theirs.body, ours.body);
      expect(c.diffs, `${o.join(' ')}\n${explain(c)}`).toEqual([]);
      expect(c.identical, o.join(' ')).toBe(c.lines);
      expect(c.identical, o.join(' ')).toBe(c.renderedLines);
    }
  });

  it('a precision or a format trace-q does not print: one line, exit 2', () => {
    const db = runRecorder([fixture('hello')], scratchDir('cwd'));
    for (const [args, message] of [
      [['--syscall-times=ps'], /^trace-q: --syscall-times takes s, ms, us or ns; got 'ps'\n$/],
      [['--absolute-timestamps=unix,ns'], /^trace-q: --absolute-timestamps=unix,ns: trace-q prints time \(-t\), time,us \(-tt\) and unix,us \(-ttt\)\n$/],
      [['--absolute-timestamps=iso'], /^trace-q: --absolute-timestamps takes a format/],
    ] as [string[], RegExp][]) {
      const r = spawnSync(process.execPath, [traceQBin, db, ...args], { encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
