// NETLINK_SOCK_DIAG payloads (strace: netlink_sock_diag.c, netlink_unix_diag.c,
// netlink_inet_diag.c, netlink_netlink_diag.c, netlink_smc_diag.c): a request or a reply by the
// address family its first byte names, with its attributes (AF_PACKET's in packet-diag-decoder.ts).

import type { Decoded } from '../decoded.js';
import { array, raw, struct } from '../decoded.js';
import { sprintxval, xflags, xval, xlat as X } from '../xlat.js';
import type { NlMsgHdr, PayloadDecoder } from './netlink-decoder.js';
import { nlx } from './netlink-xlat.js';
import type { NlMemory } from './nl-memory.js';
import { isBytes } from './nl-memory.js';
import type { NlStruct } from './nl-struct.js';
import { familyOnly, nlStruct } from './nl-struct.js';
import type { NlaDecoder, NlaTable } from './nlattr.js';
import { inetAddr, nla, netPort, nlaFlags } from './nlattr.js';
import { xlatTable } from '../xlat.js';
import { devT } from '../structs.js';
import { ifindex } from '../ifindex.js';
import { QUOTE_FORCE_HEX, stringQuote } from '../quote.js';
import { cookie, meminfo } from './sock-diag-common.js';
import { packetDiagMsg, packetDiagReq } from './packet-diag-decoder.js';

const NLMSG_DONE = 3;
const NLM_F_REQUEST = 1;
const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const AF_NETLINK = 16;
const AF_PACKET = 17;
const AF_SMC = 43;


const u32Array: NlaDecoder = (m, addr, len) => {
  const n = Math.floor(len / 4);
  if (!n) return null;
  const b = m.readOr(addr, n * 4);
  if (!isBytes(b)) return b;
  const items = Array.from({ length: n }, (_, i) => raw(String(b.readUInt32LE(i * 4))));
  const shown = m.c.opts.verbose ? n : Math.min(n, m.c.opts.stringLimit);
  return array(items.slice(0, shown), shown < n);
};

const pairU32 = (a: string, b2: string): NlaDecoder => (m, addr, len) => {
  if (len < 8) return null;
  const b = m.readOr(addr, 8);
  return isBytes(b) ? struct([[a, raw(String(b.readUInt32LE(0)))], [b2, raw(String(b.readUInt32LE(4)))]]) : b;
};


/** struct unix_diag_vfs (ino first): dev as a dev_t, then ino. */
const unixVfs: NlaDecoder = (m, addr, len) => {
  if (len < 8) return null;
  const b = m.readOr(addr, 8);
  return isBytes(b) ? struct([['udiag_vfs_dev', devT(BigInt(b.readUInt32LE(4)), m.c.style)], ['udiag_vfs_ino', raw(String(b.readUInt32LE(0)))]]) : b;
};

const unixAttrs: NlaTable = {
  names: nlx.unix_diag_attrs,
  dflt: 'UNIX_DIAG_???',
  decoders: { 0: nla.str, 1: unixVfs, 2: nla.u32, 3: u32Array, 4: pairU32('udiag_rqueue', 'udiag_wqueue'), 5: meminfo, 6: nla.u8, 7: nla.u32 },
};

const unixDiagReq: NlStruct = {
  family: 'sdiag_family',
  size: 24,
  fields: (m, b) => [
    ['sdiag_protocol', raw(String(b[1]))],
    ['udiag_states', xflags(BigInt(b.readUInt32LE(4)), '1<<TCP_???', m.c.style, nlx.tcp_state_flags)],
    ['udiag_ino', raw(String(b.readUInt32LE(8)))],
    ['udiag_show', xflags(BigInt(b.readUInt32LE(12)), 'UDIAG_SHOW_???', m.c.style, nlx.unix_diag_show)],
    ['udiag_cookie', cookie(b, 16)],
  ],
};

const unixDiagMsg: NlStruct = {
  family: 'udiag_family',
  size: 16,
  fields: (m, b) => [
    ['udiag_type', xval(BigInt(b[1]), 'SOCK_???', m.c.style, X.socktypes)],
    ['udiag_state', xval(BigInt(b[2]), 'TCP_???', m.c.style, nlx.tcp_states)],
    ['udiag_ino', raw(String(b.readUInt32LE(4)))],
    ['udiag_cookie', cookie(b, 8)],
  ],
  attrs: () => unixAttrs,
};

