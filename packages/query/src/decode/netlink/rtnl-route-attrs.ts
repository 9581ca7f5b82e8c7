// NETLINK_ROUTE route attributes (strace: rtnl_route.c): the RTA_* of a struct rtmsg, with
// RTA_METRICS' RTAX_* list, RTA_MULTIPATH's struct rtnexthop entries, RTA_VIA's struct rtvia,
// RTA_MFC_STATS and RTA_CACHEINFO.

import type { Decoded } from '../decoded.js';
import { array, raw, struct } from '../decoded.js';
import { ifindex } from '../ifindex.js';
import { inetAddrField } from '../inet-addr.js';
import { xflags, xval, xlat as X } from '../xlat.js';
import type { XlatData } from '@tracedb/native';
import { xlatTable } from '../xlat.js';
import { nlx } from './netlink-xlat.js';
import type { NlMemory } from './nl-memory.js';
import { isBytes } from './nl-memory.js';
import type { NlaDecoder, NlaTable } from './nlattr.js';
import { decodeNlattr, inetAddrOf, nla, nlaFlags, nlaIfindex, nlaStructU } from './nlattr.js';

const seqOf = (prefix: string, names: string): XlatData => names.split(' ').map((n, i) => [i, `${prefix}${n}`] as const);
const rtaxNames = xlatTable(seqOf('RTAX_', 'UNSPEC LOCK MTU WINDOW RTT RTTVAR SSTHRESH CWND ADVMSS REORDERING HOPLIMIT INITCWND FEATURES RTO_MIN INITRWND QUICKACK CC_ALGO FASTOPEN_NO_COOKIE'));
const encapTypes = xlatTable(seqOf('LWTUNNEL_ENCAP_', 'NONE MPLS IP ILA IP6 SEG6 BPF SEG6_LOCAL RPL IOAM6'));

const metrics: NlaTable = {
  names: rtaxNames,
  dflt: 'RTAX_???',
  decoders: { ...Object.fromEntries(Array.from({ length: 15 }, (_, i) => [i + 1, nla.u32])), 16: nla.str },
};

const rtaCacheinfo = nlaStructU(32, ['rta_clntref', 'rta_lastuse', 'rta_expires', 'rta_error', 'rta_used', 'rta_id', 'rta_ts', 'rta_tsage'].map((n, i) => [n, i * 4, 4] as const));
const mfcStats = nlaStructU(24, [['mfcs_packets', 0, 8], ['mfcs_bytes', 8, 8], ['mfcs_wrong_if', 16, 8]]);

/** decode_inet_addr with a field name: the address of `family` (a known size), else the bytes. */
function inetField(m: NlMemory, addr: bigint, len: number, family: number, name: string): [string | null, Decoded] {
  const size = family === 2 ? 4 : family === 10 ? 16 : 0;
  const b = size && len >= size ? m.read(addr, size) : null;
  return b ? inetAddrField(m.c, name, b) : [name, m.str(addr, len)];
}

const rtvia: NlaDecoder = (m, addr, len) => {
  if (len < 2) return null;
  const b = m.readOr(addr, 2);
  if (!isBytes(b)) return b;
  const family = b.readUInt16LE(0);
  const f: [string | null, Decoded][] = [['rtvia_family', xval(BigInt(family), 'AF_???', m.c.style, X.addrfams)]];
  if (len > 2) f.push(inetField(m, addr + 2n, len - 2, family, 'rtvia_addr'));
  return struct(f);
};

const RTNH_SIZE = 8;
const rtnhAlign = (n: number): number => (n + 3) & ~3;

/** decode_rta_multipath: [{struct rtnexthop}, attributes] for each next hop. */
function multipath(family: number): NlaDecoder {
  return (m, addr, len) => {
    if (len < RTNH_SIZE) return null;
    const items: Decoded[] = [];
    let isArray = false;
    let cur = addr;
    let left = len;
    for (;;) {
      const b = m.readOr(cur, RTNH_SIZE);
      if (!isBytes(b)) {
        items.push(b);
        break;
      }
      const nhLen = b.readUInt16LE(0);
      const shown = Math.min(left, nhLen);
      if (cur === addr && nhLen < len) isArray = true;
      const nh = struct([
        ['rtnh_len', raw(String(nhLen))],
        ['rtnh_flags', xflags(BigInt(b[2]), 'RTNH_F_???', m.c.style, nlx.route_nexthop_flags)],
        ['rtnh_hops', raw(String(b[3]))],
        ['rtnh_ifindex', ifindex(m.c, b.readInt32LE(4))],
      ]);
      items.push(shown > RTNH_SIZE ? array([nh, decodeNlattr(m, cur + BigInt(RTNH_SIZE), shown - RTNH_SIZE, routeAttrs(family))]) : nh);
      if (rtnhAlign(shown) >= left) break;
      cur += BigInt(rtnhAlign(shown));
      left -= rtnhAlign(shown);
    }
    return isArray ? array(items) : items[0];
  };
}

/** rtmsg_nla_decoders: the RTA_* attributes strace 6.1 decodes (RTA_ENCAP prints as bytes there too). */
export function routeAttrs(family: number): NlaTable {
  const a = inetAddrOf(family);
  return {
    names: nlx.rtnl_route_attrs,
    dflt: 'RTA_???',
    decoders: {
      1: a, 2: a, 3: nlaIfindex, 4: nlaIfindex, 5: a, 6: nla.u32, 7: a, 8: (m, addr, len) => decodeNlattr(m, addr, len, metrics), 9: multipath(family),
      10: nla.u32, 11: nla.u32, 12: rtaCacheinfo, 14: nla.u32, 15: nlaFlags(nlx.routing_table_ids, 'RT_TABLE_???', 4, false), 16: nla.u32,
      17: mfcStats, 18: rtvia, 19: a, 20: nla.u8, 21: nlaFlags(encapTypes, 'LWTUNNEL_ENCAP_???', 2, false), 23: nla.u64, 25: nla.u32, 26: nla.u8,
      27: nla.u8, 28: nla.u16, 29: nla.u16, 30: nla.u32,
    },
  };
}
