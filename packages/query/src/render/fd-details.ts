// What -yy prints after a descriptor's path, from the answers trace-rec recorded (fd_details,
// schema 14): devices' numbers, pidfds' processes, and sockets' sock_diag messages printed as
// strace's socketutils.c prints them, through the same never-emptied cache of 1024 slots by
// inode: once strace has learnt a socket's addresses it prints those for good.

import type BetterSqlite3 from 'better-sqlite3';
import { AF_INET, AF_INET6, AF_NETLINK, AF_UNIX, sockProtocolByName, sockProtocols, xlatTables } from '@tracedb/native';
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
const UNIX_PATH_MAX = 108;
const UNIX_DIAG_NAME = 0;
const UNIX_DIAG_PEER = 2;

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
  if (family === AF_NETLINK && d.length >= 20) {
    const proto = xlatTables.netlink_protocols.find(([v]) => Number(v) === d[2])?.[1];
    const portid = d.readUInt32LE(4);
    return proto !== undefined ? `${name}:[${proto.replace(/^NETLINK_/, '')}:${portid}]` : `${name}:[${d[2]}]`;
  }
  return null;
}

function unixText(name: string, inode: number, d: Buffer, hex: HexLevel): string | null {
  let peer = 0;
  let path: Buffer | null = null;
  for (let off = 16; off + 4 <= d.length; ) {
    const len = d.readUInt16LE(off);
    if (len < 4 || off + len > d.length) break;
    const type = d.readUInt16LE(off + 2);
    const payload = d.subarray(off + 4, off + len);
    if (type === UNIX_DIAG_NAME && path === null && payload.length > 0) path = payload.subarray(0, UNIX_PATH_MAX);
    else if (type === UNIX_DIAG_PEER && payload.length >= 4) peer = payload.readUInt32LE(0);
    off += (len + 3) & ~3;
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
  if (d.length < 72) return null;
  const v6 = d[0] === AF_INET6;
  const addr = (at: number): string => (v6 ? `[${inet6Ntop(d.subarray(at, at + 16))}]` : `${d[at]}.${d[at + 1]}.${d[at + 2]}.${d[at + 3]}`);
  const sport = d.readUInt16BE(4);
  const dport = d.readUInt16BE(6);
  const dstZero = d.subarray(24, 24 + (v6 ? 16 : 4)).every((b) => b === 0);
  const local = `${addr(8)}:${sport}`;
  return dport !== 0 || !dstZero ? `${name}:[${local}->${addr(24)}:${dport}]` : `${name}:[${local}]`;
}
