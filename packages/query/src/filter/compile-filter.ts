import type BetterSqlite3 from 'better-sqlite3';
import type { Expression, ExpressionBuilder, SelectQueryBuilder, SqlBool } from 'kysely';
import { hasEscapedBytes, I386_KEY, LAST_I386_NR, LAST_NR, stringToBytes, syscallTable } from '@tracedb/native';
import { UsageError } from '../cli/errors.js';
import { compile, qb, sql } from '../recording/query-builder.js';
import type { RecordingSchema } from '../recording/recording-schema.js';
import { hasColumn, recordingCwd } from '../recording/exact-paths.js';
import { withAbsoluteGlobs } from './absolute-globs.js';
import { existedAtStart } from './existed-at-start.js';
import { buildFdPathTable } from './fd-path-table.js';
import { addGlobBytes } from './glob-bytes.js';
import type { Filter, SyscallStatus } from './filter.js';
import { extraPathArgSyscalls, fdArgSyscalls, FD_RETURNING, syscallNumber } from './syscall-args.js';
import { hasI386Calls } from '../render/syscall-reader.js';
import { i386SubcallKey } from './i386-subcall-key.js';
import { timeRange } from './time-bounds.js';
import type { IdRange } from './time-bounds.js';

/** A filter whose values were looked up in the recording: ready to compile into SQL. */
export interface ResolvedFilter {
  readonly filter: Filter;
  /** The syscall keys (numbers; I386_KEY + number for i386 calls) all --syscall sets agree on; null: any. */
  readonly nrs: readonly number[] | null;
  /** --pid/--tid (and --children) as the threads and processes they select; null: all. */
  readonly tids: readonly number[] | null;
  readonly pids: readonly number[] | null;
  /** --since/--until as syscall ids and as stop seqs. */
  readonly ids: IdRange;
  readonly seqs: IdRange;
  /** --path globs, with the absolute form of relative paths (see withAbsoluteGlobs). */
  readonly paths: readonly string[];
  /** Whether the temp fd_path table exists (built for --path). */
  readonly fdPaths: boolean;
  /** Whether the syscall table has path_bytes (schema 8 on): --path then matches names that are not UTF-8 exactly. */
  readonly pathBytes: boolean;
  /** Whether the recording has i386 calls (int $0x80): syscall sets then match numbers by ABI. */
  readonly i386: boolean;
  /** Whether it has numbers beyond the x86_64 table, which every syscall set selects (as in strace). */
  readonly beyondTable: boolean;
}

type SyscallsBuilder = SelectQueryBuilder<RecordingSchema, 'syscalls', object>;
type Eb = ExpressionBuilder<RecordingSchema, 'syscalls'>;

const U32 = 0xffffffff;
const FDS_OF_PIPE = ['pipe', 'pipe2'].map((n) => syscallNumber(n));
const FCNTL = syscallNumber('fcntl');
const F_DUPFD = 0;
const F_DUPFD_CLOEXEC = 1030;
const fdArgs = fdArgSyscalls();
const extraPathArgs = extraPathArgSyscalls();
const fdReturning = syscallTable.filter((d) => FD_RETURNING.has(d.name)).map((d) => d.nr);

/** Looks up what the filter's values mean in this recording (processes, times, descriptors). */
export function resolveFilter(db: BetterSqlite3.Database, filter: Filter): ResolvedFilter {
  let nrs: number[] | null = null;
  for (const set of filter.syscalls) nrs = nrs === null ? [...set].sort((a, b) => a - b) : nrs.filter((n) => set.has(n));
  const who = resolveWho(db, filter);
  const cwd = filter.paths.length > 0 ? recordingCwd(db) : '';
  const bounded = filter.since !== null || filter.until !== null;
  return {
    filter,
    nrs,
    tids: who?.tids ?? null,
    pids: who?.pids ?? null,
    ids: bounded ? timeRange(db, 'syscall', filter.since, filter.until) : { from: null, to: null },
    seqs: bounded ? timeRange(db, 'stops', filter.since, filter.until) : { from: null, to: null },
    paths: filter.paths.length > 0 ? withAbsoluteGlobs(filter.paths, cwd, (p) => existedAtStart(db, p, cwd)) : [],
    fdPaths: filter.paths.length > 0 ? (buildFdPathTable(db), true) : false,
    pathBytes: filter.paths.length > 0 ? (addGlobBytes(db), hasColumn(db, 'syscall', 'path_bytes')) : false,
    i386: nrs !== null && hasI386Calls(db),
    beyondTable: nrs !== null && db.prepare('SELECT 1 FROM syscall WHERE nr > ? LIMIT 1').get(LAST_NR) !== undefined,
  };
}



