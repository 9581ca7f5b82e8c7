import type BetterSqlite3 from 'better-sqlite3';
import type { Format } from '../cli/parse-args.js';
import { syscallsQuery } from '../filter/compile-filter.js';
import type { ResolvedFilter } from '../filter/compile-filter.js';
import { signalName } from '../filter/signal-set.js';
import { commandLine, shellCommand } from '@tracedb/native/terminal';
import type { Colors } from '@tracedb/native/terminal';
import { csvRow } from '../output/csv.js';
import { toJson } from '../output/json-value.js';
import { compile, qb, sql } from '../recording/query-builder.js';
import { exactText, hasColumn } from '../recording/exact-paths.js';
import { eventStops } from '../render/stop-reader.js';
import type { ExecsTable, ProcessesTable } from '../recording/recording-schema.js';

export interface ProcessNode {
  readonly pid: number;
  readonly ppid: number | null;
  /** argv of each execve that succeeded in this process, in order. */
  readonly commands: string[][];
  readonly exitStatus: number | null;
  readonly exitSignal: number | null;
  readonly coreDumped: boolean;
  readonly threads: number;
  /** Syscalls of this process that pass the filter. */
  readonly syscalls: number;
  readonly children: ProcessNode[];
}

function all<T>(db: BetterSqlite3.Database, query: Parameters<typeof compile>[0]): T[] {
  const c = compile(query);
  return db.prepare(c.sql).all(...c.parameters) as T[];
}

/**
 * The recording's processes as a forest, parents found through processes.ppid (for a pid
 * used twice, the process with that pid that started last before the child). --pid/--tid
 * narrow it to their processes; the syscall counts are of the filtered syscalls.
 */
export function processForest(db: BetterSqlite3.Database, r: ResolvedFilter): ProcessNode[] {
  let pq = qb.selectFrom('processes').selectAll().orderBy('id');
  if (r.pids !== null) pq = pq.where('pid', 'in', [...r.pids]);
  const procs = all<ProcessesTable>(db, pq);
  const execs = db
    .prepare(`SELECT pid, seq, argv, path${hasColumn(db, 'execs', 'path_bytes') ? ', path_bytes' : ''} FROM execs ORDER BY seq`)
    .all() as Pick<ExecsTable, 'pid' | 'seq' | 'argv' | 'path' | 'path_bytes'>[];
  const threads = new Map(all<{ pid: number; n: number }>(db, qb.selectFrom('threads').select(['pid', sql<number>`count(DISTINCT tid)`.as('n')]).groupBy('pid')).map((t) => [t.pid, t.n]));
  const counted = r.filter.limit !== null ? qb.selectFrom('syscalls').where('id', 'in', syscallsQuery(r).select('id')) : syscallsQuery(r).clearOrderBy();
  const counts = new Map(all<{ pid: number; n: number }>(db, counted.select(['pid', sql<number>`count(*)`.as('n')]).groupBy('pid')).map((c) => [c.pid, c.n]));

  const nodes = procs.map((p) => ({
    row: p,
    node: {
      pid: p.pid,
      ppid: p.ppid,
      commands: execs
        .filter((e) => e.pid === p.pid && (p.start_seq === null || e.seq >= p.start_seq) && (p.end_seq === null || e.seq <= p.end_seq))
        .map((e) => (e.argv ? (JSON.parse(e.argv) as string[]) : [e.path === null ? '?' : exactText(e.path, e.path_bytes)])),
      exitStatus: p.exit_status,
      exitSignal: p.exit_signal,
      coreDumped: p.core_dumped === 1,
      threads: threads.get(p.pid) ?? 1,
      syscalls: counts.get(p.pid) ?? 0,
      children: [] as ProcessNode[],
    },
  }));
  const roots: ProcessNode[] = [];
  for (const { row, node } of nodes) {
    const parent = nodes
      .filter((n) => n.row.pid === row.ppid && n.row !== row && (n.row.start_seq ?? 0) <= (row.start_seq ?? 0))
      .at(-1);
    (parent ? parent.node.children : roots).push(node);
  }
  // Children in the order their parent made them (its fork/clone events), not the order they
  // first stopped in, which is a race between them.
  const made = new Map(
    (db.prepare(`SELECT event_msg AS pid, min(seq) AS seq FROM stops WHERE ${eventStops(db)} AND kind = 'event' AND event IN ('fork', 'vfork', 'clone') GROUP BY event_msg`).all() as { pid: number; seq: number }[]).map(
      (e) => [e.pid, e.seq],
    ),
  );
  const order = (n: ProcessNode): number => made.get(n.pid) ?? Number.MAX_SAFE_INTEGER;
  const sortTree = (list: ProcessNode[]): void => {
    list.sort((a, b) => order(a) - order(b));
    for (const n of list) sortTree(n.children);
  };
  for (const r of roots) sortTree(r.children);
  return roots;
}


