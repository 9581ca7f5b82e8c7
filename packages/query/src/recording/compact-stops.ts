import type BetterSqlite3 from 'better-sqlite3';

const known = new WeakMap<BetterSqlite3.Database, boolean>();

/**
 * Whether the recording's table stop is schema 18's (migrations/0018: kinds as numbers, entry
 * registers as changes against a base). Asked with a statement, not pragma(), which
 * better-sqlite3 refuses while another query is being iterated.
 */
export function hasCompactStops(db: BetterSqlite3.Database): boolean {
  let c = known.get(db);
  if (c === undefined) known.set(db, (c = db.prepare("SELECT 1 FROM pragma_table_info('stop') WHERE name = 'base_seq'").get() !== undefined));
  return c;
}
