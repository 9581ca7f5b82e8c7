// Interface indexes print with the names of the network namespace they were recorded in
// (table ifnames, schema 17), not those of the machine that renders the recording. strace and
// trace-rec each run in a new user and network namespace (`unshare -rn`) where lo is renamed lo9
// and a veth pair v\351/v0 is made, so indexes 1, 2 and 3 have names this machine does not give
// them (its /sys/class/net is not even that namespace's); trace-q renders the recording outside
// it, and must print what strace printed inside.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { scratchDir, traceRecBin } from './support/paths.js';
import { inNetns } from './support/netns.js';
import { expectSameAsStrace, traceQ } from './support/strace-compare.js';

// v1's peer is named with a byte that is not ASCII: names are bytes, printed as strace escapes them
const SETUP = `ip link set lo name lo9 && ip link add v0 type veth peer name "$(printf 'v\\351')"`;

const options = [[], ['-v'], ['-X', 'raw'], ['-X', 'verbose'], ['-x'], ['-xx'], ['-y'], ['-e', 'verbose=execve']];

describe('interface names come from the recording', () => {
  it('indexes recorded in another network namespace print with its names, as strace printed them there', { timeout: 300_000 }, () => {
    const argv = [fixture('decoders-ifnames')];
    const cwd = scratchDir('cwd');
    const db = path.join(scratchDir('rec'), 'trace.db');
    inNetns(SETUP, [process.execPath, traceRecBin, '-q', '-o', db, '--force', '--', ...argv], cwd);
    expect(existsSync(db)).toBe(true);
    const here = new Map(readdirSync('/sys/class/net').map((n) => [Number(readFileSync(`/sys/class/net/${n}/ifindex`, 'utf8')), n]));
    expect(here.get(1), "this machine's interface 1 is not lo9").not.toBe('lo9');
    for (const o of options) {
      const log = path.join(scratchDir('strace'), 'strace.log');
      inNetns(SETUP, ['strace', '-f', ...o, '-o', log, '--', ...argv], cwd);
      const text = readFileSync(log, 'utf8');
      if (o.length === 0) {
        for (const re of [/sll_ifindex=if_nametoindex\("lo9"\)/, /sin6_scope_id=if_nametoindex\("v\\351"\)/, /^\d+ +bind\(3, .*sll_ifindex=if_nametoindex\("lo9"\)/m, /sll_ifindex=if_nametoindex\("v0"\)/, /sll_ifindex=4,/, /sin6_scope_id=1000\}/]) {
          expect(text, `${re} in strace's log`).toMatch(re);
        }
      }
      expectSameAsStrace(text, traceQ(db, o), `decoders-ifnames ${o.join(' ')}`);
    }
  });
});
