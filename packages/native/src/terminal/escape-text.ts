// Bytes that came from a traced program or a file name, made safe for a terminal the way strace
// prints strings: printable ASCII as it is, \t \n \v \f \r, every other byte (controls, DEL,
// anything above 0x7e) as an octal escape, padded to three digits only before an octal digit.

import { stringToBytes } from '../text/byte-string.js';

const NAMED: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r' };

function escape(s: string | Uint8Array, backslash: boolean, quote: string): string {
  const bytes = typeof s === 'string' ? stringToBytes(s) : s;
  let out = '';
  let plainFrom = 0;
  const flush = (i: number): void => {
    if (i > plainFrom) out += Buffer.from(bytes.buffer, bytes.byteOffset + plainFrom, i - plainFrom).toString('latin1');
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    const plain = b >= 0x20 && b <= 0x7e && !(backslash && b === 0x5c) && b !== quote.charCodeAt(0);
    if (plain) continue;
    flush(i);
    plainFrom = i + 1;
    if (b === 0x5c || (quote !== '' && b === quote.charCodeAt(0))) out += '\\' + String.fromCharCode(b);
    else if (NAMED[b] !== undefined) out += NAMED[b];
    else {
      const next = bytes[i + 1];
      const octal = b.toString(8);
      out += '\\' + (next !== undefined && next >= 0x30 && next <= 0x37 ? octal.padStart(3, '0') : octal);
    }
  }
  flush(bytes.length);
  return out;
}

/** A value from the recording (argv, environment, a path, a file name) for human output. */
export function escapeText(s: string | Uint8Array): string {
  return escape(s, true, '');
}

/** The same in double quotes, as strace prints a string argument. */
export function quoteText(s: string | Uint8Array): string {
  return `"${escape(s, true, '"')}"`;
}

/**
 * A line of our own that may hold such values (a message naming a file; a rendered syscall; a
 * line of a strace log): what a terminal would act on is escaped — C0 controls, DEL, C1
 * controls, bidirectional and invisible formatting marks, bytes that were not UTF-8 — while
 * backslashes and printable text, ours or the user's, stay as they are.
 */
export function escapeControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (!UNSAFE.test(s)) return s;
  // the character after a match decides whether its last octal escape needs three digits
  return s.replace(UNSAFE_ALL, (c: string, at: number) => {
    const next = s[at + c.length] ?? '';
    return next >= '0' && next <= '7' ? escape(c + next, false, '').slice(0, -1) : escape(c, false, '');
  });
}

// eslint-disable-next-line no-control-regex
const UNSAFE_SOURCE = '[\\x00-\\x1f\\x7f-\\x9f\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff\\ufffd\\udc80-\\udcff]';
const UNSAFE = new RegExp(UNSAFE_SOURCE, 'u');
const UNSAFE_ALL = new RegExp(UNSAFE_SOURCE, 'gu');

/** argv as a command line for the terminal: each argument escaped, then quoted as a shell would need it. */
export function commandLine(argv: readonly string[]): string {
  return argv.map((a) => shellWord(escapeText(a))).join(' ');
}

/** argv as a shell would need it typed, each argument as it is (CSV; the terminal gets commandLine). */
export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellWord).join(' ');
}

/** An argument as a shell would need it written: bare when it is plain, else in single quotes. */
export function shellWord(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
