// Bytes that came from a traced program or a file name, made safe for a terminal the way strace
// prints strings: printable ASCII as it is, \t \n \v \f \r, every other byte (controls, DEL,
// anything above 0x7e) as an octal escape, padded to three digits only before an octal digit.

const NAMED: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r' };

function escape(s: string | Uint8Array, backslash: boolean, quote: string): string {
  const bytes = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
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
 * Text that is already strace-quoted (a rendered syscall, a line of a strace log): only the bytes
 * a terminal would act on are escaped, backslashes are left as they are.
 */
export function escapeControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x1f\x7f-\uffff]/.test(s) ? escape(s, false, '') : s;
}

/** An argument as a shell would need it written: bare when it is plain, else in single quotes. */
export function shellWord(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
