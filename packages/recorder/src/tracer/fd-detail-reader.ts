// What strace -yy prints after a descriptor's path, asked of the kernel at the stop where the
// descriptor was named or its socket's addresses changed: a device's st_rdev, a socket's
// protocol name and sock_diag answer, a pidfd's process. Every name that is a path is stat'ed
// (a device node may be anywhere, strace -yy names one made with mknod in /tmp): open, read and
// close of a file 20000 times cost 1.82 s of CPU to record against 1.78 s when only names under
// /dev/ were, 6 runs each.

import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { sockDiag as K, sockProtocolByName, socketInode } from '@tracedb/native';
import type { SockProtocol } from '@tracedb/native';
import { libc } from '@tracedb/native/libc';
import { RecordType } from '../stream/stop-stream.js';
import type { StopEncoder } from './stop-encoder.js';

const { AF_INET, AF_INET6, AF_NETLINK, AF_UNIX, nlmsghdr, nlattr } = K;
/** Where each family's diag message keeps the inode. */
const INODE_AT: Readonly<Record<number, number>> = {
  [AF_UNIX]: K.unix_diag_msg.udiag_ino, [AF_INET]: K.inet_diag_msg.idiag_inode, [AF_INET6]: K.inet_diag_msg.idiag_inode, [AF_NETLINK]: K.netlink_diag_msg.ndiag_ino,
};
/** The request body of each family, as strace's unix_send_query, inet_send_query and netlink_send_query fill it. */
const REQUEST_SIZE: Readonly<Record<number, number>> = { [AF_UNIX]: K.unix_diag_req.size, [AF_NETLINK]: K.netlink_diag_req.size };
const align = (n: number, to: number): number => (n + to - 1) & ~(to - 1);
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
    for (const name of names) this.changed(tid, pid, Number(name));
  }

  /**
   * After a call on socket `fd` that may have given it addresses: `change` 1 for bind, connect
   * and listen, 2 for a send (which binds a socket that had no address).
   */
  afterSocketCall(tid: number, pid: number, fd: number, change: number): void {
    if (change === 1) this.changed(tid, pid, fd);
    else if (change === 2) this.sent(tid, pid, fd);
  }

  /** After bind, connect or listen on `fd` (a socket, else nothing). */
  private changed(tid: number, pid: number, fd: number): void {
    let target: string;
    try {
      target = readlinkSync(`/proc/${tid}/fd/${fd}`, 'latin1');
    } catch {
      return;
    }
    if (target.startsWith('socket:[')) this.socket(tid, pid, fd, target);
  }

  /** After a send on `fd`: asked again only if the socket had no address. */
  private sent(tid: number, pid: number, fd: number): void {
    if (this.unbound.has(pid * 0x200000 + fd)) this.changed(tid, pid, fd);
  }

  private device(tid: number, fd: number): void {
    const st = statSync(`/proc/${tid}/fd/${fd}`, { throwIfNoEntry: false });
    if (st === undefined) return;
    const type = st.mode & K.S_IFMT;
    if (type !== K.S_IFCHR && type !== K.S_IFBLK) return;
    this.emit(fd, { kind: type === K.S_IFCHR ? 'char' : 'block', rdev: st.rdev });
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
    const s = libc.socket(AF_NETLINK, K.SOCK_RAW | K.SOCK_CLOEXEC, K.NETLINK_SOCK_DIAG);
    if (s < 0) return null;
    try {
      const req = request(p, inode);
      if (libc.send(s, req, req.length, 0) !== req.length) return null;
      const r = this.reply;
      for (let flags = 0; ; flags = K.MSG_DONTWAIT) {
        const n = libc.recv(s, r, r.length, flags);
        if (n <= 0) return null;
        for (let off = 0; off + K.NLMSG_HDRLEN <= n; ) {
          const len = r.readUInt32LE(off + nlmsghdr.nlmsg_len);
          const type = r.readUInt16LE(off + nlmsghdr.nlmsg_type);
          if (len < K.NLMSG_HDRLEN || off + len > n) return null;
          // NLMSG_DONE, NLMSG_ERROR or anything else: not known
          if (type !== K.SOCK_DIAG_BY_FAMILY) return null;
          const data = r.subarray(off + K.NLMSG_HDRLEN, off + len);
          const at = INODE_AT[data[0]];
          if (at !== undefined && data.length >= at + 4 && data.readUInt32LE(at) === inode) return Buffer.from(data);
          off += align(len, K.NLMSG_ALIGNTO);
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
  for (let off = K.unix_diag_msg.size; off + nlattr.size <= d.length; ) {
    const len = d.readUInt16LE(off + nlattr.nla_len);
    if (len < nlattr.size || off + len > d.length) return 0;
    if (d.readUInt16LE(off + nlattr.nla_type) === K.UNIX_DIAG_PEER && len >= nlattr.size + 4) return d.readUInt32LE(off + nlattr.size);
    off += align(len, K.NLA_ALIGNTO);
  }
  return 0;
}

/** The request strace's unix_send_query, inet_send_query or netlink_send_query sends. */
function request(p: SockProtocol, inode: number): Buffer {
  const b = Buffer.alloc(K.NLMSG_HDRLEN + (REQUEST_SIZE[p.family] ?? K.inet_diag_req_v2.size));
  b.writeUInt32LE(b.length, nlmsghdr.nlmsg_len);
  b.writeUInt16LE(K.SOCK_DIAG_BY_FAMILY, nlmsghdr.nlmsg_type);
  b.writeUInt16LE(p.family === AF_UNIX ? K.NLM_F_REQUEST : K.NLM_F_REQUEST | K.NLM_F_DUMP, nlmsghdr.nlmsg_flags);
  const d = K.NLMSG_HDRLEN;
  if (p.family === AF_UNIX) {
    const u = K.unix_diag_req;
    b[d + u.sdiag_family] = p.family;
    b.writeUInt32LE(0xffffffff, d + u.udiag_states); // all
    b.writeUInt32LE(inode, d + u.udiag_ino);
    b.writeUInt32LE(K.UDIAG_SHOW_NAME | K.UDIAG_SHOW_PEER, d + u.udiag_show);
    b.writeUInt32LE(0xffffffff, d + u.udiag_cookie); // none
    b.writeUInt32LE(0xffffffff, d + u.udiag_cookie + 4);
  } else if (p.family === AF_NETLINK) {
    b[d + K.netlink_diag_req.sdiag_family] = p.family;
    b[d + K.netlink_diag_req.sdiag_protocol] = K.NDIAG_PROTO_ALL;
  } else {
    b[d + K.inet_diag_req_v2.sdiag_family] = p.family;
    b[d + K.inet_diag_req_v2.sdiag_protocol] = p.protocol;
    b.writeUInt32LE(0xffffffff, d + K.inet_diag_req_v2.idiag_states); // all
  }
  return b;
}
