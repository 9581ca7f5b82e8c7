// NETLINK_ROUTE link attributes (strace: rtnl_link.c): the IFLA_* of a struct ifinfomsg, the
// nested lists among them (IFLA_LINKINFO by kind, IFLA_XDP, IFLA_AF_SPEC by family,
// IFLA_PROP_LIST) and their structs.

import type { Decoded } from '../decoded.js';
import { array, raw, struct } from '../decoded.js';
import { QUOTE_0_TERMINATED } from '../quote.js';
import { macAddr } from '../print-fields.js';
import { clockT } from '../signals.js';
import { sprintflagsEx, xlat as X } from '../xlat.js';
import { nlx } from './netlink-xlat.js';
import type { NlMemory } from './nl-memory.js';
import { isBytes } from './nl-memory.js';
import type { NlaDecoder, NlaTable } from './nlattr.js';
import { decodeNlattr, inet6Addr, nla, nlaFd, nlaFlags, nlaIfindex, nlaIndexedArray } from './nlattr.js';
import { linkx } from './rtnl-link-xlat.js';

const MAX_ADDR_LEN = 32;


/** decode_nla_hwaddr: an address of up to MAX_ADDR_LEN bytes. */
export const hwaddr: NlaDecoder = (m, addr, len) => {
  if (len > MAX_ADDR_LEN) return null;
  const b = m.readOr(addr, len);
  return isBytes(b) ? macAddr(m.c, b) : b;
};

const STATS = ['rx_packets', 'tx_packets', 'rx_bytes', 'tx_bytes', 'rx_errors', 'tx_errors', 'rx_dropped', 'tx_dropped', 'multicast', 'collisions',
  'rx_length_errors', 'rx_over_errors', 'rx_crc_errors', 'rx_frame_errors', 'rx_fifo_errors', 'rx_missed_errors', 'tx_aborted_errors',
  'tx_carrier_errors', 'tx_fifo_errors', 'tx_heartbeat_errors', 'tx_window_errors', 'rx_compressed', 'tx_compressed', 'rx_nohandler', 'rx_otherhost_dropped'];

/** struct rtnl_link_stats (4-byte counters, 24 of them) or rtnl_link_stats64 (8-byte, 25): the 23 first when that is all there is. */
function linkStats(word: 4 | 8, all: number): NlaDecoder {
  return (m, addr, len) => {
    const n = len >= all * word ? all : len === 23 * word ? 23 : 0;
    if (!n) return null;
    const b = m.readOr(addr, n * word);
    if (!isBytes(b)) return b;
    return struct(STATS.slice(0, n).map((name, i) => [name, raw(word === 4 ? String(b.readUInt32LE(i * 4)) : b.readBigUInt64LE(i * 8).toString())]));
  };
}

const ifmap: NlaDecoder = (m, addr, len) => {
  if (len < 28) return null;
  const b = m.readOr(addr, 28);
  if (!isBytes(b)) return b;
  const hx = (v: bigint): Decoded => raw(v === 0n ? '0' : `0x${v.toString(16)}`);
  return struct([['mem_start', hx(b.readBigUInt64LE(0))], ['mem_end', hx(b.readBigUInt64LE(8))], ['base_addr', hx(b.readBigUInt64LE(16))],
    ['irq', raw(String(b.readUInt16LE(24)))], ['dma', raw(String(b[26]))], ['port', raw(String(b[27]))]]);
};

/** A clock_t of `size` bytes (centiseconds, their seconds as a comment). */
function nlaClockT(size: 4 | 8): NlaDecoder {
  return (m, addr, len) => {
    if (len < size) return null;
    const b = m.readOr(addr, size);
    return isBytes(b) ? clockT(size === 4 ? BigInt(b.readUInt32LE(0)) : b.readBigUInt64LE(0), m.c.style) : b;
  };
}

/** struct ifla_bridge_id: {prio=[a, b], addr=MAC}. */
const bridgeId: NlaDecoder = (m, addr, len) => {
  if (len < 8) return null;
  const b = m.readOr(addr, 8);
  if (!isBytes(b)) return b;
  return struct([['prio', array([raw(String(b[0])), raw(String(b[1]))])], ['addr', macAddr(m.c, b.subarray(2, 8))]]);
};

