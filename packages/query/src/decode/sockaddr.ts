// struct sockaddr of each address family, as strace 6.1 prints it (strace: sockaddr.c): one
// printer per family with the least length it needs; shorter, or a family without a printer,
// prints the bytes as sa_data.

import type { Ctx, Phase } from './context.js';
import { isBuffer } from './context.js';
import type { Decoded } from './decoded.js';
import { array, ptr, raw, struct } from './decoded.js';
import { ifindex } from './ifindex.js';
import { inetAddrField } from './inet-addr.js';
import { cstringSz, hexString, macAddr, zeroX } from './print-fields.js';
import { QUOTE_0_TERMINATED, stringQuote } from './quote.js';
import type { XlatTable } from './xlat.js';
import { sprintflagsEx, sprintxval, xflags, xlatTable, xlatVal, xval, xlat as X } from './xlat.js';

type Fields = [string | null, Decoded][];

// strace 6.1's tables (src/xlat/*.in) for the families below.
const eth = (pairs: [number, string][]): XlatTable => xlatTable(pairs.map(([v, n]) => [v, `ETH_P_${n}`]));
export const T = {
  ethernet_protocols: eth([
    [0x1, '802_3'], [0x2, 'AX25'], [0x3, 'ALL'], [0x4, '802_2'], [0x5, 'SNAP'], [0x6, 'DDCMP'], [0x7, 'WAN_PPP'], [0x8, 'PPP_MP'], [0x9, 'LOCALTALK'],
    [0xc, 'CAN'], [0xd, 'CANFD'], [0x10, 'PPPTALK'], [0x11, 'TR_802_2'], [0x15, 'MOBITEX'], [0x16, 'CONTROL'], [0x17, 'IRDA'], [0x18, 'ECONET'],
    [0x19, 'HDLC'], [0x1a, 'ARCNET'], [0x1b, 'DSA'], [0x1c, 'TRAILER'], [0x60, 'LOOP'], [0xf5, 'PHONET'], [0xf6, 'IEEE802154'], [0xf7, 'CAIF'],
    [0xf8, 'XDSA'], [0xf9, 'MAP'], [0x200, 'PUP'], [0x201, 'PUPAT'], [0x600, '802_3_MIN'], [0x800, 'IP'], [0x805, 'X25'], [0x806, 'ARP'], [0x8ff, 'BPQ'],
    [0xa00, 'IEEEPUP'], [0xa01, 'IEEEPUPAT'], [0x22eb, 'ERSPAN2'], [0x22f0, 'TSN'], [0x4305, 'BATMAN'], [0x6000, 'DEC'], [0x6001, 'DNA_DL'],
    [0x6002, 'DNA_RC'], [0x6003, 'DNA_RT'], [0x6004, 'LAT'], [0x6005, 'DIAG'], [0x6006, 'CUST'], [0x6007, 'SCA'], [0x6558, 'TEB'], [0x8035, 'RARP'],
    [0x809b, 'ATALK'], [0x80f3, 'AARP'], [0x8100, '8021Q'], [0x8137, 'IPX'], [0x86dd, 'IPV6'], [0x8808, 'PAUSE'], [0x8809, 'SLOW'], [0x883e, 'WCCP'],
    [0x8847, 'MPLS_UC'], [0x8848, 'MPLS_MC'], [0x884c, 'ATMMPOA'], [0x8863, 'PPP_DISC'], [0x8864, 'PPP_SES'], [0x886c, 'LINK_CTL'], [0x8884, 'ATMFATE'],
    [0x888e, 'PAE'], [0x8899, 'REALTEK'], [0x88a2, 'AOE'], [0x88a8, '8021AD'], [0x88b5, '802_EX1'], [0x88be, 'ERSPAN'], [0x88c7, 'PREAUTH'], [0x88ca, 'TIPC'],
    [0x88cc, 'LLDP'], [0x88e3, 'MRP'], [0x88e5, 'MACSEC'], [0x88e7, '8021AH'], [0x88f5, 'MVRP'], [0x88f7, '1588'], [0x88f8, 'NCSI'], [0x88fb, 'PRP'],
    [0x8902, 'CFM'], [0x8906, 'FCOE'], [0x890d, 'TDLS'], [0x8914, 'FIP'], [0x8915, 'IBOE'], [0x8917, '80221'], [0x892f, 'HSR'], [0x894f, 'NSH'],
    [0x9000, 'LOOPBACK'], [0x9100, 'QINQ1'], [0x9200, 'QINQ2'], [0x9300, 'QINQ3'], [0xdada, 'EDSA'], [0xdadb, 'DSA_8021Q'], [0xed3e, 'IFE'], [0xfbfb, 'AF_IUCV'],
  ]),
  arp_hardware_types: xlatTable(
    (
      [
        [0, 'NETROM'], [1, 'ETHER'], [2, 'EETHER'], [3, 'AX25'], [4, 'PRONET'], [5, 'CHAOS'], [6, 'IEEE802'], [7, 'ARCNET'], [8, 'APPLETLK'], [15, 'DLCI'],
        [19, 'ATM'], [23, 'METRICOM'], [24, 'IEEE1394'], [27, 'EUI64'], [32, 'INFINIBAND'], [256, 'SLIP'], [257, 'CSLIP'], [258, 'SLIP6'], [259, 'CSLIP6'],
        [260, 'RSRVD'], [264, 'ADAPT'], [270, 'ROSE'], [271, 'X25'], [272, 'HWX25'], [280, 'CAN'], [290, 'MCTP'], [512, 'PPP'], [513, 'CISCO'], [516, 'LAPB'],
        [517, 'DDCMP'], [518, 'RAWHDLC'], [519, 'RAWIP'], [768, 'TUNNEL'], [769, 'TUNNEL6'], [770, 'FRAD'], [771, 'SKIP'], [772, 'LOOPBACK'], [773, 'LOCALTLK'],
        [774, 'FDDI'], [775, 'BIF'], [776, 'SIT'], [777, 'IPDDP'], [778, 'IPGRE'], [779, 'PIMREG'], [780, 'HIPPI'], [781, 'ASH'], [782, 'ECONET'], [783, 'IRDA'],
        [784, 'FCPP'], [785, 'FCAL'], [786, 'FCPL'], [787, 'FCFABRIC'], [800, 'IEEE802_TR'], [801, 'IEEE80211'], [802, 'IEEE80211_PRISM'],
        [803, 'IEEE80211_RADIOTAP'], [804, 'IEEE802154'], [805, 'IEEE802154_MONITOR'], [820, 'PHONET'], [821, 'PHONET_PIPE'], [822, 'CAIF'], [823, 'IP6GRE'],
        [824, 'NETLINK'], [825, '6LOWPAN'], [826, 'VSOCKMON'], [0xfffe, 'NONE'], [0xffff, 'VOID'],
      ] as [number, string][]
    ).map(([v, n]) => [v, `ARPHRD_${n}`]),
  ),
  af_packet_types: xlatTable(['HOST', 'BROADCAST', 'MULTICAST', 'OTHERHOST', 'OUTGOING', 'LOOPBACK', 'USER', 'KERNEL'].map((n, k) => [k, `PACKET_${n}`])),
  hci_channels: xlatTable(['RAW', 'USER', 'MONITOR', 'CONTROL', 'LOGGING'].map((n, k) => [k, `HCI_CHANNEL_${n}`])),
  bdaddr_types: xlatTable([[0, 'BDADDR_BREDR'], [1, 'BDADDR_LE_PUBLIC'], [2, 'BDADDR_LE_RANDOM']]),
  bluetooth_l2_psm: xlatTable(
    ([[1, 'SDP'], [3, 'RFCOMM'], [0x21, '3DSP'], [0x23, 'IPSP'], [0x80, 'LE_DYN_START'], [0xff, 'LE_DYN_END'], [0x1001, 'DYN_START'], [0x10ff, 'AUTO_END'], [0xffff, 'DYN_END']] as [number, string][]).map(
      ([v, n]) => [v, `L2CAP_PSM_${n}`],
    ),
  ),
  bluetooth_l2_cid: xlatTable(
    ([[1, 'SIGNALING'], [2, 'CONN_LESS'], [3, 'A2MP'], [4, 'ATT'], [5, 'LE_SIGNALING'], [6, 'SMP'], [7, 'SMP_BREDR'], [0x40, 'DYN_START'], [0x7f, 'LE_DYN_END'], [0xffff, 'DYN_END']] as [number, string][]).map(
      ([v, n]) => [v, `L2CAP_CID_${n}`],
    ),
  ),
  vsock_cids: xlatTable([[0, 'VMADDR_CID_HYPERVISOR'], [1, 'VMADDR_CID_LOCAL'], [2, 'VMADDR_CID_HOST'], [0xffffffff, 'VMADDR_CID_ANY']]),
  vsock_ports: xlatTable([[0xffffffff, 'VMADDR_PORT_ANY']]),
  vsock_flags: xlatTable([[1, 'VMADDR_FLAG_TO_HOST']]),
  xdp_sockaddr_flags: xlatTable([[1, 'XDP_SHARED_UMEM'], [2, 'XDP_COPY'], [4, 'XDP_ZEROCOPY'], [8, 'XDP_USE_NEED_WAKEUP']]),
  alg_sockaddr_flags: xlatTable([[0x1000, 'CRYPTO_ALG_KERN_DRIVER_ONLY']]),
  qipcrtr_nodes: xlatTable([[0xffffffff, 'QRTR_NODE_BCAST']]),
  qipcrtr_ports: xlatTable([[0xfffffffe, 'QRTR_PORT_CTRL']]),
  mctp_nets: xlatTable([[0, 'MCTP_NET_ANY']]),
  mctp_addrs: xlatTable([[0, 'MCTP_ADDR_NULL'], [0xff, 'MCTP_ADDR_ANY']]),
  rxrpc_services: xlatTable([[1, 'CM_SERVICE'], [2500, 'YFS_FS_SERVICE'], [2501, 'YFS_CM_SERVICE'], [2503, 'YFS_VL_SERVICE']]),
  ieee802154_addr_types: xlatTable([[0, 'IEEE802154_ADDR_NONE'], [2, 'IEEE802154_ADDR_SHORT'], [3, 'IEEE802154_ADDR_LONG']]),
  ieee802154_pan_ids: xlatTable([[0xffff, 'IEEE802154_PANID_BROADCAST']]),
  ieee802154_addrs: xlatTable([[0xfffe, 'IEEE802154_ADDR_UNDEF'], [0xffff, 'IEEE802154_ADDR_BROADCAST']]),
  nfc_sockaddr_protocols: xlatTable(['JEWEL', 'MIFARE', 'FELICA', 'ISO14443', 'NFC_DEP', 'ISO14443_B', 'ISO15693'].map((n, k) => [k + 1, `NFC_PROTO_${n}`])),
  nfc_saps: xlatTable([[1, 'LLCP_SAP_SDP'], [2, 'LLCP_SAP_IP'], [3, 'LLCP_SAP_OBEX'], [4, 'LLCP_SAP_SNEP'], [0xff, 'LLCP_SAP_MAX']]),
};

