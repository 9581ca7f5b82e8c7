import type BetterSqlite3 from 'better-sqlite3';
import type { StopMemory } from '../decode/context.js';
import { syscallName } from '../decode/decode-syscall.js';
import { commandLine } from '@tracedb/native/terminal';
import { resolveFilter } from '../filter/compile-filter.js';
import { emptyFilter } from '../filter/filter.js';
import { signalName } from '../filter/signal-set.js';
import { exitLine, renderStrace } from '../render/render-strace.js';
import { eventStops } from '../render/stop-reader.js';
import { defaultRenderOptions } from '../render/render-options.js';
import type { RenderOptions } from '../render/render-options.js';
import type { SyscallRow } from '../render/syscall-row.js';
import { commandText, processForest } from '../view/process-tree.js';
import type { ProcessNode } from '../view/process-tree.js';
import { categoryOf } from './syscall-category.js';

/** One syscall on the timeline: its span (ns from the recording's start) and its strace line. */
export interface TimelineCall {
  readonly id: number;
  readonly pid: number;
  readonly tid: number;
  readonly name: string;
  /** Index in CATEGORIES. */
  readonly category: number;
  readonly entryNs: number;
  /** null: it never returned (exit_group, a call the end of the run cut). */
  readonly exitNs: number | null;
  readonly ret: bigint | null;
  readonly errno: string | null;
  readonly entrySeq: number | null;
  readonly exitSeq: number | null;
  /** As `strace -ff` prints it (no pid column, never cut by another thread). */
  readonly line: string;
  /** The memory captured at its entry and exit stops. */
  readonly entryMem: StopMemory;
  readonly exitMem: StopMemory;
}

export interface TimelineSignal {
  readonly seq: number;
  readonly pid: number;
  readonly tid: number;
  readonly ns: number;
  readonly sig: number;
  readonly name: string;
  /** The `--- SIG… ---` line. */
  readonly line: string;
}

export interface TimelineThread {
  readonly tid: number;
  readonly startNs: number;
  readonly endNs: number;
  /** The +++ line of its end, null when the recording saw none. */
  readonly exit: string | null;
  readonly exitNs: number | null;
}

export interface TimelineProcess {
  readonly pid: number;
  readonly ppid: number | null;
  /** The command it ran (its execs joined by =>), as trace-q --tree prints it. */
  readonly command: string;
  readonly threads: TimelineThread[];
}

/** A parent's fork, vfork or clone and the child thread it made; an exec, from the caller to the new image. */
export interface TimelineLink {
  readonly kind: 'fork' | 'vfork' | 'clone' | 'exec';
  readonly fromPid: number;
  readonly fromTid: number;
  readonly fromNs: number;
  readonly toPid: number;
  readonly toTid: number;
  readonly toNs: number;
}

export interface TimelineFacts {
  readonly startedNs: bigint;
  /** The first stop's time (ns from the start, as all the others). */
  readonly firstNs: number;
  /** The last stop's time: where a span that never ended is drawn to. */
  readonly endNs: number;
  readonly processes: TimelineProcess[];
  readonly links: TimelineLink[];
}

/** The strace lines of the timeline: strace's defaults, without the pid column (each lane is one thread). */
export const TIMELINE_RENDER: RenderOptions = { ...defaultRenderOptions, pidColumn: false };

/**
 * Every printed syscall in the order its line ends, and every signal delivery in order: one
 * pass of the strace renderer, so memory stays flat however long the recording is.
 */
export function* timelineEvents(db: BetterSqlite3.Database): Generator<TimelineCall | TimelineSignal> {
  const ready: (TimelineCall | TimelineSignal)[] = [];
  const signalAt = db.prepare('SELECT pid, tid, ts_ns, sig FROM stops WHERE seq = ?');
  const onCall = (row: SyscallRow, line: string, entryMem: StopMemory, exitMem: StopMemory): void => {
    ready.push({
      id: row.id,
      pid: row.pid,
      tid: row.tid,
      name: syscallName(row),
      category: categoryOf(row.nr, row.abi),
      entryNs: row.entry_ns ?? 0,
      exitNs: row.ret === null ? null : row.exit_ns,
      ret: row.ret,
      errno: row.errno,
      entrySeq: row.entry_seq,
      exitSeq: row.exit_seq,
      line,
      entryMem,
      exitMem,
    });
  };
  const onSignal = (seq: number, line: string): void => {
    const s = signalAt.get(seq) as { pid: number; tid: number; ts_ns: number; sig: number };
    ready.push({ seq, pid: s.pid, tid: s.tid, ns: s.ts_ns, sig: s.sig, name: signalName(s.sig), line });
  };
  for (const _ of renderStrace(db, TIMELINE_RENDER, { onCall, onSignal })) {
    if (ready.length === 0) continue;
    yield* ready;
    ready.length = 0;
  }
  yield* ready;
}