/** A syscall set's keys (see syscallKey) as a condition on the syscalls view. */
function nrCondition(eb: Eb, keys: readonly number[], i386: boolean, beyondTable: boolean): Expression<SqlBool> {
  const listed = eb('nr', 'in', keys.filter((k) => k < I386_KEY));
  // (the OR costs the syscall_nr index: only when there is such a number)
  const own = beyondTable ? eb.or([listed, eb('nr', '>', LAST_NR)]) : listed;
  if (!i386) return own;
  // (socketcall and ipc by their subcall, see i386SubcallKey)
  const other = eb.or([eb(i386SubcallKey, 'in', keys.filter((k) => k >= I386_KEY).map((k) => k - I386_KEY)), eb('nr', '>', LAST_I386_NR)]);
  return eb.or([eb.and([eb('abi', '!=', 'i386'), own]), eb.and([eb('abi', '=', 'i386'), other])]);
}

function column(db: BetterSqlite3.Database, query: Parameters<typeof compile>[0]): number[] {
  const c = compile(query);
  return db.prepare(c.sql).pluck().all(...c.parameters) as number[];
}

/** pids and all their descendants, through processes.ppid. */
function descendants(db: BetterSqlite3.Database, pids: readonly number[]): number[] {
  const q = qb
    .withRecursive('tree(pid)', (db) =>
      db
        .selectFrom('processes')
        .select('pid')
        .where('pid', 'in', [...pids])
        .union(db.selectFrom('processes as p').innerJoin('tree as t', 't.pid', 'p.ppid').select('p.pid')),
    )
    .selectFrom('tree')
    .select('pid');
  return column(db, q);
}

function threadsOf(db: BetterSqlite3.Database, pids: readonly number[]): number[] {
  return column(db, qb.selectFrom('threads').select('tid').distinct().where('pid', 'in', [...pids]));
}

function resolveWho(db: BetterSqlite3.Database, f: Filter): { tids: number[]; pids: number[] } | null {
  let tids: Set<number> | null = null;
  let pids: Set<number> | null = null;
  const narrow = (t: number[], p: number[]): void => {
    tids = tids === null ? new Set(t) : new Set(t.filter((x) => tids!.has(x)));
    pids = pids === null ? new Set(p) : new Set(p.filter((x) => pids!.has(x)));
  };
  if (f.pids.length > 0) {
    const known = new Set(column(db, qb.selectFrom('processes').select('pid').where('pid', 'in', [...f.pids])));
    const missing = f.pids.find((p) => !known.has(p));
    if (missing !== undefined) throw new UsageError(`no process ${missing} in this recording (see --tree)`);
    const p = f.children ? descendants(db, f.pids) : [...f.pids];
    narrow(threadsOf(db, p), p);
  }
  if (f.tids.length > 0) {
    const rows = db.prepare(compile(qb.selectFrom('threads').select(['tid', 'pid']).where('tid', 'in', [...f.tids])).sql).all(...f.tids) as { tid: number; pid: number }[];
    const missing = f.tids.find((t) => !rows.some((r) => r.tid === t));
    if (missing !== undefined) throw new UsageError(`no thread ${missing} in this recording (see --tree)`);
    const own = [...new Set(rows.map((r) => r.pid))];
    if (f.children) {
      const more = descendants(db, own).filter((p) => !own.includes(p));
      narrow([...f.tids, ...(more.length > 0 ? threadsOf(db, more) : [])], [...own, ...more]);
    } else {
      narrow([...f.tids], own);
    }
  }
  if (tids === null || pids === null) return null;
  const byNumber = (a: number, b: number): number => a - b;
  return { tids: [...(tids as Set<number>)].sort(byNumber), pids: [...(pids as Set<number>)].sort(byNumber) };
}

/** `column GLOB pattern` (kysely has no GLOB operator). */
function glob(ref: Expression<unknown>, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`${ref} GLOB ${pattern}`;
}

/** The same over exact bytes (see glob-bytes.ts): `value` a blob, or text. */
function globBytes(value: Expression<unknown>, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`glob_bytes(${stringToBytes(pattern)}, ${value})`;
}