/** The raw bytes (-X raw), the bytes and the readable form as a comment (-X verbose), or the readable form. */
function styled(c: Ctx, bytes: Buffer, text: string): string {
  const v = c.style.verbosity;
  return v === 'raw' ? hexString(bytes) : v === 'verbose' ? `${hexString(bytes)} /* ${text} */` : text;
}

/** PRINT_FIELD_NET_PORT. */
const netPort = (c: Ctx, b: Buffer, off: number): Decoded => raw(styled(c, b.subarray(off, off + 2), `htons(${b.readUInt16BE(off)})`));

const u8 = (c: Ctx, b: Buffer, o: number): Decoded => c.udec(b[o]);
const u32 = (c: Ctx, b: Buffer, o: number): Decoded => c.udec(b.readUInt32LE(o));
const xv = (c: Ctx, v: number, table: XlatTable, dflt: string | null): Decoded => xval(BigInt(v), dflt, c.style, table);

function un(c: Ctx, b: Buffer, len: number): Fields {
  const pathLen = Math.min(len, 110) - 2;
  // print_quoted_string(sun_path, path_len + 1, QUOTE_0_TERMINATED) stops after path_len bytes, with no "..."
  if (b[2]) return [['sun_path', raw(stringQuote(b.subarray(2), pathLen, QUOTE_0_TERMINATED, c.opts.hex).text)]];
  return [['sun_path', raw('@' + stringQuote(b.subarray(3), pathLen - 1, 0, c.opts.hex).text)]];
}

