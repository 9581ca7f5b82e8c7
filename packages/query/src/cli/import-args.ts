import { loadYargs } from '@tracedb/native/bundle';
import type { YargsOptionRow } from '@tracedb/native/cli-doc';
import { UsageError } from './errors.js';

export type ParsedImportArgs =
  | { readonly kind: 'import'; readonly logs: readonly string[]; readonly output: string; readonly force: boolean; readonly quiet: boolean; readonly host: string | null }
  | { readonly kind: 'help'; readonly text: string };

export const IMPORT_USAGE =
  'Usage: trace-q import LOG… -o RECORDING [--force]\n\n' +
  'Read a strace -f log (with or without -t/-tt/-ttt/-r/-T/-y/-k) into a recording that trace-q and trace-diff read.\n' +
  'The LOG.PID files of strace -ff -o LOG are read as one log: name them all, or give LOG.';

export const IMPORT_EXAMPLES: [string, string][] = [
  ['strace -f -o ls.strace ls -l /; trace-q import ls.strace -o ls.db', 'import a strace log'],
  ['trace-q import sh.strace -o sh.db', 'the sh.strace.PID files of strace -ff -tt -o sh.strace, merged by time'],
  ['trace-diff ls.db ls-traced-by-rec.db', 'then compare it with a trace-rec recording'],
];

/** trace-q import's options: the parser, --help, the man page and the completions read them. */
export const IMPORT_OPTIONS: readonly (YargsOptionRow & { readonly type: 'string' | 'boolean'; readonly default?: boolean })[] = [
  { name: 'output', alias: 'o', type: 'string', describe: 'the recording to write' },
  { name: 'force', alias: 'f', type: 'boolean', default: false, describe: 'replace the recording if it exists' },
  { name: 'host', type: 'string', describe: "recording.host: the machine strace ran on (default: this one's host name)" },
  { name: 'quiet', alias: 'q', type: 'boolean', default: false, describe: 'no summary line' },
  { name: 'help', alias: 'h', type: 'boolean', describe: 'show this help' },
];

/** `trace-q import LOG… -o RUN.db` → what to do. */
export async function parseImportArgs(argv: string[]): Promise<ParsedImportArgs> {
  const yargs = await loadYargs();
  let y = yargs(argv).scriptName('trace-q import').help(false).version(false).usage(IMPORT_USAGE).parserConfiguration({ 'parse-positional-numbers': false });
  for (const { name, alias, type, default: dflt, describe } of IMPORT_OPTIONS) y = y.option(name, { alias, type, default: dflt, describe });
  y = y
    .example(IMPORT_EXAMPLES)
    .strictOptions()
    .exitProcess(false)
    .fail((msg, err) => {
      throw new UsageError(msg ?? err?.message ?? 'invalid arguments');
    });
  const a = y.parseSync() as unknown as { _: (string | number)[]; help?: boolean; output?: string; force: boolean; quiet: boolean; host?: string };
  if (a.help) return { kind: 'help', text: await y.getHelp() };
  const files = a._.map(String);
  if (files.length === 0) throw new UsageError('import needs a strace log (see trace-q import --help)');
  if (!a.output) throw new UsageError('import needs -o RECORDING');
  if (a.host === '') throw new UsageError('--host needs a host name');
  return { kind: 'import', logs: files, output: a.output, force: a.force, quiet: a.quiet, host: a.host ?? null };
}
