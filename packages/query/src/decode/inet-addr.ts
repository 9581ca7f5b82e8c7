// PRINT_FIELD_INET_ADDR: an IPv4 or IPv6 address field as strace prints it
// (inet_addr("224.0.0.1"), inet_pton(AF_INET6, "ff02::1", &field), raw bytes under -X raw).

import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { raw } from './decoded.js';
import { QUOTE_0_TERMINATED, QUOTE_FORCE_HEX, stringQuote } from './quote.js';

/** inet_ntop(AF_INET6): the longest run of two or more zero words as ::, IPv4-mapped and -compatible forms. */
export function inet6Ntop(b: Buffer): string {
  const w = Array.from({ length: 8 }, (_, i) => b.readUInt16BE(i * 2));
  if (w.slice(0, 5).every((x) => x === 0) && (w[5] === 0xffff || (w[5] === 0 && (w[6] !== 0 || w[7] > 1)))) {
    return `${w[5] === 0xffff ? '::ffff:' : '::'}${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  }
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i >= 2 && j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = w.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

const hexBytes = (b: Buffer): string => stringQuote(b, b.length, QUOTE_FORCE_HEX, 0).text;

/** The field `name` holding the address in `b` (4 bytes: AF_INET, 16: AF_INET6), as [name, value] (name null: the value names it). */
export function inetAddrField(c: Ctx, name: string, b: Buffer): [string | null, Decoded] {
  const v4 = b.length === 4;
  const text = v4 ? `${b[0]}.${b[1]}.${b[2]}.${b[3]}` : inet6Ntop(b);
  const quoted = stringQuote(Buffer.from(`${text}\0`, 'latin1'), text.length + 1, QUOTE_0_TERMINATED, c.opts.hex).text;
  const call = v4 ? `inet_addr(${quoted})` : `inet_pton(AF_INET6, ${quoted}`;
  switch (c.style.verbosity) {
    case 'raw':
      return [name, raw(hexBytes(b))];
    case 'verbose':
      return [name, raw(`${hexBytes(b)} /* ${v4 ? call : `${call})`} */`)];
    default:
      return v4 ? [name, raw(call)] : [null, raw(`${call}, &${name})`)];
  }
}