function in4(c: Ctx, b: Buffer): Fields {
  return [['sin_port', netPort(c, b, 2)], inetAddrField(c, 'sin_addr', b.subarray(4, 8))];
}

const SIN6_MIN_LEN = 24;

function in6(c: Ctx, b: Buffer, len: number): Fields {
  const flow = b.subarray(4, 8);
  const f: Fields = [
    ['sin6_port', netPort(c, b, 2)],
    ['sin6_flowinfo', raw(styled(c, flow, `htonl(${flow.readUInt32BE(0)})`))],
    inetAddrField(c, 'sin6_addr', b.subarray(8, 24)),
  ];
  if (len <= SIN6_MIN_LEN) return f;
  const linkLocal = (b[8] === 0xfe && (b[9] & 0xc0) === 0x80) || (b[8] === 0xff && (b[9] & 0xf) === 0x2);
  const scope = b.readUInt32LE(24);
  f.push(['sin6_scope_id', linkLocal ? ifindex(c, scope) : c.udec(scope)]);
  return f;
}

function ll(c: Ctx, b: Buffer, len: number): Fields {
  const proto = b.readUInt16BE(2);
  const name = sprintxval(BigInt(proto), 'ETH_P_???', { verbosity: 'abbrev' }, T.ethernet_protocols).text;
  const f: Fields = [
    ['sll_protocol', raw(styled(c, b.subarray(2, 4), `htons(${name})`))],
    ['sll_ifindex', ifindex(c, b.readInt32LE(4))],
    ['sll_hatype', xv(c, b.readUInt16LE(8), T.arp_hardware_types, 'ARPHRD_???')],
    ['sll_pkttype', xv(c, b[10], T.af_packet_types, 'PACKET_???')],
    ['sll_halen', u8(c, b, 11)],
  ];
  const halen = b[11];
  if (halen) {
    const oob = len - 12;
    const items: Decoded[] = [];
    let i = 0;
    for (; i < halen && i < oob; i++) items.push(zeroX(b[12 + i], 1));
    f.push(['sll_addr', array(items, i < halen)]);
  }
  return f;
}

