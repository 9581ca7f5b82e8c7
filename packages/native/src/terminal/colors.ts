import { WriteStream } from 'node:tty';

/** --color's WHEN, after its synonyms are resolved. */
export type ColorWhen = 'auto' | 'always' | 'never';

/** The words --color=WHEN takes, as GNU grep and diff take them. */
const WHEN_WORDS: Readonly<Record<string, ColorWhen>> = {
  auto: 'auto', tty: 'auto', 'if-tty': 'auto',
  always: 'always', yes: 'always', force: 'always',
  never: 'never', no: 'never', none: 'never',
};

/** What --help says of --color, the same for the three commands. */
export const COLOR_HELP = '=WHEN: auto (default: on a terminal that has colours), always/yes/force or never/no/none; --color alone: always; --no-color: never';

/** WHEN's meaning, or null if it is no WHEN (the caller says so in its own words). */
export function parseColorWhen(word: string): ColorWhen | null {
  return Object.hasOwn(WHEN_WORDS, word) ? WHEN_WORDS[word] : null;
}

/** The words, for error messages. */
export const COLOR_WHEN_WORDS = Object.keys(WHEN_WORDS);

/**
 * The colour options in argv (up to `--`, and for a command that runs a program, up to its first
 * operand): `--color` (always), `--color=WHEN`, `--no-color` (never); the last one wins. They are
 * taken out of argv, so a WHEN is never read from the next argument: `--color A B` leaves A an
 * operand, as in GNU grep and diff. `bad` is the first WHEN that is none.
 */
export function takeColorOptions(argv: readonly string[], opts: { stopAtOperand?: boolean } = {}): { when: ColorWhen; rest: string[]; bad: string | null } {
  const rest: string[] = [];
  let when: ColorWhen = 'auto';
  let bad: string | null = null;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--' || (opts.stopAtOperand && !a.startsWith('-'))) break;
    if (a === '--color') when = 'always';
    else if (a === '--no-color') when = 'never';
    else if (a.startsWith('--color=')) {
      const word = a.slice('--color='.length);
      const w = parseColorWhen(word);
      if (w === null) bad ??= word;
      else when = w;
    } else rest.push(a);
  }
  return { when, rest: [...rest, ...argv.slice(i)], bad };
}

/** The stream colour would go to: its descriptor, and whether it is a terminal. */
export interface ColorTarget {
  readonly isTTY: boolean;
}

const set = (v: string | undefined): boolean => v !== undefined && v !== '';

/**
 * Whether to colour. auto: FORCE_COLOR (set, not empty, not 0) colours even a pipe; otherwise only
 * a terminal, and only one that Node's tty.WriteStream#hasColors() says has colours (it knows
 * NO_COLOR, FORCE_COLOR, TERM=dumb, CI…). An empty NO_COLOR or FORCE_COLOR counts as unset
 * (https://no-color.org). always and never are what they say, whatever the environment.
 */
export function useColor(when: ColorWhen, target: ColorTarget, env: NodeJS.ProcessEnv = process.env): boolean {
  if (when !== 'auto') return when === 'always';
  if (set(env.FORCE_COLOR) && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (!target.isTTY) return false;
  const e: NodeJS.ProcessEnv = { ...env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR'] as const) if (!set(e[k])) delete e[k];
  return WriteStream.prototype.hasColors.call(null, 16, e);
}

/** ANSI styles, or no-ops when colour is off. */
export interface Colors {
  readonly on: boolean;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const plain = (s: string): string => s;
const style = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

export const noColors: Colors = { on: false, bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
const ansi: Colors = { on: true, bold: style(1, 22), dim: style(2, 22), red: style(31, 39), green: style(32, 39), yellow: style(33, 39), cyan: style(36, 39) };

/** The styles for output to `target`, as `when` and the environment decide. */
export function colorsFor(when: ColorWhen, target: ColorTarget, env: NodeJS.ProcessEnv = process.env): Colors {
  return useColor(when, target, env) ? ansi : noColors;
}
