// Netlink messages (strace: netlink.c): the walker of the struct nlmsghdr in a buffer, the
// header's type and flags by protocol, NLMSG_ERROR's struct nlmsgerr, and the protocols'
// payload decoders (route-decoder.ts, sock-diag-decoder.ts), chosen by the socket's protocol.

import type { Decoded } from '../decoded.js';
import { array, ptr, raw, struct } from '../decoded.js';
import { errName } from '../errno.js';
import type { XlatStyle, XlatTable } from '../xlat.js';
import { sprintflagsEx, sprintxval, xlatTable } from '../xlat.js';
import { nlx } from './netlink-xlat.js';
import type { NlMemory } from './nl-memory.js';
import { isBytes } from './nl-memory.js';
import type { NlaTable } from './nlattr.js';
import { decodeNlattr, nla } from './nlattr.js';
import { netfilterFlags, netfilterPayload, netfilterType } from './netfilter-decoder.js';
import { routePayload } from './route-decoder.js';
import { selinuxPayload } from './selinux-decoder.js';
import { sockDiagPayload } from './sock-diag-decoder.js';

export const NLMSG_HDRLEN = 16;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const NLMSG_MIN_TYPE = 16;
const NLM_F_CAPPED = 0x100;
const NETLINK_KOBJECT_UEVENT = 15;
/** NLMSG_ALIGN in 32 bits (wrapping as C's unsigned int does). */
const alignMsg = (n: number): number => ((n + 3) & ~3) >>> 0;

/** A struct nlmsghdr. */
export interface NlMsgHdr {
  readonly len: number;
  readonly type: number;
  readonly flags: number;
  readonly seq: number;
  readonly pid: number;
}

/**
 * A protocol's payload decoder: the items after the header (a struct, then its attributes), or
 * null when strace prints the payload as bytes.
 */
export type PayloadDecoder = (m: NlMemory, h: NlMsgHdr, addr: bigint, len: number) => Decoded[] | null;

/** What strace knows of each protocol (nlmsg_types, nlmsg_flags, netlink_decoders): by protocol number. */
interface Protocol {
  /** The text of a type (when a table does not say it). */
  readonly type?: (type: number, style: XlatStyle, m: NlMemory) => string;
  readonly types?: XlatTable;
  readonly dflt?: string;
  /** The flags table of a message type (beyond netlink_flags'). */
  readonly flags?: (type: number) => XlatTable | null;
  readonly payload?: PayloadDecoder;
}

const routeFlags = (type: number): XlatTable | null =>
  type === 0x31 /* RTM_DELACTION */ ? nlx.netlink_get_flags : [nlx.netlink_new_flags, nlx.netlink_delete_flags, nlx.netlink_get_flags, null][type & 3];

/** decode_nlmsg_flags_xfrm: the types' flag tables. */
const xfrmKinds: Readonly<Record<number, () => XlatTable>> = {
  0x10: () => nlx.netlink_new_flags, 0x13: () => nlx.netlink_new_flags, 0x1e: () => nlx.netlink_new_flags, 0x22: () => nlx.netlink_new_flags, 0x24: () => nlx.netlink_new_flags,
  0x11: () => nlx.netlink_delete_flags, 0x14: () => nlx.netlink_delete_flags,
  0x12: () => nlx.netlink_get_flags, 0x15: () => nlx.netlink_get_flags, 0x1f: () => nlx.netlink_get_flags, 0x23: () => nlx.netlink_get_flags, 0x25: () => nlx.netlink_get_flags,
};
const xfrmFlags = (type: number): XlatTable | null => xfrmKinds[type]?.() ?? null;

const protocols: Readonly<Record<number, Protocol>> = {
  0: { types: nlx.nl_route_types, dflt: 'RTM_???', flags: routeFlags, payload: routePayload },
  4: { types: nlx.nl_sock_diag_types, dflt: 'SOCK_DIAG_???', flags: () => nlx.netlink_get_flags, payload: sockDiagPayload },
  9: { types: nlx.nl_audit_types, dflt: 'AUDIT_???' },
  6: { types: nlx.nl_xfrm_types, dflt: 'XFRM_MSG_???', flags: xfrmFlags },
  7: { types: nlx.nl_selinux_types, dflt: 'SELNL_MSG_???', payload: selinuxPayload },
  12: { type: netfilterType, flags: netfilterFlags, payload: netfilterPayload },
  // strace asks the kernel for the generic families' ids; here nlctrl's (GENL_ID_CTRL) and those the program's own nlctrl replies named
  16: { type: genlType },
};

function genlType(type: number, style: XlatStyle, m: NlMemory): string {
  const name = m.c.genlFamily(type);
  return sprintxval(BigInt(type), 'GENERIC_FAMILY_???', style, nlx.genl_families, name === null ? null : xlatTable([[type, name]])).text;
}

function readHdr(b: Buffer): NlMsgHdr {
  return { len: b.readUInt32LE(0), type: b.readUInt16LE(4), flags: b.readUInt16LE(6), seq: b.readUInt32LE(8), pid: b.readInt32LE(12) };
}