function nl(c: Ctx, b: Buffer): Fields {
  const pad = b.readUInt16LE(2);
  const f: Fields = pad ? [['nl_pad', c.hex(pad)]] : [];
  f.push(['nl_pid', c.pid(b.readInt32LE(4))], ['nl_groups', zeroX(b.readUInt32LE(8), 4)]);
  return f;
}

/** print_bluetooth_l2_psm / _cid: htobs(NAME), or DYN_START+n in the dynamic ranges. */
function l2Value(c: Ctx, v: number, table: XlatTable, ranges: [number, number, string][], unknown: string): Decoded {
  const name = table.byValue.get(BigInt(v)) ?? null;
  const range = name === null ? ranges.find(([lo, hi]) => v >= lo && v <= hi) : undefined;
  const known = name !== null || range !== undefined;
  const style = c.style.verbosity;
  let s = '';
  if (style !== 'abbrev' || !known) s += xlatVal(BigInt(v));
  if (style !== 'raw') {
    const text = name ?? (range ? `${sprintxval(BigInt(range[0]), null, c.style, table).text}+${v - range[0]}` : unknown);
    s += style === 'verbose' || !known ? ` /* ${text} */` : text;
  }
  return raw(`htobs(${s})`);
}

function bt(c: Ctx, b: Buffer, len: number): Fields {
  switch (len) {
    case 4:
    case 6: {
      const f: Fields = [['hci_dev', raw(`htobs(${b.readUInt16LE(2)})`)]];
      if (len === 6) f.push(['hci_channel', xv(c, b.readUInt16LE(4), T.hci_channels, 'HCI_CHANNEL_???')]);
      return f;
    }
    case 8:
      return [['sco_bdaddr', macAddr(c, b.subarray(2, 8))]];
    case 10:
      return [['rc_bdaddr', macAddr(c, b.subarray(2, 8))], ['rc_channel', u8(c, b, 8)]];
    case 12:
    case 14: {
      const f: Fields = [
        ['l2_psm', l2Value(c, b.readUInt16LE(2), T.bluetooth_l2_psm, [[0x80, 0xff, 'LE_DYN_START'], [0x1001, 0xffff, 'DYN_START']], 'L2CAP_PSM_???')],
        ['l2_bdaddr', macAddr(c, b.subarray(4, 10))],
        ['l2_cid', l2Value(c, b.readUInt16LE(10), T.bluetooth_l2_cid, [[0x40, 0xffff, 'DYN_START']], 'L2CAP_CID_???')],
      ];
      if (len === 14) f.push(['l2_bdaddr_type', xv(c, b[12], T.bdaddr_types, 'BDADDR_???')]);
      return f;
    }
  }
  return saData(c, b, len);
}

