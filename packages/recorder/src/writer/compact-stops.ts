import type BetterSqlite3 from 'better-sqlite3';
import { REGS_SIZE, storedStopKinds } from '@tracedb/native';
import { RegsDelta } from './regs-delta.js';

const ENTRY = storedStopKinds.indexOf('syscall-entry');
const THREAD_EXIT = storedStopKinds.indexOf('exit');
const CHUNK = 20_000;

/**
 * Stores the whole registers of a recording made before schema 18 as trace-rec stores them now
 * (never run it on one made since: it would turn bases into changes under the stops naming them):
 * each syscall entry as the registers that changed since a base stop (RegsDelta, in the order
 * the stops happened). Exit stops already keep rax alone. Run by trace-q upgrade after the
 * migration to 18; returns the number of entry stops it changed.
 */
export function compactStops(db: BetterSqlite3.Database): number {
  const delta = new RegsDelta();
  const read = db.prepare(`SELECT seq, tid, kind, regs FROM stop WHERE seq > ? AND kind IN (${ENTRY}, ${THREAD_EXIT}) AND base_seq IS NULL ORDER BY seq LIMIT ${CHUNK}`).raw(true);
  const update = db.prepare('UPDATE stop SET regs = ?, base_seq = ?, regs_changed = ? WHERE seq = ?');
  let changed = 0;
  db.transaction(() => {
    for (let after = 0; ; ) {
      const rows = read.all(after) as [number, number, number, Buffer | null][];
      for (const [seq, tid, kind, regs] of rows) {
        if (kind === THREAD_EXIT) delta.forget(tid);
        else if (regs !== null && regs.length === REGS_SIZE) {
          const stored = delta.encode(tid, seq, regs);
          if (stored.base === null) continue;
          update.run(stored.regs, stored.base, stored.changed, seq);
          changed++;
        }
      }
      if (rows.length < CHUNK) break;
      after = rows[rows.length - 1][0];
    }
  })();
  return changed;
}
