// Socket addresses of every family strace 6.1 decodes and the control messages of
// sendmsg/recvmsg/sendmmsg/recvmmsg (issue 14, sockets) print what strace 6.1 prints: each
// coverage program runs once under `setarch -R strace -f OPTIONS` and once under trace-rec, and
// the built trace-q bin renders the recording with the same OPTIONS; test/support/strace-diff.ts
// compares the two line by line (the shape of trace-q-decoders-strace.test.ts).

import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { scratchDir } from './support/paths.js';
import type { MaskRule } from './support/strace-diff.js';
import { runRecorder, runStrace } from './support/strace-diff.js';
import { expectSameAsStrace, traceQ } from './support/strace-compare.js';


const options = [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-xx'], ['-y'], ['-s', '8'], ['-e', 'verbose=execve']];

/** Each program, the lines its calls must have in strace's plain log (so the comparison covers them). */
const programs: { name: string; covers: RegExp[]; masks?: MaskRule[] }[] = [
  {
    name: 'decoders-sockaddr',
    covers: [
      /^\d+ +bind\(-1, \{sa_family=AF_UNIX, sun_path=@"abstract/m,
      /sin6_scope_id=if_nametoindex\("lo"\)/,
      /inet_pton\(AF_INET6, "::ffff:10\.1\.2\.3"/,
      /sll_protocol=htons\(ETH_P_ALL\), sll_ifindex=if_nametoindex\("lo"\), sll_hatype=ARPHRD_ETHER, sll_pkttype=PACKET_BROADCAST, sll_halen=6, sll_addr=\[/,
      /\{sa_family=AF_NETLINK, nl_pad=0xab/,
      /hci_channel=HCI_CHANNEL_MONITOR/, /sco_bdaddr=/, /rc_channel=/, /l2_bdaddr_type=BDADDR_LE_RANDOM/,
      /svm_cid=VMADDR_CID_HOST/, /sxdp_flags=XDP_SHARED_UMEM\|XDP_ZEROCOPY/, /salg_type="hash"/, /sipx_network=htonl\(0xdeadbeef\)/,
      /sx25_addr=\{x25_addr="1234"\}/, /fsa_digipeater=\[DIGI-12, DIGI-0\]/, /sq_node=QRTR_NODE_BCAST/, /smctp_addr=\{s_addr=MCTP_ADDR_ANY\}/,
      /\{sa_family=AF_CAN, sa_data=/, /\{sa_family=AF_PPPOX, sa_data=/, /\{sa_family=AF_IB, sa_data=/, /sa_family=0xbeef \/\* AF_\?\?\? \*\//,
      /^\d+ +getsockname\(\d+, \{sa_family=AF_INET6, .*\[24 => 28\]\)/m, /^\d+ +recvfrom\(\d+, "pong", 8, MSG_DONTWAIT, \{sa_family=AF_INET\}, \[2 => 16\]\)/m,
      /^\d+ +socket\(AF_PACKET, SOCK_DGRAM, htons\(ETH_P_ALL\)\)/m,
      /srx_service=0x1 \/\* CM_SERVICE \*\/, transport_type=SOCK_DGRAM, transport_len=16, transport=\{sin=\{sin_family=AF_INET, sin_port=htons\(7001\)/,
      /transport=\{sin6=\{sin6_family=AF_INET6, sin6_port=htons\(7003\), .*sin6_scope_id=if_nametoindex\("lo"\)\}\}\}/, /transport=\{family=0xbeef \/\* AF_\?\?\? \*\/, "/,
      /short_addr=0xfffe \/\* IEEE802154_ADDR_UNDEF \*\//, /pan_id=0x1234, hwaddr=01:02:03:04:05:06:07:f8/, /\{sa_family=AF_IEEE802154, sa_data=/,
      /dev_idx=if_nametoindex\("lo"\), target_idx=0xabcd, nfc_protocol=NFC_PROTO_ISO14443, \.\.\.\}/, /dsap=0x4 \/\* LLCP_SAP_SNEP \*\/, ssap=0x20, service_name="urn:nfc:sn:snep", service_name_len=15/,
      /\{sa_family=AF_TIPC, sa_data=/, /\{sa_family=AF_KCM, sa_data=/, /\{sa_family=AF_ROSE, sa_data=/, /sin6_flowinfo=htonl\(4294967295\)/, /sin6_scope_id=4294967295/,
    ],
  },
  {
    name: 'decoders-cmsg',
    covers: [
      /cmsg_type=SCM_RIGHTS, cmsg_data=\[5, 4\]\}, \{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data=\{pid=/,
      /^\d+ +recvmsg\(3, .*msg_flags=MSG_CTRUNC\}/m, /^\d+ +recvmsg\(3, \{msg_namelen=0\}, MSG_DONTWAIT\) = -1 EAGAIN/m,
      /cmsg_type=IP_PKTINFO, cmsg_data=\{ipi_ifindex=if_nametoindex\("lo"\), ipi_spec_dst=inet_addr\("127\.0\.0\.1"\)/, /msg_namelen=28 => 16/,
      /cmsg_type=IP_TTL, cmsg_data=\[33\]/, /cmsg_type=IP_TOS, cmsg_data=\[0x10\]/, /cmsg_type=IP_ORIGDSTADDR, cmsg_data=\{sa_family=AF_INET/,
      /^\d+ +sendmmsg\(.*cmsg_type=IP_TTL/m, /^\d+ +recvmmsg\(.*cmsg_type=IP_PKTINFO/m, /cmsg_type=SO_TIMESTAMPNS_OLD, cmsg_data=\{tv_sec=/,
      /cmsg_type=SCM_SECURITY, cmsg_data="system_u/, /cmsg_type=SO_TIMESTAMP_OLD, cmsg_data=\?\?\?/, /cmsg_type=SO_TIMESTAMPING_NEW, cmsg_data=\[\{tv_sec=1, tv_nsec=2\}/,
      /cmsg_type=IP_RECVERR, cmsg_data=\{ee_errno=111, .*offender=\{sa_family=AF_INET/, /cmsg_level=SOL_IPV6, cmsg_type=0x32\}/,
      /cmsg_level=0x1234 \/\* SOL_\?\?\? \*\//, /msg_control=\[\{cmsg_len=8, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS\}, \.\.\. \/\* 0x/,
      /msg_control=0x[0-9a-f]+, msg_controllen=12,/, /msg_control=0xbadc0de0, msg_controllen=32/, /msg_flags=MSG_CTRUNC\|MSG_TRUNC\|MSG_CMSG_COMPAT\}/,
    ],
    masks: [
      {
        why: "the program's pid, which it sends as its credentials, is each run's own (renumbered: each must still be used in the same places)",
        pattern: /(?<=\{pid=)\d+|(?<=^getpid\(\) += )\d+/g,
        renumber: () => true,
      },
      { why: 'the times the kernel stamps a received packet with are each run\'s own', pattern: /(?<=^recvmsg\(.*cmsg_type=(?:SO_TIMESTAMP|0x2[35]).*)tv_sec=\d+, tv_nsec=\d+/g, replace: 'tv_sec=<s>, tv_nsec=<ns>' },
    ],
  },
];

describe('trace-q prints socket addresses and control messages as strace 6.1', () => {
  for (const p of programs) {
    it(p.name, { timeout: 600_000 }, () => {
      const argv = [fixture(p.name)];
      const cwd = scratchDir('cwd');
      const db = runRecorder(argv, cwd);
      for (const o of options) {
        const log = runStrace(argv, cwd, o);
        if (o.length === 0) for (const re of p.covers) expect(log, `${re} in strace's log`).toMatch(re);
        expectSameAsStrace(log, traceQ(db, o), `${p.name} ${o.join(' ')}`, p.masks);
      }
    });
  }
});