/** `line`: commandLine for the terminal, shellCommand (the bytes as they are) for CSV. */
export function commandText(n: ProcessNode, parent: string | null, line: (argv: readonly string[]) => string): string {
  if (n.commands.length > 0) return n.commands.map(line).join(' => ');
  return parent === null ? '?' : `(fork) ${parent}`;
}

function statusText(n: ProcessNode): string {
  if (n.exitSignal !== null) return `killed ${signalName(n.exitSignal)}${n.coreDumped ? ' (core dumped)' : ''}`;
  if (n.exitStatus !== null) return `exit ${n.exitStatus}`;
  return 'not ended';
}

/** --tree: `ps f`-style text, or nested JSON. */
export function* processTree(db: BetterSqlite3.Database, r: ResolvedFilter, format: Format, colors: Colors): Generator<string> {
  const forest = processForest(db, r);
  if (format === 'json' || format === 'ndjson') {
    const plain = (n: ProcessNode): unknown => ({ ...n, children: n.children.map(plain) });
    if (format === 'json') yield toJson(forest.map(plain));
    else for (const n of forest) yield toJson(plain(n));
    return;
  }
  const lines: { pid: number; ppid: number | null; status: string; threads: number; syscalls: number; command: string; prefix: string; node: ProcessNode }[] = [];
  const walk = (n: ProcessNode, prefix: string, last: boolean, parentCmd: string | null, depth: number): void => {
    const command = commandText(n, parentCmd, format === 'csv' ? shellCommand : commandLine);
    lines.push({ pid: n.pid, ppid: n.ppid, status: statusText(n), threads: n.threads, syscalls: n.syscalls, command, prefix: depth === 0 ? '' : `${prefix} \\_ `, node: n });
    const inner = depth === 0 ? '' : prefix + (last ? '    ' : ' |  ');
    n.children.forEach((c, i) => walk(c, inner, i === n.children.length - 1, command, depth + 1));
  };
  for (const root of forest) walk(root, '', true, null, 0);
  if (format === 'csv') {
    yield csvRow(['pid', 'ppid', 'status', 'threads', 'syscalls', 'command']);
    for (const l of lines) yield csvRow([l.pid, l.ppid, l.status, l.threads, l.syscalls, l.command]);
    return;
  }
  const w = {
    pid: Math.max(5, ...lines.map((l) => String(l.pid).length)),
    status: Math.max(6, ...lines.map((l) => l.status.length)),
    threads: 7,
    syscalls: Math.max(8, ...lines.map((l) => String(l.syscalls).length)),
  };
  yield colors.bold(`${'PID'.padStart(w.pid)}  ${'STATUS'.padEnd(w.status)}  ${'THREADS'.padStart(w.threads)}  ${'SYSCALLS'.padStart(w.syscalls)}  COMMAND`);
  for (const l of lines) {
    const status = l.status.padEnd(w.status);
    const painted = l.node.exitSignal !== null || (l.node.exitStatus ?? 0) !== 0 ? colors.red(status) : status;
    yield `${String(l.pid).padStart(w.pid)}  ${painted}  ${String(l.threads).padStart(w.threads)}  ${String(l.syscalls).padStart(w.syscalls)}  ${l.prefix}${l.command}`;
  }
}