/** struct br_boolopt_multi. */
const boolopt: NlaDecoder = (m, addr, len) => {
  if (len < 8) return null;
  const b = m.readOr(addr, 8);
  if (!isBytes(b)) return b;
  const flags = (v: number): Decoded => raw(sprintflagsEx(BigInt(v), null, m.c.style, linkx.br_boolopt_flags).text || '0');
  return struct([['optval', flags(b.readUInt32LE(0))], ['optmask', flags(b.readUInt32LE(4))]]);
};

const u32 = nla.u32;
const u16 = nla.u16;
const u8 = nla.u8;
const c32 = nlaClockT(4);
const c64 = nlaClockT(8);

const bridgeData: NlaTable = {
  names: linkx.rtnl_ifla_info_data_bridge_attrs,
  dflt: 'IFLA_BR_???',
  decoders: {
    1: c32, 2: c32, 3: c32, 4: c32, 5: u32, 6: u16, 7: u8, 9: nla.x16, 10: bridgeId, 11: bridgeId, 12: u16, 13: u32, 14: u8, 15: u8,
    16: c64, 17: c64, 18: c64, 19: c64, 20: hwaddr, 22: u8, 23: u8, 24: u8, 25: u8, 26: u32, 27: u32, 28: u32, 29: u32,
    30: c64, 31: c64, 32: c64, 33: c64, 34: c64, 35: c64, 36: u8, 37: u8, 38: u8, 39: u16, 41: u8, 42: u8, 43: u8, 44: u8, 45: u8, 46: boolopt,
  },
};

const brportAttrs: NlaTable = {
  names: linkx.rtnl_ifla_brport_attrs,
  dflt: 'IFLA_BRPORT_???',
  decoders: {
    1: u8, 2: u16, 3: u32, 4: u8, 5: u8, 6: u8, 7: u8, 8: u8, 9: u8, 10: u8, 11: u8, 12: u8, 13: bridgeId, 14: bridgeId, 15: u16, 16: u16,
    17: u16, 18: u16, 19: u8, 20: u8, 21: c64, 22: c64, 23: c64, 25: u8, 27: u8, 28: u8, 29: u8, 30: u8, 31: u16, 32: u8, 33: u8,
    34: nlaIfindex, 35: u8, 36: u8, 37: u32, 38: u32, 39: u8,
  },
};

const nested = (t: NlaTable): NlaDecoder => (m, addr, len) => decodeNlattr(m, addr, len, t);

/** IFLA_INFO_DATA by the kind IFLA_INFO_KIND named, IFLA_INFO_SLAVE_DATA by IFLA_INFO_SLAVE_KIND's. */
const infoDataByKind: Readonly<Record<string, NlaDecoder>> = { bridge: nested(bridgeData) };
const slaveDataByKind: Readonly<Record<string, NlaDecoder>> = { bridge: nested(brportAttrs) };

/** The kind's string as umovestr reads it: to its NUL, or "" without one. */
function kindOf(m: NlMemory, addr: bigint, len: number): string {
  const b = m.read(addr, Math.min(len, 16));
  const nul = b ? b.indexOf(0) : -1;
  return b && nul >= 0 ? b.subarray(0, nul).toString('latin1') : '';
}

/** decode_ifla_linkinfo: the kinds read first decide how the data after them prints. */
const linkinfo: NlaDecoder = (m, addr, len) => {
  const ctx = { kind: '', slave: '' };
  const kind = (key: 'kind' | 'slave'): NlaDecoder => (mm, a, l) => {
    ctx[key] = kindOf(mm, a, l);
    return mm.str(a, l, QUOTE_0_TERMINATED);
  };
  return decodeNlattr(m, addr, len, {
    names: linkx.rtnl_ifla_info_attrs,
    dflt: 'IFLA_INFO_???',
    decoders: {
      1: kind('kind'),
      2: (mm, a, l) => infoDataByKind[ctx.kind]?.(mm, a, l) ?? null,
      4: kind('slave'),
      5: (mm, a, l) => slaveDataByKind[ctx.slave]?.(mm, a, l) ?? null,
    },
  });
};

