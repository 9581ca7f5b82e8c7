// print_ifindex / PRINT_FIELD_IFINDEX: an interface index as the name strace finds for it
// with if_indextoname, on the machine that renders (a best effort, as -y's paths are).

import { readdirSync, readFileSync } from 'node:fs';
import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { int, raw } from './decoded.js';
import { stringQuote } from './quote.js';

let ifnames: Map<number, string> | undefined;

function names(): Map<number, string> {
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
  return ifnames;
}

/** if_nametoindex("lo"), or the number when no interface has it (or under -X raw). */
export function ifindex(c: Ctx, idx: number): Decoded {
  const name = idx === 0 ? undefined : names().get(idx);
  if (name === undefined || c.style.verbosity === 'raw') return int(idx);
  const text = `if_nametoindex(${stringQuote(Buffer.from(name), name.length, 0, c.opts.hex).text})`;
  return raw(c.style.verbosity === 'verbose' ? `${idx} /* ${text} */` : text);
}
