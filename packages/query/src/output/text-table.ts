import { escapeText } from '@tracedb/native/terminal';

/** How a value shows in a text table: NULL as nothing, blobs as x'hex', as sqlite3 does; text escaped for the terminal. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Buffer.isBuffer(v)) return `x'${v.toString('hex')}'`;
  return escapeText(String(v));
}

/**
 * Rows as sqlite3's `.mode column` with headers prints them: each column as wide as its
 * widest cell, a dashed line under the headers, two spaces between columns (no trailing ones).
 */
export function textTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string[] {
  const cells = rows.map((r) => r.map(cellText));
  const head = headers.map(escapeText);
  const widths = head.map((h, i) => Math.max(width(h), ...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: readonly string[]): string => r.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
}

function width(s: string): number {
  return [...s].length;
}
