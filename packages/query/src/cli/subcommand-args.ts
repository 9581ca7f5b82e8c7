import { loadYargs } from '@tracedb/native/bundle';
import type { YargsOptionRow } from '@tracedb/native/cli-doc';
import { UsageError } from './errors.js';

/** One option of a trace-q subcommand: the parser, --help, the man page and the completions read it. */
export type SubcommandOption = YargsOptionRow & { readonly type: 'string' | 'boolean'; readonly default?: boolean };

/** A trace-q subcommand (export, fleet, upgrade) as data. */
export interface SubcommandSpec {
  /** 'trace-q export' */
  readonly name: string;
  readonly usage: string;
  readonly options: readonly SubcommandOption[];
  readonly examples: readonly [string, string][];
}

export type ParsedSubcommand =
  | { readonly kind: 'run'; readonly operands: readonly string[]; readonly options: Readonly<Record<string, string | boolean | undefined>> }
  | { readonly kind: 'help'; readonly text: string };

/** argv after the subcommand's name → its operands and options, or its --help. */
export async function parseSubcommand(spec: SubcommandSpec, argv: readonly string[]): Promise<ParsedSubcommand> {
  const yargs = await loadYargs();
  let y = yargs([...argv]).scriptName(spec.name).help(false).version(false).usage(spec.usage).parserConfiguration({ 'parse-positional-numbers': false });
  for (const { name, alias, type, default: dflt, describe } of spec.options) y = y.option(name, { alias, type, default: dflt, describe });
  y = y
    .example([...spec.examples])
    .strictOptions()
    .exitProcess(false)
    .fail((msg, err) => {
      throw new UsageError(msg ?? err?.message ?? 'invalid arguments');
    });
  const a = y.parseSync() as unknown as Record<string, unknown> & { _: (string | number)[] };
  if (a.help) return { kind: 'help', text: await y.getHelp() };
  const options: Record<string, string | boolean | undefined> = {};
  for (const { name, type } of spec.options) {
    const v = a[name];
    if (Array.isArray(v)) throw new UsageError(`--${name} given more than once`);
    options[name] = v === undefined ? undefined : type === 'boolean' ? Boolean(v) : String(v);
  }
  return { kind: 'run', operands: a._.map(String), options };
}
