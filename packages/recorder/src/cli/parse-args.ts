import yargs from 'yargs';
import { UsageError } from './errors.js';

export interface RecCommand {
  readonly kind: 'record';
  readonly command: string[] | null;
  readonly attach: number | null;
  readonly output: string | null;
  readonly force: boolean;
  readonly quiet: boolean;
  readonly pin: boolean;
  readonly captureBytes: number;
}

export type ParsedRecArgs = RecCommand | { readonly kind: 'help'; readonly text: string } | { readonly kind: 'version' };

const EXAMPLES: [string, string][] = [
  ['trace-rec -o ls.db -- ls -l /', 'record ls and everything it runs into ls.db'],
  ['trace-rec ./server --port 8080', 'record into server.trace.db (then server-1.trace.db, …)'],
  ['trace-rec -p 1234', 'attach to a running process; Ctrl-C detaches and leaves it running'],
  ['trace-rec --no-pin -q make', 'let tracer and tracees use all CPUs; no summary line'],
];

function parser(argv: string[]) {
  return yargs(argv)
    .scriptName('trace-rec')
    .help(false)
    .version(false)
    .usage('Usage: trace-rec [options] [--] PROG [ARGS…]\n       trace-rec [options] -p PID\n\nRecord every ptrace stop of a program, with registers and argument memory, into one SQLite file.')
    .parserConfiguration({ 'halt-at-non-option': true, 'parse-positional-numbers': false, 'unknown-options-as-args': false })
    .option('output', { alias: 'o', type: 'string', describe: 'recording file (default: PROG.trace.db, never overwritten)' })
    .option('force', { alias: 'f', type: 'boolean', default: false, describe: 'overwrite the output file if it exists' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no summary line or progress on stderr' })
    .option('pin', { type: 'boolean', default: true, describe: 'pin tracer and tracees to one CPU (--no-pin: do not)' })
    .option('capture-bytes', { type: 'number', default: 65536, describe: 'bytes of each buffer argument to capture' })
    .option('attach', { alias: 'p', type: 'number', describe: 'attach to the running process PID and its threads' })
    .option('help', { alias: 'h', type: 'boolean', describe: 'show this help' })
    .option('version', { alias: 'V', type: 'boolean', describe: 'show the version' })
    .example(EXAMPLES)
    .epilogue('Exit status: the program\'s own (128+N if signal N killed it); 1 if recording failed; 2 on a usage error.')
    .strict()
    .wrap(100)
    .exitProcess(false)
    .fail((msg, err) => {
      throw new UsageError(msg ?? err?.message ?? 'invalid arguments');
    });
}

/** argv (without node and the script) → what trace-rec should do. */
export async function parseRecArgs(argv: string[]): Promise<ParsedRecArgs> {
  const y = parser(argv);
  const a = y.parseSync();
  if (a.help) return { kind: 'help', text: await y.getHelp() };
  if (a.version) return { kind: 'version' };
  const command = a._.map(String);
  if (a.attach !== undefined && command.length > 0) throw new UsageError('give either a program to run or -p PID, not both');
  if (a.attach === undefined && command.length === 0) throw new UsageError('no program given (see trace-rec --help)');
  if (a.attach !== undefined && !(Number.isInteger(a.attach) && a.attach > 0)) throw new UsageError(`-p needs a process id, got '${String(a.attach)}'`);
  const captureBytes = a['capture-bytes'];
  if (!Number.isInteger(captureBytes) || captureBytes < 0 || captureBytes > 1 << 26) {
    throw new UsageError(`--capture-bytes must be a whole number from 0 to ${1 << 26}`);
  }
  return {
    kind: 'record',
    command: command.length > 0 ? command : null,
    attach: a.attach ?? null,
    output: a.output ?? null,
    force: a.force,
    quiet: a.quiet,
    pin: a.pin,
    captureBytes,
  };
}
