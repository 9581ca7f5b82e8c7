// The option values of setsockopt and getsockopt as strace 6.1 prints them (net.c's
// print_setsockopt, print_getsockopt and their helpers), by level and option name.

import type { Phase } from './context.js';
import { Ctx, isBuffer, StopMemory } from './context.js';
import type { Decoded } from './decoded.js';
import { array, ptr, raw, struct } from './decoded.js';
import { sockFilter, sockFprog } from './bpf-filter.js';
import { errnoText } from './errno.js';
import { ifindex } from './ifindex.js';
import { macAddr } from './print-fields.js';
import { inetAddrField } from './inet-addr.js';
import { QUOTE_FORCE_HEX, stringQuote } from './quote.js';
import { sockaddrAt } from './sockaddr.js';
import { sockoptLevels } from './sockopt-levels.js';
import { idVal } from './structs.js';
import { xval, xvalText, xlat as X } from './xlat.js';

/** The value argument (optval, argument 3): where it is read, and its length (setsockopt's optlen, getsockopt's returned one). */
export interface OptVal {
  readonly phase: Phase;
  readonly addr: bigint;
  readonly len: number;
  /** getsockopt's optlen as the caller passed it. */
  readonly ulen: number;
}

type Printer = (c: Ctx, v: OptVal) => Decoded;

const bytes = (c: Ctx, v: OptVal, n: number): Buffer | Decoded => c.umove(v.phase, 3, n, v.addr);

/** printnum_int: [%d]. */
const printnumInt: Printer = (c, v) => {
  const b = bytes(c, v, 4);
  return isBuffer(b) ? array([c.sdec(b.readInt32LE(0))]) : b;
};

/** printstrn: `len` bytes (an int: a negative one is huge). */
const printstrn: Printer = (c, v) => c.strPart(v.phase, 3, 0, v.addr, BigInt.asUintN(64, BigInt(v.len)));

/** len < sizeof(int): the address; else the int (SOL_NETLINK, SOL_SOCKET's int options). */
const intAtLeast: Printer = (c, v) => (v.len < 4 ? ptr(v.addr) : printnumInt(c, v));

/** print_setsockopt's and print_getsockopt's default: an int when the length is an int's, else the bytes. */
const plain: Printer = (c, v) => (v.len === 4 ? printnumInt(c, v) : printstrn(c, v));

/**
 * A struct of 32-bit fields, of which the kernel returned `v.len` bytes (print_get_linger,
 * print_get_ucred, print_tpacket_stats: MAYBE_PRINT_FIELD_LEN): each field that starts within
 * them, a cut one as its bytes in hex.
 */
const partial =
  (fields: readonly [string, (c: Ctx, x: number) => Decoded][]): Printer =>
  (c, v) => {
    const len = Math.min(v.len, fields.length * 4);
    const b = bytes(c, v, len);
    if (!isBuffer(b)) return b;
    const out: [string, Decoded][] = [];
    for (const [k, [name, print]] of fields.entries()) {
      const off = k * 4;
      if (len <= off) break;
      out.push([name, len >= off + 4 ? print(c, b.readUInt32LE(off)) : raw(stringQuote(b.subarray(off), len - off, QUOTE_FORCE_HEX, c.opts.hex).text)]);
    }
    return struct(out);
  };

const d = (c: Ctx, x: number): Decoded => c.sdec(x | 0);
const u = (c: Ctx, x: number): Decoded => c.udec(x);
const tgid = (c: Ctx, x: number): Decoded => c.pid(x | 0);
const id = (_c: Ctx, x: number): Decoded => idVal(x);

/** print_set_linger. */
const setLinger: Printer = (c, v) => {
  if (v.len < 8) return ptr(v.addr);
  const b = bytes(c, v, 8);
  return isBuffer(b) ? struct([['l_onoff', c.sdec(b.readInt32LE(0))], ['l_linger', c.sdec(b.readInt32LE(4))]]) : b;
};

