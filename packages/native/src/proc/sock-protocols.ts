// The socket protocols strace -yy asks sock_diag about, by the name the kernel gives in the
// "system.sockprotoname" attribute of a socket's /proc/PID/fd entry (strace's socketutils.c).
// The recorder asks the kernel with these; trace-q prints their names.

export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const AF_NETLINK = 16;

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
  inet('TCP', AF_INET, 6),
  inet('UDP', AF_INET, 17),
  inet('UDPLITE', AF_INET, 136),
  inet('DCCP', AF_INET, 33),
  inet('SCTP', AF_INET, 132),
  inet('L2TP/IP', AF_INET, 115),
  inet('PING', AF_INET, 1),
  inet('RAW', AF_INET, 255),
  inet('TCPv6', AF_INET6, 6),
  inet('UDPv6', AF_INET6, 17),
  inet('UDPLITEv6', AF_INET6, 136),
  inet('DCCPv6', AF_INET6, 33),
  inet('SCTPv6', AF_INET6, 132),
  inet('L2TP/IPv6', AF_INET6, 115),
  inet('PINGv6', AF_INET6, 1),
  inet('RAWv6', AF_INET6, 255),
  inet('NETLINK', AF_NETLINK, 0),
];

export const sockProtocolByName: ReadonlyMap<string, SockProtocol> = new Map(sockProtocols.map((p) => [p.name, p]));

/** The inode of a `socket:[INODE]` name, or null. */
export function socketInode(target: string): number | null {
  const m = /^socket:\[(\d+)\]$/.exec(target);
  return m ? Number(m[1]) : null;
}
