// struct sockaddr of each address family, as strace prints it (strace: sockaddr.c).

import type { Ctx, Phase } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { format, ptr, raw, struct } from './decoded.js';
import { QUOTE_0_TERMINATED, stringQuote } from './quote.js';
import { xval, xlat as X } from './xlat.js';

export function sockaddr(c: Ctx, phase: Phase, i: number, addrlen: number): Decoded {
  return sockaddrAt(c, phase, i, 0, c.u[i], addrlen);
}

/** decode_sockaddr of `addrlen` bytes at `addr`, captured as part `part` of argument `i`. */
export function sockaddrAt(c: Ctx, phase: Phase, i: number, part: number, addr: bigint, addrlen: number): Decoded {
  if (addrlen < 2) return ptr(addr);
  const len = Math.min(addrlen, 128);
  const b = c.umove(phase, i, len, addr, part);
  if (!isBuffer(b)) return b;
  const buf = Buffer.alloc(129);
  b.copy(buf, 0, 0, len);
  const fam = buf.readUInt16LE(0);
  const f: [string, Decoded][] = [['sa_family', xval(BigInt(fam), 'AF_???', c.style, X.addrfams)]];
  if (len > 2) {
    const hex = c.opts.hex;
    if (fam === 1) {
      const unLen = Math.min(len, 110);
      const pathLen = unLen - 2;
      if (buf[2]) {
        const q = stringQuote(buf.subarray(2), pathLen, QUOTE_0_TERMINATED, hex);
        f.push(['sun_path', raw(q.text + (q.unterminated ? '...' : ''))]);
      } else {
        f.push(['sun_path', raw('@' + stringQuote(buf.subarray(3), pathLen - 1, 0, hex).text)]);
      }
    } else if (fam === 2 && len >= 16) {
      f.push(['sin_port', raw(netPort(c, buf.readUInt16BE(2), buf.subarray(2, 4)))]);
      const ip = `${buf[4]}.${buf[5]}.${buf[6]}.${buf[7]}`;
      f.push(['sin_addr', raw(inetAddr(c, ip, buf.subarray(4, 8)))]);
      return { kind: 'seq', items: [raw(`{${f.map(([n, v]) => (n === 'sin_addr' ? fmtField(v) : `${n}=${fmtField(v)}`)).join(', ')}}`)] };
    } else if (fam === 10 && len >= 24) {
      f.push(['sin6_port', raw(netPort(c, buf.readUInt16BE(2), buf.subarray(2, 4)))]);
      const flow = buf.readUInt32BE(4);
      f.push(['sin6_flowinfo', raw(c.style.verbosity === 'raw' ? hexStr(buf.subarray(4, 8)) : c.style.verbosity === 'verbose' ? `${hexStr(buf.subarray(4, 8))} /* htonl(${flow}) */` : `htonl(${flow})`)]);
      const a6 = ipv6(buf.subarray(8, 24));
      const v = c.style.verbosity;
      const p = `inet_pton(AF_INET6, ${qs(c, a6)}${v === 'abbrev' ? ', &sin6_addr' : ''})`;
      const addrText = v === 'raw' ? `sin6_addr=${hexStr(buf.subarray(8, 24))}` : v === 'verbose' ? `sin6_addr=${hexStr(buf.subarray(8, 24))} /* ${p} */` : p;
      const parts = [`sin6_port=${fmtField(f[1][1])}`, `sin6_flowinfo=${fmtField(f[2][1])}`, addrText];
      if (len > 24) parts.push(`sin6_scope_id=${buf.readUInt32LE(24)}`);
      return raw(`{sa_family=${fmtField(f[0][1])}, ${parts.join(', ')}}`);
    } else if (fam === 16 && len >= 12) {
      const pad = buf.readUInt16LE(2);
      if (pad) f.push(['nl_pad', c.hex(pad)]);
      f.push(['nl_pid', c.sdec(buf.readInt32LE(4))]);
      const g = buf.readUInt32LE(8);
      f.push(['nl_groups', raw(g === 0 ? '00000000' : '0x' + g.toString(16).padStart(6, '0'))]);
    } else {
      f.push(['sa_data', raw(stringQuote(buf.subarray(2), len - 2, 0, hex).text)]);
    }
  }
  return struct(f);
}

const fmtField = (d: Decoded): string => format(d);
const hexStr = (b: Buffer): string => '"' + [...b].map((x) => '\\x' + x.toString(16).padStart(2, '0')).join('') + '"';

function netPort(c: Ctx, port: number, bytes: Buffer): string {
  const v = c.style.verbosity;
  if (v === 'raw') return hexStr(bytes);
  if (v === 'verbose') return `${hexStr(bytes)} /* htons(${port}) */`;
  return `htons(${port})`;
}

/** print_quoted_string(buf, QUOTE_0_TERMINATED) of an ASCII text (-x/-xx apply). */
function qs(c: Ctx, text: string): string {
  const b = Buffer.from(text + '\0', 'latin1');
  return stringQuote(b, b.length, QUOTE_0_TERMINATED, c.opts.hex).text;
}

function inetAddr(c: Ctx, ip: string, bytes: Buffer): string {
  const v = c.style.verbosity;
  if (v === 'raw') return `sin_addr=${hexStr(bytes)}`;
  if (v === 'verbose') return `sin_addr=${hexStr(bytes)} /* inet_addr(${qs(c, ip)}) */`;
  return `sin_addr=inet_addr(${qs(c, ip)})`;
}

/** inet_ntop(AF_INET6). */
export function ipv6(b: Buffer): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push(b.readUInt16BE(i * 2));
  // IPv4-mapped/compatible forms as inet_ntop prints them.
  if (w.slice(0, 5).every((x) => x === 0) && (w[5] === 0xffff || (w[5] === 0 && (w[6] !== 0 || w[7] > 1)))) {
    const v4 = `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
    return w[5] === 0xffff ? `::ffff:${v4}` : `::${v4}`;
  }
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hexw = w.map((x) => x.toString(16));
  if (best < 0) return hexw.join(':');
  return hexw.slice(0, best).join(':') + '::' + hexw.slice(best + bestLen).join(':');
}
