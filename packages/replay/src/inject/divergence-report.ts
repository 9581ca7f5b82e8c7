import type BetterSqlite3 from 'better-sqlite3';
import { defaultRenderOptions, renderStrace } from '@tracedb/query';
import type { Divergence } from './divergence.js';

const BEFORE = 3;

/** The recorded calls with these ids, as trace-q prints them (strace's lines). */
function rendered(db: BetterSqlite3.Database, ids: number[]): string[] {
  if (ids.length === 0) return [];
  const lines = renderStrace(db, defaultRenderOptions, { ids: { sql: `SELECT value FROM json_each(?)`, parameters: [JSON.stringify(ids)] }, exits: false, signal: () => false });
  return [...lines].map((l) => l.replace(/\n$/, '')).filter((l) => l !== '');
}

/** One recorded call as trace-q prints it. */
export function recordedCallLine(db: BetterSqlite3.Database, id: number): string {
  return rendered(db, [id])[0] ?? '?';
}

/** The lines printed on stderr at a divergence or a refusal. */
export function divergenceReport(db: BetterSqlite3.Database, d: Divergence): string[] {
  const where = `stop ${d.seq ?? '?'} (thread ${d.tid})`;
  const head = d.kind === 'refused' ? `trace-replay: cannot replay ${where}: the recording cannot answer this call` : `trace-replay: divergence at ${where}`;
  const before = (
    d.recordedId !== null
      ? db.prepare('SELECT id FROM syscall WHERE tid = ? AND id < ? ORDER BY id DESC LIMIT ?').pluck().all(d.tid, d.recordedId, BEFORE)
      : db.prepare('SELECT id FROM syscall WHERE tid = ? ORDER BY id DESC LIMIT ?').pluck().all(d.tid, BEFORE)
  ).reverse() as number[];
  const out = [head];
  out.push(`  recorded: ${d.recordedId !== null ? recordedCallLine(db, d.recordedId) : '(no more calls in this thread)'}`);
  out.push(`  live:     ${d.live ?? '(the process ended)'}`);
  if (before.length > 0) {
    out.push(`  the ${before.length} calls before it, recorded:`);
    for (const l of rendered(db, before)) out.push(`    ${l}`);
  }
  out.push(`  cause: ${d.cause}`);
  return out;
}
