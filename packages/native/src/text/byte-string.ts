// Names and strings that came as bytes (file names, argv, the environment) are held as JS strings
// without losing a byte: valid UTF-8 decodes as usual, and each byte that is not part of valid
// UTF-8 becomes the lone surrogate U+DC00 + byte (U+DC80..U+DCFF), as Python's surrogateescape
// does. Valid UTF-8 never decodes to a lone surrogate, so the way back to the bytes is exact.
// In JSON such a byte is written \udcXX (JSON.stringify does so, and JSON.parse reads it back).

/** A lone surrogate that stands for a byte (with the u flag, halves of a pair do not match). */
const ESCAPED_BYTE = /[\udc80-\udcff]/u;

/** The bytes as a string: UTF-8, and U+DC00 + byte for each byte that is not valid UTF-8. */
export function bytesToString(bytes: Uint8Array): string {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buf.toString('utf8');
  if (!text.includes('\ufffd')) return text;
  let out = '';
  let i = 0;
  while (i < buf.length) {
    const n = utf8Length(buf, i);
    if (n > 0) {
      out += buf.toString('utf8', i, i + n);
      i += n;
    } else {
      out += String.fromCharCode(0xdc00 + buf[i]);
      i++;
    }
  }
  return out;
}

/** The bytes a string from bytesToString stands for (plain UTF-8 for any other string). */
export function stringToBytes(s: string): Buffer {
  if (!ESCAPED_BYTE.test(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  let plain = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (c.length === 1 && code >= 0xdc80 && code <= 0xdcff) {
      if (plain) parts.push(Buffer.from(plain, 'utf8'));
      plain = '';
      parts.push(Buffer.of(code - 0xdc00));
    } else plain += c;
  }
  if (plain) parts.push(Buffer.from(plain, 'utf8'));
  return Buffer.concat(parts);
}

/** Does the string stand for bytes that are not valid UTF-8? */
export function hasEscapedBytes(s: string): boolean {
  return ESCAPED_BYTE.test(s);
}

/** A name for node:fs: the string itself when it is UTF-8, else its exact bytes. */
export function fsName(name: string): string | Buffer {
  return hasEscapedBytes(name) ? stringToBytes(name) : name;
}

/** The length of the valid UTF-8 sequence at `i` (RFC 3629: no overlong forms, no surrogates), or 0. */
function utf8Length(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number): boolean => i + k < b.length && (b[i + k] & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    const c1 = b[i + 1];
    if (c === 0xe0 && c1 < 0xa0) return 0; // overlong
    if (c === 0xed && c1 >= 0xa0) return 0; // a surrogate
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const c1 = b[i + 1];
    if (c === 0xf0 && c1 < 0x90) return 0; // overlong
    if (c === 0xf4 && c1 >= 0x90) return 0; // above U+10FFFF
    return 4;
  }
  return 0;
}