/** Syscalls that take one of `fds` as a descriptor argument, or returned one of them as a new descriptor. */
function fdCondition(eb: Eb, fds: readonly number[]): Expression<SqlBool> {
  const byArg = [...fdArgs].map(([i, nrs]) => eb.and([eb('nr', 'in', nrs), eb(eb(argRef(i), '&', U32), 'in', [...fds])]));
  const pipeFds = fds.map((fd) => int32Hex(fd));
  return eb.or([
    ...byArg,
    eb.and([eb('nr', 'in', fdReturning), eb('ret', 'in', [...fds])]),
    eb.and([eb('nr', '=', FCNTL), eb('a1', 'in', [F_DUPFD, F_DUPFD_CLOEXEC]), eb('ret', 'in', [...fds])]),
    // pipe(int fds[2]) writes its two descriptors to memory, captured at the exit stop
    eb.and([
      eb('nr', 'in', FDS_OF_PIPE),
      eb.exists(
        eb
          .selectFrom('memory as m')
          .select(sql`1`.as('one'))
          .whereRef('m.seq', '=', 'syscalls.exit_seq')
          .where('m.arg', '=', 0)
          .where('m.part', '=', 0)
          .where((m) => m.or([m(sql`hex(substr(m.data, 1, 4))`, 'in', pipeFds), m(sql`hex(substr(m.data, 5, 4))`, 'in', pipeFds)])),
      ),
    ]),
  ]);
}

function int32Hex(n: number): string {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b.toString('hex').toUpperCase();
}

function argRef(i: number): 'a0' | 'a1' | 'a2' | 'a3' | 'a4' | 'a5' {
  return `a${i}` as 'a0';
}

/**
 * strace -P: the syscall's path argument matches, or a second path argument does (rename,
 * link…; read from memory), or one of its descriptor arguments refers to a matching file
 * at that moment (the temp fd_path table). Each way is a subquery with its own index:
 * syscall_path (the partial index serves globs without a literal prefix too), syscall_nr
 * with the memory primary key, and fd_path's id ranges on the syscall primary key.
 */
function pathCondition(eb: Eb, globs: readonly string[], fdPaths: boolean, pathBytes: boolean): Expression<SqlBool> {
  type IdQuery = SelectQueryBuilder<RecordingSchema, 'syscall' | 'fd_path', { id: number }>;
  const parts: IdQuery[] = [];
  for (const g of globs) {
    // SQLite's GLOB is exact on UTF-8 names; those that are not are matched by their bytes.
    // A pattern with bytes that are not UTF-8 matches only such names.
    const utf8 = !hasEscapedBytes(g);
    if (utf8) {
      let q = eb.selectFrom('syscall').select('id').where('path', 'is not', null).where(glob(sql.ref('path'), g));
      if (pathBytes) q = q.where('path_bytes', 'is', null);
      parts.push(q as IdQuery);
    }
    if (pathBytes) parts.push(eb.selectFrom('syscall').select('id').where('path_bytes', 'is not', null).where(globBytes(sql.ref('path_bytes'), g)) as IdQuery);
    for (const [i, nrs] of extraPathArgs) {
      parts.push(
        eb
          .selectFrom('syscall')
          .select('id')
          .where('nr', 'in', nrs)
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('memory as m')
                .select(sql`1`.as('one'))
                .whereRef('m.seq', '=', 'syscall.entry_seq')
                .where('m.arg', '=', i)
                .where('m.part', '=', 0)
                .where(globBytes(sql.ref('m.data'), g)),
            ),
          ) as IdQuery,
      );
    }
    if (fdPaths) {
      // CROSS JOIN keeps fd_path outside: each matching interval is one rowid range of syscall
      parts.push(
        eb
          .selectFrom('fd_path as f')
          .crossJoin('syscall as s')
          .select('s.id')
          .where(utf8 ? sql<SqlBool>`CASE WHEN f.bytes IS NULL THEN ${glob(sql.ref('f.path'), g)} ELSE ${globBytes(sql.ref('f.bytes'), g)} END` : globBytes(sql.ref('f.bytes'), g))
          .whereRef('s.id', '>', 'f.from_id')
          .whereRef('s.id', '<=', 'f.to_id')
          // unary + keeps SQLite from building an automatic index on syscall.pid (a full scan)
          .where(sql<SqlBool>`+${sql.ref('s.pid')} = ${sql.ref('f.pid')}`)
          .where((j) => j.or([...fdArgs].map(([i, nrs]) => j.and([j('s.nr', 'in', nrs), j(j(`s.a${i}` as 's.a0', '&', U32), '=', j.ref('f.fd'))])))) as IdQuery,
      );
    }
  }
  const union = parts.slice(1).reduce((u, p) => u.unionAll(p), parts[0]);
  return eb('id', 'in', union);
}

