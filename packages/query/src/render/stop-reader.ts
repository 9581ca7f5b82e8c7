import type BetterSqlite3 from 'better-sqlite3';
import { FIRST_EVENT_KIND } from '@tracedb/native';
import { hasCompactStops } from '../recording/compact-stops.js';

/** A stop as the renderer reads it (the stops table's columns it needs). */
export interface StopRow {
  readonly seq: number;
  readonly ts_ns: number;
  readonly tid: number;
  readonly kind: string;
  readonly sig: number | null;
  readonly event: string | null;
  readonly event_msg: number | null;
  readonly status: number | null;
  readonly siginfo: Buffer | null;
  /** Only read for -i. */
  readonly regs: Buffer | null;
}

/** The stops the syscall rows do not stand for (signals, events, exits), in seq order. */
export interface StopReader {
  /** The next such stop, if its seq is below `limit`. */
  before(limit: number): StopRow | null;
  /** Stops up to `seq` have been dealt with (the syscall stop at `seq` by its row). */
  passed(seq: number): void;
  close(): void;
}

/**
 * A condition on stops that picks the stops other than syscall entries and exits (signals,
 * group stops, events, exits: a few among millions) through the index stops_events. Since
 * schema 18 it asks the table, whose kind is a number the view names: no index sees through
 * that. `alias` is the view's name in the query, with its dot.
 */
export function eventStops(db: BetterSqlite3.Database, alias = ''): string {
  return alias + (hasCompactStops(db) ? `seq IN (SELECT seq FROM stop WHERE kind >= ${FIRST_EVENT_KIND})` : "kind NOT IN ('syscall-entry', 'syscall-exit')");
}

/**
 * The SIGSEGV stops of rdtsc/rdtscp/cpuid that a --replayable recording trapped and answered
 * (tables tsc_reads and cpuid_reads, schema 11): an untraced program never got that signal, so
 * strace's view, trace-diff and the replayer's signals leave them out. A condition on `seq` to
 * AND to a WHERE clause on stops (empty for older recordings).
 */
export function notTrapped(db: BetterSqlite3.Database): string {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tsc_reads'").get() !== undefined;
  return has ? ' AND seq NOT IN (SELECT seq FROM tsc_reads UNION ALL SELECT seq FROM cpuid_reads)' : '';
}

function columns(regs: boolean): string {
  return `seq, ts_ns, tid, kind, sig, event, event_msg, status, siginfo${regs ? ', regs' : ''}`;
}

function toStop(r: unknown[]): StopRow {
  return {
    seq: r[0] as number,
    ts_ns: r[1] as number,
    tid: r[2] as number,
    kind: r[3] as string,
    sig: r[4] as number | null,
    event: r[5] as string | null,
    event_msg: r[6] as number | null,
    status: r[7] as number | null,
    siginfo: r[8] as Buffer | null,
    regs: (r[9] as Buffer | undefined) ?? null,
  };
}

/**
 * For rendering every syscall: stop seqs are consecutive, so the stops the syscall rows do
 * not cover are the gaps between the rows' entry and exit seqs, each read by a primary-key
 * range. A recording of a million syscalls has a handful of them, where the stops table has
 * two million rows. Every kind of stop can sit in a gap (a syscall stop the recorder wrote no
 * row for, in an interrupted recording): the renderer treats them as it always did.
 */
export class GapStops implements StopReader {
  private readonly range: BetterSqlite3.Statement;
  private it: IterableIterator<unknown[]> | null = null;
  private next: StopRow | null = null;
  /** Stops below this seq have been read or accounted for. */
  private from = -Infinity;

  constructor(db: BetterSqlite3.Database, regs: boolean) {
    this.range = db.prepare(`SELECT ${columns(regs)} FROM stops WHERE seq >= ? AND seq < ?${notTrapped(db)} ORDER BY seq`).raw(true);
  }

  before(limit: number): StopRow | null {
    if (this.next === null && this.it === null && this.from < limit) {
      const lo = this.from === -Infinity ? Number.MIN_SAFE_INTEGER : this.from;
      const hi = limit === Infinity ? Number.MAX_SAFE_INTEGER : limit;
      this.it = this.range.iterate(lo, hi) as IterableIterator<unknown[]>;
      this.from = limit;
    }
    if (this.next === null && this.it !== null) {
      const r = this.it.next();
      if (r.done) this.it = null;
      else this.next = toStop(r.value as unknown[]);
    }
    const s = this.next;
    if (s === null || s.seq >= limit) return null;
    this.next = null;
    return s;
  }

  passed(seq: number): void {
    if (seq + 1 > this.from) this.from = seq + 1;
  }

  close(): void {
    this.it?.return?.();
  }
}

/**
 * For a filtered rendering: the signal, event and exit stops, which every selection needs
 * (they print lines, interrupt them and rename threads), read in one pass through their index.
 */
export class EventStops implements StopReader {
  private readonly it: IterableIterator<unknown[]>;
  private next: StopRow | null;

  constructor(db: BetterSqlite3.Database, regs: boolean) {
    this.it = db.prepare(`SELECT ${columns(regs)} FROM stops WHERE ${eventStops(db)}${notTrapped(db)} ORDER BY seq`).raw(true).iterate() as IterableIterator<unknown[]>;
    this.next = this.advance();
  }

  private advance(): StopRow | null {
    const r = this.it.next();
    return r.done ? null : toStop(r.value as unknown[]);
  }

  before(limit: number): StopRow | null {
    const s = this.next;
    if (s === null || s.seq >= limit) return null;
    this.next = this.advance();
    return s;
  }

  passed(): void {}

  close(): void {
    this.it.return?.();
  }
}
