/**
 * What a command's --help says, as data: each command builds it from the option table its parser
 * reads, and its man page and shell completions are generated from it (scripts/gen-man-completion.mjs).
 */
export interface DocOption {
  /** As typed, in --help's order: ['-o', '--output']. */
  readonly spellings: readonly string[];
  /** The spelling that turns a boolean off ('--no-pin'), where --help names one. */
  readonly negation?: string;
  /** The value it takes ('N', 'VALUE'); undefined for a flag. `optional`: only attached (--name=VALUE). */
  readonly value?: string;
  readonly optional?: boolean;
  /** Given more than once it counts or adds up (-ff, -E A -E B). */
  readonly repeatable?: boolean;
  readonly describe: string;
}

export interface OptionSection {
  /** null: the main "Options" section. */
  readonly title: string | null;
  readonly options: readonly DocOption[];
}

export interface CommandDoc {
  readonly name: string;
  /** The synopsis lines, without "Usage: ". */
  readonly usage: readonly string[];
  /** Paragraphs, the first sentence of the first being the man page's NAME line. */
  readonly description: string;
  readonly sections: readonly OptionSection[];
  readonly examples: readonly (readonly [string, string])[];
  /** Paragraphs after the examples (exit status, notes). */
  readonly epilogue: string;
  /** Commands of its own (`trace-q import`), named in full, with their own options. */
  readonly subcommands?: readonly CommandDoc[];
}

/** The value name yargs' type tags stand for. */
export const valueOf = (type: string | undefined): string | undefined =>
  type === 'number' ? 'N' : type === 'string' || type === 'list' || type === 'array' ? 'VALUE' : undefined;

/** "Usage: a\nUsage: b\n\nText…" (yargs' usage string) → the synopsis lines and the text. */
export function splitUsage(usage: string): { usage: string[]; description: string } {
  const lines = usage.split('\n');
  const synopsis = lines.filter((l) => l.startsWith('Usage: ')).map((l) => l.slice('Usage: '.length));
  return { usage: synopsis, description: lines.filter((l) => !l.startsWith('Usage: ')).join('\n').trim() };
}

/** An option as yargs is given it (name, alias, type, describe), and whether --no-NAME is documented. */
export interface YargsOptionRow {
  readonly name: string;
  readonly alias?: string | readonly string[];
  readonly type: string;
  readonly describe: string;
  /** A string option whose value is a number. */
  readonly numeric?: true;
  /** Its value is optional: only --name=VALUE gives one. */
  readonly bare?: string;
}

const spell = (n: string): string => (n.length === 1 ? `-${n}` : `--${n}`);

/**
 * The DocOption of a yargs option: letters first, as yargs' help lists them. Its help text says
 * the rest: one that starts with "=WHEN:" takes an optional WHEN (--color), one that names
 * --no-NAME is negatable.
 */
export function docOptionOf(o: YargsOptionRow): DocOption {
  const names = [o.name, ...(o.alias === undefined ? [] : typeof o.alias === 'string' ? [o.alias] : o.alias)];
  const spellings = [...names.filter((n) => n.length === 1), ...names.filter((n) => n.length > 1)].map(spell);
  const attached = /^=([A-Z]+):/.exec(o.describe)?.[1];
  const value = attached ?? (o.numeric ? 'N' : valueOf(o.type));
  const negation = o.describe.includes(`--no-${o.name}`) ? `--no-${o.name}` : undefined;
  return {
    spellings,
    ...(value !== undefined ? { value } : {}),
    ...(o.bare !== undefined || attached !== undefined ? { optional: true } : {}),
    ...(negation !== undefined ? { negation } : {}),
    ...(o.type === 'count' || o.type === 'array' ? { repeatable: true } : {}),
    describe: o.describe,
  };
}
