// The option names of each socket option level, as strace 6.1's print_sockopt_fd_level_name
// looks them up: the level's table, and for SOL_SOCKET, SOL_IP and SOL_IPV6 the names that
// differ between getsockopt and setsockopt (SO_GET_FILTER and SO_ATTACH_FILTER are both 26).

import type { XlatTable } from './xlat.js';
import { xlat as X } from './xlat.js';

export type SockoptCall = 'get' | 'set';

interface SockoptLevel {
  readonly dflt: string;
  readonly names: () => XlatTable;
  readonly get?: () => XlatTable;
  readonly set?: () => XlatTable;
}

// Functions: a table is made when first used.
export const sockoptLevels: Readonly<Record<number, SockoptLevel>> = {
  0: { dflt: 'IP_???', names: () => X.sock_ip_options, get: () => X.getsock_ip_options, set: () => X.setsock_ip_options },
  1: { dflt: 'SO_???', names: () => X.sock_options, get: () => X.getsock_options, set: () => X.setsock_options },
  6: { dflt: 'TCP_???', names: () => X.sock_tcp_options },
  17: { dflt: 'UDP_???', names: () => X.sock_udp_options },
  // AF_VSOCK: vsock checks the address family where the others check a SOL_* level.
  40: { dflt: 'SO_VM_???', names: () => X.sock_vsock_options },
  41: { dflt: 'IPV6_???', names: () => X.sock_ipv6_options, get: () => X.getsock_ipv6_options, set: () => X.setsock_ipv6_options },
  101: { dflt: 'CAN_RAW_???', names: () => X.sock_can_raw_options },
  132: { dflt: 'SCTP_???', names: () => X.sock_sctp_options },
  255: { dflt: 'RAW_???', names: () => X.sock_raw_options },
  256: { dflt: 'IPX_???', names: () => X.sock_ipx_options },
  257: { dflt: 'AX25_???', names: () => X.sock_ax25_options },
  263: { dflt: 'PACKET_???', names: () => X.sock_packet_options },
  266: { dflt: 'IRLMP_???', names: () => X.sock_irda_options },
  268: { dflt: 'LLC_OPT_???', names: () => X.sock_llc_options },
  269: { dflt: 'DCCP_SOCKOPT_???', names: () => X.sock_dccp_options },
  270: { dflt: 'NETLINK_???', names: () => X.sock_netlink_options },
  271: { dflt: 'TIPC_???', names: () => X.sock_tipc_options },
  272: { dflt: 'RXRPC_???', names: () => X.sock_rxrpc_options },
  273: { dflt: 'PPPOL2TP_SO_???', names: () => X.sock_pppol2tp_options },
  274: { dflt: 'BT_???', names: () => X.sock_bluetooth_options },
  275: { dflt: 'PNPIPE_???', names: () => X.sock_pnp_options },
  276: { dflt: 'RDS_???', names: () => X.sock_rds_options },
  277: { dflt: 'SO_???', names: () => X.sock_iucv_options },
  278: { dflt: 'CAIFSO_???', names: () => X.sock_caif_options },
  279: { dflt: 'ALG_???', names: () => X.sock_alg_options },
  280: { dflt: 'NFC_LLCP_???', names: () => X.sock_nfcllcp_options },
  281: { dflt: 'KCM_???', names: () => X.sock_kcm_options },
  282: { dflt: 'TLS_???', names: () => X.sock_tls_options },
  283: { dflt: 'XDP_???', names: () => X.sock_xdp_options },
};
