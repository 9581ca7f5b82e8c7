import { UsageError } from './errors.js';
import { QUERY_OPTIONS } from './query-options.js';
import type { OptionSpec } from './query-options.js';

const short = new Map<string, OptionSpec>();
const long = new Map<string, OptionSpec>();
for (const g of QUERY_OPTIONS) {
  for (const o of g.options) {
    for (const n of [o.name, ...(o.alias === undefined ? [] : typeof o.alias === 'string' ? [o.alias] : o.alias)]) (n.length === 1 ? short : long).set(n, o);
  }
}

/** How strace spells an option on the command line, for messages. */
function spelling(arg: string): string {
  return arg.startsWith('--') ? arg.replace(/=.*$/s, '') : arg.slice(0, 2);
}

/** The message for an strace option that acts while tracing. */
export function refusal(what: string, o: OptionSpec): UsageError {
  const rec = o.recorder === undefined ? '' : ` (trace-rec has it: ${o.recorder})`;
  return new UsageError(`${what} acts while tracing: it ${o.refused}; trace-q reads a recording made already${rec}`);
}

/**
 * strace's spellings that trace-q's parsers do not read as strace does, rewritten to the ones
 * they do: a short option's attached value (-Xverbose, -etrace=open, -P/etc), a long option's
 * optional value (--decode-fds alone), --no-abbrev (yargs reads any --no-X as "X is false").
 * The options that act only while tracing are refused here, whatever their form.
 */
export function straceArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (arg === '--no-abbrev') {
      out.push('-v');
      continue;
    }
    const o = arg.startsWith('--') ? long.get(arg.slice(2).replace(/=.*$/s, '')) : /^-[A-Za-z]/.test(arg) ? short.get(arg[1]) : undefined;
    if (o === undefined) {
      out.push(arg);
      continue;
    }
    if (o.refused !== undefined) throw refusal(spelling(arg), o);
    if (arg.startsWith('--')) {
      out.push(o.bare !== undefined && !arg.includes('=') ? `${arg}=${o.bare}` : arg);
      // a value given apart: not an option, whatever it looks like
      if (o.type === 'string' && o.bare === undefined && !arg.includes('=') && i + 1 < argv.length) out.push(argv[++i]);
    } else if (o.type === 'string' && arg.length > 2) {
      out.push(arg.slice(0, 2), arg.slice(2));
    } else {
      out.push(arg);
      if (o.type === 'string' && i + 1 < argv.length) out.push(argv[++i]);
    }
  }
  return out;
}
