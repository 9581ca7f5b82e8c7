// PRINT_FIELD_IFINDEX: an interface index as strace prints it, with the name the recording gives it.

import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { int, raw } from './decoded.js';
import { stringQuote } from './quote.js';

/** if_nametoindex("NAME") with the name trace-rec's network namespace had (RenderOptions.interfaces), or the number. */
export function ifindex(c: Ctx, idx: number): Decoded {
  const name = idx === 0 ? undefined : c.opts.interfaces?.get(idx >>> 0);
  if (name === undefined || c.style.verbosity === 'raw') return int(idx >>> 0);
  const text = `if_nametoindex(${stringQuote(name, name.length, 0, c.opts.hex).text})`;
  return raw(c.style.verbosity === 'verbose' ? `${idx} /* ${text} */` : text);
}