/** SO_ATTACH_FILTER, SO_ATTACH_REUSEPORT_CBPF: a struct sock_fprog of exactly its size. */
const setFilter: Printer = (c, v) => (v.len === 16 ? sockFprog(c, 3) : ptr(v.addr));

/** print_mreq: struct ip_mreq (an ip_mreqn prints as one). */
const mreq: Printer = (c, v) => {
  if (v.len < 8) return ptr(v.addr);
  const b = bytes(c, v, 8);
  return isBuffer(b) ? struct([inetAddrField(c, 'imr_multiaddr', b.subarray(0, 4)), inetAddrField(c, 'imr_interface', b.subarray(4, 8))]) : b;
};

/** print_mreq6: struct ipv6_mreq. */
const mreq6: Printer = (c, v) => {
  if (v.len < 20) return ptr(v.addr);
  const b = bytes(c, v, 20);
  return isBuffer(b) ? struct([inetAddrField(c, 'ipv6mr_multiaddr', b.subarray(0, 16)), ['ipv6mr_interface', ifindex(c, b.readUInt32LE(16))]]) : b;
};

const GROUP_REQ_SIZE = 136;

/** print_group_req: struct group_req {gr_interface; struct sockaddr_storage gr_group} (at offset 8). */
const groupReq: Printer = (c, v) => {
  if (v.len !== GROUP_REQ_SIZE) return ptr(v.addr);
  const b = bytes(c, v, GROUP_REQ_SIZE);
  if (!isBuffer(b)) return ptr(v.addr);
  return struct([['gr_interface', ifindex(c, b.readUInt32LE(0))], ['gr_group', sockaddrBytes(c, b.subarray(8, GROUP_REQ_SIZE), v.addr + 8n)]]);
};

/**
 * print_sockaddr of bytes already read: sockaddr.ts decodes captured memory, so it is given a
 * stop whose only memory is these bytes.
 */
function sockaddrBytes(c: Ctx, b: Buffer, addr: bigint): Decoded {
  const mem = new StopMemory(new Map([[StopMemory.key(0, 0), { addr, size: b.length, data: b, truncated: false }]]));
  const view = new Ctx(c.row, mem, mem, c.opts, c.fds);
  return sockaddrAt(view, 'entry', 0, 0, addr, b.length);
}

/** print_tpacket_req: struct tpacket_req of exactly its size. */
const tpacketReq: Printer = (c, v) => {
  const b = v.len === 16 ? bytes(c, v, 16) : null;
  if (b === null || !isBuffer(b)) return ptr(v.addr);
  return struct(['tp_block_size', 'tp_block_nr', 'tp_frame_size', 'tp_frame_nr'].map((n, k): [string, Decoded] => [n, c.udec(b.readUInt32LE(k * 4))]));
};

/** print_packet_mreq: struct packet_mreq {mr_ifindex, mr_type, mr_alen, mr_address[8]} of exactly its size. */
const packetMreq: Printer = (c, v) => {
  const b = v.len === 16 ? bytes(c, v, 16) : null;
  if (b === null || !isBuffer(b)) return ptr(v.addr);
  const alen = b.readUInt16LE(6);
  return struct([
    ['mr_ifindex', ifindex(c, b.readInt32LE(0))],
    ['mr_type', xval(BigInt(b.readUInt16LE(4)), 'PACKET_MR_???', c.style, X.packet_mreq_type)],
    ['mr_alen', c.udec(alen)],
    ['mr_address', macAddr(c, b.subarray(8, 8 + Math.min(alen, 8)))],
  ]);
};

/**
 * print_icmp_filter: the blocked ICMP types (struct icmp_filter's bits, ~0 past a short value),
 * as a bit set: "~[...]" lists the clear bits when most are set.
 */
