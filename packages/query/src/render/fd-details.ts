// What -yy prints after a descriptor's path, from the answers trace-rec recorded (fd_details,
// schema 14): devices' numbers, pidfds' processes, and sockets' sock_diag messages printed as
// strace's socketutils.c prints them, through the same never-emptied cache of 1024 slots by
// inode: once strace has learnt a socket's addresses it prints those for good.

import type BetterSqlite3 from 'better-sqlite3';
import { sockDiag as K, sockProtocolByName, sockProtocols, xlatTables } from '@tracedb/native';
import { inet6Ntop } from '../decode/inet-addr.js';
import { QUOTE_0_TERMINATED, stringQuote } from '../decode/quote.js';
import type { HexLevel } from '../decode/quote.js';

export interface Device {
  readonly block: boolean;
  readonly major: number;
  readonly minor: number;
}

/** What was learnt of one descriptor when it was named. */
export interface NamedDetail {
  readonly dev?: Device;
  readonly pid?: number;
}

interface SocketRow {
  readonly seq: number;
  readonly proto: string | null;
  readonly diag: Buffer | null;
}

const CACHE_SIZE = 1024;
const { AF_INET, AF_INET6, AF_NETLINK, AF_UNIX, nlattr } = K;
const align = (n: number, to: number): number => (n + to - 1) & ~(to - 1);

export class FdDetails {
  private readonly named = new Map<number, Map<number, NamedDetail>>();
  private readonly sockets = new Map<number, SocketRow[]>();
  private readonly cache: ({ inode: number; text: string } | undefined)[] = new Array(CACHE_SIZE);

  /** null for a recording made before schema 14 (-yy then prints what -y prints). */
  static fromRecording(db: BetterSqlite3.Database): FdDetails | null {
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fd_details'").get() === undefined) return null;
    const d = new FdDetails();
    const rows = db.prepare('SELECT seq, fd, kind, rdev, inode, proto, diag, pid FROM fd_details ORDER BY seq').all() as {
      seq: number; fd: number; kind: string; rdev: number | null; inode: number | null; proto: string | null; diag: Buffer | null; pid: number | null;
    }[];
    for (const r of rows) {
      if (r.kind === 'socket' && r.inode !== null) {
        let list = d.sockets.get(r.inode);
        if (!list) d.sockets.set(r.inode, (list = []));
        list.push({ seq: r.seq, proto: r.proto, diag: r.diag });
        continue;
      }
      const detail: NamedDetail | null =
        (r.kind === 'char' || r.kind === 'block') && r.rdev !== null ? { dev: device(r.kind === 'block', BigInt(r.rdev)) }
        : r.kind === 'pidfd' && r.pid !== null ? { pid: r.pid }
        : null;
      if (detail === null) continue;
      let at = d.named.get(r.seq);
      if (!at) d.named.set(r.seq, (at = new Map()));
      at.set(r.fd, detail);
    }
    return d;
  }

  /** The device or pidfd details of `fd`, named at stop `seq`. */
  namedAt(seq: number, fd: number): NamedDetail | undefined {
    return this.named.get(seq)?.get(fd);
  }

  /**
   * strace's text for socket `inode` printed at stop `seq` (get_sockaddr_by_inode): the cached
   * one, else what sock_diag told at the last question before `seq`, else PROTO:[INODE] for a
   * protocol strace knows; null: print the path (socket:[INODE]).
   */
  socket(inode: number, seq: number, hex: HexLevel): string | null {
    const slot = inode % CACHE_SIZE;
    const cached = this.cache[slot];
    if (cached !== undefined && cached.inode === inode) return cached.text;
    const rows = this.sockets.get(inode);
    if (rows === undefined) return null;
    let r: SocketRow | undefined;
    for (const x of rows) if (x.seq <= seq) r = x;
    if (r === undefined) return null;
    const known = r.proto === null ? undefined : sockProtocolByName.get(r.proto);
    const text = r.diag === null ? null : diagText(known?.name ?? sockProtocols.find((p) => p.family === r.diag![0])?.name, inode, r.diag, hex);
    if (text !== null) {
      this.cache[slot] = { inode, text };
      return text;
    }
    return known !== undefined ? `${known.name}:[${inode}]` : null;
  }
}

/** glibc's major() and minor() of a dev_t. */
export function device(block: boolean, rdev: bigint): Device {
  const major = Number(((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn));
  const minor = Number((rdev & 0xffn) | ((rdev >> 12n) & ~0xffn));
  return { block, major, minor };
}

/** unix_parse_response, inet_parse_response, netlink_parse_response; null where they fail. */
function diagText(name: string | undefined, inode: number, d: Buffer, hex: HexLevel): string | null {
  if (name === undefined) return null;
  const family = d[0];
  if (family === AF_UNIX) return unixText(name, inode, d, hex);
  if (family === AF_INET || family === AF_INET6) return inetText(name, d);
  const nl = K.netlink_diag_msg;
  if (family === AF_NETLINK && d.length >= nl.size) {
    const protocol = d[nl.ndiag_protocol];
    const proto = xlatTables.netlink_protocols.find(([v]) => Number(v) === protocol)?.[1];
    const portid = d.readUInt32LE(nl.ndiag_portid);
    return proto !== undefined ? `${name}:[${proto.replace(/^NETLINK_/, '')}:${portid}]` : `${name}:[${protocol}]`;
  }
  return null;
}

function unixText(name: string, inode: number, d: Buffer, hex: HexLevel): string | null {
  let peer = 0;
  let path: Buffer | null = null;
  for (let off = K.unix_diag_msg.size; off + nlattr.size <= d.length; ) {
    const len = d.readUInt16LE(off + nlattr.nla_len);
    if (len < nlattr.size || off + len > d.length) break;
    const type = d.readUInt16LE(off + nlattr.nla_type);
    const payload = d.subarray(off + nlattr.size, off + len);
    if (type === K.UNIX_DIAG_NAME && path === null && payload.length > 0) path = payload.subarray(0, K.UNIX_PATH_MAX);
    else if (type === K.UNIX_DIAG_PEER && payload.length >= 4) peer = payload.readUInt32LE(0);
    off += align(len, K.NLA_ALIGNTO);
  }
  if (peer === 0 && path === null) return null;
  let where = '';
  if (path !== null) {
    const abstract = path[0] === 0;
    const bytes = abstract ? path.subarray(1) : path;
    where = `,${abstract ? '@' : ''}${stringQuote(bytes, bytes.length, QUOTE_0_TERMINATED, hex).text}`;
  }
  return `${name}:[${inode}${peer ? `->${peer}` : ''}${where}]`;
}

function inetText(name: string, d: Buffer): string | null {
  if (d.length < K.inet_diag_msg.size) return null;
  const id = K.inet_diag_msg.id;
  const { idiag_sport, idiag_dport, idiag_src, idiag_dst } = K.inet_diag_sockid;
  const v6 = d[0] === AF_INET6;
  const addr = (at: number): string => (v6 ? `[${inet6Ntop(d.subarray(at, at + 16))}]` : `${d[at]}.${d[at + 1]}.${d[at + 2]}.${d[at + 3]}`);
  const sport = d.readUInt16BE(id + idiag_sport);
  const dport = d.readUInt16BE(id + idiag_dport);
  const dstZero = d.subarray(id + idiag_dst, id + idiag_dst + (v6 ? 16 : 4)).every((b) => b === 0);
  const local = `${addr(id + idiag_src)}:${sport}`;
  return dport !== 0 || !dstZero ? `${name}:[${local}->${addr(id + idiag_dst)}:${dport}]` : `${name}:[${local}]`;
}
