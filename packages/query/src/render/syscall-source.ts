import type BetterSqlite3 from 'better-sqlite3';
import { SYSCALL_TABLE_COLUMNS } from './syscall-reader.js';
import type { SyscallReader } from './syscall-reader.js';
import type { SyscallRow } from './syscall-row.js';

/** A query whose single column is syscall ids, in ascending order. */
export interface IdQuery {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /**
   * The same selection's rows (SYSCALL_TABLE_COLUMNS), in id order, when it can be written so:
   * SQLite may then read them from the index it finds them in (the failed syscalls' indexes
   * hold whole rows) rather than look each one up by id.
   */
  readonly rows?: { readonly sql: string; readonly parameters: readonly unknown[] };
}

/** Syscall rows in id (= entry) order. */
export interface SyscallSource {
  next(): SyscallRow | null;
  /** Whether the last row returned is one the selection asked for (the others only keep trackers right). */
  readonly selected: boolean;
  close(): void;
}

function cursor(db: BetterSqlite3.Database, sql: string, parameters: readonly unknown[]): IterableIterator<unknown[]> {
  return db.prepare(sql).raw(true).iterate(...parameters) as IterableIterator<unknown[]>;
}

/**
 * Rows sorted by their first column (the id). SQLite aggregates the rows of an ordered
 * subquery in that order; sorting again inside json_group_array would cost a quarter of the
 * query, but without it the order is not promised: this checks, and sorts if it must.
 */
function inOrder(rows: unknown[][]): unknown[][] {
  for (let i = 1; i < rows.length; i++) {
    if ((rows[i][0] as number) < (rows[i - 1][0] as number)) return rows.sort((a, b) => (a[0] as number) - (b[0] as number));
  }
  return rows;
}

/** Rows per query of AllSyscalls. */
const CHUNK = 1024;

/**
 * Every row of the syscall table, in one pass. Rows come in chunks, each one JSON array made
 * by SQLite: better-sqlite3 spends more on building a row (an array, a value per column) than
 * SQLite spends on reading it, and JSON.parse builds them faster.
 */
export class AllSyscalls implements SyscallSource {
  readonly selected = true;
  private readonly chunk: BetterSqlite3.Statement;
  private rows: unknown[][] = [];
  private i = 0;
  private last: number | null = Number.MIN_SAFE_INTEGER;

  constructor(
    db: BetterSqlite3.Database,
    private readonly reader: SyscallReader,
  ) {
    this.chunk = db
      .prepare(`SELECT json_group_array(json_array(${SYSCALL_TABLE_COLUMNS})), max(id) FROM (SELECT * FROM syscall WHERE id > ? ORDER BY id LIMIT ${CHUNK})`)
      .raw(true);
  }

  next(): SyscallRow | null {
    if (this.i === this.rows.length) {
      if (this.last === null) return null;
      const [json, last] = this.chunk.get(this.last) as [string, number | null];
      this.last = last;
      if (last === null) return null;
      this.rows = inOrder(JSON.parse(json) as unknown[][]);
      this.i = 0;
    }
    return this.reader.row(this.rows[this.i++]);
  }

  close(): void {}
}

/** Selections of up to this many rows are read in one query. */
const ONE_QUERY_ROWS = 16384;

/**
 * The rows of a query in SYSCALL_TABLE_COLUMNS, in id order: with a cursor, or for `count` rows
 * or fewer as one JSON array, which takes a third of the time (see AllSyscalls).
 */
function rowsOf(db: BetterSqlite3.Database, q: { readonly sql: string; readonly parameters: readonly unknown[] }, count: number): IterableIterator<unknown[]> {
  if (count > ONE_QUERY_ROWS) return cursor(db, q.sql, q.parameters);
  const json = db.prepare(`SELECT json_group_array(json_array(${SYSCALL_TABLE_COLUMNS})) FROM (${q.sql})`).pluck().get(...q.parameters) as string;
  return inOrder(JSON.parse(json) as unknown[][]).values();
}