const icmpFilter: Printer = (c, v) => {
  if (v.len <= 0) return ptr(v.addr);
  const n = Math.min(v.len, 4);
  const b = bytes(c, v, n);
  if (!isBuffer(b)) return b;
  const all = Buffer.alloc(4, 0xff);
  b.copy(all, 0, 0, n);
  let bits = all.readUInt32LE(0);
  let ones = 0;
  for (let k = 0; k < 32; k++) ones += (bits >>> k) & 1;
  const inverted = ones > 16;
  if (inverted) bits = ~bits >>> 0;
  const items: string[] = [];
  for (let k = 0; k < 32; k++) if ((bits >>> k) & 1) items.push(xvalText(BigInt(k), 'ICMP_???', c.style, X.icmpfilterflags));
  return raw(`${inverted ? '~' : ''}[${items.join(' ')}]`);
};

/** print_get_error: the pending error's name. */
const getError: Printer = (c, v) => {
  const n = Math.min(v.len, 4);
  const b = bytes(c, v, n);
  if (!isBuffer(b)) return b;
  if (n < 4) return raw(stringQuote(b, n, QUOTE_FORCE_HEX, c.opts.hex).text);
  return array([raw(errnoText(b.readUInt32LE(0), c.style))]);
};

/** SO_GET_FILTER: the attached program, of `len` instructions (a u16: anything else was forged). */
const getFilter: Printer = (c, v) => (v.len >>> 16 === 0 ? sockFilter(c, 'exit', 3, 0, v.addr, v.len) : ptr(v.addr));

/** NETLINK_LIST_MEMBERSHIPS: the groups' bit words, as many as both lengths hold. */
const netlinkMemberships: Printer = (c, v) => {
  const count = Math.floor(Math.min(v.ulen, v.len) / 4);
  if (count === 0) return array([]);
  const b = bytes(c, v, 4);
  if (!isBuffer(b)) return b;
  const limit = c.opts.verbose ? count : Math.min(count, c.opts.stringLimit);
  const items: Decoded[] = [];
  for (let k = 0; k < limit && (k + 1) * 4 <= b.length; k++) items.push(c.udec(b.readUInt32LE(k * 4)));
  return array(items, limit < count);
};

const SOL_IP = 0, SOL_SOCKET = 1, SOL_IPV6 = 41, SOL_RAW = 255, SOL_PACKET = 263, SOL_NETLINK = 270;

const key = (level: number, name: number): string => `${level}:${name}`;

/** The keys of options `names` of `level`, their numbers from the level's generated tables. */
function opts(level: number, names: readonly string[], print: Printer): [string, Printer][] {
  const l = sockoptLevels[level];
  const tables = [l.names(), l.get?.(), l.set?.()];
  return names.map((name) => {
    const e = tables.flatMap((t) => t?.data ?? []).find(([, n]) => n === name);
    if (e === undefined) throw new Error(`no socket option ${name} at level ${level}`);
    return [key(level, Number(e[0])), print];
  });
}

// SOL_SOCKET options whose value is an int: a shorter one prints as its address.
const SO_INT_OPTIONS = [
  'SO_DEBUG', 'SO_REUSEADDR', 'SO_DONTROUTE', 'SO_BROADCAST', 'SO_SNDBUF', 'SO_RCVBUF', 'SO_KEEPALIVE', 'SO_OOBINLINE', 'SO_NO_CHECK', 'SO_PRIORITY',
  'SO_BSDCOMPAT', 'SO_REUSEPORT', 'SO_PASSCRED', 'SO_RCVLOWAT', 'SO_SNDLOWAT', 'SO_DETACH_FILTER', 'SO_TIMESTAMP_OLD', 'SO_ACCEPTCONN', 'SO_SNDBUFFORCE',
  'SO_RCVBUFFORCE', 'SO_PASSSEC', 'SO_TIMESTAMPNS_OLD', 'SO_MARK', 'SO_TIMESTAMPING_OLD', 'SO_RXQ_OVFL', 'SO_WIFI_STATUS', 'SO_PEEK_OFF', 'SO_NOFCS',
  'SO_LOCK_FILTER', 'SO_SELECT_ERR_QUEUE', 'SO_BUSY_POLL', 'SO_INCOMING_CPU', 'SO_CNX_ADVICE', 'SO_INCOMING_NAPI_ID', 'SO_ZEROCOPY', 'SO_TIMESTAMP_NEW',
  'SO_TIMESTAMPNS_NEW', 'SO_TIMESTAMPING_NEW', 'SO_DETACH_REUSEPORT_BPF', 'SO_PREFER_BUSY_POLL', 'SO_BUSY_POLL_BUDGET', 'SO_RESERVE_MEM', 'SO_TXREHASH',
  'SO_RCVMARK',
];