function vsock(c: Ctx, b: Buffer): Fields {
  const r1 = b.readUInt16LE(2);
  const f: Fields = r1 ? [['svm_reserved1', c.hex(r1)]] : [];
  f.push(
    ['svm_cid', xv(c, b.readUInt32LE(8), T.vsock_cids, null)],
    ['svm_port', xv(c, b.readUInt32LE(4), T.vsock_ports, null)],
    ['svm_flags', xflags(BigInt(b[12]), 'VMADDR_FLAG_???', c.style, T.vsock_flags)],
  );
  if (b[13] || b[14] || b[15]) f.push(['svm_zero', raw(hexString(b.subarray(13, 16)))]);
  return f;
}

function xdp(c: Ctx, b: Buffer): Fields {
  const flags = b.readUInt16LE(2);
  const f: Fields = [
    ['sxdp_flags', xflags(BigInt(flags), 'XDP_???', c.style, T.xdp_sockaddr_flags)],
    ['sxdp_ifindex', ifindex(c, b.readUInt32LE(4))],
    ['sxdp_queue_id', u32(c, b, 8)],
  ];
  const fd = b.readUInt32LE(12);
  if (flags & 1) f.push(['sxdp_shared_umem_fd', c.fd(b.readInt32LE(12))]);
  else if (fd) f.push(['sxdp_shared_umem_fd', c.hex(fd)]);
  return f;
}

/** PRINT_FIELD_FLAGS_VERBOSE: the number and the names as a comment, unless -X raw. */
function flagsVerbose(c: Ctx, v: number, table: XlatTable, dflt: string): Decoded {
  if (c.style.verbosity === 'raw') return c.hex(v);
  return raw(sprintflagsEx(BigInt(v), dflt, { verbosity: 'verbose' }, table).text);
}

