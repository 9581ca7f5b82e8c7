// NETLINK_SOCK_DIAG's AF_PACKET request and reply (strace: netlink_packet_diag.c).

import type { Decoded } from '../decoded.js';
import { array, raw, struct } from '../decoded.js';
import { ifindex } from '../ifindex.js';
import { QUOTE_FORCE_HEX, stringQuote } from '../quote.js';
import { T } from '../sockaddr.js';
import { xflags, xval, xlat as X, xlatTable } from '../xlat.js';
import { nlx } from './netlink-xlat.js';
import { isBytes } from './nl-memory.js';
import type { NlStruct } from './nl-struct.js';
import type { NlaDecoder } from './nlattr.js';
import { nla } from './nlattr.js';
import { cookie, meminfo } from './sock-diag-common.js';

export const packetDiagReq: NlStruct = {
  family: 'sdiag_family',
  size: 20,
  fields: (m, b) => [
    ['sdiag_protocol', raw(String(b[1]))],
    ['pdiag_ino', raw(String(b.readUInt32LE(4)))],
    ['pdiag_show', xflags(BigInt(b.readUInt32LE(8)), 'PACKET_SHOW_???', m.c.style, nlx.packet_diag_show)],
    ['pdiag_cookie', cookie(b, 12)],
  ],
};

const packetDiagInfoFlags = xlatTable([[0x1, 'PDI_RUNNING'], [0x2, 'PDI_AUXDATA'], [0x4, 'PDI_ORIGDEV'], [0x8, 'PDI_VNETHDR'], [0x10, 'PDI_LOSS']]);
const afPacketVersions = xlatTable([[0, 'TPACKET_V1'], [1, 'TPACKET_V2'], [2, 'TPACKET_V3']]);
const packetDiagAttrs = xlatTable(['INFO', 'MCLIST', 'RX_RING', 'TX_RING', 'FANOUT', 'UID', 'MEMINFO', 'FILTER'].map((n, i) => [i, `PACKET_DIAG_${n}`] as const));

const packetInfo: NlaDecoder = (m, addr, len) => {
  if (len < 24) return null;
  const b = m.readOr(addr, 24);
  if (!isBytes(b)) return b;
  return struct([
    ['pdi_index', ifindex(m.c, b.readUInt32LE(0))],
    ['pdi_version', xval(BigInt(b.readUInt32LE(4)), 'TPACKET_???', m.c.style, afPacketVersions)],
    ['pdi_reserve', raw(String(b.readUInt32LE(8)))],
    ['pdi_copy_thresh', raw(String(b.readUInt32LE(12)))],
    ['pdi_tstamp', raw(String(b.readUInt32LE(16)))],
    ['pdi_flags', xflags(BigInt(b.readUInt32LE(20)), 'PDI_???', m.c.style, packetDiagInfoFlags)],
  ]);
};

/** struct packet_diag_mclist entries (print_array: -s of them unless -v). */
const MCLIST_SIZE = 44;
const packetMclist: NlaDecoder = (m, addr, len) => {
  const n = Math.floor(len / MCLIST_SIZE);
  if (!n) return null;
  const shown = m.c.opts.verbose ? n : Math.min(n, m.c.opts.stringLimit);
  const b = m.readOr(addr, shown * MCLIST_SIZE);
  if (!isBytes(b)) return b;
  const one = (o: number): Decoded => {
    const alen = b.readUInt16LE(o + 10);
    return struct([
      ['pdmc_index', ifindex(m.c, b.readUInt32LE(o))],
      ['pdmc_count', raw(String(b.readUInt32LE(o + 4)))],
      ['pdmc_type', raw(String(b.readUInt16LE(o + 8)))],
      ['pdmc_alen', raw(String(b.readUInt16LE(o + 10)))],
      ['pdmc_addr', raw(stringQuote(b.subarray(o + 12, o + 12 + Math.min(alen, 32)), Math.min(alen, 32), QUOTE_FORCE_HEX, m.c.opts.hex).text)],
    ]);
  };
  return array(Array.from({ length: shown }, (_, i) => one(i * MCLIST_SIZE)), shown < n);
};

const packetRing: NlaDecoder = (m, addr, len) => {
  if (len < 28) return null;
  const b = m.readOr(addr, 28);
  if (!isBytes(b)) return b;
  return struct(['pdr_block_size', 'pdr_block_nr', 'pdr_frame_size', 'pdr_frame_nr', 'pdr_retire_tmo', 'pdr_sizeof_priv', 'pdr_features']
    .map((n, i) => [n, raw(String(b.readUInt32LE(i * 4)))]));
};

/** decode_nla_uid: -1 for (uid_t) -1. */
const uid: NlaDecoder = (m, addr, len) => {
  if (len < 4) return null;
  const b = m.readOr(addr, 4);
  return isBytes(b) ? raw(b.readUInt32LE(0) === 0xffffffff ? '-1' : String(b.readUInt32LE(0))) : b;
};

/** packet_diag_msg and its attributes (PACKET_DIAG_FILTER, a BPF program, prints as bytes here). */
export const packetDiagMsg: NlStruct = {
  family: 'pdiag_family',
  size: 16,
  fields: (m, b) => [
    ['pdiag_type', xval(BigInt(b[1]), 'SOCK_???', m.c.style, X.socktypes)],
    ['pdiag_num', xval(BigInt(b.readUInt16LE(2)), 'ETH_P_???', m.c.style, T.ethernet_protocols)],
    ['pdiag_ino', raw(String(b.readUInt32LE(4)))],
    ['pdiag_cookie', cookie(b, 8)],
  ],
  attrs: () => ({ names: packetDiagAttrs, dflt: 'PACKET_DIAG_???', decoders: { 0: packetInfo, 1: packetMclist, 2: packetRing, 3: packetRing, 4: nla.u32, 5: uid, 6: meminfo } }),
};
