// A msghdr's control messages, as strace 6.1 prints them (strace: msghdr.c, decode_msg_control):
// each struct cmsghdr with its level and type, and the data of the types strace decodes (a
// printer per level and type, with the least data length it needs).

import { readFileSync } from 'node:fs';
import type { Ctx, Phase } from './context.js';
import type { Decoded } from './decoded.js';
import { array, ptr, raw, struct } from './decoded.js';
import { arrayItems } from './array-items.js';
import { ifindex } from './ifindex.js';
import { inetAddrField } from './inet-addr.js';
import { printSockaddr } from './sockaddr.js';
import { stringQuote } from './quote.js';
import { timespec, timeval } from './structs.js';
import type { XlatTable } from './xlat.js';
import { xlatTable, xval, xlat as X } from './xlat.js';

const ip_cmsg_types = xlatTable([
  [1, 'IP_TOS'], [2, 'IP_TTL'], [6, 'IP_RECVOPTS'], [7, 'IP_RETOPTS'], [8, 'IP_PKTINFO'], [11, 'IP_RECVERR'], [20, 'IP_ORIGDSTADDR'], [23, 'IP_CHECKSUM'], [3, 'SCM_SECURITY'],
]);

type Printer = (c: Ctx, b: Buffer, len: number) => Decoded;

const items = (c: Ctx, b: Buffer, size: number, item: (b: Buffer, off: number) => Decoded): Decoded =>
  arrayItems(b, 0n, Math.floor(b.length / size), size, c.opts.verbose ? Infinity : c.opts.stringLimit, item) ?? array([]);

/** The ids strace prints with PRINT_FIELD_ID: -1 for (uid_t) -1. */
const id = (c: Ctx, v: number): Decoded => (v === 0xffffffff ? c.sdec(-1) : c.udec(v));

const rights: Printer = (c, b) => items(c, b, 4, (d, o) => c.fd(d.readInt32LE(o)));
const creds: Printer = (c, b) => struct([['pid', c.pid(b.readInt32LE(0))], ['uid', id(c, b.readUInt32LE(4))], ['gid', id(c, b.readUInt32LE(8))]]);
const security: Printer = (c, b) => raw(stringQuote(b, b.length, 0, c.opts.hex).text);
/** print_*_data_size: "???" when the data is shorter than the struct. */
const sized = (size: number, print: (b: Buffer) => Decoded): Printer => (_c, b) => (b.length < size ? raw('???') : print(b));
const timestamp = sized(16, (b) => timeval(b));
const timestampns = sized(16, (b) => timespec(b));
const timestamping = sized(48, (b) => array([timespec(b, 0), timespec(b, 16), timespec(b, 32)]));
const uints: Printer = (c, b) => items(c, b, 4, (d, o) => c.udec(d.readUInt32LE(o)));
const xint8s: Printer = (c, b) => items(c, b, 1, (d, o) => c.hex(d[o]));
const pktinfo: Printer = (c, b) =>
  struct([['ipi_ifindex', ifindex(c, b.readInt32LE(0))], inetAddrField(c, 'ipi_spec_dst', b.subarray(4, 8)), inetAddrField(c, 'ipi_addr', b.subarray(8, 12))]);
const recverr: Printer = (c, b) =>
  struct([
    ['ee_errno', c.udec(b.readUInt32LE(0))],
    ['ee_origin', c.udec(b[4])],
    ['ee_type', c.udec(b[5])],
    ['ee_code', c.udec(b[6])],
    ['ee_info', c.udec(b.readUInt32LE(8))],
    ['ee_data', c.udec(b.readUInt32LE(12))],
    ['offender', printSockaddr(c, b.subarray(16), 16)],
  ]);
const origdstaddr: Printer = (c, b) => printSockaddr(c, b, Math.min(b.length, 128));

