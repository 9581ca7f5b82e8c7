// Netlink attributes (strace: nlattr.c): the walker of a list of struct nlattr, and the
// decoders of their data that several families share.

import type { Decoded } from '../decoded.js';
import { array, raw, struct } from '../decoded.js';
import { QUOTE_0_TERMINATED, QUOTE_EXPECT_TRAILING_0, QUOTE_FORCE_HEX, QUOTE_OMIT_TRAILING_0, stringQuote } from '../quote.js';
import type { XlatTable } from '../xlat.js';
import { ifindex } from '../ifindex.js';
import { sprintflagsEx, sprintxval, xlatTable } from '../xlat.js';
import type { NlMemory } from './nl-memory.js';
import { isBytes } from './nl-memory.js';
import { inet6Ntop } from '../inet-addr.js';

const NLA_HDRLEN = 4;
const NLA_F_NESTED = 0x8000;
const NLA_F_NET_BYTEORDER = 0x4000;
const NLA_TYPE_MASK = 0x3fff;
const align = (n: number): number => (n + 3) & ~3;
const F = xlatTable([[NLA_F_NESTED, 'NLA_F_NESTED'], [NLA_F_NET_BYTEORDER, 'NLA_F_NET_BYTEORDER']]);

/** A decoder of an attribute's data: its items, or null when strace prints the bytes instead. */
export type NlaDecoder = (m: NlMemory, addr: bigint, len: number) => Decoded | null;

/** An attribute list's names and decoders, by attribute type. */
export interface NlaTable {
  /** null: numbers alone (decode_nlattr with no table). */
  readonly names: XlatTable | null;
  readonly dflt: string | null;
  readonly decoders: Readonly<Record<number, NlaDecoder>>;
  /** The decoder of the types the table does not list (strace's zero-size decoder table: one decoder told the type). */
  readonly byType?: (type: number) => NlaDecoder | null;
}

function nlattrHeader(m: NlMemory, len: number, type: number, t: NlaTable): Decoded {
  const style = m.c.style;
  const parts: string[] = [];
  if (type & NLA_F_NESTED) parts.push(sprintxval(BigInt(NLA_F_NESTED), null, style, F).text);
  if (type & NLA_F_NET_BYTEORDER) parts.push(sprintxval(BigInt(NLA_F_NET_BYTEORDER), null, style, F).text);
  parts.push(sprintxval(BigInt(type & NLA_TYPE_MASK), t.dflt, style, t.names).text);
  return struct([['nla_len', raw(String(len))], ['nla_type', raw(parts.join('|'))]]);
}

/** decode_nlattr: the attributes in `len` bytes at `addr`. */
export function decodeNlattr(m: NlMemory, addr: bigint, len: number, t: NlaTable): Decoded {
  const items: Decoded[] = [];
  let isArray = false;
  for (let elt = 0; ; elt++) {
    if (len < NLA_HDRLEN) {
      items.push(m.str(addr, len));
      break;
    }
    const h = m.read(addr, NLA_HDRLEN);
    if (h === null) {
      items.push(isArray ? raw(`... /* 0x${addr.toString(16)} */`) : m.readOr(addr, NLA_HDRLEN) as Decoded);
      break;
    }
    if (!m.c.opts.verbose && elt + 1 > m.c.opts.stringLimit) {
      items.push(raw('...'));
      break;
    }
    const nlaLen = h.readUInt16LE(0);
    const type = h.readUInt16LE(2);
    let next: bigint | null = null;
    let nextLen = 0;
    if (nlaLen >= NLA_HDRLEN) {
      nextLen = len >= align(nlaLen) ? len - align(nlaLen) : 0;
      if (nextLen) next = addr + BigInt(align(nlaLen));
    }
    if (!isArray && next !== null) isArray = true;
    const shown = Math.min(nlaLen, len);
    const hdr = nlattrHeader(m, nlaLen, type, t);
    if (shown > NLA_HDRLEN) {
      const dec = t.decoders[type & NLA_TYPE_MASK] ?? t.byType?.(type & NLA_TYPE_MASK);
      const data = (dec && dec(m, addr + BigInt(NLA_HDRLEN), shown - NLA_HDRLEN)) ?? m.str(addr + BigInt(NLA_HDRLEN), shown - NLA_HDRLEN);
      items.push(array([hdr, data]));
    } else items.push(hdr);
    if (next === null) break;
    addr = next;
    len = nextLen;
  }
  return isArray ? array(items) : items[0];
}