/** struct inet_diag_sockid at `off` of `b` (print_inet_diag_sockid). */
function sockid(m: NlMemory, b: Buffer, off: number, family: number): Decoded {
  // (an AF_INET6 address prints as its bytes here, not as strace's inet_pton(AF_INET6, ...))
  const addr = (o: number): Decoded => {
    const a = b.subarray(off + o, off + o + 16);
    return family === AF_INET ? inetAddr(m, a) : raw(stringQuote(a, 16, QUOTE_FORCE_HEX, m.c.opts.hex).text);
  };
  return struct([
    ['idiag_sport', netPort(m, b.subarray(off, off + 2))],
    ['idiag_dport', netPort(m, b.subarray(off + 2, off + 4))],
    ['idiag_src', addr(4)],
    ['idiag_dst', addr(20)],
    ['idiag_if', ifindex(m.c, b.readUInt32LE(off + 36))],
    ['idiag_cookie', cookie(b, off + 40)],
  ]);
}

/** struct inet_diag_sockopt's bits: those set (all with -v), and the unused ones' with their place. */
const SOCKOPT_BITS = ['recverr', 'is_icsk', 'freebind', 'hdrincl', 'mc_loop', 'transparent', 'mc_all', 'nodefrag', 'bind_address_no_port', 'recverr_rfc4884', 'defer_connect'];
const sockopt: NlaDecoder = (m, addr, len) => {
  if (len < 2) return null;
  const b = m.readOr(addr, 2);
  if (!isBytes(b)) return b;
  const v = b.readUInt16LE(0);
  const all = m.c.opts.verbose;
  const f: [string, Decoded][] = SOCKOPT_BITS.flatMap((name, i): [string, Decoded][] => (all || v & (1 << i) ? [[name, raw(String((v >> i) & 1))]] : []));
  if (all || v >> 11) f.push(['unused', raw(`${v >> 11} /* bits 3..8 */`)]);
  return struct(f);
};

const inetAttrs: NlaTable = {
  names: nlx.inet_diag_attrs,
  dflt: 'INET_DIAG_???',
  decoders: {
    1: nlaStructU4(['idiag_rmem', 'idiag_wmem', 'idiag_fmem', 'idiag_tmem']),
    4: nla.str, 5: nla.u8, 6: nla.u8, 7: meminfo, 8: nla.u8, 10: nla.u8, 11: nla.u8, 15: nla.u32, 17: nla.u32, 21: nla.u64, 22: sockopt,
  },
};

function nlaStructU4(names: readonly string[]): NlaDecoder {
  return (m, addr, len) => {
    if (len < names.length * 4) return null;
    const b = m.readOr(addr, names.length * 4);
    return isBytes(b) ? struct(names.map((n, i) => [n, raw(String(b.readUInt32LE(i * 4)))])) : b;
  };
}

const inetDiagReqV2: NlStruct = {
  family: 'sdiag_family',
  size: 56,
  fields: (m, b) => [
    ['sdiag_protocol', xval(BigInt(b[1]), 'IPPROTO_???', m.c.style, X.inet_protocols)],
    ['idiag_ext', xflags(BigInt(b[2]), '1<<INET_DIAG_???-1', m.c.style, nlx.inet_diag_extended_flags)],
    ['idiag_states', xflags(BigInt(b.readUInt32LE(4)), '1<<TCP_???', m.c.style, nlx.tcp_state_flags)],
    ['id', sockid(m, b, 8, b[0])],
  ],
  attrs: () => ({ names: nlx.inet_diag_req_attrs, dflt: 'INET_DIAG_REQ_???', decoders: {} }),
};

const inetDiagMsg: NlStruct = {
  family: 'idiag_family',
  size: 72,
  fields: (m, b) => [
    ['idiag_state', xval(BigInt(b[1]), 'TCP_???', m.c.style, nlx.tcp_states)],
    ['idiag_timer', raw(String(b[2]))],
    ['idiag_retrans', raw(String(b[3]))],
    ['id', sockid(m, b, 4, b[0])],
    ['idiag_expires', raw(String(b.readUInt32LE(52)))],
    ['idiag_rqueue', raw(String(b.readUInt32LE(56)))],
    ['idiag_wqueue', raw(String(b.readUInt32LE(60)))],
    ['idiag_uid', raw(b.readUInt32LE(64) === 0xffffffff ? '-1' : String(b.readUInt32LE(64)))],
    ['idiag_inode', raw(String(b.readUInt32LE(68)))],
  ],
  attrs: () => inetAttrs,
};

const NDIAG_PROTO_ALL = 255;

const netlinkDiagReq: NlStruct = {
  family: 'sdiag_family',
  size: 20,
  fields: (m, b) => [
    ['sdiag_protocol', b[1] === NDIAG_PROTO_ALL ? raw(sprintxval(255n, null, m.c.style, nlx.ndiag_proto_all).text) : xval(BigInt(b[1]), 'NETLINK_???', m.c.style, X.netlink_protocols)],
    ['ndiag_ino', raw(String(b.readUInt32LE(4)))],
    ['ndiag_show', xflags(BigInt(b.readUInt32LE(8)), 'NDIAG_SHOW_???', m.c.style, nlx.netlink_diag_show)],
    ['ndiag_cookie', cookie(b, 12)],
  ],
};