const xdp: NlaDecoder = nested({
  names: linkx.rtnl_ifla_xdp_attrs,
  dflt: 'IFLA_XDP_???',
  decoders: {
    1: nlaFd, 2: nlaFlags(linkx.rtnl_ifla_xdp_attached_mode, 'XDP_ATTACHED_???', 1, false), 3: nlaFlags(linkx.xdp_flags, 'XDP_FLAGS_???', 4),
    4: u32, 5: u32, 6: u32, 7: u32, 8: nlaFd,
  },
});

const inet6Cacheinfo: NlaDecoder = (m, addr, len) => {
  if (len < 16) return null;
  const b = m.readOr(addr, 16);
  if (!isBytes(b)) return b;
  return struct(['max_reasm_len', 'tstamp', 'reachable_time', 'retrans_time'].map((n, i) => [n, raw(String(b.readUInt32LE(i * 4)))]));
};

const in6Addr: NlaDecoder = (m, addr, len) => {
  if (len < 16) return null;
  const b = m.readOr(addr, 16);
  return isBytes(b) ? inet6Addr(m, b) : b;
};

/** ifla_af_spec_protos: each family's attributes. */
const afSpecByFamily: Readonly<Record<number, NlaTable>> = {
  2: { names: linkx.rtnl_ifla_af_spec_inet_attrs, dflt: 'IFLA_INET_???', decoders: { 1: nlaIndexedArray(linkx.inet_devconf_indices, 'IPV4_DEVCONF_???', 4, true) } },
  10: {
    names: linkx.rtnl_ifla_af_spec_inet6_attrs,
    dflt: 'IFLA_INET6_???',
    decoders: {
      1: nlaFlags(linkx.inet6_if_flags, 'IF_???', 4),
      2: nlaIndexedArray(linkx.inet6_devconf_indices, 'DEVCONF_???', 4, true),
      3: nlaIndexedArray(linkx.snmp_ip_stats, 'IPSTATS_MIB_???', 8, false),
      5: inet6Cacheinfo,
      6: nlaIndexedArray(linkx.snmp_icmp6_stats, 'ICMP6_MIB_???', 8, false),
      7: in6Addr,
      8: nlaFlags(linkx.in6_addr_gen_mode, 'IN6_ADDR_GEN_MODE_???', 1, false),
    },
  },
};

const afSpec: NlaDecoder = nested({
  names: X.addrfams,
  dflt: 'AF_???',
  decoders: {},
  byType: (family) => {
    const t = afSpecByFamily[family];
    return t ? nested(t) : null;
  },
});

const IFLA_ALT_IFNAME = 53;
const propList: NlaDecoder = (m, addr, len) =>
  decodeNlattr(m, addr, len, { names: nlx.rtnl_link_attrs, dflt: 'IFLA_???', decoders: {}, byType: (t) => (t === IFLA_ALT_IFNAME ? nla.str : null) });

/** ifinfomsg_nla_decoders: the IFLA_* attributes strace 6.1 decodes. */
export const linkAttrs: NlaTable = {
  names: nlx.rtnl_link_attrs,
  dflt: 'IFLA_???',
  decoders: {
    1: hwaddr, 2: hwaddr, 3: nla.str, 4: u32, 5: u32, 6: nla.str, 7: linkStats(4, 24), 10: u32, 13: u32, 14: ifmap, 15: u32,
    16: u8, 17: u8, 18: linkinfo, 19: u32, 20: nla.str, 21: u32, 23: linkStats(8, 25), 26: afSpec, 27: u32, 28: nlaFd, 29: u32, 30: u32,
    31: u32, 32: u32, 33: u8, 35: u32, 37: nla.s32, 38: nla.str, 39: u8, 40: u32, 41: u32, 43: xdp, 45: nla.s32, 46: nla.s32,
    47: u32, 48: u32, 49: nlaIfindex, 50: u32, 51: u32, 52: propList, 53: nla.str, 54: hwaddr, 56: nla.str, 57: nla.str, 58: u32,
    59: u32, 60: u32, 61: u32,
  },
};
