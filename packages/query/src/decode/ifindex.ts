// PRINT_FIELD_IFINDEX: an interface index as strace prints it, with the name this machine gives it.

import { readdirSync, readFileSync } from 'node:fs';
import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { int, raw } from './decoded.js';
import { stringQuote } from './quote.js';

let ifnames: Map<number, string> | undefined;

/** The interface's name, as if_nametoindex would find it on this machine (/sys/class/net). */
export function ifindex(c: Ctx, idx: number): Decoded {
  if (ifnames === undefined) {
    ifnames = new Map();
    try {
      for (const name of readdirSync('/sys/class/net')) {
        const n = Number(readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8'));
        if (Number.isInteger(n)) ifnames.set(n, name);
      }
    } catch {
      // no /sys: numbers only
    }
  }
  const name = idx === 0 ? undefined : ifnames.get(idx);
  if (name === undefined || c.style.verbosity === 'raw') return int(idx >>> 0);
  const text = `if_nametoindex(${stringQuote(Buffer.from(name), name.length, 0, c.opts.hex).text})`;
  return raw(c.style.verbosity === 'verbose' ? `${idx} /* ${text} */` : text);
}
