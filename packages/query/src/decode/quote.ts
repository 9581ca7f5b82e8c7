// strace's string printing (src/util.c: string_quote, printstr_ex, printpathn).

export const QUOTE_0_TERMINATED = 0x01;
export const QUOTE_OMIT_LEADING_TRAILING_QUOTES = 0x02;
export const QUOTE_OMIT_TRAILING_0 = 0x08;
export const QUOTE_FORCE_HEX = 0x10;
export const QUOTE_EMIT_COMMENT = 0x20;
export const QUOTE_EXPECT_TRAILING_0 = 0x40;

/** -x levels: 0 none, 1 non-ASCII strings in hex, 2 all strings in hex. */
export type HexLevel = 0 | 1 | 2;

const isPrint = (c: number): boolean => c >= 0x20 && c <= 0x7e;
/** Printed as it is: printable, and not a quote or backslash. */
const isPlain = (c: number): boolean => c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c;

/**
 * string_quote: quotes the first `size` bytes of `buf`; a byte past them (buf[size], if any)
 * only matters for octal escapes. Returns the text and whether the string was not seen to end
 * (strace's return value 1: "did not see NUL").
 */
export function stringQuote(buf: Uint8Array, size: number, style: number, hex: HexLevel, escapeChars?: string): { text: string; unterminated: boolean } {
  const eol = style & QUOTE_0_TERMINATED ? 0 : 0x100;
  let usehex = false;
  if (style & QUOTE_FORCE_HEX || hex === 2) {
    usehex = true;
  } else if (hex === 1) {
    for (let i = 0; i < size; i++) {
      const c = buf[i];
      if (c === eol) break;
      if (c > 0x7e || (c < 0x20 && (c - 9 < 0 || c - 9 >= 5))) {
        usehex = true;
        break;
      }
    }
  }
  let s = '';
  if (style & QUOTE_EMIT_COMMENT) s += ' /* ';
  const quotes = !(style & QUOTE_OMIT_LEADING_TRAILING_QUOTES);
  if (quotes) s += '"';
  const end = (unterminated: boolean): { text: string; unterminated: boolean } => {
    if (quotes) s += '"';
    if (style & QUOTE_EMIT_COMMENT) s += ' */';
    return { text: s, unterminated };
  };
  if (usehex) {
    for (let i = 0; i < size; i++) {
      const c = buf[i];
      if (c === eol) return end(false);
      s += '\\x' + c.toString(16).padStart(2, '0');
    }
  } else {
    for (let i = 0; i < size; i++) {
      const c = buf[i];
      if (c === eol) return end(false);
      if (i === size - 1 && style & QUOTE_OMIT_TRAILING_0 && c === 0) return end(false);
      switch (c) {
        case 0x22:
        case 0x5c:
          s += '\\' + String.fromCharCode(c);
          break;
        case 0x0c:
          s += '\\f';
          break;
        case 0x0a:
          s += '\\n';
          break;
        case 0x0d:
          s += '\\r';
          break;
        case 0x09:
          s += '\\t';
          break;
        case 0x0b:
          s += '\\v';
          break;
        default: {
          if (isPlain(c) && escapeChars === undefined) {
            // a run of characters printed as they are, appended at once
            let j = i + 1;
            while (j < size && isPlain(buf[j])) j++;
            s += String.fromCharCode.apply(null, buf.subarray(i, j) as unknown as number[]);
            i = j - 1;
            break;
          }
          let printable = isPrint(c);
          if (printable && escapeChars !== undefined && escapeChars.includes(String.fromCharCode(c))) printable = false;
          if (printable) {
            s += String.fromCharCode(c);
          } else {
            const next = i + 1 < size ? buf[i + 1] : -1;
            const digitFollows = next >= 0x30 && next <= 0x37;
            s += '\\' + octByte(c, digitFollows);
          }
        }
      }
    }
  }
  // strace: "return 0 if we printed the entire ASCIZ string", i.e. the next byte is a NUL.
  const unterminated = !(style & QUOTE_0_TERMINATED && buf[size] === 0);
  return end(unterminated);
}

function octByte(c: number, full: boolean): string {
  if (full) return c.toString(8).padStart(3, '0');
  return c.toString(8);
}

/**
 * printstr_ex over memory the recorder captured: `data` holds the bytes it read from `addr`
 * (possibly fewer than `len`); `len` is the length the argument refers to (-1n: unknown,
 * a NUL-terminated string). Returns null when the bytes strace would print were not
 * captured (strace prints the address then).
 */
export function printstrEx(data: Buffer | null, len: bigint, style: number, limit: number, hex: HexLevel): string | null {
  if (data === null) return null;
  // len as unsigned, in a number: only compared with limit + 1, so inexact beyond 2^53 is fine
  const ulen = len < 0n ? Infinity : Number(len);
  let size = limit + 1 < ulen ? limit + 1 : ulen;
  let n = Math.min(size, data.length);
  // what is read past n (the NUL at n, the marker at size) only matters up to n + 1
  const buf = new Uint8Array(Math.min(size, n + 1) + 1);
  // a loop: these are a few dozen bytes (-s), not worth a subarray view and set()
  for (let i = 0; i < n; i++) buf[i] = data[i];
  if (style & QUOTE_0_TERMINATED) {
    // umovestr stops at the NUL; the recorder's string captures leave the NUL out.
    if (n < size) buf[n] = 0;
  } else if (n < size) {
    // The buffer was not fully captured: strace would have read it.
    return null;
  }
  if (size > limit) size = limit;
  else buf[size] = 0xff;
  if ((style & (QUOTE_0_TERMINATED | QUOTE_EXPECT_TRAILING_0)) === (QUOTE_0_TERMINATED | QUOTE_EXPECT_TRAILING_0) && size === ulen && size) size--;
  const q = stringQuote(buf, size, style, hex);
  const ellipsis =
    q.unterminated && len !== 0n && ((style & (QUOTE_0_TERMINATED | QUOTE_EXPECT_TRAILING_0)) !== 0 || ulen > limit);
  return q.text + (ellipsis ? '...' : '');
}

/** printpathn: the whole path (no -s limit), "..." when it did not end within PATH_MAX. */
export function printPath(data: Buffer, truncated: boolean, hex: HexLevel): string {
  const nulSeen = !truncated && data.length <= 4095;
  const n = Math.min(data.length, 4095);
  const buf = new Uint8Array(n + 1);
  buf.set(data.subarray(0, n));
  buf[n] = nulSeen ? 0 : 1;
  const q = stringQuote(buf, n, QUOTE_0_TERMINATED, hex);
  return q.text + (nulSeen ? '' : '...');
}