/** The conditions that narrow every kind of event: threads/processes and the time range. */
function scopeConditions(eb: Eb, r: ResolvedFilter): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [];
  if (r.tids !== null) c.push(eb('tid', 'in', [...r.tids]));
  if (r.pids !== null) c.push(eb('pid', 'in', [...r.pids]));
  if (r.ids.from !== null) c.push(eb('id', '>=', r.ids.from));
  if (r.ids.to !== null) c.push(eb('id', '<', r.ids.to));
  return c;
}

const STATUS_CONDITIONS: Readonly<Record<SyscallStatus, (eb: Eb) => Expression<SqlBool>>> = {
  failed: (eb) => eb.between('ret', sql.lit(-4095), sql.lit(-1)),
  successful: (eb) => eb.or([eb('ret', '<', -4095), eb('ret', '>=', 0)]),
  unfinished: (eb) => eb('ret', 'is', null),
};

/** The conditions on the syscalls themselves. */
function syscallConditions(eb: Eb, r: ResolvedFilter): Expression<SqlBool>[] {
  const f = r.filter;
  const c: Expression<SqlBool>[] = [];
  if (r.nrs !== null) c.push(nrCondition(eb, r.nrs, r.i386, r.beyondTable));
  if (r.paths.length > 0) c.push(pathCondition(eb, r.paths, r.fdPaths, r.pathBytes));
  if (f.fds.length > 0) c.push(fdCondition(eb, f.fds));
  // Literals, not parameters: SQLite uses the partial indexes of failed syscalls (schema 5) only then.
  if (f.status !== null) c.push(eb.or(f.status.map((st) => STATUS_CONDITIONS[st](eb))));
  if (f.errnos.length > 0) c.push(eb('ret', 'in', f.errnos.map((e) => -e)));
  if (f.where !== null) c.push(sql<SqlBool>`(\n${sql.raw(f.where)}\n)`);
  return c;
}

/**
 * The filtered `syscalls` rows, in entry order, as a kysely query to select from.
 * `scopeOnly`: only --pid/--tid/--since/--until (the rows --context may show around a match).
 * IN lists with nothing in them compile to `IN ()`, which SQLite reads as false.
 */
export function syscallsQuery(r: ResolvedFilter, opts: { scopeOnly?: boolean; limit?: boolean } = {}): SyscallsBuilder {
  let q: SyscallsBuilder = qb.selectFrom('syscalls');
  const where = (eb: Eb): Expression<SqlBool> => eb.and([...scopeConditions(eb, r), ...(opts.scopeOnly ? [] : syscallConditions(eb, r))]);
  q = q.where(where).orderBy('id');
  if (opts.limit !== false && !opts.scopeOnly && r.filter.limit !== null) q = q.limit(r.filter.limit);
  return q;
}

/** Which stops other than syscalls a listing shows, as the strace rendering would. */
export interface EventChoice {
  /** Signal deliveries and group stops: of these signals, or all of them (null). */
  readonly signals: ReadonlySet<number> | null;
  readonly signalStops: boolean;
  /** `+++ exited/killed +++` stops. */
  readonly exits: boolean;
}

/** The signal, group-stop and exit stops chosen, narrowed by --pid/--tid/--since/--until (and --limit). */
export function eventsQuery(r: ResolvedFilter, choice: EventChoice) {
  const sigs = choice.signals === null ? null : [...choice.signals];
  let q = qb
    .selectFrom('stops')
    .select(['seq', 'ts_ns', 'pid', 'tid', 'kind', 'sig', 'status'])
    .where((eb) => {
      const kinds = [];
      if (choice.signalStops && (sigs === null || sigs.length > 0)) {
        const stops = eb('kind', 'in', ['signal', 'group-stop']);
        kinds.push(sigs === null ? stops : eb.and([stops, eb('sig', 'in', sigs)]));
      }
      if (choice.exits) kinds.push(eb('kind', '=', 'exit'));
      return kinds.length === 0 ? eb.val(0).$castTo<boolean>() : eb.or(kinds);
    });
  if (r.tids !== null) q = q.where('tid', 'in', [...r.tids]);
  if (r.pids !== null) q = q.where('pid', 'in', [...r.pids]);
  if (r.seqs.from !== null) q = q.where('seq', '>=', r.seqs.from);
  if (r.seqs.to !== null) q = q.where('seq', '<', r.seqs.to);
  q = q.orderBy('seq');
  if (r.filter.limit !== null) q = q.limit(r.filter.limit);
  return q;
}
