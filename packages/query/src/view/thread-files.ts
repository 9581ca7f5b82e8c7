import type BetterSqlite3 from 'better-sqlite3';
import type { ResolvedFilter } from '../filter/compile-filter.js';
import { listSyscalls } from './list-syscalls.js';
import type { RenderOptions, StraceRenderer } from './strace-renderer.js';

/** Where one thread's lines go. */
export interface LineWriter {
  line(text: string): void;
  close(): void;
}

/**
 * strace -ff -o FILE: each thread's lines, without the tid column, in FILE.TID, one file for
 * every thread of the recording (strace opens one for each thread it traces, printed to or not).
 */
export function writeThreadFiles(
  db: BetterSqlite3.Database,
  filter: ResolvedFilter,
  render: RenderOptions,
  renderer: StraceRenderer,
  open: (tid: number) => LineWriter,
): void {
  const tids = db.prepare('SELECT tid FROM threads GROUP BY tid ORDER BY min(id)').pluck().all() as number[];
  for (const tid of tids) {
    const w = open(tid);
    try {
      for (const line of listSyscalls(db, filter, { format: 'strace', render, renderer, tid })) w.line(line);
    } finally {
      w.close();
    }
  }
}