function alg(c: Ctx, b: Buffer, len: number): Fields {
  return [
    ['salg_type', cstringSz(c, b, 2, 14)],
    ['salg_feat', flagsVerbose(c, b.readUInt32LE(16), T.alg_sockaddr_flags, 'CRYPTO_ALG_???')],
    ['salg_mask', flagsVerbose(c, b.readUInt32LE(20), T.alg_sockaddr_flags, 'CRYPTO_ALG_???')],
    ['salg_name', cstringSz(c, b, 24, len - 24)],
  ];
}

function ipx(c: Ctx, b: Buffer): Fields {
  const f: Fields = [
    ['sipx_port', netPort(c, b, 2)],
    ['sipx_network', raw(`htonl(${xlatVal(BigInt(b.readUInt32BE(4)))})`)],
    ['sipx_node', array([...b.subarray(8, 14)].map((x) => zeroX(x, 1)))],
    ['sipx_type', zeroX(b[14], 1)],
  ];
  if (b[15]) f.push(['sipx_zero', c.hex(b[15])]);
  return f;
}

const x25 = (c: Ctx, b: Buffer): Fields => [['sx25_addr', struct([['x25_addr', cstringSz(c, b, 2, 16)]])]];

/** check_ax25_address: whether a call sign prints as text (null: as -X says), with its bytes too, or as bytes only. */
function ax25Style(a: Buffer): 'verbose' | 'raw' | null {
  let ret: 'verbose' | null = null;
  let spaceSeen = false;
  let charSeen = false;
  for (let i = 0; i < 6; i++) {
    let ch = a[i];
    if (ch & 1) ret = 'verbose';
    ch >>= 1;
    if (ch === 0x20) spaceSeen = true;
    else charSeen = true;
    if ((ch < 0x30 || ch > 0x39) && (ch < 0x41 || ch > 0x5a) && ch !== 0x20) ret = 'verbose';
    if (ch !== 0x20 && spaceSeen) ret = 'verbose';
    if (ch < 0x20 || ch > 0x7e || ch === 0x2a || ch === 0x2f) return 'raw';
  }
  if (a[6] & ~0x1e) ret = 'verbose';
  if (!charSeen && a[6]) ret = 'verbose';
  return ret;
}

/** ax25_addr2str: CALL-SSID, or * for an empty call sign with SSID 0. */
function ax25Text(a: Buffer): string {
  let end = 6;
  for (; end; end--) if (a[end - 1] >> 1 !== 0x20) break;
  let s = '';
  for (let i = 0; i < end; i++) s += String.fromCharCode(a[i] >> 1);
  s += `-${(a[6] >> 1) & 0xf}`;
  return s === '-0' ? '*' : s;
}

function ax25Addr(c: Ctx, a: Buffer): Decoded {
  const xs = ax25Style(a) ?? c.style.verbosity;
  const rawText = `{ax25_call=${hexString(a.subarray(0, 7))}}`;
  if (xs === 'raw') return raw(rawText);
  if (xs === 'abbrev') return raw(ax25Text(a));
  return raw(`${rawText} /* ${ax25Text(a)} */`);
}

function ax25(c: Ctx, b: Buffer, len: number): Fields {
  const ndigis = b.readInt32LE(12);
  const head: Fields = [['sax25_call', ax25Addr(c, b.subarray(2, 9))], ['sax25_ndigis', c.sdec(ndigis)]];
  const full = ndigis !== 0 || len > 16;
  if (!full) return head;
  const f: Fields = [['fsa_ax25', struct(head)]];
  const has = Math.min(Math.floor((len - 16) / 7), 8);
  const want = Math.min(Math.max(ndigis, 0), 8);
  const digis = Math.min(has, want);
  if (want) {
    const items: Decoded[] = [];
    for (let k = 0; k < digis; k++) items.push(ax25Addr(c, b.subarray(16 + 7 * k, 23 + 7 * k)));
    f.push(['fsa_digipeater', array(items, want > has)]);
  }
  if (len > has * 7 + 16) f.push([null, raw('...')]);
  return f;
}

