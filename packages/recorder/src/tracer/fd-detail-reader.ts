// What strace -yy prints after a descriptor's path, asked of the kernel at the stop where the
// descriptor was named or its socket's addresses changed: a device's st_rdev, a socket's
// protocol name and sock_diag answer, a pidfd's process. Every name that is a path is stat'ed
// (a device node may be anywhere, strace -yy names one made with mknod in /tmp): open, read and
// close of a file 20000 times cost 1.82 s of CPU to record against 1.78 s when only names under
// /dev/ were, 6 runs each.

import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { AF_INET, AF_INET6, AF_NETLINK, AF_UNIX, sockProtocolByName, socketInode } from '@tracedb/native';
import type { SockProtocol } from '@tracedb/native';
import { libc } from '@tracedb/native/libc';
import { RecordType } from '../stream/stop-stream.js';
import type { StopEncoder } from './stop-encoder.js';

const S_IFMT = 0o170000;
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_SOCK_DIAG = 4;
const SOCK_DIAG_BY_FAMILY = 20;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const NLM_F_REQUEST = 1;
const NLM_F_DUMP = 0x300;
const NLMSG_HDRLEN = 16;
const UDIAG_SHOW_NAME = 1;
const UDIAG_SHOW_PEER = 4;
const UNIX_DIAG_PEER = 2;
const NDIAG_PROTO_ALL = 255;
const MSG_DONTWAIT = 0x40;
/** Where each family's diag message keeps the inode. */
const INODE_AT: Readonly<Record<number, number>> = { [AF_UNIX]: 4, [AF_INET]: 68, [AF_INET6]: 68, [AF_NETLINK]: 16 };
const SLASH = 0x2f;
const SOCKET = Buffer.from('socket:[');
const PIDFD = Buffer.from('anon_inode:[pidfd]');
const startsWith = (b: Buffer, prefix: Buffer): boolean => b.length > prefix.length && b.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
/** With a protocol name sock_diag has no handler for, strace tries these in turn. */
const FALLBACK: readonly SockProtocol[] = [sockProtocolByName.get('UNIX')!, sockProtocolByName.get('NETLINK')!];

export class FdDetailReader {
  private readonly reply = Buffer.alloc(32768);
  private readonly xattr = Buffer.alloc(64);
  /** pid * 2^21 + fd of sockets sock_diag did not know yet (an unbound UDP or netlink socket): a send may bind them. */
  private readonly unbound = new Set<number>();

  constructor(private readonly enc: StopEncoder) {}

  /** A descriptor just named (`target`: its /proc/PID/fd link); `accepted`: by accept or accept4. */
  named(tid: number, pid: number, fd: number, target: Buffer, accepted: boolean): void {
    if (target[0] === SLASH) this.device(tid, fd);
    else if (startsWith(target, SOCKET)) this.socket(tid, pid, fd, target.toString('latin1'), accepted);
    else if (target.equals(PIDFD)) this.pidfd(tid, fd);
  }

  /** The sockets a process started with (inherited, or open when attached to), at its first recorded stop. */
  inherited(tid: number, pid: number): void {
    let names: string[];
    try {
      names = readdirSync(`/proc/${tid}/fd`);
    } catch {
      return;
    }
    for (const name of names) {
      const fd = Number(name);
      let target: string;
      try {
        target = readlinkSync(`/proc/${tid}/fd/${fd}`, 'latin1');
      } catch {
        continue;
      }
      if (target.startsWith('socket:[')) this.socket(tid, pid, fd, target);
    }
  }

  /** After bind, connect or listen on `fd`. */
  changed(tid: number, pid: number, fd: number): void {
    let target: string;
    try {
      target = readlinkSync(`/proc/${tid}/fd/${fd}`, 'latin1');
    } catch {
      return;
    }
    if (target.startsWith('socket:[')) this.socket(tid, pid, fd, target);
  }

  /** After a send on `fd`: asked again only if the socket had no address. */
  sent(tid: number, pid: number, fd: number): void {
    if (this.unbound.has(pid * 0x200000 + fd)) this.changed(tid, pid, fd);
  }

  private device(tid: number, fd: number): void {
    const st = statSync(`/proc/${tid}/fd/${fd}`, { throwIfNoEntry: false });
    if (st === undefined) return;
    const type = st.mode & S_IFMT;
    if (type !== S_IFCHR && type !== S_IFBLK) return;
    this.emit(fd, { kind: type === S_IFCHR ? 'char' : 'block', rdev: st.rdev });
  }

  private pidfd(tid: number, fd: number): void {
    try {
      const m = /^Pid:\s*(-?\d+)/m.exec(readFileSync(`/proc/${tid}/fdinfo/${fd}`, 'latin1'));
      if (m) this.emit(fd, { kind: 'pidfd', pid: Number(m[1]) });
    } catch {
      // closed already
    }
  }

