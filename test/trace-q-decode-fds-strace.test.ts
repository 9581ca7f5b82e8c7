// trace-q -yy (--decode-fds=all) and -e decode-fds=dev, socket, pidfd print what strace 6.1
// prints: test/fixtures/fd-details.c makes devices, unix, TCP, UDP, IPv6 and netlink sockets and
// a pidfd, and uses each after the call that gives it its addresses; it runs once under
// `setarch -R strace -f OPTIONS` and once under trace-rec, and the built trace-q bin renders the
// recording with the same OPTIONS. The two are compared line by line by test/support/strace-diff.ts,
// with the numbers the kernel picks afresh in each run (inodes, ports, the netlink port id, which is
// the pid) renumbered: each must still be used in the same places on both sides.

import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { scratchDir } from './support/paths.js';
import type { MaskRule } from './support/strace-diff.js';
import { runRecorder, runStrace } from './support/strace-diff.js';
import { expectSameAsStrace, traceQ } from './support/strace-compare.js';


const masks: MaskRule[] = [
  {
    why: "a socket's inode, and its unix peer's, are each run's own",
    pattern: /(?<=<[A-Z][A-Za-z0-9/-]*:\[)\d+(?=[\],-])|(?<=:\[\d+->)\d+(?=[\],])/g,
    renumber: () => true,
  },
  {
    why: 'the loopback ports the kernel chose in each run (the listeners bind port 0)',
    pattern: /(?<=[\d\]]:)\d+(?=[\]-])|(?<=port=htons\()\d+(?=\))/g,
    renumber: (m) => m !== '0',
  },
  { why: "a netlink socket's port id is its process's pid", pattern: /(?<=NETLINK:\[ROUTE:)\d+/g, renumber: () => true },
  { why: "under -xx, -y's pipe:[INODE] in hex: the inode is each run's own", pattern: /(?<=<\\x70\\x69\\x70\\x65\\x3a\\x5b)(?:\\x3\d)+(?=\\x5d>)/g, renumber: () => true },
  { why: "a pidfd's process is the program's own pid", pattern: /(?<=<pid:)\d+(?=>)/g, renumber: () => true },
];

/** What strace -yy printed for the fixture, each kind of detail at least once: the comparison covers them. */
const seen: RegExp[] = [
  /^\d+ +read\(0<\/dev\/null<char 1:3>>, "", 1\) += 0$/m,
  /^\d+ +openat\(AT_FDCWD<[^>]*>, "\/dev\/null", O_WRONLY\) += \d+<\/dev\/null<char 1:3>>$/m,
  /^\d+ +read\(\d+<\/dev\/zero<char 1:5>>/m,
  /^\d+ +socketpair\(AF_UNIX, SOCK_STREAM, 0, \[\d+<UNIX-STREAM:\[\d+->\d+\]>, \d+<UNIX-STREAM:\[\d+->\d+\]>\]\) += 0$/m,
  /^\d+ +sendmsg\(\d+<UNIX-STREAM:\[\d+->\d+\]>, .*SCM_RIGHTS, cmsg_data=\[\d+<\/dev\/zero<char 1:5>>\]/m,
  /^\d+ +listen\(\d+<UNIX-STREAM:\[\d+,"fd-details.sock"\]>, 1\) += 0$/m,
  /^\d+ +accept\(\d+<UNIX-STREAM:\[\d+,"fd-details.sock"\]>, NULL, NULL/m,
  /^\d+ +(?:accept\(.*|<\.\.\. accept resumed>.*)\) += \d+<UNIX-STREAM:\[\d+->\d+,"fd-details.sock"\]>$/m,
  /^\d+ +write\(\d+<UNIX-STREAM:\[\d+->\d+\]>, "y", 1/m,
  /^\d+ +write\(\d+<UNIX:\[\d+,@"tracedb-fd\\"details"\]>, "", 0\)/m,
  /^\d+ +connect\(\d+<TCP:\[\d+\]>, /m,
  /^\d+ +write\(\d+<TCP:\[127\.0\.0\.1:\d+->127\.0\.0\.1:\d+\]>, "x", 1\) += 1$/m,
  /^\d+ +poll\(\[\{fd=\d+<TCP:\[127\.0\.0\.1:\d+->127\.0\.0\.1:\d+\]>, events=POLLIN\}/m,
  /^\d+ +write\(\d+<UDP:\[127\.0\.0\.1:\d+->127\.0\.0\.1:\d+\]>, "x", 1\) += 1$/m,
  /^\d+ +write\(\d+<UDP:\[0\.0\.0\.0:\d+\]>, "", 0\)/m,
  /^\d+ +connect\((\d+)<UDP:\[127\.0\.0\.1:(\d+)\]>, \{sa_family=AF_INET, sin_port=htons\(\2\).*\n\d+ +write\(\1<UDP:\[127\.0\.0\.1:\2\]>, "", 0\)/m,
  /^\d+ +write\(\d+<NETLINK:\[\d+\]>, "", 0\)/m,
  /^\d+ +write\(\d+<NETLINK:\[ROUTE:\d+\]>, "", 0\)/m,
  /^\d+ +close\(\d+<pid:\d+>\) += 0$/m,
];

describe('trace-q -yy and -e decode-fds= print what strace 6.1 prints', () => {
  it('fd-details, under -yy, -e decode-fds=dev, socket, pidfd, socket,path, -yy -xx, -y', { timeout: 300_000 }, () => {
    const argv = [fixture('fd-details')];
    const cwd = scratchDir('cwd');
    const db = runRecorder(argv, cwd);
    for (const o of [['-yy'], ['-e', 'decode-fds=dev'], ['-e', 'decode-fds=socket'], ['-e', 'decode-fds=pidfd'], ['--decode-fds=socket,path'], ['-yy', '-xx'], ['-y']]) {
      const log = runStrace(argv, cwd, o);
      if (o[0] === '-yy' && o.length === 1) {
        for (const r of seen) expect(log, `${r} in strace's log`).toMatch(r);
        if (/^\d+ +bind\(\d+<TCPv6:/m.test(log)) expect(log).toMatch(/^\d+ +write\(\d+<TCPv6:\[\[::1\]:\d+->\[::1\]:\d+\]>, "", 0\) = 0$/m);
      }
      expectSameAsStrace(log, traceQ(db, o), `fd-details ${o.join(' ')}`, masks);
    }
  });

  it('a recording made before schema 14 (no fd_details) prints under -yy what -y prints', { timeout: 120_000 }, () => {
    const argv = [fixture('fd-details')];
    const db = runRecorder(argv, scratchDir('cwd'));
    const old = path.join(scratchDir('old'), 'old.db');
    const d = new Database(db);
    d.exec(`VACUUM INTO '${old}'`);
    d.close();
    const o = new Database(old);
    o.exec('DROP TABLE fd_details');
    o.close();
    const y = traceQ(old, ['-y']);
    expect(y).toMatch(/<socket:\[\d+\]>/);
    expect(traceQ(old, ['-yy'])).toBe(y);
    expect(traceQ(old, ['-e', 'decode-fds=all'])).toBe(y);
    // with the table, -yy adds to what -y prints
    expect(traceQ(db, ['-yy'])).not.toBe(traceQ(db, ['-y']));
  });
});
