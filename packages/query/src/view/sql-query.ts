import type BetterSqlite3 from 'better-sqlite3';
import type { Format } from '../cli/parse-args.js';
import { UsageError } from '../cli/errors.js';
import { resultLines } from '../output/result-lines.js';

const READ_ONLY = '--sql runs read-only queries; this statement would change the recording';

/**
 * --sql: one read-only statement, printed as a table (sqlite3's `.mode column`), JSON,
 * NDJSON or CSV. Statements that would write are refused before they run; the connection
 * is read-only besides, so nothing can change the recording.
 */
export function* runSql(db: BetterSqlite3.Database, text: string, format: Format): Generator<string> {
  let st: BetterSqlite3.Statement;
  try {
    st = db.prepare(text);
  } catch (e) {
    // A write to a view (stops) fails as early as this, with SQLite's message about views.
    if (/^\s*(INSERT|UPDATE|DELETE|REPLACE|DROP|CREATE|ALTER)\b/i.test(text)) throw new UsageError(READ_ONLY);
    throw new UsageError(`--sql: ${(e as Error).message}`);
  }
  if (!st.readonly || /^\s*(VACUUM|ATTACH|DETACH|REINDEX|ANALYZE)\b/i.test(text)) {
    throw new UsageError(READ_ONLY);
  }
  if (!st.reader) {
    st.run();
    return;
  }
  st.safeIntegers(true);
  const headers = st.columns().map((c) => c.name);
  yield* resultLines(headers, st.raw(true).iterate() as IterableIterator<unknown[]>, format);
}