/**
 * The selected rows (`count` of them, from the ids query's rows), merged in id order with the
 * rows of the syscalls in `also` (by the syscall_nr index), which are read but not printed.
 */
export class SelectedSyscalls implements SyscallSource {
  selected = true;
  private readonly chosen: IterableIterator<unknown[]>;
  private readonly extra: IterableIterator<unknown[]> | null;
  private a: SyscallRow | null | undefined;
  private b: SyscallRow | null | undefined;

  constructor(
    db: BetterSqlite3.Database,
    private readonly reader: SyscallReader,
    ids: IdQuery,
    count: number,
    also: readonly number[],
  ) {
    this.chosen = rowsOf(db, ids.rows ?? { sql: `SELECT ${SYSCALL_TABLE_COLUMNS} FROM syscall WHERE id IN (${ids.sql}) ORDER BY id`, parameters: ids.parameters }, count);
    this.extra = also.length > 0 ? cursor(db, `SELECT ${SYSCALL_TABLE_COLUMNS} FROM syscall WHERE nr IN (${also.join(', ')}) ORDER BY id`, []) : null;
  }

  private take(it: IterableIterator<unknown[]> | null): SyscallRow | null {
    if (it === null) return null;
    const r = it.next();
    return r.done ? null : this.reader.row(r.value as unknown[]);
  }

  next(): SyscallRow | null {
    if (this.a === undefined) this.a = this.take(this.chosen);
    if (this.b === undefined) this.b = this.take(this.extra);
    const a = this.a;
    const b = this.b;
    if (a !== null && (b === null || a.id <= b.id)) {
      if (b !== null && b.id === a.id) this.b = undefined;
      this.a = undefined;
      this.selected = true;
      return a;
    }
    if (b === null) return null;
    this.b = undefined;
    this.selected = false;
    return b;
  }

  close(): void {
    this.chosen.return?.();
    this.extra?.return?.();
  }
}

/**
 * The ids query read alongside a pass over every row: has(id) says whether id is one of
 * them, asked in increasing order, so that memory stays flat however many there are.
 */
export class IdCursor {
  private readonly it: IterableIterator<number>;
  private next: number | null | undefined;

  constructor(db: BetterSqlite3.Database, ids: IdQuery) {
    this.it = db.prepare(ids.sql).pluck().iterate(...ids.parameters) as IterableIterator<number>;
  }

  private take(): number | null {
    const r = this.it.next();
    return r.done ? null : r.value;
  }

  has(id: number): boolean {
    if (this.next === undefined) this.next = this.take();
    while (this.next !== null && this.next < id) this.next = this.take();
    return this.next === id;
  }

  close(): void {
    this.it.return?.();
  }
}

/**
 * Whether the ids query selects few enough rows that reading them by primary key (and their
 * memory by stop) beats one pass over the whole recording (under a quarter of the rows), and
 * if so whether any of them is one of the syscalls `nrs`. Neither question reads the selected
 * rows: the ids come from an index for most filters, and the syscalls `nrs` from syscall_nr.
 */
export function selectsFew(db: BetterSqlite3.Database, ids: IdQuery, nrs: readonly number[]): { few: boolean; count: number; any: boolean } {
  const total = (db.prepare('SELECT max(id) FROM syscall').pluck().get() as number | null) ?? 0;
  const cap = Math.ceil(total / 4);
  const count = db.prepare(`SELECT count(*) FROM (SELECT 1 FROM (${ids.sql}) LIMIT ?)`).pluck().get(...ids.parameters, cap) as number;
  if (count >= cap) return { few: false, count, any: false };
  const any = nrs.length > 0 && db.prepare(`SELECT EXISTS (SELECT 1 FROM syscall WHERE nr IN (${nrs.join(', ')}) AND id IN (${ids.sql}))`).pluck().get(...ids.parameters) === 1;
  return { few: true, count, any };
}
