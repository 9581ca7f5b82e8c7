import parser from 'yargs-parser';
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

interface OptionSpec {
  readonly alias?: string;
  readonly type: 'string' | 'boolean' | 'number';
  readonly default?: unknown;
  readonly describe: string;
}

/** Every option, once: what the parser reads and what --help shows. */
const OPTIONS: Readonly<Record<string, OptionSpec>> = {
  output: { alias: 'o', type: 'string', describe: 'recording file (default: PROG.trace.db, never overwritten)' },
  force: { alias: 'f', type: 'boolean', default: false, describe: 'overwrite the output file if it exists' },
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'no summary line or progress on stderr' },
  pin: { type: 'boolean', default: true, describe: 'pin tracer and tracees to one CPU (--no-pin: do not)' },
  'capture-bytes': { type: 'number', default: 65536, describe: 'bytes of each buffer argument to capture' },
  attach: { alias: 'p', type: 'number', describe: 'attach to the running process PID and its threads' },
  help: { alias: 'h', type: 'boolean', describe: 'show this help' },
  version: { alias: 'V', type: 'boolean', describe: 'show the version' },
};

const USAGE =
  'Usage: trace-rec [options] [--] PROG [ARGS…]\n       trace-rec [options] -p PID\n\n' +
  'Record every ptrace stop of a program, with registers and argument memory, into one SQLite file.';

const EXAMPLES: [string, string][] = [
  ['trace-rec -o ls.db -- ls -l /', 'record ls and everything it runs into ls.db'],
  ['trace-rec ./server --port 8080', 'record into server.trace.db (then server-1.trace.db, …)'],
  ['trace-rec -p 1234', 'attach to a running process; Ctrl-C detaches and leaves it running'],
  ['trace-rec --no-pin -q make', 'let tracer and tracees use all CPUs; no summary line'],
];

const EPILOGUE = "Exit status: the program's own (128+N if signal N killed it); 1 if recording failed; 2 on a usage error.";

const KNOWN = new Set(Object.entries(OPTIONS).flatMap(([name, o]) => (o.alias ? [name, o.alias] : [name])));
const ofType = (t: OptionSpec['type']): string[] => Object.keys(OPTIONS).filter((k) => OPTIONS[k].type === t);

/**
 * --help is formatted by yargs, loaded only then: parsing itself uses yargs-parser (the parser
 * inside yargs, same rules) because loading all of yargs is a good part of trace-rec's start-up.
 */
async function helpText(): Promise<string> {
  const { default: yargs } = await import('yargs');
  let y = yargs([]).scriptName('trace-rec').usage(USAGE).help(false).version(false).wrap(100);
  for (const [name, o] of Object.entries(OPTIONS)) y = y.option(name, { alias: o.alias, type: o.type, default: o.default, describe: o.describe });
  return y.example(EXAMPLES).epilogue(EPILOGUE).getHelp();
}

/** argv (without node and the script) → what trace-rec should do. */
export async function parseRecArgs(argv: string[]): Promise<ParsedRecArgs> {
  const r = parser.detailed(argv, {
    alias: Object.fromEntries(Object.entries(OPTIONS).flatMap(([k, o]) => (o.alias ? [[k, o.alias]] : []))),
    boolean: ofType('boolean'),
    string: ofType('string'),
    number: ofType('number'),
    default: Object.fromEntries(Object.entries(OPTIONS).flatMap(([k, o]) => (o.default !== undefined ? [[k, o.default]] : []))),
    configuration: { 'halt-at-non-option': true, 'parse-positional-numbers': false, 'camel-case-expansion': false, 'strip-aliased': true },
  });
  if (r.error) throw new UsageError(r.error.message);
  const a = r.argv;
  for (const key of Object.keys(a)) {
    if (key !== '_' && key !== '--' && !KNOWN.has(key)) throw new UsageError(`Unknown argument: ${key}`);
  }
  if (a.help) return { kind: 'help', text: await helpText() };
  if (a.version) return { kind: 'version' };
  for (const name of ['output', 'capture-bytes', 'attach']) {
    if (Array.isArray(a[name])) throw new UsageError(`--${name} given more than once`);
    if (name in a && a[name] === undefined) throw new UsageError(`Not enough arguments following: ${name}`);
  }
  if (a.output === '') throw new UsageError('Not enough arguments following: output');
  const command = [...(a._ as (string | number)[]), ...((a['--'] as string[] | undefined) ?? [])].map(String);
  const attach = a.attach as number | undefined;
  if (attach !== undefined && command.length > 0) throw new UsageError('give either a program to run or -p PID, not both');
  if (attach === undefined && command.length === 0) throw new UsageError('no program given (see trace-rec --help)');
  if (attach !== undefined && !(Number.isInteger(attach) && attach > 0)) throw new UsageError('-p needs a process id (a positive whole number)');
  const captureBytes = a['capture-bytes'] as number;
  if (!Number.isInteger(captureBytes) || captureBytes < 0 || captureBytes > 1 << 26) {
    throw new UsageError(`--capture-bytes must be a whole number from 0 to ${1 << 26}`);
  }
  return {
    kind: 'record',
    command: command.length > 0 ? command : null,
    attach: attach ?? null,
    output: (a.output as string | undefined) ?? null,
    force: a.force as boolean,
    quiet: a.quiet as boolean,
    pin: a.pin as boolean,
    captureBytes,
  };
}
