// trace-q -yy (--decode-fds=all) and -e decode-fds=dev, socket, pidfd print what strace 6.1
// prints: test/fixtures/fd-details.c makes devices, unix, TCP, UDP, IPv6 and netlink sockets and
// a pidfd, and uses each after the call that gives it its addresses; it runs once under
// `setarch -R strace -f OPTIONS` and once under trace-rec, and the built trace-q bin renders the
// recording with the same OPTIONS. The two are compared line by line by test/support/strace-diff.ts,
// with the numbers the kernel picks afresh in each run (inodes, ports, the netlink port id, which is
// the pid) renumbered: each must still be used in the same places on both sides.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { scratchDir } from './support/paths.js';
import type { MaskRule } from './support/strace-diff.js';
import { runControlled, runRecorder, runStrace } from './support/strace-diff.js';
import { repoRoot } from './support/paths.js';
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

  it('descriptors open before the program starts (sockets, /dev/null, a pipe, a terminal, a device node outside /dev), under -yy, -e decode-fds=socket, dev, -y', { timeout: 300_000 }, () => {
    // test/fixtures/with-inherited-fds.c opens them and runs strace or trace-rec with them: each run has sockets of its own
    const wrapper = fixture('with-inherited-fds');
    const argv = [fixture('fd-inherited')];
    const cwd = scratchDir('cwd');
    const dir = scratchDir('rec');
    const db = path.join(dir, 'trace.db');
    const rec = runControlled([wrapper, process.execPath, path.join(repoRoot, 'packages', 'recorder', 'bin', 'trace-rec.js'), '-q', '-o', db, '--', ...argv], cwd, 120_000);
    expect(rec.stderr).toBe('');
    expect(existsSync(db)).toBe(true);
    const inherited: MaskRule[] = [
      ...masks,
      { why: 'the directory the device node is made in, each run its own', pattern: /(?<=\/tmp\/with-inherited-fds\.)[A-Za-z0-9]{6}/g, replace: 'XXXXXX' },
      { why: 'the pseudo-terminal each run is given', pattern: /(?<=\/dev\/pts\/)\d+(?=<char 136:)|(?<=<char 136:)\d+(?=>)/g, replace: 'N' },
    ];
    for (const o of [['-yy'], ['-e', 'decode-fds=socket'], ['-e', 'decode-fds=dev'], ['-y']]) {
      const log = path.join(scratchDir('strace'), 'strace.log');
      const r = runControlled([wrapper, 'strace', '-f', ...o, '-o', log, '--', ...argv], cwd, 120_000);
      expect(r.stderr).toBe('');
      const text = readFileSync(log, 'utf8');
      if (o[0] === '-yy') {
        for (const want of [/^\d+ +write\(3<UNIX-STREAM:\[\d+->\d+\]>, "", 0\) += 0$/m, /^\d+ +write\(4<TCP:\[127\.0\.0\.1:\d+->127\.0\.0\.1:\d+\]>/m,
          /^\d+ +write\(5<UDP:\[127\.0\.0\.1:\d+\]>/m, /^\d+ +write\(6<\/dev\/null<char 1:3>>/m, /^\d+ +write\(7<pipe:\[\d+\]>/m,
          /^\d+ +write\(8<\/dev\/pts\/\d+<char 136:\d+>>/m, /^\d+ +write\(9<\/tmp\/with-inherited-fds\.\w+\/null<char 1:3>>/m,
          /^\d+ +read\(\d+<\/tmp\/with-inherited-fds\.\w+\/null<char 1:3>>, NULL, 0\) += 0$/m]) {
          expect(text).toMatch(want);
        }
      }
      expectSameAsStrace(text, traceQ(db, o), `fd-inherited ${o.join(' ')}`, inherited);
    }
  });

  it("i386 socketcall's bind and listen, under -yy and -e decode-fds=socket (test/fixtures/int80-structs.c)", { timeout: 300_000 }, () => {
    const argv = [fixture('int80-structs')];
    const cwd = scratchDir('cwd');
    const db = runRecorder(argv, cwd);
    const i386: MaskRule[] = [...masks, { why: "the abstract name the kernel gave an autobound unix socket", pattern: /(?<=,@")[0-9a-f]{5}(?="\])/g, renumber: () => true }];
    for (const o of [['-yy'], ['-e', 'decode-fds=socket']]) {
      const log = runStrace(argv, cwd, o);
      // the address bind gave, known from the next call on
      expect(log).toMatch(/^\d+ +listen\(7<UNIX-STREAM:\[\d+,@"[0-9a-f]{5}"\]>, 1\) += 0$/m);
      expectSameAsStrace(log, traceQ(db, o), `int80-structs ${o.join(' ')}`, i386);
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
