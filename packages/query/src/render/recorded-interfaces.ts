// The interface names a recording holds (table ifnames, schema 17): what strace, tracing where
// trace-rec traced, would have named each interface index. Older recordings have none, and their
// indexes print as numbers.

import type BetterSqlite3 from 'better-sqlite3';
import type { RenderOptions } from './render-options.js';

export function recordedInterfaces(db: BetterSqlite3.Database): ReadonlyMap<number, Buffer> {
  const names = new Map<number, Buffer>();
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ifnames'").get() === undefined) return names;
  for (const r of db.prepare('SELECT ifindex, name FROM ifnames ORDER BY netns').all() as { ifindex: number; name: Buffer }[]) {
    if (!names.has(r.ifindex)) names.set(r.ifindex, r.name);
  }
  return names;
}

// decodeSyscall asks once per row: the table is read once per recording, and the options made once per options.
const withNames = new WeakMap<BetterSqlite3.Database, { names: ReadonlyMap<number, Buffer>; opts: WeakMap<RenderOptions, RenderOptions> }>();

/** `opts` with the recording's interface names. */
export function withRecordedInterfaces(db: BetterSqlite3.Database, opts: RenderOptions): RenderOptions {
  let known = withNames.get(db);
  if (known === undefined) withNames.set(db, (known = { names: recordedInterfaces(db), opts: new WeakMap() }));
  let o = known.opts.get(opts);
  if (o === undefined) known.opts.set(opts, (o = { ...opts, interfaces: known.names }));
  return o;
}