function printHdr(m: NlMemory, family: number, h: NlMsgHdr): Decoded {
  const style = m.c.style;
  const p = h.type >= NLMSG_MIN_TYPE ? protocols[family] : undefined;
  const type = p?.type ? p.type(h.type, style, m) : sprintxval(BigInt(h.type), p?.dflt ?? 'NLMSG_???', style, p?.types ?? nlx.netlink_types).text;
  const table = h.type < NLMSG_MIN_TYPE ? (h.type === NLMSG_ERROR ? nlx.netlink_ack_flags : null) : (protocols[family]?.flags?.(h.type) ?? null);
  const flags = sprintflagsEx(BigInt(h.flags), 'NLM_F_???', style, nlx.netlink_flags, table).text;
  return struct([
    ['nlmsg_len', raw(String(h.len))],
    ['nlmsg_type', raw(type)],
    ['nlmsg_flags', raw(flags)],
    ['nlmsg_seq', raw(String(h.seq))],
    ['nlmsg_pid', h.pid > 0 && h.pid <= 0x7fffffff ? m.c.pid(h.pid) : raw(String(h.pid))],
  ]);
}

/** fetch_nlmsghdr: the header, or what strace prints instead (bytes, an address). */
function fetchHdr(m: NlMemory, addr: bigint, len: number, inArray: boolean): NlMsgHdr | Decoded {
  if (len < NLMSG_HDRLEN) return m.str(addr, len);
  const b = m.read(addr, NLMSG_HDRLEN);
  if (b !== null) return readHdr(b);
  return inArray ? raw(`... /* 0x${addr.toString(16)} */`) : ptr(addr);
}
const isHdr = (x: NlMsgHdr | Decoded): x is NlMsgHdr => !('kind' in x);

const nlmsgerrAttrs: NlaTable = {
  names: nlx.nlmsgerr_attrs,
  dflt: 'NLMSGERR_ATTR_???',
  decoders: { 1: nla.str, 2: nla.u32, 3: (m, addr, len) => array([...m.readOr(addr, len) as Buffer].map((x) => raw(String(x)))) },
};

/** PRINT_FIELD_ERR_D: -ENODEV, with -X's forms. */
function errD(m: NlMemory, err: number): Decoded {
  const name = errName(-err);
  const v = m.c.style.verbosity;
  if (name === null || err >= 0) return raw(String(err));
  return raw(v === 'raw' ? String(err) : v === 'verbose' ? `${err} /* -${name} */` : `-${name}`);
}

function nlmsgerr(m: NlMemory, family: number, addr: bigint, len: number, capped: boolean): Decoded {
  if (len < 4) return m.str(addr, len);
  const e = m.readOr(addr, 4);
  if (!isBytes(e)) return e;
  const f: [string | null, Decoded][] = [['error', errD(m, e.readInt32LE(0))]];
  addr += 4n;
  len -= 4;
  if (len) {
    const h = fetchHdr(m, addr, len, false);
    if (!isHdr(h)) f.push(['msg', h]);
    else {
      const payload = Math.min(capped ? NLMSG_HDRLEN : h.len, len);
      f.push(['msg', withPayload(m, family, h, addr, payload)]);
      if (len > payload) f.push([null, decodeNlattr(m, addr + BigInt(payload), len - payload, nlmsgerrAttrs)]);
    }
  }
  return struct(f);
}

function payload(m: NlMemory, family: number, h: NlMsgHdr, addr: bigint, len: number): Decoded[] {
  if (h.type === NLMSG_ERROR) return [nlmsgerr(m, family, addr, len, (h.flags & NLM_F_CAPPED) !== 0)];
  if (h.type >= NLMSG_MIN_TYPE || h.type === NLMSG_DONE) {
    const items = protocols[family]?.payload?.(m, h, addr, len);
    if (items) return items;
  }
  if (h.type === NLMSG_DONE && len === 4) {
    const b = m.readOr(addr, 4);
    return [isBytes(b) ? raw(String(b.readInt32LE(0))) : b];
  }
  return [m.str(addr, len)];
}

/** decode_nlmsghdr_with_payload: [header, payload...], or the header alone. */
export function withPayload(m: NlMemory, family: number, h: NlMsgHdr, addr: bigint, len: number): Decoded {
  const n = Math.min(h.len, len);
  const hdr = printHdr(m, family, h);
  if (n <= NLMSG_HDRLEN) return hdr;
  return array([hdr, ...payload(m, family, h, addr + BigInt(NLMSG_HDRLEN), n - NLMSG_HDRLEN)]);
}

/**
 * decode_netlink: the messages in `len` bytes at `addr` of a socket of protocol `family` (-1:
 * not known), as strace prints a netlink socket's buffer.
 */
export function decodeNetlink(m: NlMemory, family: number, addr: bigint, len: number): Decoded {
  if (family === NETLINK_KOBJECT_UEVENT) return m.str(addr, len, 0);
  const items: Decoded[] = [];
  let isArray = false;
  for (let elt = 0; ; elt++) {
    const h = fetchHdr(m, addr, len, isArray);
    if (!isHdr(h)) {
      items.push(h);
      break;
    }
    if (!m.c.opts.verbose && elt === m.c.opts.stringLimit) {
      items.push(raw('...'));
      break;
    }
    let next: bigint | null = null;
    let nextLen = 0;
    if (h.len >= NLMSG_HDRLEN) {
      nextLen = len >= alignMsg(h.len) ? len - alignMsg(h.len) : 0;
      if (nextLen && alignMsg(h.len) > 0) next = addr + BigInt(alignMsg(h.len));
    }
    if (!isArray && next !== null) isArray = true;
    items.push(withPayload(m, family, h, addr, len));
    if (next === null) break;
    addr = next;
    len = nextLen;
  }
  return isArray ? array(items) : items[0];
}
