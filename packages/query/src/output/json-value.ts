/**
 * The one rule for integers in every JSON that trace-q and trace-diff write: an integer whose
 * magnitude is above 2^53-1 (Number.MAX_SAFE_INTEGER) is written as a string of its decimal
 * digits ("-6882750199097268001"), because jq and JavaScript would round the bare number;
 * every other integer is a bare number.
 */
export function jsonInteger(v: bigint | number): bigint | number | string {
  if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v) ? BigInt(v).toString() : v;
  return v > MAX_SAFE || v < -MAX_SAFE ? v.toString() : v;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A JSON.stringify replacer that applies jsonInteger (bigints become numbers or strings). */
export function jsonReplacer(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint' || typeof v === 'number') {
    const j = jsonInteger(v);
    return typeof j === 'bigint' ? Number(j) : j;
  }
  return v;
}

/**
 * JSON text for query results: integers by jsonInteger's rule (64-bit values keep every
 * digit), buffers become hex strings, and nested values (decoded arguments) are written as
 * they are.
 */
export function toJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'bigint':
    case 'number': {
      if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
      const j = jsonInteger(value);
      return typeof j === 'string' ? `"${j}"` : String(j);
    }
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
