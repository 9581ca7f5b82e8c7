/**
 * JSON text for query results: 64-bit integers (bigint) keep every digit, buffers become
 * hex strings, and nested values (decoded arguments) are written as they are.
 */
export function toJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Buffer.isBuffer(value) || value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('hex'));
      if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
      if (value instanceof Map) return toJson(Object.fromEntries(value));
      const fields = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
      return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
    }
    default:
      return 'null';
  }
}