/** print_group: each word of the groups' bitmap as %#0*lx, 16 wide (strace 6.1 prints the width of the word's hex digits). */
const groups: NlaDecoder = (m, addr, len) => {
  const n = Math.floor(len / 8);
  if (!n) return null;
  const shown = m.c.opts.verbose ? n : Math.min(n, m.c.opts.stringLimit);
  const b = m.readOr(addr, shown * 8);
  if (!isBytes(b)) return b;
  const word = (i: number): Decoded => {
    const v = b.readBigUInt64LE(i * 8);
    return raw(v === 0n ? '0'.repeat(16) : `0x${v.toString(16).padStart(14, '0')}`);
  };
  return array(Array.from({ length: shown }, (_, i) => word(i)), shown < n);
};

const ring: NlaDecoder = (m, addr, len) => {
  if (len < 16) return null;
  const b = m.readOr(addr, 16);
  return isBytes(b) ? struct(['ndr_block_size', 'ndr_block_nr', 'ndr_frame_size', 'ndr_frame_nr'].map((n, i) => [n, raw(String(b.readUInt32LE(i * 4)))])) : b;
};

const netlinkSocketFlags = xlatTable([[0x1, 'NDIAG_FLAG_CB_RUNNING'], [0x2, 'NDIAG_FLAG_PKTINFO'], [0x4, 'NDIAG_FLAG_BROADCAST_ERROR'], [0x8, 'NDIAG_FLAG_NO_ENOBUFS'], [0x10, 'NDIAG_FLAG_LISTEN_ALL_NSID'], [0x20, 'NDIAG_FLAG_CAP_ACK']]);

const netlinkAttrs: NlaTable = {
  names: nlx.netlink_diag_attrs,
  dflt: 'NETLINK_DIAG_???',
  decoders: { 0: meminfo, 1: groups, 2: ring, 3: ring, 4: nlaFlags(netlinkSocketFlags, 'NDIAG_FLAG_???', 4) },
};

/** netlink_diag_msg and its attributes. */
const netlinkDiagMsg: NlStruct = {
  family: 'ndiag_family',
  size: 28,
  fields: (m, b) => [
    ['ndiag_type', xval(BigInt(b[1]), 'SOCK_???', m.c.style, X.socktypes)],
    ['ndiag_protocol', xval(BigInt(b[2]), 'NETLINK_???', m.c.style, X.netlink_protocols)],
    ['ndiag_state', xval(BigInt(b[3]), 'NETLINK_???', m.c.style, nlx.tcp_states)],
    ['ndiag_portid', raw(String(b.readUInt32LE(4)))],
    ['ndiag_dst_portid', raw(String(b.readUInt32LE(8)))],
    ['ndiag_dst_group', raw(String(b.readUInt32LE(12)))],
    ['ndiag_ino', raw(String(b.readUInt32LE(16)))],
    ['ndiag_cookie', cookie(b, 20)],
  ],
  attrs: () => netlinkAttrs,
};

const smcDiagReq: NlStruct = {
  family: 'diag_family',
  size: 52,
  fields: (m, b) => [
    ['diag_ext', xflags(BigInt(b[3]), '1<<SMC_DIAG_???-1', m.c.style, nlx.smc_diag_extended_flags)],
    // an SMC socket's id is its AF_INET clcsock's
    ['id', sockid(m, b, 4, AF_INET)],
  ],
};

/** diag_decoders: [request, reply] by family (null: this side prints {family, data} here). */
const byFamily: Record<number, readonly [NlStruct | null, NlStruct | null]> = {
  [AF_UNIX]: [unixDiagReq, unixDiagMsg],
  [AF_INET]: [inetDiagReqV2, inetDiagMsg],
  [AF_INET6]: [inetDiagReqV2, inetDiagMsg],
  [AF_NETLINK]: [netlinkDiagReq, netlinkDiagMsg],
  [AF_PACKET]: [packetDiagReq, packetDiagMsg],
  [AF_SMC]: [smcDiagReq, null],
};

export const sockDiagPayload: PayloadDecoder = (m: NlMemory, h: NlMsgHdr, addr: bigint, len: number) => {
  if (h.type === NLMSG_DONE) return null;
  const fam = m.readOr(addr, 1);
  if (!isBytes(fam)) return [fam];
  const s = byFamily[fam[0]]?.[h.flags & NLM_F_REQUEST ? 0 : 1];
  if (s && len > 1) return nlStruct(m, s, addr, len);
  return familyOnly(m, addr, len);
};
