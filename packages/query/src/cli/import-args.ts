import { UsageError } from './errors.js';

export type ParsedImportArgs =
  | { readonly kind: 'import'; readonly log: string; readonly output: string; readonly force: boolean; readonly quiet: boolean }
  | { readonly kind: 'help'; readonly text: string };

/** `trace-q import LOG -o RUN.db` → what to do. */
export async function parseImportArgs(argv: string[]): Promise<ParsedImportArgs> {
  const { default: yargs } = await import('yargs');
  const y = yargs(argv)
    .scriptName('trace-q import')
    .help(false)
    .version(false)
    .usage('Usage: trace-q import LOG -o RECORDING [--force]\n\nRead a strace -f log (with or without -tt/-ttt/-T/-y) into a recording that trace-q and trace-diff read.')
    .parserConfiguration({ 'parse-positional-numbers': false })
    .option('output', { alias: 'o', type: 'string', describe: 'the recording to write' })
    .option('force', { alias: 'f', type: 'boolean', default: false, describe: 'replace the recording if it exists' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no summary line' })
    .option('help', { alias: 'h', type: 'boolean', describe: 'show this help' })
    .example([
      ['strace -f -o ls.strace ls -l /; trace-q import ls.strace -o ls.db', 'import a strace log'],
      ['trace-diff ls.db ls-traced-by-rec.db', 'then compare it with a trace-rec recording'],
    ])
    .strictOptions()
    .exitProcess(false)
    .fail((msg, err) => {
      throw new UsageError(msg ?? err?.message ?? 'invalid arguments');
    });
  const a = y.parseSync();
  if (a.help) return { kind: 'help', text: await y.getHelp() };
  const files = a._.map(String);
  if (files.length !== 1) throw new UsageError('import takes one strace log (see trace-q import --help)');
  if (!a.output) throw new UsageError('import needs -o RECORDING');
  return { kind: 'import', log: files[0], output: a.output, force: a.force, quiet: a.quiet };
}
