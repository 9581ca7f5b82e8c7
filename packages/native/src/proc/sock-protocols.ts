// The socket protocols strace -yy asks sock_diag about, by the name the kernel gives in the
// "system.sockprotoname" attribute of a socket's /proc/PID/fd entry (strace's socketutils.c).
// The recorder asks the kernel with these; trace-q prints their names.

import { AF_INET, AF_INET6, AF_NETLINK, AF_UNIX, IPPROTO_DCCP, IPPROTO_ICMP, IPPROTO_L2TP, IPPROTO_RAW, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_UDPLITE } from '../generated/sock-diag-constants.js';

export { AF_INET, AF_INET6, AF_NETLINK, AF_UNIX };

export interface SockProtocol {
  readonly name: string;
  readonly family: number;
  /** The IPPROTO_* of an inet protocol (inet_diag's sdiag_protocol). */
  readonly protocol: number;
}

const inet = (name: string, family: number, protocol: number): SockProtocol => ({ name, family, protocol });

/** In strace's order: with a name not here, strace tries each in turn and prints the first that answers. */
export const sockProtocols: readonly SockProtocol[] = [
  inet('UNIX', AF_UNIX, 0),
  inet('UNIX-STREAM', AF_UNIX, 0),
  inet('TCP', AF_INET, IPPROTO_TCP),
  inet('UDP', AF_INET, IPPROTO_UDP),
  inet('UDPLITE', AF_INET, IPPROTO_UDPLITE),
  inet('DCCP', AF_INET, IPPROTO_DCCP),
  inet('SCTP', AF_INET, IPPROTO_SCTP),
  inet('L2TP/IP', AF_INET, IPPROTO_L2TP),
  inet('PING', AF_INET, IPPROTO_ICMP),
  inet('RAW', AF_INET, IPPROTO_RAW),
  inet('TCPv6', AF_INET6, IPPROTO_TCP),
  inet('UDPv6', AF_INET6, IPPROTO_UDP),
  inet('UDPLITEv6', AF_INET6, IPPROTO_UDPLITE),
  inet('DCCPv6', AF_INET6, IPPROTO_DCCP),
  inet('SCTPv6', AF_INET6, IPPROTO_SCTP),
  inet('L2TP/IPv6', AF_INET6, IPPROTO_L2TP),
  inet('PINGv6', AF_INET6, IPPROTO_ICMP),
  inet('RAWv6', AF_INET6, IPPROTO_RAW),
  inet('NETLINK', AF_NETLINK, 0),
];

export const sockProtocolByName: ReadonlyMap<string, SockProtocol> = new Map(sockProtocols.map((p) => [p.name, p]));

/** The inode of a `socket:[INODE]` name, or null. */
export function socketInode(target: string): number | null {
  const m = /^socket:\[(\d+)\]$/.exec(target);
  return m ? Number(m[1]) : null;
}