  private socket(tid: number, pid: number, fd: number, target: string, accepted = false): void {
    const inode = socketInode(target);
    if (inode === null) return;
    const n = libc.getxattr(`/proc/${tid}/fd/${fd}`, 'system.sockprotoname', this.xattr, this.xattr.length);
    let proto: string | null = null;
    if (n > 0) {
      const end = this.xattr.subarray(0, n).indexOf(0);
      proto = this.xattr.toString('latin1', 0, end >= 0 ? end : n);
    }
    const known = proto === null ? undefined : sockProtocolByName.get(proto);
    let diag: Buffer | null = null;
    for (const p of known !== undefined ? [known] : FALLBACK) if ((diag = this.ask(p, inode)) !== null) break;
    const key = pid * 0x200000 + fd;
    if (diag === null) this.unbound.add(key);
    else this.unbound.delete(key);
    this.emit(fd, { kind: 'socket', inode, proto }, diag);
    const peer = accepted && diag !== null && diag[0] === AF_UNIX ? unixPeer(diag) : 0;
    if (peer !== 0) this.emit(-1, { kind: 'socket', inode: peer, proto }, this.ask(sockProtocolByName.get('UNIX')!, peer));
  }

  /** One sock_diag request on a socket of its own, as strace makes it; the message about `inode`, or null. */
  private ask(p: SockProtocol, inode: number): Buffer | null {
    const s = libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (s < 0) return null;
    try {
      const req = request(p, inode);
      if (libc.send(s, req, req.length, 0) !== req.length) return null;
      const r = this.reply;
      for (let flags = 0; ; flags = MSG_DONTWAIT) {
        const n = libc.recv(s, r, r.length, flags);
        if (n <= 0) return null;
        for (let off = 0; off + NLMSG_HDRLEN <= n; ) {
          const len = r.readUInt32LE(off);
          const type = r.readUInt16LE(off + 4);
          if (len < NLMSG_HDRLEN || off + len > n) return null;
          if (type === NLMSG_DONE || type === NLMSG_ERROR || type !== SOCK_DIAG_BY_FAMILY) return null;
          const data = r.subarray(off + NLMSG_HDRLEN, off + len);
          const at = INODE_AT[data[0]];
          if (at !== undefined && data.length >= at + 4 && data.readUInt32LE(at) === inode) return Buffer.from(data);
          off += (len + 3) & ~3;
        }
      }
    } finally {
      libc.close(s);
    }
  }

  private emit(fd: number, head: object, diag: Buffer | null = null): void {
    const h = Buffer.from(JSON.stringify(head) + '\n', 'latin1');
    this.enc.blob(RecordType.FdDetail, fd, diag === null ? h : Buffer.concat([h, diag]));
  }
}

/** UNIX_DIAG_PEER of a unix_diag_msg, 0 if none. */
function unixPeer(d: Buffer): number {
  for (let off = 16; off + 4 <= d.length; ) {
    const len = d.readUInt16LE(off);
    if (len < 4 || off + len > d.length) return 0;
    if (d.readUInt16LE(off + 2) === UNIX_DIAG_PEER && len >= 8) return d.readUInt32LE(off + 4);
    off += (len + 3) & ~3;
  }
  return 0;
}

/** The request strace's unix_send_query, inet_send_query or netlink_send_query sends. */
function request(p: SockProtocol, inode: number): Buffer {
  const body = p.family === AF_UNIX ? 24 : p.family === AF_NETLINK ? 20 : 56;
  const b = Buffer.alloc(NLMSG_HDRLEN + body);
  b.writeUInt32LE(b.length, 0);
  b.writeUInt16LE(SOCK_DIAG_BY_FAMILY, 4);
  b.writeUInt16LE(p.family === AF_UNIX ? NLM_F_REQUEST : NLM_F_REQUEST | NLM_F_DUMP, 6);
  const d = NLMSG_HDRLEN;
  b[d] = p.family;
  if (p.family === AF_UNIX) {
    b.writeUInt32LE(0xffffffff, d + 4); // states: all
    b.writeUInt32LE(inode, d + 8);
    b.writeUInt32LE(UDIAG_SHOW_NAME | UDIAG_SHOW_PEER, d + 12);
    b.writeUInt32LE(0xffffffff, d + 16); // cookie: none
    b.writeUInt32LE(0xffffffff, d + 20);
  } else if (p.family === AF_NETLINK) {
    b[d + 1] = NDIAG_PROTO_ALL;
  } else {
    b[d + 1] = p.protocol;
    b.writeUInt32LE(0xffffffff, d + 4); // states: all
  }
  return b;
}
