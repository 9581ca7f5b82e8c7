import { describe, expect, it } from 'vitest';
import { QUOTE_0_TERMINATED, QUOTE_OMIT_LEADING_TRAILING_QUOTES, stringQuote } from './quote.js';

const q = (bytes: number[] | string, style = 0, hex: 0 | 1 | 2 = 0, escapeChars?: string): string => {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return stringQuote(buf, buf.length, style, hex, escapeChars).text;
};

describe('stringQuote prints as strace 6.1 does', () => {
  it('plain text in one piece, escapes where strace puts them', () => {
    expect(q('/etc/ld.so.cache')).toBe('"/etc/ld.so.cache"');
    expect(q('a"b\\c\n\t\r\f\v')).toBe('"a\\"b\\\\c\\n\\t\\r\\f\\v"');
    expect(q('x\x01' + '1y')).toBe('"x\\0011y"'); // three octal digits before a digit
    expect(q('x\x01A\xffz')).toBe('"x\\1A\\377z"');
    expect(q('')).toBe('""');
  });
  it('stops at the NUL of a C string and says whether it was there', () => {
    const buf = Buffer.from('/tmp\0junk', 'latin1');
    expect(stringQuote(buf, 4, QUOTE_0_TERMINATED, 0)).toEqual({ text: '"/tmp"', unterminated: false });
    expect(stringQuote(buf, 7, QUOTE_0_TERMINATED, 0)).toEqual({ text: '"/tmp"', unterminated: false });
    expect(stringQuote(Buffer.from('/tmpx', 'latin1'), 4, QUOTE_0_TERMINATED, 0)).toEqual({ text: '"/tmp"', unterminated: true });
  });
  it('-x, -xx, escaped characters and no quotes', () => {
    expect(q('ab\xff', 0, 1)).toBe('"\\x61\\x62\\xff"');
    expect(q('ab', 0, 1)).toBe('"ab"');
    expect(q('ab', 0, 2)).toBe('"\\x61\\x62"');
    expect(q('a:b', 0, 0, ':')).toBe('"a\\72b"');
    expect(q('a b', QUOTE_OMIT_LEADING_TRAILING_QUOTES)).toBe('a b');
  });
});
