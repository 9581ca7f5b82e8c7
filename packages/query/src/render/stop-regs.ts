import type BetterSqlite3 from 'better-sqlite3';
import { applyRegsChanges, syscallRegs } from '@tracedb/native';
import { hasCompactStops } from '../recording/compact-stops.js';

const MAX_BASES = 4096;

/** A stop's registers by seq, as the view stops gives them (null: the stop has none, or no such stop). */
export type StopRegsAt = (seq: number) => Buffer | null;

/**
 * The registers of one stop at a time (-i asks for every syscall's). The view stops rebuilds
 * schema 18's registers kept as changes by concatenating 27 SQL substrings, a few µs a stop; here
 * the changes are put in place on the base, read once (an exit stop of 8 bytes is rax against
 * its entry's).
 */
export function stopRegsAt(db: BetterSqlite3.Database): StopRegsAt {
  if (!hasCompactStops(db)) {
    const st = db.prepare('SELECT regs FROM stops WHERE seq = ?').pluck();
    return (seq) => (st.get(seq) as Buffer | null | undefined) ?? null;
  }
  const row = db.prepare('SELECT regs, regs_changed, base_seq, entry_seq FROM stop WHERE seq = ?').raw(true);
  /** Bases are few (dd: one for each site of each thread) and asked again and again. */
  const bases = new Map<number, Buffer>();
  const base = (seq: number): Buffer => {
    let b = bases.get(seq);
    if (b === undefined) {
      if (bases.size >= MAX_BASES) bases.clear();
      bases.set(seq, (b = (row.get(seq) as [Buffer])[0]));
    }
    return b;
  };
  const at = (seq: number): Buffer | null => {
    const r = row.get(seq) as [Buffer | null, Buffer | null, number | null, number | null] | undefined;
    if (r === undefined || r[0] === null) return null;
    const [regs, changed, baseSeq, entrySeq] = r;
    if (changed !== null && baseSeq !== null) return applyRegsChanges(regs, changed, base(baseSeq));
    if (regs.length === 8 && entrySeq !== null) {
      const full = Buffer.from(at(entrySeq)!);
      regs.copy(full, syscallRegs.ret);
      return full;
    }
    return regs;
  };
  return at;
}
