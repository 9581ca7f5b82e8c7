import type BetterSqlite3 from 'better-sqlite3';
import { compile } from '../recording/query-builder.js';
import { syscallsQuery } from '../filter/compile-filter.js';
import type { ResolvedFilter } from '../filter/compile-filter.js';

/**
 * grep -C for syscalls: each match with up to n syscalls before and after it, taken from the
 * syscalls that --pid/--tid/--since/--until select. Overlapping or touching groups merge, as
 * in grep. Neighbours are found with two primary-key range queries per match.
 */
export function contextGroups(db: BetterSqlite3.Database, r: ResolvedFilter, n: number): number[][] {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const ids = (query: ReturnType<typeof syscallsQuery>): number[] => {
    const c = compile(query.select('id'));
    let st = statements.get(c.sql);
    if (!st) statements.set(c.sql, (st = db.prepare(c.sql).pluck()));
    return st.all(...c.parameters) as number[];
  };
  const groups: number[][] = [];
  let current: number[] | null = null;
  let last = -1;
  let next: number | null = null;
  for (const m of ids(syscallsQuery(r))) {
    const before = ids(syscallsQuery(r, { scopeOnly: true }).where('id', '<', m).clearOrderBy().orderBy('id', 'desc').limit(n)).reverse();
    const first = before[0] ?? m;
    if (current !== null && (first <= last || first === next)) {
      current.push(...[...before, m].filter((id) => id > last));
    } else {
      if (current !== null) groups.push(current);
      current = [...before, m];
    }
    last = Math.max(last, m);
    const after = ids(syscallsQuery(r, { scopeOnly: true }).where('id', '>', m).limit(n + 1));
    current.push(...after.slice(0, n).filter((id) => id > last));
    last = Math.max(last, ...after.slice(0, n));
    next = after.length > n ? after[n] : null;
  }
  if (current !== null) groups.push(current);
  return groups;
}