// ---- the shared data decoders (DECL_NLA) ----

const integer = (size: number, read: (b: Buffer) => string): NlaDecoder => (m, addr, len) => {
  if (len < size) return null;
  const b = m.readOr(addr, size);
  return isBytes(b) ? raw(read(b)) : b;
};
const hexOf = (v: bigint): string => (v === 0n ? '0' : `0x${v.toString(16)}`);

export const nla = {
  u8: integer(1, (b) => String(b.readUInt8(0))),
  u16: integer(2, (b) => String(b.readUInt16LE(0))),
  u32: integer(4, (b) => String(b.readUInt32LE(0))),
  u64: integer(8, (b) => b.readBigUInt64LE(0).toString()),
  s8: integer(1, (b) => String(b.readInt8(0))),
  s16: integer(2, (b) => String(b.readInt16LE(0))),
  s32: integer(4, (b) => String(b.readInt32LE(0))),
  s64: integer(8, (b) => b.readBigInt64LE(0).toString()),
  x8: integer(1, (b) => hexOf(BigInt(b.readUInt8(0)))),
  x16: integer(2, (b) => hexOf(BigInt(b.readUInt16LE(0)))),
  x32: integer(4, (b) => hexOf(BigInt(b.readUInt32LE(0)))),
  x64: integer(8, (b) => hexOf(b.readBigUInt64LE(0))),
  /** decode_nla_str: a string that should end with its NUL. */
  str: ((m, addr, len) => m.str(addr, len, QUOTE_OMIT_TRAILING_0 | QUOTE_EXPECT_TRAILING_0)) as NlaDecoder,
  /** decode_nla_strn. */
  strn: ((m, addr, len) => m.str(addr, len, 0)) as NlaDecoder,
} satisfies Record<string, NlaDecoder>;

/** decode_nla_flags / decode_nla_xval: a number of up to 8 bytes (`size` of them) printed from a table. */
export function nlaFlags(x: XlatTable, dflt: string, size: number, flags = true): NlaDecoder {
  return (m, addr, len) => {
    if (len > 8 || len < size) return null;
    const b = m.readOr(addr, size ? Math.min(len, size) : len);
    if (!isBytes(b)) return b;
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    return raw(flags ? sprintflagsEx(v, dflt, m.c.style, x).text : sprintxval(v, dflt, m.c.style, x).text);
  };
}

/** A struct of unsigned fields (PRINT_FIELD_U each), `size` bytes at least. */
export function nlaStructU(size: number, fields: readonly (readonly [name: string, off: number, bytes: 4 | 8])[]): NlaDecoder {
  return (m, addr, len) => {
    if (len < size) return null;
    const b = m.readOr(addr, size);
    if (!isBytes(b)) return b;
    return struct(fields.map(([name, off, bytes]) => [name, raw(bytes === 4 ? String(b.readUInt32LE(off)) : b.readBigUInt64LE(off).toString())]));
  };
}

/**
 * print_inet_addr(AF_INET): inet_addr("a.b.c.d") of the first 4 bytes of `b`; all of `b`'s
 * bytes (a field's whole size) before it unless abbreviated.
 */