type Table = Readonly<Record<string, Printer>>;

let setTable: Table | undefined;
/** print_setsockopt's decoders, by `level:name` (`level:*`: the whole level); made when first used. */
export const setsockoptValues = (): Table =>
  (setTable ??= Object.fromEntries([
    ...opts(SOL_SOCKET, SO_INT_OPTIONS, intAtLeast),
    ...opts(SOL_SOCKET, ['SO_LINGER'], setLinger),
    ...opts(SOL_SOCKET, ['SO_ATTACH_FILTER', 'SO_ATTACH_REUSEPORT_CBPF'], setFilter),
    ...opts(SOL_IP, ['IP_ADD_MEMBERSHIP', 'IP_DROP_MEMBERSHIP'], mreq),
    ...opts(SOL_IP, ['MCAST_JOIN_GROUP', 'MCAST_LEAVE_GROUP'], groupReq),
    ...opts(SOL_IPV6, ['IPV6_ADD_MEMBERSHIP', 'IPV6_DROP_MEMBERSHIP', 'IPV6_JOIN_ANYCAST', 'IPV6_LEAVE_ANYCAST'], mreq6),
    ...opts(SOL_IPV6, ['MCAST_JOIN_GROUP', 'MCAST_LEAVE_GROUP'], groupReq),
    ...opts(SOL_PACKET, ['PACKET_RX_RING', 'PACKET_TX_RING'], tpacketReq),
    ...opts(SOL_PACKET, ['PACKET_ADD_MEMBERSHIP', 'PACKET_DROP_MEMBERSHIP'], packetMreq),
    ...opts(SOL_RAW, ['ICMP_FILTER'], icmpFilter),
    [`${SOL_NETLINK}:*`, intAtLeast],
  ]));

let getTable: Table | undefined;
/** print_getsockopt's decoders. */
export const getsockoptValues = (): Table =>
  (getTable ??= Object.fromEntries([
    ...opts(SOL_SOCKET, ['SO_LINGER'], partial([['l_onoff', d], ['l_linger', d]])),
    ...opts(SOL_SOCKET, ['SO_PEERCRED'], partial([['pid', tgid], ['uid', id], ['gid', id]])),
    ...opts(SOL_SOCKET, ['SO_GET_FILTER'], getFilter),
    ...opts(SOL_SOCKET, ['SO_ERROR'], getError),
    ...opts(SOL_PACKET, ['PACKET_STATISTICS'], partial([['tp_packets', u], ['tp_drops', u], ['tp_freeze_q_cnt', u]])),
    ...opts(SOL_RAW, ['ICMP_FILTER'], icmpFilter),
    ...opts(SOL_NETLINK, ['NETLINK_LIST_MEMBERSHIPS'], netlinkMemberships),
    [`${SOL_NETLINK}:*`, printnumInt],
  ]));

/** The value as `table` decodes it for this level and name, or strace's default. */
export function sockoptValue(c: Ctx, table: Table, level: number, name: number, v: OptVal): Decoded {
  if (!c.opts.deref) return ptr(v.addr);
  const p = v.addr !== 0n ? (table[key(level, name)] ?? table[`${level}:*`]) : undefined;
  return (p ?? plain)(c, v);
}
