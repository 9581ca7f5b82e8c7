// NETLINK_SELINUX payloads (strace: netlink_selinux.c): SELNL_MSG_SETENFORCE's {val} and
// SELNL_MSG_POLICYLOAD's {seqno}.

import { raw, struct } from '../decoded.js';
import type { NlMsgHdr, PayloadDecoder } from './netlink-decoder.js';
import type { NlMemory } from './nl-memory.js';
import { isBytes } from './nl-memory.js';

/** The one 4-byte field of each message type's struct, and how it prints. */
const fields: Readonly<Record<number, readonly [string, (b: Buffer) => string]>> = {
  0x10: ['val', (b) => String(b.readInt32LE(0))],
  0x11: ['seqno', (b) => String(b.readUInt32LE(0))],
};

export const selinuxPayload: PayloadDecoder = (m: NlMemory, h: NlMsgHdr, addr: bigint, len: number) => {
  const f = fields[h.type];
  if (f === undefined) return null;
  if (len < 4) return [m.str(addr, len)];
  const b = m.readOr(addr, 4);
  return [isBytes(b) ? struct([[f[0], raw(f[1](b))]]) : b];
};
