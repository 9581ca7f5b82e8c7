import { QUERY_OPTIONS } from './query-options.js';
import type { OptionSpec, ParsedOptions } from './query-options.js';

const byName = new Map<string, OptionSpec>();
for (const g of QUERY_OPTIONS) {
  for (const o of g.options) {
    for (const n of [o.name, ...(o.alias === undefined ? [] : typeof o.alias === 'string' ? [o.alias] : o.alias)]) byName.set(n, o);
  }
}

/**
 * The command lines people type, read the way yargs reads them, without loading yargs (a
 * good part of trace-q's start-up): options by name or alias, `--name=value`, counts like
 * -yy, repeated options as arrays, and the recording. Anything else returns null and goes
 * to yargs, which also owns --help (its text), the error messages, `--`, `--no-…` negations, grouped
 * short options and values that start with a dash. parse-args.test.ts checks that both give
 * the same result.
 */
export function quickParse(argv: readonly string[]): ParsedOptions | null {
  const out: Record<string, unknown> = { _: [] };
  const positional: string[] = [];
  const seen = new Set<OptionSpec>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      if (arg === '-') return null;
      positional.push(arg);
      continue;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    let times = 1;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (name.startsWith('no-') || name.length < 2) return null;
      spec = byName.get(name);
      if (eq >= 0) inline = arg.slice(eq + 1);
    } else {
      spec = byName.get(arg[1]);
      if (arg.length > 2) {
        // -yy, -ttt: one count option repeated
        if (spec?.type !== 'count' || [...arg.slice(1)].some((c) => c !== arg[1])) return null;
        times = arg.length - 1;
      }
    }
    if (spec === undefined || spec.name === 'help') return null;
    if (spec.type === 'string') {
      let value = inline;
      if (value === undefined) {
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith('-') && next.length > 1)) return null;
        value = next;
        i++;
      }
      const prev = out[spec.name] as string | string[] | undefined;
      out[spec.name] = prev === undefined ? value : [...(typeof prev === 'string' ? [prev] : prev), value];
    } else if (spec.type === 'count') {
      if (inline !== undefined) return null;
      out[spec.name] = ((out[spec.name] as number | undefined) ?? 0) + times;
    } else {
      // yargs takes a following true/false as the boolean's value
      const next = argv[i + 1];
      if (inline !== undefined || seen.has(spec) || next === 'true' || next === 'false') return null;
      out[spec.name] = true;
    }
    seen.add(spec);
  }
  for (const g of QUERY_OPTIONS) {
    for (const o of g.options) {
      if (o.type === 'count') out[o.name] ??= 0;
      else if (o.defaultFalse) out[o.name] ??= false;
    }
  }
  out._ = positional;
  return out as unknown as ParsedOptions;
}