const qrtr = (c: Ctx, b: Buffer): Fields => [
  ['sq_node', xv(c, b.readUInt32LE(4), T.qipcrtr_nodes, null)],
  ['sq_port', xv(c, b.readUInt32LE(8), T.qipcrtr_ports, null)],
];

function mctp(c: Ctx, b: Buffer): Fields {
  const pad0 = b.readUInt16LE(2);
  const f: Fields = pad0 ? [['__smctp_pad0', c.hex(pad0)]] : [];
  f.push(
    ['smctp_network', xv(c, b.readUInt32LE(4), T.mctp_nets, null)],
    ['smctp_addr', struct([['s_addr', xv(c, b[8], T.mctp_addrs, null)]])],
    ['smctp_type', c.hex(b[9])],
    ['smctp_tag', c.hex(b[10])],
  );
  if (b[11]) f.push(['__smctp_pad1', c.hex(b[11])]);
  return f;
}

/** PRINT_FIELD_XVAL_VERBOSE: the number and its name as a comment, unless -X raw. */
function xvVerbose(c: Ctx, v: number, table: XlatTable, dflt: string | null): Decoded {
  if (c.style.verbosity === 'raw') return c.hex(v);
  return xval(BigInt(v), dflt, { verbosity: 'verbose' }, table);
}

const AF_INET = 2;
const AF_INET6 = 10;

/** The transport of an RxRPC address: AF_INET or AF_INET6 as their printers print them, else the family and the bytes. */
function rxrpcTransport(c: Ctx, b: Buffer, len: number): Decoded {
  const declared = b.readUInt16LE(6);
  const t = b.subarray(8);
  const tlen = Math.min(declared, len - 8);
  const rest = Math.max(0, tlen - 2);
  const fam = t.readUInt16LE(0);
  const family: [string, Decoded] = [fam === AF_INET ? 'sin_family' : fam === AF_INET6 ? 'sin6_family' : 'family', xv(c, fam, X.addrfams, 'AF_???')];
  const bytes: Fields = rest > 0 ? [[null, raw(stringQuote(t.subarray(2), rest, 0, c.opts.hex).text)]] : [];
  if (fam === AF_INET) return struct([['sin', struct([family, ...(declared >= 16 ? in4(c, t) : bytes)])]]);
  if (fam === AF_INET6) return struct([['sin6', struct([family, ...(declared >= SIN6_MIN_LEN ? in6(c, t, tlen) : bytes)])]]);
  return struct([family, ...bytes]);
}

const rxrpc = (c: Ctx, b: Buffer, len: number): Fields => [
  ['srx_service', xvVerbose(c, b.readUInt16LE(2), T.rxrpc_services, '???_SERVICE')],
  ['transport_type', xv(c, b.readUInt16LE(4), X.socktypes, 'SOCK_???')],
  ['transport_len', c.udec(b.readUInt16LE(6))],
  ['transport', rxrpcTransport(c, b, len)],
];

const IEEE802154_ADDR_NONE = 0;
const IEEE802154_ADDR_SHORT = 2;

function ieee802154(c: Ctx, b: Buffer): Fields {
  const type = b.readInt32LE(4);
  const f: Fields = [
    ['addr_type', xvVerbose(c, type >>> 0, T.ieee802154_addr_types, 'IEEE802154_ADDR_???')],
    ['pan_id', xvVerbose(c, b.readUInt16LE(8), T.ieee802154_pan_ids, null)],
  ];
  if (type === IEEE802154_ADDR_SHORT) f.push(['short_addr', xvVerbose(c, b.readUInt16LE(10), T.ieee802154_addrs, null)]);
  else if (type !== IEEE802154_ADDR_NONE) f.push(['hwaddr', macAddr(c, b.subarray(10, 18))]);
  return [['addr', struct(f)]];
}

