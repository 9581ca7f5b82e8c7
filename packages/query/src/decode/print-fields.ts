// strace's field printers shared by several families (print_fields.h): a char array as a
// C string, a hex string, a %#0*x value, a MAC address (PRINT_FIELD_IFINDEX is ifindex.ts).

import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { raw } from './decoded.js';
import { QUOTE_0_TERMINATED, QUOTE_FORCE_HEX, stringQuote } from './quote.js';

/** PRINT_FIELD_CSTRING_SZ: a char array of `size` bytes, "..." after size-1 bytes when it has no NUL. */
export function cstringSz(c: Ctx, b: Buffer, off: number, size: number): Decoded {
  const s = b.subarray(off, off + size);
  const nul = s.indexOf(0);
  if (nul >= 0) return raw(stringQuote(s, nul + 1, QUOTE_0_TERMINATED, c.opts.hex).text);
  return raw(`${stringQuote(s, size - 1, 0, c.opts.hex).text}...`);
}

/** print_quoted_string(..., QUOTE_FORCE_HEX): "\x01\x02". */
export const hexString = (b: Buffer): string => stringQuote(b, b.length, QUOTE_FORCE_HEX, 0).text;

/** PRINT_VAL_0X of a `bytes`-wide value: %#0*x, so 0 is all zeros and the rest 0x-padded to the width. */
export function zeroX(v: number, bytes: number): Decoded {
  const w = bytes * 2;
  return raw(v === 0 ? '0'.repeat(w) : `0x${v.toString(16).padStart(w - 2, '0')}`);
}

/**
 * sprint_mac_addr's static buffer, one per rendering: an address of no bytes prints as the last
 * address printed before it (strace 6.1 writes nothing into the buffer then), or as nothing.
 */
const lastMac = new WeakMap<object, string>();

/** print_mac_addr: 01:02:..., after its bytes as a hex string under -X raw/verbose. */
export function macAddr(c: Ctx, b: Buffer): Decoded {
  const mac = b.length > 0 ? [...b].map((x) => x.toString(16).padStart(2, '0')).join(':') : (lastMac.get(c.opts) ?? '');
  lastMac.set(c.opts, mac);
  const v = c.style.verbosity;
  // tprints_comment prints no comment for an empty string
  return raw(v === 'raw' || (v === 'verbose' && mac === '') ? hexString(b) : v === 'verbose' ? `${hexString(b)} /* ${mac} */` : mac);
}
