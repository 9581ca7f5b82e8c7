// The network interfaces of this process's network namespace, as if_indextoname would name them
// in it: strace names an interface index in its own namespace. /sys/class/net will not do: sysfs
// lists the interfaces of the namespace it was mounted in (under `unshare -rn` the host's), while
// /proc/self/net/dev and if_nametoindex ask the process's own.

import { readFileSync, readlinkSync } from 'node:fs';
import { libc } from './libc.js';

export interface InterfaceNames {
  /** The inode of the namespace (/proc/self/ns/net), 0 when unknown. */
  readonly netns: number;
  /** Each name's bytes as a latin1 string (names are bytes: not UTF-8 necessarily). */
  readonly names: ReadonlyMap<number, string>;
}

export function interfaceNames(): InterfaceNames {
  const names = new Map<number, string>();
  let netns = 0;
  try {
    netns = Number(/\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/net'))?.[1] ?? 0);
  } catch {
    // no /proc: the namespace stays unknown
  }
  let dev = '';
  try {
    dev = readFileSync('/proc/self/net/dev', 'latin1');
  } catch {
    return { netns, names };
  }
  // "  NAME: counters": the first two lines are headers; a name holds no ':' nor white space
  for (const line of dev.split('\n').slice(2)) {
    const name = /^\s*([^\s:]+):/.exec(line)?.[1];
    if (name === undefined) continue;
    const index = libc.if_nametoindex(Buffer.from(`${name}\0`, 'latin1'));
    if (index > 0) names.set(index, name);
  }
  return { netns, names };
}