/** struct sockaddr_nfc (16 bytes) and sockaddr_nfc_llcp, whose service_name_len is a size_t. */
const NFC_LEN = 16;

function nfc(c: Ctx, b: Buffer, len: number): Fields {
  const f: Fields = [
    ['dev_idx', ifindex(c, b.readUInt32LE(4))],
    ['target_idx', c.hex(b.readUInt32LE(8))],
    ['nfc_protocol', xv(c, b.readUInt32LE(12), T.nfc_sockaddr_protocols, 'NFC_PROTO_???')],
  ];
  const llcpLen = c.word === 8 ? 96 : 88;
  if (len < llcpLen) {
    if (len > NFC_LEN) f.push([null, raw('...')]);
    return f;
  }
  const snsz = c.word === 8 ? b.readBigUInt64LE(88) : BigInt(b.readUInt32LE(84));
  f.push(
    ['dsap', xvVerbose(c, b[16], T.nfc_saps, null)],
    ['ssap', xvVerbose(c, b[17], T.nfc_saps, null)],
    ['service_name', raw(stringQuote(b.subarray(18), Number(snsz < 63n ? snsz : 63n), 0, c.opts.hex).text)],
    ['service_name_len', c.udec(snsz)],
  );
  return f;
}

function saData(c: Ctx, b: Buffer, len: number): Fields {
  return [['sa_data', raw(stringQuote(b.subarray(2), len - 2, 0, c.opts.hex).text)]];
}

type Printer = (c: Ctx, b: Buffer, len: number) => Fields;

/** sa_printers: each family's printer and the least address length it decodes. */
const printers: ReadonlyMap<number, readonly [Printer, number]> = new Map<number, readonly [Printer, number]>([
  [1, [un, 3]],
  [2, [in4, 16]],
  [3, [ax25, 16]],
  [4, [ipx, 16]],
  [9, [x25, 18]],
  [10, [in6, SIN6_MIN_LEN]],
  [16, [nl, 12]],
  [17, [ll, 20]],
  [31, [bt, 3]],
  [33, [rxrpc, 36]],
  [36, [ieee802154, 20]],
  [38, [alg, 25]],
  [39, [nfc, NFC_LEN]],
  [40, [vsock, 16]],
  [42, [qrtr, 12]],
  [44, [xdp, 16]],
  [45, [mctp, 12]],
]);

/** sockaddr_storage's size: longer addresses are cut to it. */
const STORAGE = 128;

/** print_sockaddr of the first `len` bytes of `bytes` (the rest read as zeros). */
export function printSockaddr(c: Ctx, bytes: Buffer, addrlen: number): Decoded {
  const len = Math.min(addrlen, STORAGE);
  const b = Buffer.alloc(STORAGE + 1);
  bytes.copy(b, 0, 0, Math.min(len, bytes.length));
  const fam = b.readUInt16LE(0);
  const f: Fields = [['sa_family', xval(BigInt(fam), 'AF_???', c.style, X.addrfams)]];
  if (len > 2) {
    const p = printers.get(fam);
    f.push(...(p && len >= p[1] ? p[0](c, b, len) : saData(c, b, len)));
  }
  return struct(f);
}

export function sockaddr(c: Ctx, phase: Phase, i: number, addrlen: number): Decoded {
  return sockaddrAt(c, phase, i, 0, c.u[i], addrlen);
}

/** decode_sockaddr of `addrlen` bytes at `addr`, captured as part `part` of argument `i`. */
export function sockaddrAt(c: Ctx, phase: Phase, i: number, part: number, addr: bigint, addrlen: number): Decoded {
  if (addrlen < 2) return ptr(addr);
  const len = Math.min(addrlen, STORAGE);
  const b = c.umove(phase, i, len, addr, part);
  if (!isBuffer(b)) return b;
  return printSockaddr(c, b, len);
}
