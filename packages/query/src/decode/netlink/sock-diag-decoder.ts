// NETLINK_SOCK_DIAG payloads (strace: netlink_sock_diag.c, netlink_unix_diag.c): a request or
// a reply by the address family its first byte names; AF_UNIX's here, the others' family and
// bytes.

import type { Decoded } from '../decoded.js';
import { array, raw, struct } from '../decoded.js';
import { xflags, xval, xlat as X } from '../xlat.js';
import type { NlMsgHdr, PayloadDecoder } from './netlink-decoder.js';
import { nlx } from './netlink-xlat.js';
import type { NlMemory } from './nl-memory.js';
import { isBytes } from './nl-memory.js';
import type { NlStruct } from './nl-struct.js';
import { familyOnly, nlStruct } from './nl-struct.js';
import type { NlaDecoder, NlaTable } from './nlattr.js';
import { nla } from './nlattr.js';

const NLMSG_DONE = 3;
const NLM_F_REQUEST = 1;
const AF_UNIX = 1;

/** PRINT_FIELD_COOKIE: the two 32-bit halves. */
const cookie = (b: Buffer, off: number): Decoded => array([raw(String(b.readUInt32LE(off))), raw(String(b.readUInt32LE(off + 4)))]);

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

const unixAttrs: NlaTable = {
  names: nlx.unix_diag_attrs,
  dflt: 'UNIX_DIAG_???',
  decoders: { 0: nla.str, 1: pairU32('udiag_vfs_dev', 'udiag_vfs_ino'), 2: nla.u32, 3: u32Array, 4: pairU32('udiag_rqueue', 'udiag_wqueue'), 6: nla.u8, 7: nla.u32 },
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

/** diag_decoders: [request, reply] by family. */
const byFamily: Record<number, readonly [NlStruct, NlStruct]> = { [AF_UNIX]: [unixDiagReq, unixDiagMsg] };

export const sockDiagPayload: PayloadDecoder = (m: NlMemory, h: NlMsgHdr, addr: bigint, len: number) => {
  if (h.type === NLMSG_DONE) return null;
  const fam = m.readOr(addr, 1);
  if (!isBytes(fam)) return [fam];
  const pair = byFamily[fam[0]];
  if (pair !== undefined && len > 1) return nlStruct(m, pair[h.flags & NLM_F_REQUEST ? 0 : 1], addr, len);
  return familyOnly(m, addr, len);
};
