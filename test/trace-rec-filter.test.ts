// trace-rec -e trace=SET (strace --seccomp-bpf): only the selected syscalls stop. What a filtered
// recording shows must be what a full recording of the same program shows through trace-q's
// -e trace=SET, and what strace --seccomp-bpf -e trace=SET prints; signals, exits, children and
// threads are still there; trace-q says the recording is partial and trace-replay refuses it.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, scratchDir, traceRecBin } from './support/paths.js';
import { readSyscalls } from './support/recording.js';
import type { Comparison } from './support/strace-diff.js';
import { compareLogs, logicalLines, runControlled, runRecorder, runStrace } from './support/strace-diff.js';

const traceQBin = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');
const traceReplayBin = path.join(repoRoot, 'packages', 'replay', 'bin', 'trace-replay.js');

interface Out {
  status: number | null;
  out: string;
  err: string;
}

function run(bin: string, args: readonly string[], cwd?: string): Out {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd, timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function traceQ(db: string, args: readonly string[] = []): Out {
  const r = run(traceQBin, [db, ...args]);
  expect(r.status, r.err).toBe(0);
  return r;
}

/** trace-rec -e trace=SET PROG in `cwd`, as the harness runs strace: its exit status, its stderr, the recording. */
function recordFiltered(argv: readonly string[], cwd: string, set: string, spelling: readonly string[] = ['-e', `trace=${set}`]): { status: number | null; stderr: string; db: string } {
  const db = path.join(scratchDir('rec-filter'), 'trace.db');
  const r = runControlled([process.execPath, traceRecBin, '-q', '-o', db, ...spelling, '--', ...argv], cwd, 120_000);
  expect(existsSync(db), r.stderr).toBe(true);
  return { status: r.status, stderr: r.stderr, db };
}

function explain(c: Comparison): string {
  return c.diffs
    .slice(0, 20)
    .map((d) => `  [${d.thread}] ${d.strace !== null ? `expected: ${d.strace}` : `filtered: ${d.rendered}`}`)
    .join('\n');
}

/** The same lines, thread by thread (threads named by creation, not by their ids). */
function expectSame(expected: string, ours: string, what: string): void {
  const c = compareLogs(expected, ours);
  expect(c.diffs, `${what}\n${explain(c)}`).toEqual([]);
  expect(c.misaligned, what).toEqual([]);
  expect(c.lines, what).toBe(c.renderedLines);
}

/**
 * Each thread's lines, thread ids as TID: for logs without the clone lines that tell which thread
 * is which (-e trace=openat), compared as a sorted list of threads.
 */
function threadLines(log: string): string[] {
  const lines = logicalLines(log);
  const tids = new Set(lines.map((l) => l.tid));
  const mask = (text: string): string => text.replace(/\b\d+\b/g, (n) => (tids.has(Number(n)) ? 'TID' : n));
  const byTid = new Map<number, string[]>();
  for (const l of lines) byTid.set(l.tid, [...(byTid.get(l.tid) ?? []), mask(l.text)]);
  return [...byTid.values()].map((ls) => ls.join('\n')).sort();
}

/** The partial recording against a full recording of the same program shown through trace-q -e trace=SET. */
function expectSameAsFull(argv: readonly string[], cwd: string, set: string, status = 0, same = expectSame): { db: string; shown: string } {
  const full = runRecorder(argv, cwd);
  const part = recordFiltered(argv, cwd, set);
  expect(part.status, part.stderr).toBe(status);
  const shown = traceQ(part.db).out;
  expect(shown.split('\n').length).toBeGreaterThan(3);
  same(traceQ(full, ['-e', `trace=${set}`]).out, shown, `${argv.join(' ')} -e trace=${set}`);
  return { db: part.db, shown };
}

const names = (db: string): Set<string> => new Set(readSyscalls(db).map((s) => s.name));

function filesDir(): string {
  const dir = scratchDir('filter-cat');
  for (const n of ['a', 'b', 'c']) writeFileSync(path.join(dir, n), `file ${n}\n`);
  return dir;
}

describe('trace-rec -e trace=SET: the same lines as a full recording filtered by trace-q', () => {
  it('cat of three files, -e trace=openat: the openat lines, strace --seccomp-bpf\'s too, and no other syscall stops', () => {
    const cwd = filesDir();
    const argv = ['cat', 'a', 'b', 'c'];
    const { db, shown } = expectSameAsFull(argv, cwd, 'openat');
    expect(shown).toMatch(/^\d+ +openat\(AT_FDCWD, "b", O_RDONLY\) += 3$/m);
    expect([...names(db)]).toEqual(['openat']);
    expectSame(runStrace(argv, cwd, ['--seccomp-bpf', '-e', 'trace=openat']), shown, 'strace --seccomp-bpf');
    // and far fewer stops than a full recording
    const full = runRecorder(argv, cwd);
    expect(readSyscalls(db).length).toBeLessThan(readSyscalls(full).length / 2);
  });

  it('ls -l /usr, -e trace=%file: the file syscalls only, as strace --seccomp-bpf prints them', () => {
    const cwd = scratchDir('filter-ls');
    const argv = ['ls', '-l', '/usr'];
    const { db, shown } = expectSameAsFull(argv, cwd, '%file');
    for (const n of names(db)) expect(['openat', 'execve', 'statx', 'newfstatat', 'readlink', 'getxattr', 'lgetxattr', 'access', 'statfs', 'stat', 'lstat', 'open']).toContain(n);
    expect(names(db)).not.toContain('read');
    expect(names(db)).not.toContain('write');
    expectSame(runStrace(argv, cwd, ['--seccomp-bpf', '-e', 'trace=%file']), shown, 'strace --seccomp-bpf %file');
  });

  it("-y names descriptors whose opening call did not stop, as strace --seccomp-bpf -y reads them from /proc", () => {
    const cwd = filesDir();
    const argv = ['cat', 'a', 'b'];
    const { db } = recordFiltered(argv, cwd, 'read,close,copy_file_range');
    const shown = traceQ(db, ['-y']).out;
    expect(shown).toMatch(/^\d+ +close\(3<[^>]*\/b>\) += 0$/m);
    expectSame(runStrace(argv, cwd, ['--seccomp-bpf', '-y', '-e', 'trace=read,close,copy_file_range']), shown, 'strace --seccomp-bpf -y');
  });

  it('negation: cat with -e trace=!/^(read|write|mmap)$ (every syscall but those)', () => {
    const cwd = filesDir();
    const { db } = expectSameAsFull(['cat', 'a', 'b', 'c'], cwd, '!/^(read|write|mmap)$');
    const seen = names(db);
    for (const n of ['read', 'write', 'mmap']) expect(seen).not.toContain(n);
    for (const n of ['openat', 'close', 'newfstatat', 'exit_group']) expect(seen).toContain(n);
  });

  it('a C fixture that forks a child that starts threads: the children inherit the filter; signals and exit status kept', () => {
    const cwd = scratchDir('filter-tree');
    const argv = [fixture('filter-tree')];
    const sameThreads = (a: string, b: string, what: string): void => expect(threadLines(b), what).toEqual(threadLines(a));
    const { db, shown } = expectSameAsFull(argv, cwd, 'openat', 7, sameThreads);
    // the parent's, the child's two threads' (one of them failing), then the parent's after the signal
    expect(shown).toMatch(/^\d+ +openat\(AT_FDCWD, "\/etc\/passwd", O_RDONLY\) = 3$/m);
    expect(shown).toMatch(/^\d+ +openat\(AT_FDCWD, "\/nonexistent\/filter-tree", O_RDONLY\) = -1 ENOENT/m);
    expect(shown).toMatch(/^\d+ +--- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_TKILL,/m);
    expect(shown).toMatch(/^\d+ +--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_EXITED,/m);
    expect(shown).toMatch(/^\d+ +\+\+\+ exited with 7 \+\+\+$/m);
    expect(shown).toMatch(/^\d+ +\+\+\+ exited with 3 \+\+\+$/m);
    expect(new Set(readSyscalls(db).map((s) => s.pid)).size).toBe(3); // the parent and the two threads opened files
    expect(shown.match(/\+\+\+ exited with \d \+\+\+/g)).toHaveLength(4); // and the child ended too
    sameThreads(runStrace(argv, cwd, ['--seccomp-bpf', '-e', 'trace=openat']), shown, 'strace --seccomp-bpf');
  });

  it('%process on the same fixture: fork, clone3, exits and waits, nothing else', () => {
    const cwd = scratchDir('filter-tree-process');
    const argv = [fixture('filter-tree')];
    // clone3's parent_tid word is the thread's CLONE_CHILD_CLEARTID word too: a thread that ended
    // before the tracer read it at clone3's exit shows 0 (in strace's runs as in trace-rec's)
    const word = (log: string): string => log.replace(/=> \{parent_tid=\[\d+\]\}/g, '=> {parent_tid=[N]}');
    const { db, shown } = expectSameAsFull(argv, cwd, '%process', 7, (a, b, what) => expectSame(word(a), word(b), what));
    expect([...names(db)].sort()).toEqual(['clone', 'clone3', 'execve', 'exit', 'exit_group', 'tgkill', 'wait4']);
    expectSame(word(runStrace(argv, cwd, ['--seccomp-bpf', '-e', 'trace=%process'])), word(shown), 'strace --seccomp-bpf %process');
  });

  it('i386 calls (int $0x80) are traced as strace traces them: by their i386 numbers', () => {
    const cwd = scratchDir('filter-int80');
    const argv = [fixture('int80')];
    const { shown } = expectSameAsFull(argv, cwd, 'open,getpid,write');
    expect(shown).toMatch(/^\d+ +open\("\/nonexistent\/int80", O_RDONLY\) += -1 ENOENT/m);
    expect(shown).toMatch(/^\d+ +write\(1, "hello int80\\n", 12\) += 12$/m);
    expect(shown).toMatch(/^\d+ +syscall_0x3e7\(/m); // beyond the i386 table: strace traces it whatever the set
    expectSame(runStrace(argv, cwd, ['--seccomp-bpf', '-e', 'trace=open,getpid,write']), shown, 'strace --seccomp-bpf int80');
  });

  it("strace's spellings: -etrace=SET, --trace=SET, -e SET, with or without --seccomp-bpf", () => {
    const cwd = filesDir();
    const argv = ['cat', 'a'];
    const lines = (db: string): string => traceQ(db).out.replace(/^\d+ +/gm, '');
    const first = recordFiltered(argv, cwd, 'openat');
    expect(first.status).toBe(0);
    for (const spelling of [['-etrace=openat'], ['--trace=openat'], ['-e', 'openat'], ['--seccomp-bpf', '-e', 'trace=openat']]) {
      const r = recordFiltered(argv, cwd, 'openat', spelling);
      expect(r.status, spelling.join(' ')).toBe(0);
      expect(lines(r.db), spelling.join(' ')).toBe(lines(first.db));
    }
  });

  it('--seccomp-bpf alone changes nothing: every syscall stops, no filter recorded', () => {
    const cwd = filesDir();
    const r = recordFiltered(['cat', 'a'], cwd, '', ['--seccomp-bpf']);
    expect(r.status, r.stderr).toBe(0);
    for (const n of ['read', 'mmap', 'close']) expect(names(r.db)).toContain(n);
    const info = traceQ(r.db, ['--info']).out;
    expect(info).toMatch(/^filter +all \(recorded without -e trace=\)$/m);
    expect(info).not.toContain('"filter"');
    expect(traceQ(r.db).err).toBe('');
  });
});

describe('a partial recording says so, and cannot be replayed', () => {
  it('recording.options has the set and its numbers; --info says partial; renderings note it once on stderr', () => {
    const cwd = filesDir();
    const { db } = recordFiltered(['cat', 'a'], cwd, 'openat,%signal');
    const info = traceQ(db, ['--info']);
    expect(info.err).toBe('');
    const options = JSON.parse(/^options +(.*)$/m.exec(info.out)![1]) as { filter: { trace: string; x86_64: number[]; i386: number[] }; pin: boolean };
    expect(options.filter.trace).toBe('openat,%signal');
    expect(options.filter.x86_64).toContain(257);
    expect(options.filter.x86_64).toContain(13); // rt_sigaction
    expect(options.filter.x86_64).not.toContain(0); // read
    expect(options.filter.i386).toContain(295); // i386 openat
    expect(options.pin).toBe(false);
    expect(info.out).toMatch(/^filter +partial: only trace=openat,%signal stopped \(\d+ x86_64 and \d+ i386 syscall numbers\)$/m);
    const note = 'trace-q: note: partial recording: only the syscalls in trace=openat,%signal stopped (trace-rec -e trace=openat,%signal)\n';
    for (const view of [[], ['-c'], ['--format', 'json'], ['-e', 'trace=openat']]) expect(traceQ(db, view).err, view.join(' ')).toBe(note);
  });

  it('--format json and ndjson say it in their header (schemas/trace-q-*.schema.json)', () => {
    const cwd = filesDir();
    const { db } = recordFiltered(['cat', 'a'], cwd, 'openat');
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    for (const name of ['trace-q-ndjson', 'trace-q-json']) ajv.addSchema(JSON.parse(readFileSync(path.join(repoRoot, 'schemas', `${name}.schema.json`), 'utf8')) as object);
    const json = JSON.parse(traceQ(db, ['--format', 'json']).out) as { partial?: unknown; events: unknown[] };
    expect(json.partial).toEqual({ trace: 'openat' });
    expect(json.events.length).toBeGreaterThan(1);
    expect(ajv.getSchema('trace-q-json.schema.json')!(json), ajv.errorsText()).toBe(true);
    const header = JSON.parse(traceQ(db, ['--format', 'ndjson']).out.split('\n')[0]) as unknown;
    expect(header).toEqual({ kind: 'header', format_version: 1, partial: { trace: 'openat' } });
    expect(ajv.getSchema('trace-q-ndjson.schema.json')!(header), ajv.errorsText()).toBe(true);
    // a full recording's header has none
    const full = runRecorder(['cat', 'a'], cwd);
    expect(JSON.parse(traceQ(full, ['--format', 'ndjson']).out.split('\n')[0])).toEqual({ kind: 'header', format_version: 1 });
  });

  it('trace-replay refuses it (inject and --verify) with one line and exit 2', () => {
    const cwd = filesDir();
    const { db } = recordFiltered(['cat', 'a'], cwd, 'openat');
    for (const args of [[db], ['--verify', db], ['--force', db]]) {
      const r = run(traceReplayBin, args, cwd);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.err).toBe(`trace-replay: ${db}: a partial recording (trace-rec -e trace=openat): the syscalls it did not stop at are not in it, so it cannot be replayed\n`);
    }
  });
});

describe('bad sets and options: one line, exit 2, nothing recorded', () => {
  it.each([
    [['-e', 'trace=nosuch'], "trace-rec: unknown syscall 'nosuch'\n"],
    [['-e', 'trace=%bogus'], "trace-rec: unknown syscall class '%bogus' (known: %file %process %network %net %signal %ipc %desc %memory %creds %clock %pure %stat %lstat %fstat %%stat %statfs %fstatfs %%statfs)\n"],
    [['-e', 'trace='], "trace-rec: empty syscall set ''\n"],
    [['--trace=/['], "trace-rec: invalid regular expression '[': Invalid regular expression: /[/: Unterminated character class\n"],
    [['-e', 'trace=openat,!read'], "trace-rec: '!' negates a whole syscall set and must come first: 'openat,!read'\n"],
    [['-e', 'trace=openat', '--replayable'], 'trace-rec: --replayable records every syscall: it does not go with -e trace= (trace-replay cannot replay a partial recording)\n'],
    [['-e', 'trace=openat', '--pin'], "trace-rec: --pin does not go with -e trace=: a pinned program is shown its untraced CPU mask at sched_getaffinity's stops, which the filter takes away\n"],
    [['-e', 'trace=openat', '-e', 'trace=read'], 'trace-rec: --trace given more than once\n'],
  ])('%j', (opts, line) => {
    const dir = scratchDir('rec-filter-bad');
    const r = run(traceRecBin, [...opts, 'true'], dir);
    expect(r.status).toBe(2);
    expect(r.err).toBe(line);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('with -p: the filter is installed at the execve of a program trace-rec starts', () => {
    const r = run(traceRecBin, ['-e', 'trace=openat', '-p', String(process.pid)]);
    expect(r.status).toBe(2);
    expect(r.err).toBe('trace-rec: -e trace= is for a program trace-rec starts, not with -p (the filter is installed at its execve)\n');
  });
});