export function inetAddr(m: NlMemory, b: Buffer): Decoded {
  const bytes = stringQuote(b, b.length, QUOTE_FORCE_HEX, m.c.opts.hex).text;
  const ip = Buffer.from(`${b[0]}.${b[1]}.${b[2]}.${b[3]}\0`, 'latin1');
  const name = `inet_addr(${stringQuote(ip, ip.length, QUOTE_0_TERMINATED, m.c.opts.hex).text})`;
  const v = m.c.style.verbosity;
  return raw(v === 'raw' ? bytes : v === 'verbose' ? `${bytes} /* ${name} */` : name);
}

/** PRINT_FIELD_NET_PORT: htons(N), the two bytes unless abbreviated. */
export function netPort(m: NlMemory, b: Buffer): Decoded {
  const bytes = stringQuote(b, 2, QUOTE_FORCE_HEX, m.c.opts.hex).text;
  const name = `htons(${b.readUInt16BE(0)})`;
  const v = m.c.style.verbosity;
  return raw(v === 'raw' ? bytes : v === 'verbose' ? `${bytes} /* ${name} */` : name);
}

/** print_inet_addr(AF_INET6) of 16 bytes: inet_pton(AF_INET6, "..."), or the bytes under -X raw. */
export function inet6Addr(m: NlMemory, b: Buffer): Decoded {
  const bytes = stringQuote(b, 16, QUOTE_FORCE_HEX, m.c.opts.hex).text;
  const ip = Buffer.from(`${inet6Ntop(b)}\0`, 'latin1');
  const name = `inet_pton(AF_INET6, ${stringQuote(ip, ip.length, QUOTE_0_TERMINATED, m.c.opts.hex).text})`;
  const v = m.c.style.verbosity;
  return raw(v === 'raw' ? bytes : v === 'verbose' ? `${bytes} /* ${name} */` : name);
}

/** An address attribute of an AF_INET or AF_INET6 message (decode_ifa_address, decode_route_addr); others as bytes. */
export function inetAddrOf(family: number): NlaDecoder {
  return (m, addr, len) => {
    const size = family === 2 ? 4 : family === 10 ? 16 : 0;
    if (!size || len < size) return null;
    const b = m.readOr(addr, size);
    if (!isBytes(b)) return b;
    return size === 4 ? inetAddr(m, b) : inet6Addr(m, b);
  };
}

/** decode_nla_ifindex. */
export const nlaIfindex: NlaDecoder = (m, addr, len) => {
  if (len < 4) return null;
  const b = m.readOr(addr, 4);
  return isBytes(b) ? ifindex(m.c, b.readUInt32LE(0)) : b;
};

/** decode_nla_fd. */
export const nlaFd: NlaDecoder = (m, addr, len) => {
  if (len < 4) return null;
  const b = m.readOr(addr, 4);
  return isBytes(b) ? m.c.fd(b.readInt32LE(0)) : b;
};

/**
 * print_array_ex with PAF_PRINT_INDICES: [NAME]=value for each `size`-byte element (signed
 * when `signed`), its index printed from `names` as a decimal; -s elements unless -v.
 */
export function nlaIndexedArray(names: XlatTable, dflt: string, size: 4 | 8, signed: boolean, indexFormat: 'd' | 'u' = 'd'): NlaDecoder {
  return (m, addr, len) => {
    const n = Math.floor(len / size);
    if (!n) return null;
    const shown = m.c.opts.verbose ? n : Math.min(n, m.c.opts.stringLimit);
    const b = m.readOr(addr, shown * size);
    if (!isBytes(b)) return b;
    const style = { ...m.c.style, format: indexFormat };
    const value = (i: number): string =>
      size === 4 ? String(signed ? b.readInt32LE(i * 4) : b.readUInt32LE(i * 4)) : (signed ? b.readBigInt64LE(i * 8) : b.readBigUInt64LE(i * 8)).toString();
    const items = Array.from({ length: shown }, (_, i) => raw(`[${sprintxval(BigInt(i), dflt, style, names).text}]=${value(i)}`));
    return array(items, shown < n);
  };
}
