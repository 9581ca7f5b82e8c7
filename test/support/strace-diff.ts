// Differential harness for trace-q's strace rendering: the same program run once under
// `setarch -R strace -f -o LOG` and once under `setarch -R trace-rec`, with the same small
// environment, cwd and stdio kinds; the recording rendered with renderStrace() and compared
// with strace's log line by line.
//
// What is masked before comparing, and why (nothing else is):
//  - thread ids: both logs' tids are replaced by process-tree labels ("1", "1.1", "1.1.2"...:
//    the k-th task that thread L created is L.k), wherever a tid number appears (pid column,
//    return values of clone/fork/getpid..., si_pid=, /proc/N/ paths...);
//  - the parent and process group of the first process (getppid, getpgrp...): strace's and
//    trace-rec's own pids;
//  - the envp pointer of the first execve: it is an address in the launcher that calls execve
//    (strace's forked child, trace-rec's env -i), not in the traced program;
//  - random bytes: getrandom's output, and values derived from random bytes that a
//    program-specific rule names (gcc's mkstemp file names, V8's randomized mmap hints...).
//  - values that change from one run to the next by nature, only where a program's rule names
//    them (dd's elapsed time...).
//
// Lines are compared per thread (label), in each thread's own order (signal deliveries and
// rt_sigreturn, whose place depends on timing, as a multiset): the interleaving of
// several processes is up to the scheduler and differs between any two runs, and so do the
// "<unfinished ...>" / "<... resumed>" splits it causes; an unfinished line and its resumed
// line are joined into the one line strace prints when nothing interleaves. The ret column's
// alignment depends on the width of the tids, so it is normalised to one space after masking,
// and checked separately on the rendering's own lines (strace's rule: ") " then spaces up to
// column `align`).

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { compareLabels } from './compare.js';
import { scratchDir, traceRecBin } from './paths.js';

export const DIFF_ENV: NodeJS.ProcessEnv = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  LANG: 'C',
  TERM: 'dumb',
};

/**
 * A rule that rewrites both logs' lines before comparing (a documented mask): either a
 * replacement, or (renumber) each distinct value the pattern matches, for which the predicate
 * holds, is replaced by <rN> numbered in order of first appearance on each side, so that the
 * values still have to be used in the same places on both sides.
 */
export interface MaskRule {
  readonly why: string;
  readonly pattern: RegExp;
  readonly replace?: string;
  readonly renumber?: (match: string) => boolean;
}

export interface Run {
  readonly status: number | null;
  readonly stderr: string;
}

/**
 * Runs `setarch -R ARGS…` with the harness's env and cwd, stdin /dev/null, stdout and stderr
 * to files beside cwd (the same paths for both runs, as -y shows them).
 */
export function runControlled(args: readonly string[], cwd: string, timeoutMs: number): Run {
  const out = `${cwd}.stdout`;
  const err = `${cwd}.stderr`;
  const outFd = openSync(out, 'w');
  const errFd = openSync(err, 'w');
  try {
    const r = spawnSync('setarch', ['-R', ...args], { env: DIFF_ENV, cwd, stdio: ['ignore', outFd, errFd], timeout: timeoutMs });
    if (r.error) throw r.error;
    return { status: r.status, stderr: readFileSync(err, 'utf8') };
  } finally {
    closeSync(outFd);
    closeSync(errFd);
  }
}

/** `strace -f [straceArgs] -o LOG -- argv…` (run by `wrap`, e.g. `unshare -rn`): the log's text. */
export function runStrace(argv: readonly string[], cwd: string, straceArgs: readonly string[] = [], timeoutMs = 120_000, wrap: readonly string[] = []): string {
  const dir = scratchDir('strace');
  const log = path.join(dir, 'strace.log');
  const r = runControlled([...wrap, 'strace', '-f', ...straceArgs, '-o', log, '--', ...argv], cwd, timeoutMs);
  if (!existsSync(log)) throw new Error(`strace wrote no log (status ${r.status}): ${r.stderr}`);
  return readFileSync(log, 'utf8');
}

