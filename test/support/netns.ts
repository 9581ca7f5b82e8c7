// Runs a command in a new user and network namespace (`unshare -rn`), where it has CAP_NET_RAW and
// CAP_NET_ADMIN over interfaces of its own: packet and raw sockets, renamed or new interfaces.

import { expect } from 'vitest';
import { runControlled } from './strace-diff.js';

/** argv under `setarch -R unshare -rn sh -c SETUP`: `setup` (ip commands) runs first, then argv replaces the shell. */
export function inNetns(setup: string, argv: readonly string[], cwd: string, timeoutMs = 120_000): void {
  const r = runControlled(['unshare', '-rn', 'sh', '-c', `${setup} && exec "$@"`, 'netns', ...argv], cwd, timeoutMs);
  expect(r.stderr, `unshare -rn, then ${setup}`).not.toMatch(/unshare:|RTNETLINK|Cannot|Error/);
}
