// setsockopt/getsockopt on sockets an unprivileged user cannot make (AF_PACKET, a raw ICMP
// socket), compared with strace 6.1 as trace-q-decoders-strace.test.ts compares decoders-sockopt:
// strace and trace-rec each run decoders-sockopt-packet in a new user and network namespace
// (`unshare -rn`, lo up), where the PACKET_* and ICMP_FILTER calls succeed, so that the structs
// printed at exit (PACKET_STATISTICS, PACKET_HDRLEN, PACKET_FANOUT, ICMP_FILTER…) are the kernel's
// answers; trace-q renders the recording outside the namespace.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { inNetns } from './support/netns.js';
import { scratchDir, traceRecBin } from './support/paths.js';
import { expectSameAsStrace, traceQ } from './support/strace-compare.js';

const SETUP = 'ip link set lo up';

const options = [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-v', '-X', 'raw'], ['-v', '-X', 'verbose'], ['-x'], ['-xx'], ['-y'], ['-s', '8'], ['-e', 'verbose=execve']];

/** Lines strace's plain log must have: the calls succeeded, and their answers are the kernel's. */
const covers = [
  /^\d+ +setsockopt\(3, SOL_PACKET, PACKET_ADD_MEMBERSHIP, \{mr_ifindex=if_nametoindex\("lo"\), mr_type=PACKET_MR_PROMISC, mr_alen=0, mr_address=\}, 16\) = 0$/m,
  /^\d+ +setsockopt\(3, SOL_PACKET, PACKET_ADD_MEMBERSHIP, \{.*mr_address=01:00:5e:00:00:01\}, 16\) = 0$/m,
  /^\d+ +getsockopt\(3, SOL_PACKET, PACKET_RESERVE, \[64\], \[4\]\) = 0$/m,
  /^\d+ +getsockopt\(3, SOL_PACKET, PACKET_HDRLEN, \[48\], \[4\]\) = 0$/m,
  /^\d+ +setsockopt\(3, SOL_PACKET, PACKET_RX_RING, \{tp_block_size=4096, tp_block_nr=2, tp_frame_size=2048, tp_frame_nr=4\}, 16\) = 0$/m,
  /^\d+ +setsockopt\(4, SOL_PACKET, PACKET_RX_RING, 0x[0-9a-f]+, 28\) = 0$/m,
  /^\d+ +getsockopt\(4, SOL_PACKET, PACKET_FANOUT, \[4660\], \[4\]\) = 0$/m,
  /^\d+ +setsockopt\(5, SOL_PACKET, PACKET_FANOUT_DATA, ".*", 16\) = 0$/m,
  /^\d+ +getsockopt\(5, SOL_PACKET, PACKET_ROLLOVER_STATS, "(?:\\0){24}", \[24\]\) = 0$/m,
  /^\d+ +getsockopt\(3, SOL_PACKET, PACKET_STATISTICS, \{tp_packets=1, tp_drops=0\}, \[8\]\) = 0$/m,
  /^\d+ +getsockopt\(4, SOL_PACKET, PACKET_STATISTICS, \{tp_packets=2, tp_drops=0, tp_freeze_q_cnt=0\}, \[12\]\) = 0$/m,
  /^\d+ +getsockopt\(3, SOL_PACKET, PACKET_STATISTICS, \{tp_packets=0, tp_drops=0\}, \[64 => 8\]\) = 0$/m,
  /^\d+ +getsockopt\(7, SOL_RAW, ICMP_FILTER, \[\], \[4\]\) = 0$/m,
  /^\d+ +getsockopt\(7, SOL_RAW, ICMP_FILTER, \[ICMP_ECHO ICMP_TIMESTAMP 0x19 \/\* ICMP_\?\?\? \*\/\], \[16 => 4\]\) = 0$/m,
  /^\d+ +getsockopt\(7, SOL_RAW, ICMP_FILTER, ~\[ICMP_ECHOREPLY\], \[4\]\) = 0$/m,
];

describe('socket options of packet and raw sockets, in a network namespace of their own, as strace 6.1', () => {
  it('decoders-sockopt-packet', { timeout: 600_000 }, () => {
    const argv = [fixture('decoders-sockopt-packet')];
    const cwd = scratchDir('cwd');
    const db = path.join(scratchDir('rec'), 'trace.db');
    inNetns(SETUP, [process.execPath, traceRecBin, '-q', '-o', db, '--force', '--', ...argv], cwd);
    for (const o of options) {
      const log = path.join(scratchDir('strace'), 'strace.log');
      inNetns(SETUP, ['strace', '-f', ...o, '-o', log, '--', ...argv], cwd);
      const text = readFileSync(log, 'utf8');
      if (o.length === 0) for (const re of covers) expect(text, `${re} in strace's log`).toMatch(re);
      expectSameAsStrace(text, traceQ(db, o), `decoders-sockopt-packet ${o.join(' ')}`);
    }
  });
});
