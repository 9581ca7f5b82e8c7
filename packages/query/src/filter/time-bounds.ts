import type BetterSqlite3 from 'better-sqlite3';
import type { TimePoint } from './filter.js';

/** Half-open id (or seq) range [from, to); null ends are open. */
export interface IdRange {
  readonly from: number | null;
  readonly to: number | null;
}

interface KeyedTable {
  /** SELECT id, key FROM … WHERE id >= ? … ORDER BY id LIMIT 1 */
  readonly next: BetterSqlite3.Statement;
  readonly max: number;
}

/**
 * The first id whose key is >= value, by binary search over the primary key: syscall ids and
 * stop seqs are given in the order of the stops, so their times and seqs only grow.
 * O(log n) primary-key lookups instead of a scan.
 */
function firstAtLeast(t: KeyedTable, value: number): number {
  let lo = 1;
  let hi = t.max + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const row = t.next.get(mid) as { id: number; key: number } | undefined;
    if (row === undefined) {
      hi = mid;
    } else if (row.key >= value) {
      hi = mid;
    } else {
      lo = row.id + 1;
    }
  }
  return lo;
}

function keyed(db: BetterSqlite3.Database, table: 'syscall' | 'stops', point: TimePoint): KeyedTable {
  if (table === 'syscall') {
    const key = point.kind === 'time' ? 'coalesce(entry_ns, exit_ns)' : 'coalesce(entry_seq, exit_seq)';
    return {
      next: db.prepare(`SELECT id, ${key} AS key FROM syscall WHERE id >= ? AND ${key} IS NOT NULL ORDER BY id LIMIT 1`),
      max: (db.prepare('SELECT max(id) AS m FROM syscall').get() as { m: number | null }).m ?? 0,
    };
  }
  const key = point.kind === 'time' ? 'ts_ns' : 'seq';
  return {
    next: db.prepare(`SELECT seq AS id, ${key} AS key FROM stops WHERE seq >= ? ORDER BY seq LIMIT 1`),
    max: (db.prepare('SELECT max(seq) AS m FROM stops').get() as { m: number | null }).m ?? 0,
  };
}

function pointValue(p: TimePoint): number {
  return p.kind === 'time' ? p.ns : p.seq;
}

/**
 * --since/--until as a range of syscall ids (table 'syscall': by the syscall's entry) or of
 * stop seqs (table 'stops'). Both ends are inclusive for the user: --until 2 keeps what
 * happened at 2.000000000 s.
 */
export function timeRange(db: BetterSqlite3.Database, table: 'syscall' | 'stops', since: TimePoint | null, until: TimePoint | null): IdRange {
  if (table === 'stops' && since?.kind !== 'time' && until?.kind !== 'time') {
    return { from: since ? since.seq : null, to: until ? until.seq + 1 : null };
  }
  return {
    from: since ? firstAtLeast(keyed(db, table, since), pointValue(since)) : null,
    to: until ? firstAtLeast(keyed(db, table, until), pointValue(until) + 1) : null,
  };
}
