// NETLINK_NETFILTER (strace: netlink.c's netfilter parts, netlink_netfilter.c): a message type
// is a subsystem and its own type (NFNL_SUBSYS_CTNETLINK<<8|IPCTNL_MSG_CT_GET), the payload a
// struct nfgenmsg and attributes strace does not name.

import type { Decoded } from '../decoded.js';
import { raw, struct } from '../decoded.js';
import type { XlatStyle, XlatTable } from '../xlat.js';
import { sprintxval, xval, xlat as X } from '../xlat.js';
import type { NlMsgHdr, PayloadDecoder } from './netlink-decoder.js';
import { nlx } from './netlink-xlat.js';
import type { NlMemory } from './nl-memory.js';
import { isBytes } from './nl-memory.js';
import type { NlaTable } from './nlattr.js';
import { decodeNlattr } from './nlattr.js';

const NLMSG_DONE = 3;
const NLMSG_MIN_TYPE = 16;
const NFNL_MSG_BATCH_BEGIN = 0x10;
const NFNL_MSG_BATCH_END = 0x11;

/** nf_nlmsg_types: each subsystem's message types, by subsystem id. */
const subsystems: readonly (readonly [XlatTable, string] | undefined)[] = [
  undefined,
  [nlx.nf_ctnetlink_msg_types, 'IPCTNL_MSG_CT_???'],
  [nlx.nf_ctnetlink_exp_msg_types, 'IPCTNL_MSG_EXP_???'],
  [nlx.nf_queue_msg_types, 'NFQNL_MSG_???'],
  [nlx.nf_ulog_msg_types, 'NFULNL_MSG_???'],
  [nlx.nf_osf_msg_types, 'OSF_MSG_???'],
  [nlx.nf_ipset_msg_types, 'IPSET_CMD_???'],
  [nlx.nf_acct_msg_types, 'NFNL_MSG_ACCT_???'],
  [nlx.nf_cttimeout_msg_types, 'IPCTNL_MSG_TIMEOUT_???'],
  [nlx.nf_cthelper_msg_types, 'NFNL_MSG_CTHELPER_???'],
  [nlx.nf_nftables_msg_types, 'NFT_MSG_???'],
  [nlx.nf_nft_compat_msg_types, 'NFNL_MSG_COMPAT_???'],
];

/** decode_nlmsg_type_netfilter: the batch messages by name, the others as subsystem<<8|type. */
export function netfilterType(type: number, style: XlatStyle): string {
  const batch = nlx.nl_netfilter_msg_types.byValue.get(BigInt(type));
  if (batch !== undefined) return sprintxval(BigInt(type), null, style, nlx.nl_netfilter_msg_types).text;
  const subsys = type >> 8;
  const msg = type & 0xff;
  const head = sprintxval(BigInt(subsys), 'NFNL_SUBSYS_???', style, nlx.nl_netfilter_subsys_ids).text;
  const t = subsystems[subsys];
  return `${head}<<8|${t ? sprintxval(BigInt(msg), t[1], style, t[0]).text : `0x${msg.toString(16)}`}`;
}

type Kind = 'new' | 'get' | 'del';
const kinds: Readonly<Record<Kind, () => XlatTable>> = { new: () => nlx.netlink_new_flags, get: () => nlx.netlink_get_flags, del: () => nlx.netlink_delete_flags };
/** decode_nlmsg_flags_netfilter: which flags table each subsystem's message types take. */
const flagKinds: Readonly<Record<number, Readonly<Record<number, Kind>>>> = {
  1: { 0: 'new', 1: 'get', 3: 'get', 4: 'get', 5: 'get', 6: 'get', 7: 'get', 2: 'del' },
  2: { 0: 'new', 1: 'get', 3: 'get', 2: 'del' },
  7: { 0: 'new', 1: 'get', 2: 'get', 3: 'del' },
  8: { 0: 'new', 1: 'get', 2: 'del' },
  9: { 0: 'new', 1: 'get', 2: 'del' },
  10: { 0: 'new', 3: 'new', 6: 'new', 9: 'new', 12: 'new', 15: 'new', 18: 'new', 22: 'new', 1: 'get', 4: 'get', 7: 'get', 10: 'get', 13: 'get', 16: 'get', 19: 'get', 21: 'get', 23: 'get', 2: 'del', 5: 'del', 8: 'del', 11: 'del', 14: 'del', 20: 'del', 24: 'del' },
  11: { 0: 'get' },
};

export function netfilterFlags(type: number): XlatTable | null {
  const k = flagKinds[type >> 8]?.[type & 0xff];
  return k === undefined ? null : kinds[k]();
}

const noNames: NlaTable = { names: null, dflt: null, decoders: {} };

export const netfilterPayload: PayloadDecoder = (m: NlMemory, h: NlMsgHdr, addr: bigint, len: number) => {
  if (h.type === NLMSG_DONE) return null;
  if (len < 4) return [m.str(addr, len)];
  const b = m.readOr(addr, 4);
  if (!isBytes(b)) return [b];
  const style = m.c.style;
  // (a batch's res_id is a subsystem id, but strace 6.1 prints it as a number too)
  const res = String(b.readUInt16BE(2));
  const out: Decoded[] = [
    struct([
      ['nfgen_family', xval(BigInt(b[0]), 'AF_???', style, X.addrfams)],
      ['version', xval(BigInt(b[1]), 'NFNETLINK_???', style, nlx.netfilter_versions)],
      ['res_id', raw(`htons(${res})`)],
    ]),
  ];
  if (len > 4) {
    const rest = (h.type >= NFNL_MSG_BATCH_BEGIN && h.type <= NFNL_MSG_BATCH_END) || h.type < NLMSG_MIN_TYPE;
    out.push(rest ? m.str(addr + 4n, len - 4) : decodeNlattr(m, addr + 4n, len - 4, noNames));
  }
  return out;
};
