import { UsageError } from './errors.js';
import { parseSubcommand } from './subcommand-args.js';
import type { SubcommandOption, SubcommandSpec } from './subcommand-args.js';

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
export const IMPORT_OPTIONS: readonly SubcommandOption[] = [
  { name: 'output', alias: 'o', type: 'string', describe: 'the recording to write' },
  { name: 'force', alias: 'f', type: 'boolean', default: false, describe: 'replace the recording if it exists' },
  { name: 'host', type: 'string', describe: "recording.host: the machine strace ran on (default: this one's host name)" },
  { name: 'quiet', alias: 'q', type: 'boolean', default: false, describe: 'no summary line' },
  { name: 'help', alias: 'h', type: 'boolean', describe: 'show this help' },
];

export const IMPORT_SPEC: SubcommandSpec = { name: 'trace-q import', usage: IMPORT_USAGE, options: IMPORT_OPTIONS, examples: IMPORT_EXAMPLES };

/** `trace-q import LOG… -o RUN.db` → what to do. */
export async function parseImportArgs(argv: string[]): Promise<ParsedImportArgs> {
  const a = await parseSubcommand(IMPORT_SPEC, argv);
  if (a.kind === 'help') return a;
  const { output, host } = a.options as { output?: string; host?: string };
  if (a.operands.length === 0) throw new UsageError('import needs a strace log (see trace-q import --help)');
  if (!output) throw new UsageError('import needs -o RECORDING');
  if (host === '') throw new UsageError('--host needs a host name');
  return { kind: 'import', logs: a.operands, output, force: a.options.force === true, quiet: a.options.quiet === true, host: host ?? null };
}