/** cmsg_socket_printers and cmsg_ip_printers: by type, the printer and the least data length. */
const printers: ReadonlyMap<number, { readonly types: XlatTable; readonly dflt: string; readonly byType: ReadonlyMap<number, readonly [Printer, number]> }> = new Map([
  [
    1,
    {
      types: X.scmvals,
      dflt: 'SCM_???',
      byType: new Map<number, readonly [Printer, number]>([
        [1, [rights, 4]],
        [2, [creds, 12]],
        [3, [security, 1]],
        [29, [timestamp, 1]],
        [35, [timestampns, 1]],
        [37, [timestamping, 1]],
        [63, [timestamp, 1]],
        [64, [timestampns, 1]],
        [65, [timestamping, 1]],
      ]),
    },
  ],
  [
    0,
    {
      types: ip_cmsg_types,
      dflt: 'IP_???',
      byType: new Map<number, readonly [Printer, number]>([
        [8, [pktinfo, 12]],
        [2, [uints, 4]],
        [1, [xint8s, 1]],
        [6, [xint8s, 1]],
        [7, [xint8s, 1]],
        [11, [recverr, 32]],
        [20, [origdstaddr, 16]],
        [23, [uints, 4]],
        [3, [security, 1]],
      ]),
    },
  ],
]);

let optmemMax: number | undefined;
/** get_optmem_max: what strace reads of a control buffer at most (net.core.optmem_max, word-aligned). */
function optmem(): number {
  if (optmemMax === undefined) {
    let v = NaN;
    try {
      v = Number(readFileSync('/proc/sys/net/core/optmem_max', 'utf8'));
    } catch {
      // not Linux, or no /proc: strace's own default below
    }
    optmemMax = Number.isInteger(v) && v > 0 ? (v + 7) & ~7 : 8 * (2 * 1024 + 512);
  }
  return optmemMax;
}

function readWord(b: Buffer, off: number, word: 4 | 8): bigint {
  return word === 8 ? b.readBigUInt64LE(off) : BigInt(b.readUInt32LE(off));
}

/** decode_msg_control: the cmsghdrs in `inLen` bytes at `addr`, captured as part `part` of argument `arg`. */
export function msgControl(c: Ctx, phase: Phase, arg: number, part: number, addr: bigint, inLen: bigint): Decoded {
  const w = c.word;
  const hdr = w + 8;
  const max = BigInt(optmem());
  const controlLen = Number(inLen > max ? max : inLen);
  const m = c.mem(phase, arg, part);
  if (controlLen < hdr || !m || !m.data || m.data.length < controlLen) return ptr(addr);
  const buf = m.data;
  let off = 0;
  let left = controlLen;
  const out: Decoded[] = [];
  while (left >= hdr) {
    const len = readWord(buf, off, w);
    const level = buf.readInt32LE(off + w);
    const type = buf.readInt32LE(off + w + 4);
    const l = Number(len > BigInt(left) ? BigInt(left) : len);
    const f: [string, Decoded][] = [['cmsg_len', c.udec(len)], ['cmsg_level', xval(BigInt(level >>> 0), 'SOL_???', c.style, X.socketlayers)]];
    const dataLen = l > hdr ? l - hdr : 0;
    const lv = printers.get(level);
    if (lv) {
      f.push(['cmsg_type', xval(BigInt(type >>> 0), lv.dflt, c.style, lv.types)]);
      const p = lv.byType.get(type);
      if (p && dataLen >= p[1]) f.push(['cmsg_data', p[0](c, buf.subarray(off + hdr, off + hdr + dataLen), dataLen)]);
    } else {
      f.push(['cmsg_type', c.hex(type >>> 0)]);
    }
    out.push(struct(f));
    if (l < hdr) {
      left -= hdr;
      break;
    }
    const adv = Number((len + BigInt(w - 1)) & ~BigInt(w - 1));
    if (adv >= left) {
      left = 0;
      break;
    }
    off += adv;
    left -= adv;
  }
  if (left) out.push(raw(`... /* 0x${(addr + BigInt(controlLen - left)).toString(16)} */`));
  else if (BigInt(controlLen) < inLen) out.push(raw('...'));
  return array(out);
}
