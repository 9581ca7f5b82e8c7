// NETLINK_ROUTE payloads (strace: netlink_route.c, rtnl_addr.c; the link and route attributes in rtnl-link-attrs.ts and rtnl-route-attrs.ts):
// each message type's struct and its attributes, by type.

import { raw, struct } from '../decoded.js';
import { ifindex } from '../ifindex.js';
import { sprintxval, xflags, xval } from '../xlat.js';
import type { NlMsgHdr, PayloadDecoder } from './netlink-decoder.js';
import { nlx } from './netlink-xlat.js';
import type { NlMemory } from './nl-memory.js';
import { isBytes } from './nl-memory.js';
import type { NlStruct } from './nl-struct.js';
import { familyOnly, nlStruct } from './nl-struct.js';
import type { NlaDecoder, NlaTable } from './nlattr.js';
import { inetAddrOf, nla, nlaFlags } from './nlattr.js';
import { linkAttrs } from './rtnl-link-attrs.js';
import { routeAttrs } from './rtnl-route-attrs.js';

const RTM_BASE = 16;
const NLMSG_DONE = 3;


const ifinfomsg: NlStruct = {
  family: 'ifi_family',
  size: 16,
  fields: (m, b) => [
    ['ifi_type', xval(BigInt(b.readUInt16LE(2)), 'ARPHRD_???', m.c.style, nlx.arp_hardware_types)],
    ['ifi_index', ifindex(m.c, b.readInt32LE(4))],
    ['ifi_flags', xflags(BigInt(b.readUInt32LE(8)), 'IFF_???', m.c.style, nlx.iffflags)],
    ['ifi_change', m.c.hex(b.readUInt32LE(12))],
  ],
  attrs: () => linkAttrs,
};


const cacheinfo: NlaDecoder = (m, addr, len) => {
  if (len < 16) return null;
  const b = m.readOr(addr, 16);
  if (!isBytes(b)) return b;
  return struct(['ifa_prefered', 'ifa_valid', 'cstamp', 'tstamp'].map((n, i) => [n, raw(String(b.readUInt32LE(i * 4)))]));
};

function addrAttrs(family: number): NlaTable {
  const a = inetAddrOf(family);
  return {
    names: nlx.rtnl_addr_attrs,
    dflt: 'IFA_???',
    decoders: { 1: a, 2: a, 3: nla.str, 4: a, 5: a, 6: cacheinfo, 7: a, 8: nlaFlags(nlx.ifaddrflags, 'IFA_F_???', 4), 9: nla.u32, 10: nla.s32 },
  };
}

const ifaddrmsg: NlStruct = {
  family: 'ifa_family',
  size: 8,
  fields: (m, b) => [
    ['ifa_prefixlen', raw(String(b[1]))],
    ['ifa_flags', xflags(BigInt(b[2]), 'IFA_F_???', m.c.style, nlx.ifaddrflags)],
    ['ifa_scope', raw(sprintxval(BigInt(b[3]), null, m.c.style, nlx.routing_scopes).text)],
    ['ifa_index', ifindex(m.c, b.readUInt32LE(4))],
  ],
  attrs: (b) => addrAttrs(b[0]),
};

const rtmsg: NlStruct = {
  family: 'rtm_family',
  size: 12,
  fields: (m, b) => [
    ['rtm_dst_len', raw(String(b[1]))],
    ['rtm_src_len', raw(String(b[2]))],
    ['rtm_tos', xflags(BigInt(b[3]), 'IPTOS_TOS_???', m.c.style, nlx.ip_type_of_services)],
    ['rtm_table', raw(sprintxval(BigInt(b[4]), null, m.c.style, nlx.routing_table_ids).text)],
    ['rtm_protocol', xval(BigInt(b[5]), 'RTPROT_???', m.c.style, nlx.routing_protocols)],
    ['rtm_scope', raw(sprintxval(BigInt(b[6]), null, m.c.style, nlx.routing_scopes).text)],
    ['rtm_type', xval(BigInt(b[7]), 'RTN_???', m.c.style, nlx.routing_types)],
    ['rtm_flags', xflags(BigInt(b.readUInt32LE(8)), 'RTM_F_???', m.c.style, nlx.route_nexthop_flags)],
  ],
  attrs: (b) => routeAttrs(b[0]),
};

/** The types whose struct is decoded here, by type - RTM_BASE (the others print {family, data}). */
const byType: Record<number, NlStruct> = {};
for (const t of [0, 1, 2, 3]) byType[t] = ifinfomsg;
for (const t of [4, 5, 6, 42, 46]) byType[t] = ifaddrmsg;
for (const t of [8, 9, 10]) byType[t] = rtmsg;

export const routePayload: PayloadDecoder = (m: NlMemory, h: NlMsgHdr, addr: bigint, len: number) => {
  if (h.type === NLMSG_DONE) return null;
  const fam = m.readOr(addr, 1);
  if (!isBytes(fam)) return [fam];
  const s = byType[h.type - RTM_BASE];
  if (s !== undefined) return nlStruct(m, s, addr, len);
  return familyOnly(m, addr, len);
};