/** `trace-rec -q -o DB -- argv…` (pinned, the default; run by `wrap`, as runStrace): the recording's path. */
export function runRecorder(argv: readonly string[], cwd: string, timeoutMs = 120_000, wrap: readonly string[] = []): string {
  const dir = scratchDir('rec');
  const dbPath = path.join(dir, 'trace.db');
  // Pinned, as users run it: sched_getaffinity must show the program the CPUs strace's run sees.
  const r = runControlled([...wrap, process.execPath, traceRecBin, '-q', '-o', dbPath, '--force', '--', ...argv], cwd, timeoutMs);
  if (!existsSync(dbPath)) throw new Error(`trace-rec wrote no recording (status ${r.status}): ${r.stderr}`);
  return dbPath;
}

export function removeIfExists(p: string): void {
  rmSync(p, { force: true });
}

// ---------------------------------------------------------------------------------------
// Parsing strace -f -o output into per-thread logical lines
// ---------------------------------------------------------------------------------------

interface RawLine {
  tid: number;
  /** -Y's <comm> after the tid ('' without it). */
  comm: string;
  text: string;
}

const UNFINISHED = ' <unfinished ...>';
/** -n and -i put "[  59] " and "[00007ffff7e86ad7] " before each line's text. */
const PREFIX = /^(?:\[[^\]]*\] )*/;
const RESUMED = /^<\.\.\. ([a-z_0-9]+) resumed>(.*)$/;
const SUPERSEDED = /^\+\+\+ superseded by execve in pid (\d+) \+\+\+$/;

/** Splits "TID   text" lines (and -Y's "TID<comm> text"). */
function parseLines(text: string): RawLine[] {
  const out: RawLine[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = /^(\d+)(<[^>]*>)? +(.*)$/.exec(line);
    if (!m) throw new Error(`line without a pid column: ${JSON.stringify(line)}`);
    out.push({ tid: Number(m[1]), comm: m[2] ?? '', text: m[3] });
  }
  return out;
}

export interface LogicalLine {
  /** The thread the line belongs to (after any "superseded" switch: the tid it printed under). */
  tid: number;
  /** -Y's <comm> in the pid column of the (first) physical line ('' without -Y). */
  comm: string;
  text: string;
  /** The ret column as printed: the number of spaces between ") " and "= " is checked by alignmentOk. */
  raw: string;
  /** True when it was joined from an unfinished and a resumed line. */
  joined: boolean;
}

