/** One CSV line (RFC 4180): fields with a comma, quote or line break are quoted. */
export function csvRow(values: readonly unknown[]): string {
  return values.map(csvField).join(',');
}

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
