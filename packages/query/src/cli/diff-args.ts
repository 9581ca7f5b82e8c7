import { loadYargs } from '@tracedb/native/bundle';
import { COLOR_HELP, COLOR_WHEN_WORDS, takeColorOptions, terminalWidth } from '@tracedb/native/terminal';
import type { ColorWhen } from '@tracedb/native/terminal';
import type { YargsOptionRow } from '@tracedb/native/cli-doc';
import { UsageError } from './errors.js';

export interface DiffCommand {
  readonly kind: 'diff';
  readonly a: string;
  readonly b: string;
  /** Unchanged calls shown around each change. */
  readonly context: number;
  readonly json: boolean;
  readonly raw: boolean;
  readonly color: ColorWhen;
  /** The summary only, no unified diff. */
  readonly summary: boolean;
}

export type ParsedDiffArgs = DiffCommand | { readonly kind: 'help'; readonly text: string } | { readonly kind: 'version' };

export const EXAMPLES: [string, string][] = [
  ['trace-diff plain.db cargo.db', 'why does the run under cargo make more syscalls? (LD_LIBRARY_PATH probes…)'],
  ['trace-diff -U 0 tty.db pipe.db', 'only the changed calls, no context'],
  ['trace-diff --summary a.db b.db', 'the context differences and the explained causes, no diff'],
  ['trace-diff run.db run.strace', 'compare a recording with a strace -f log (imported on the fly)'],
  ['trace-diff --json a.db b.db | jq .causes', 'the report for tools'],
  ['trace-diff --raw a.db b.db', 'show addresses and pids as recorded instead of <addr>, <pid 1.2>'],
];

export const USAGE =
  'Usage: trace-diff [options] A B\n\n' +
  // one paragraph: yargs wraps it at the terminal's width
  'Align two recordings of the same program (tracedb recordings or strace -f logs) and explain why they differ: ' +
  'first what differs in how the runs were made (argv, cwd, environment, binaries, terminal…), then which of the ' +
  'differing syscalls each cause explains (loader search paths, locale, terminal vs pipe, files, PATH lookup, ' +
  'processes, signals, timing…), then a unified diff of strace-style lines. Addresses, pids, times and random bytes ' +
  'are masked before comparing.';

export const EPILOGUE =
  'Exit status: 0 when the runs are equivalent after normalisation (timing-dependent calls aside), 1 when they differ, 2 on trouble.';

/** trace-diff's options: the parser, --help, the man page and the completions read them. */
export const DIFF_OPTIONS: readonly (YargsOptionRow & { readonly type: 'string' | 'boolean'; readonly default?: string | boolean })[] = [
  { name: 'unified', alias: 'U', type: 'string', default: '3', numeric: true, describe: 'unchanged calls of context around each change' },
  { name: 'json', type: 'boolean', default: false, describe: 'print the report as JSON' },
  { name: 'raw', type: 'boolean', default: false, describe: 'show raw addresses and pids in the diff lines' },
  { name: 'summary', type: 'boolean', default: false, describe: 'print the summary only, without the diff' },
  // read by takeColorOptions before the parser (--color takes WHEN only after '='); listed for --help
  { name: 'color', type: 'string', describe: COLOR_HELP },
  { name: 'help', alias: 'h', type: 'boolean', describe: 'show this help' },
  { name: 'version', alias: 'V', type: 'boolean', describe: 'show the version' },
];

async function parser(argv: string[]) {
  const yargs = await loadYargs();
  let y = yargs(argv).scriptName('trace-diff').help(false).version(false).usage(USAGE).parserConfiguration({ 'parse-positional-numbers': false });
  for (const { name, alias, type, default: dflt, describe } of DIFF_OPTIONS) y = y.option(name, { alias, type, default: dflt, describe });
  return y
    .example(EXAMPLES)
    .epilogue(EPILOGUE)
    .strictOptions()
    .wrap(terminalWidth())
    .exitProcess(false)
    .fail((msg, err) => {
      throw new UsageError(msg ?? err?.message ?? 'invalid arguments');
    });
}

/** argv (without node and the script) → what trace-diff should do. */
export async function parseDiffArgs(argv: string[]): Promise<ParsedDiffArgs> {
  // --color[=WHEN] takes its WHEN only after '=': `--color A B` compares A and B
  const colors = takeColorOptions(argv);
  if (colors.bad !== null) throw new UsageError(`--color takes ${COLOR_WHEN_WORDS.join(', ')}; got '${colors.bad}'`);
  const y = await parser(colors.rest);
  const a = y.parseSync() as unknown as { _: (string | number)[]; help?: boolean; version?: boolean; unified: string; json: boolean; raw: boolean; summary: boolean };
  if (a.help) return { kind: 'help', text: await y.getHelp() };
  if (a.version) return { kind: 'version' };
  const files = a._.map(String);
  if (files.length !== 2) throw new UsageError(`expected two recordings A B, got ${files.length} (see trace-diff --help)`);
  const text = String(a.unified);
  const context = Number(text);
  if (!/^\d+$/.test(text) || context > 1_000_000) throw new UsageError(`-U needs a whole number of lines up to 1000000, got '${text}'`);
  return {
    kind: 'diff',
    a: files[0],
    b: files[1],
    context,
    json: a.json,
    raw: a.raw,
    color: colors.when,
    summary: a.summary,
  };
}
