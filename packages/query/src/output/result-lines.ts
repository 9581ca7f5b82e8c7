import type { Format } from '../cli/parse-args.js';
import { csvRow } from './csv.js';
import { toJson } from './json-value.js';
import { textTable } from './text-table.js';

/**
 * The rows of a query as --sql prints them: a table (sqlite3's `.mode column`) for the default
 * format, CSV with a header line, JSON (one array of objects) or NDJSON (an object a line).
 * trace-q --sql and trace-q fleet --sql print through here.
 */
export function* resultLines(headers: readonly string[], rows: Iterable<readonly unknown[]>, format: Format): Generator<string> {
  if (format === 'csv') {
    yield csvRow(headers);
    for (const r of rows) yield csvRow(r);
  } else if (format === 'json' || format === 'ndjson') {
    const object = (r: readonly unknown[]): string => toJson(Object.fromEntries(headers.map((h, i) => [h, r[i]])));
    if (format === 'ndjson') {
      for (const r of rows) yield object(r);
    } else {
      let first = true;
      for (const r of rows) {
        yield (first ? '[' : ',') + object(r);
        first = false;
      }
      yield first ? '[]' : ']';
    }
  } else {
    yield* textTable(headers, [...rows]);
  }
}