/** Joins each "<unfinished ...>" line with its "<... name resumed>" line (per thread). */
export function logicalLines(text: string): LogicalLine[] {
  const lines = parseLines(text);
  const out: LogicalLine[] = [];
  const open = new Map<number, LogicalLine>();
  for (const l of lines) {
    const body = l.text.replace(PREFIX, '');
    const sup = SUPERSEDED.exec(body);
    if (sup) {
      // The exec'ing thread's unfinished execve now resumes under this tid.
      const by = Number(sup[1]);
      const pending = open.get(by);
      if (pending) {
        open.delete(by);
        open.set(l.tid, pending);
      }
    }
    const r = RESUMED.exec(body);
    if (r) {
      const p = open.get(l.tid);
      if (p) {
        open.delete(l.tid);
        p.text += r[2];
        p.raw += r[2];
        p.joined = true;
        continue;
      }
      out.push({ tid: l.tid, comm: l.comm, text: l.text, raw: l.text, joined: false });
      continue;
    }
    if (l.text.endsWith(UNFINISHED)) {
      const ll: LogicalLine = { tid: l.tid, comm: l.comm, text: l.text.slice(0, -UNFINISHED.length), raw: l.text.slice(0, -UNFINISHED.length), joined: false };
      out.push(ll);
      open.set(l.tid, ll);
      continue;
    }
    out.push({ tid: l.tid, comm: l.comm, text: l.text, raw: l.text, joined: false });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Thread labels
// ---------------------------------------------------------------------------------------

const CREATES = /^(clone|clone3|fork|vfork)\(/;
const RET = /\) += (-?\d+)(?:<| |$)/;

/** tid → process-tree label. */
export function labelThreads(lines: readonly LogicalLine[]): Map<number, string> {
  const children = new Map<number, number[]>();
  const order: number[] = [];
  for (const l of lines) {
    if (!children.has(l.tid)) {
      children.set(l.tid, []);
      order.push(l.tid);
    }
    const body = l.text.replace(PREFIX, '');
    if (CREATES.test(body)) {
      const m = lastMatch(body, RET);
      if (m && Number(m[1]) > 0) children.get(l.tid)!.push(Number(m[1]));
    }
  }
  const labels = new Map<number, string>();
  if (order.length === 0) return labels;
  const assign = (tid: number, label: string): void => {
    if (labels.has(tid)) return;
    labels.set(tid, label);
    (children.get(tid) ?? []).forEach((c, i) => assign(c, `${label}.${i + 1}`));
  };
  assign(order[0], '1');
  let unknown = 0;
  for (const t of order) if (!labels.has(t)) assign(t, `?${++unknown}`);
  return labels;
}

function lastMatch(s: string, re: RegExp): RegExpExecArray | null {
  const g = new RegExp(re.source, 'g');
  let m: RegExpExecArray | null;
  let last: RegExpExecArray | null = null;
  while ((m = g.exec(s)) !== null) last = m;
  return last;
}

// ---------------------------------------------------------------------------------------
// Masking
// ---------------------------------------------------------------------------------------

/** Values the kernel reports that change from one run to the next (time, load, free memory). */
export const VOLATILE_MASKS: MaskRule[] = [
  {
    why: 'sysinfo reports uptime, load and memory use at the time of the call',
    pattern: /^sysinfo\(\{uptime=\d+, loads=\[[\d, .]*\], (totalram=\d+), freeram=\d+, sharedram=\d+, bufferram=\d+, (totalswap=\d+), freeswap=\d+, procs=\d+,/,
    replace: 'sysinfo({uptime=<t>, loads=<l>, $1, freeram=<m>, sharedram=<m>, bufferram=<m>, $2, freeswap=<m>, procs=<n>,',
  },
  { why: 'CPU time used so far', pattern: /ru_([us])time=\{tv_sec=\d+, tv_usec=\d+\}/g, replace: 'ru_$1time=<t>' },
  { why: 'CPU time used by the child', pattern: /si_([us])time=\d+( \/\* [\d.]+ s \*\/)?/g, replace: 'si_$1time=<t>' },
];

const BUILTIN_MASKS: MaskRule[] = [
  ...VOLATILE_MASKS,
  { why: 'getrandom output is random', pattern: /^getrandom\("(?:\\x[0-9a-f]{2})*"(\.\.\.)?/, replace: 'getrandom("<random>"$1' },
  {
    why: 'the kernel numbers pipes and sockets (-y) afresh in each run, as it does tids',
    pattern: /\b(?:pipe|socket):\[\d+\]/g,
    renumber: () => true,
  },
  {
    why: 'the parent and process group of the first process are the tracer\'s',
    pattern: /^(getppid|getpgrp|getpgid|getsid)\((.*)\) += (\d+)(?:<[^>]*>)?$/,
    replace: '$1($2) = <ext>',
  },
];

const PID_RETURNING = new Set(['rt_sigreturn', 'clone', 'clone3', 'fork', 'vfork', 'getpid', 'gettid', 'getppid', 'set_tid_address', 'wait4', 'waitid', 'getpgrp', 'getpgid', 'getsid', 'setsid']);
const PID_FIRST_ARGS: Record<string, number> = {
  wait4: 1, kill: 1, tkill: 1, tgkill: 2, sched_getaffinity: 1, sched_setaffinity: 1, prlimit64: 1, getpgid: 1, getsid: 1,
  setpgid: 2, sched_getparam: 1, sched_setparam: 1, sched_getscheduler: 1, sched_setscheduler: 1, get_robust_list: 1, pidfd_open: 1,
  process_vm_readv: 1, process_vm_writev: 1, ioprio_get: 2, ioprio_set: 2, getpriority: 2, setpriority: 2,
  waitid: 1, rt_sigqueueinfo: 1, rt_tgsigqueueinfo: 2, kcmp: 2, ptrace: 1,
};

/** Replaces tid numbers where strace prints tids (not every number: a byte count may equal a tid). */
function maskTids(t: string, labels: ReadonlyMap<number, string>): string {
  const lab = (n: string): string => {
    const l = labels.get(Number(n));
    return l !== undefined ? `<${l}>` : n;
  };
  const resumed = /^<\.\.\. ([a-z_0-9]+) resumed>/.exec(t)?.[1];
  const name = resumed ?? /^([a-z_0-9]+)\(/.exec(t)?.[1];
  if (resumed === undefined && name !== undefined && PID_FIRST_ARGS[name] !== undefined) {
    // The first numeric arguments, up to the count the syscall has of them.
    let left = PID_FIRST_ARGS[name];
    t = t.replace(/(?<=[(,] )(-?\d+)(?=(?:<[^>]*>)?[,)])|(?<=\()(-?\d+)(?=(?:<[^>]*>)?[,)])/g, (m) => {
      if (left-- <= 0) return m;
      return m.startsWith('-') ? '-' + lab(m.slice(1)) : lab(m);
    });
  }
  if (name !== undefined && PID_RETURNING.has(name)) {
    const m = lastMatch(t, /\) += (\d+)(?=<| |$)/);
    if (m) t = t.slice(0, m.index) + m[0].replace(/\d+$/, lab(m[1])) + t.slice(m.index + m[0].length);
  }
  if (name === 'futex') {
    // pthread_join waits on the joined thread's tid word: FUTEX_WAIT* with the tid as value.
    t = t.replace(/^(futex\(0x[0-9a-f]+, FUTEX_WAIT[A-Z_|]*, )(\d+)/, (_m, pre: string, n: string) => pre + lab(n));
  }
  t = t.replace(/\b(si_pid=|pid=|parent_tid=\[|in pid |pid changed to )(\d+)|(\/proc\/|\/task\/)(\d+)/g, (_m, pre: string | undefined, n: string | undefined, dir: string, m: string) =>
    pre !== undefined ? pre + lab(n!) : dir + lab(m),
  );
  return t;
}

/** Per side: the numbering of renumbered values. */
export type Renumbering = Map<string, string>;

/** The masked, alignment-normalised text of a line. */
export function maskLine(l: LogicalLine, labels: ReadonlyMap<number, string>, rules: readonly MaskRule[], first: boolean, ren: Renumbering = new Map()): string {
  // -n / -i prefixes ("[  59] ", "[00007ffff7e86ad7] ") are kept apart while masking.
  const pm = /^(?:\[[^\]]*\] )*/.exec(l.text)!;
  let pre = pm[0];
  let t = maskTids(l.text.slice(pre.length), labels);
  if (first) {
    // The launcher's envp pointer, and (-i) its instruction pointer at the execve.
    pre = pre.replace(/\[[0-9a-f]{16}\] $/, '[<ip>] ');
    t = t.replace(/^(execve\(.*\], )0x[0-9a-f]+( \/\* \d+ vars? \*\/)/, '$1<envp>$2');
  }
  for (const r of [...BUILTIN_MASKS, ...rules]) {
    if (r.renumber) {
      const pred = r.renumber;
      t = t.replace(r.pattern, (m) => {
        if (!pred(m)) return m;
        let n = ren.get(m);
        if (n === undefined) {
          n = `<r${ren.size + 1}>`;
          ren.set(m, n);
        }
        return n;
      });
    } else t = t.replace(r.pattern, r.replace ?? '');
  }
  // -Y: the first line's comm is the launcher's, before the program's execve (strace's child, trace-rec's env): left out.
  const comm = first ? '' : l.comm;
  t = (comm !== '' ? `${comm} ` : '') + pre + t;
  // ") <spaces>= " → ") = " (the last one: the ret column).
  const m = lastMatch(t, /\) +(= )/);
  if (m) t = t.slice(0, m.index) + ') = ' + t.slice(m.index + m[0].length);
  return t;
}

/**
 * strace's alignment rule on a physical line: after ") " come spaces up to column `align`
 * (counting from the start of the line, pid column included), none when already past it.
 */
export function alignmentOk(physical: string, align = 40): boolean {
  const m = lastMatch(physical, /\) ( *)= /);
  if (!m) return true;
  const col = m.index + 2;
  const want = Math.max(0, align - col);
  return m[1].length === want;
}

// ---------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------

export interface LineDiff {
  thread: string;
  strace: string | null;
  rendered: string | null;
}

export interface Comparison {
  /** Logical lines in strace's log. */
  lines: number;
  /** Logical lines in the rendering. */
  renderedLines: number;
  /** Lines equal on both sides (longest common subsequence, per thread). */
  identical: number;
  /** identical / max(lines, renderedLines), leaving out the timing-only lines below. */
  rate: number;
  /**
   * Lines of a syscall a signal interrupted (`= ? ERESTART…`) in one run only: where a signal
   * lands is timing, so these are neither identical nor differences. [strace side, rendered side]
   */
  timingOnly: [number, number];
  /** Rendered physical lines whose ret column is not where strace puts it. */
  misaligned: string[];
  /** The lines that differ (strace side, rendered side), per thread, in order. */
  diffs: LineDiff[];
  /**
   * True when both logs interleaved their threads the same way (same thread label on every
   * physical line): the physical lines, "<unfinished ...>" and "<... resumed>" splits
   * included, are then compared one to one as well.
   */
  sameInterleaving: boolean;
  /** With sameInterleaving: the physical lines that differ (strace side, rendered side). */
  physicalDiffs: [string, string][];
}

/**
 * Which of several exited children `wait4(-1, …)` reaps first is timing (two children of
 * `sh -c 'echo a | cat'` exit within microseconds): consecutive reaps of any child are
 * compared as a multiset, sorted in place.
 */
function sortReapRuns(lines: string[]): string[] {
  const reap = (l: string): boolean => /^(\[ *\d+\] )?(wait4\(-1, |waitid\(P_ALL, )/.test(l);
  const out = [...lines];
  for (let i = 0; i < out.length; ) {
    let j = i;
    while (j < out.length && reap(out[j])) j++;
    if (j - i > 1) out.splice(i, j - i, ...out.slice(i, j).sort());
    i = Math.max(j, i + 1);
  }
  return out;
}

export function compareLogs(straceLog: string, rendered: string, rules: readonly MaskRule[] = [], align = 40): Comparison {
  const a = logicalLines(straceLog);
  const b = logicalLines(rendered);
  const la = labelThreads(a);
  const lb = labelThreads(b);
  const group = (ls: LogicalLine[], labels: Map<number, string>): Map<string, string[]> => {
    // Grouped first, masked thread by thread (label order), so that renumbered values are
    // numbered in an order that does not depend on how the threads interleaved.
    const byThread = new Map<string, { l: LogicalLine; first: boolean }[]>();
    ls.forEach((l, i) => {
      const lab = labels.get(l.tid) ?? `?${l.tid}`;
      const list = byThread.get(lab) ?? [];
      list.push({ l, first: i === 0 });
      byThread.set(lab, list);
    });
    const ren: Renumbering = new Map();
    const g = new Map<string, string[]>();
    for (const lab of [...byThread.keys()].sort(compareLabels)) {
      g.set(lab, byThread.get(lab)!.map(({ l, first }) => maskLine(l, labels, rules, first, ren)));
    }
    return g;
  };
  const ga = group(a, la);
  const gb = group(b, lb);
  let identical = 0;
  const timingOnly: [number, number] = [0, 0];
  const diffs: LineDiff[] = [];
  for (const thread of new Set([...ga.keys(), ...gb.keys()])) {
    // Asynchronous signals: where in a thread's sequence a signal arrives depends on timing,
    // and so does what rt_sigreturn returns (the interrupted syscall's value). Those lines
    // are compared as a multiset (still text for text), the rest in order.
    // A syscall that a signal interrupted (`= ? ERESTART…`) is retried by the kernel; whether a
    // signal hit it at all is timing, so one only one run has is not a rendering difference.
    // Likewise how often a program draws random bytes (glibc's temp-file names retry on a
    // clash) is chance: a getrandom in one run only is not a rendering difference either.
    // With -n a line starts with a syscall number; a signal line's is that of the call the signal
    // arrived after, which is timing too.
    const bare = (l: string): string => l.replace(/^\[ *\d+\] /, '');
    const restarted = (l: string): boolean => /\) += \? ERESTART[A-Z_]* \(/.test(bare(l)) || /^getrandom\("<random>"/.test(bare(l));
    // So are SIGCHLDs that only one run has: the kernel drops a SIGCHLD sent while one is pending,
    // so how many a parent gets depends on how close together its children exit. (Unmatched
    // SIGCHLDs on both sides are a rendering difference.)
    const sigchld = (l: string): boolean => /^--- SIGCHLD /.test(bare(l));
    const async = (l: string): boolean => /^--- SIG/.test(bare(l)) || /^rt_sigreturn\(/.test(bare(l)) || restarted(l);
    const asyncKey = (l: string): string => bare(l).replace(/^(rt_sigreturn\(.*\) = ).*$/, '$1<ret>');
    const all = ga.get(thread) ?? [];
    const bll = gb.get(thread) ?? [];
    const sa = all.filter(async).map(asyncKey).sort();
    const sb = bll.filter(async).map(asyncKey).sort();
    const asyncOps = lcsDiff(sa, sb);
    const extraChld = (kind: string): number => asyncOps.filter((op) => op.kind === kind && sigchld(op.text)).length;
    const chldOneSide = extraChld('del') === 0 || extraChld('add') === 0;
    // A caught signal ends with its handler's rt_sigreturn: as many of those as a side has
    // SIGCHLDs of its own are timing too.
    const sigreturns = { del: chldOneSide ? extraChld('del') : 0, add: chldOneSide ? extraChld('add') : 0 };
    for (const op of asyncOps) {
      if (op.kind === 'same') identical++;
      else if (restarted(op.text) || (sigchld(op.text) && chldOneSide)) timingOnly[op.kind === 'del' ? 0 : 1]++;
      else if (/^rt_sigreturn\(/.test(bare(op.text)) && sigreturns[op.kind] > 0) {
        sigreturns[op.kind]--;
        timingOnly[op.kind === 'del' ? 0 : 1]++;
      } else diffs.push({ thread, strace: op.kind === 'del' ? op.text : null, rendered: op.kind === 'add' ? op.text : null });
    }
    const xa = sortReapRuns(all.filter((l) => !async(l)));
    const xb = sortReapRuns(bll.filter((l) => !async(l)));
    const ops = lcsDiff(xa, xb);
    for (const op of ops) {
      if (op.kind === 'same') identical++;
      else diffs.push({ thread, strace: op.kind === 'del' ? op.text : null, rendered: op.kind === 'add' ? op.text : null });
    }
  }
  // Physical lines, one to one, when the interleaving is the same.
  const pa = parseLines(straceLog);
  const pb = parseLines(rendered);
  const physLabel = (ls: RawLine[], labels: Map<number, string>): string[] => ls.map((l) => labels.get(l.tid) ?? `?${l.tid}`);
  const seqA = physLabel(pa, la);
  const seqB = physLabel(pb, lb);
  const sameInterleaving = seqA.length === seqB.length && seqA.every((x, i) => x === seqB[i]);
  const physicalDiffs: [string, string][] = [];
  if (sameInterleaving) {
    const ren: [Renumbering, Renumbering] = [new Map(), new Map()];
    pa.forEach((l, i) => {
      const norm = (x: RawLine, labels: Map<number, string>, r: Renumbering): string => {
        const asLogical: LogicalLine = { tid: x.tid, comm: x.comm, text: x.text, raw: x.text, joined: false };
        return `${labels.get(x.tid)} ${maskLine(asLogical, labels, rules, i === 0, r)}`;
      };
      const x = norm(l, la, ren[0]);
      const y = norm(pb[i], lb, ren[1]);
      if (x !== y) physicalDiffs.push([x, y]);
    });
  }
  const misaligned = rendered
    .split('\n')
    .filter((l) => l !== '' && !l.endsWith(UNFINISHED) && !alignmentOk(l, align));
  const counted = Math.max(a.length - timingOnly[0], b.length - timingOnly[1]);
  return { lines: a.length, renderedLines: b.length, identical, rate: counted === 0 ? 1 : identical / counted, timingOnly, misaligned, diffs, sameInterleaving, physicalDiffs };
}

type Op = { kind: 'same' | 'del' | 'add'; text: string };

function lcsDiff(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const dp: Uint32Array[] = [];
  for (let i = 0; i <= n; i++) dp.push(new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: 'same', text: a[i] });
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) ops.push({ kind: 'del', text: a[i++] });
    else ops.push({ kind: 'add', text: b[j++] });
  }
  while (i < n) ops.push({ kind: 'del', text: a[i++] });
  while (j < m) ops.push({ kind: 'add', text: b[j++] });
  return ops;
}

/** A table row for the README: name, lines, identical, rate. */
export function formatTable(rows: readonly { name: string; c: Comparison }[]): string {
  const head = ['program', 'lines', 'identical', 'rate'];
  const body = rows.map((r) => [r.name, String(r.c.lines), String(r.c.identical), `${(r.c.rate * 100).toFixed(1)}%`]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(' | ')} |`;
  return [fmt(head), `| ${w.map((x, i) => (i === 0 ? '-'.repeat(x) : '-'.repeat(x - 1) + ':')).join(' | ')} |`, ...body.map(fmt)].join('\n');
}