export function isSignal(e: TimelineCall | TimelineSignal): e is TimelineSignal {
  return 'sig' in e;
}

/** The processes with their threads' lifetimes, and the links between lanes. */
export function timelineFacts(db: BetterSqlite3.Database): TimelineFacts {
  const startedNs = (db.prepare('SELECT started_ns FROM recording').safeIntegers(true).pluck().get() as bigint | undefined) ?? 0n;
  // by seq, the key: min() and max() over ts_ns would read every stop
  const endNs = (db.prepare('SELECT ts_ns FROM stops ORDER BY seq DESC LIMIT 1').pluck().get() as number | undefined) ?? 0;
  const firstNs = (db.prepare('SELECT ts_ns FROM stops ORDER BY seq LIMIT 1').pluck().get() as number | undefined) ?? 0;
  // a stop's time by a subquery on its seq: a join with the stops view reads every stop
  const threadRows = db
    .prepare(
      `SELECT t.tid, t.pid, coalesce((SELECT ts_ns FROM stops WHERE seq = t.start_seq), ?) AS start_ns,
         (SELECT ts_ns FROM stops WHERE seq = t.end_seq) AS end_ns
       FROM threads t ORDER BY t.id`,
    )
    .all(firstNs) as { tid: number; pid: number; start_ns: number; end_ns: number | null }[];
  const exitStatus = new Map(
    (db.prepare(`SELECT tid, status, ts_ns FROM stops WHERE ${eventStops(db)} AND kind = 'exit'`).all() as { tid: number; status: number | null; ts_ns: number }[]).map((e) => [e.tid, e]),
  );
  const threadsOf = new Map<number, TimelineThread[]>();
  const tids = new Set<number>();
  for (const t of threadRows) {
    const exit = exitStatus.get(t.tid);
    const list = threadsOf.get(t.pid) ?? [];
    // a tid used again later is drawn in the lane of its first thread
    if (tids.has(t.tid)) continue;
    tids.add(t.tid);
    list.push({ tid: t.tid, startNs: t.start_ns, endNs: t.end_ns ?? exit?.ts_ns ?? endNs, exit: exit ? exitLine(exit.status ?? 0) : null, exitNs: exit?.ts_ns ?? null });
    threadsOf.set(t.pid, list);
  }
  const processes: TimelineProcess[] = [];
  const pids = new Set<number>();
  const walk = (n: ProcessNode, parent: string | null): void => {
    const command = commandText(n, parent, commandLine);
    if (!pids.has(n.pid)) processes.push({ pid: n.pid, ppid: n.ppid, command, threads: threadsOf.get(n.pid) ?? [] });
    pids.add(n.pid);
    for (const c of n.children) walk(c, command);
  };
  for (const root of processForest(db, resolveFilter(db, emptyFilter))) walk(root, null);
  const links: TimelineLink[] = [];
  const made = db
    .prepare(
      `SELECT s.event AS kind, s.pid, s.tid, s.ts_ns, s.event_msg AS child, c.pid AS child_pid, (SELECT ts_ns FROM stops WHERE seq = c.start_seq) AS child_ns
       FROM stops s JOIN threads c ON c.tid = s.event_msg
       WHERE ${eventStops(db, 's.')} AND s.kind = 'event' AND s.event IN ('fork', 'vfork', 'clone') ORDER BY s.seq`,
    )
    .all() as { kind: 'fork' | 'vfork' | 'clone'; pid: number; tid: number; ts_ns: number; child: number; child_pid: number; child_ns: number | null }[];
  const seen = new Set<number>();
  for (const m of made) {
    if (seen.has(m.child)) continue;
    seen.add(m.child);
    links.push({ kind: m.kind, fromPid: m.pid, fromTid: m.tid, fromNs: m.ts_ns, toPid: m.child_pid, toTid: m.child, toNs: m.child_ns ?? m.ts_ns });
  }
  for (const e of db.prepare('SELECT pid, tid, (SELECT ts_ns FROM stops WHERE seq = e.seq) AS ts_ns FROM execs e ORDER BY seq').all() as { pid: number; tid: number; ts_ns: number }[]) {
    links.push({ kind: 'exec', fromPid: e.pid, fromTid: e.tid, fromNs: e.ts_ns, toPid: e.pid, toTid: e.pid, toNs: e.ts_ns });
  }
  return { startedNs, firstNs, endNs, processes, links };
}
