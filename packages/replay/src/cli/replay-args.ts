import { loadYargs } from '@tracedb/native/bundle';
import type { YargsOptionRow } from '@tracedb/native/cli-doc';
import { terminalWidth } from '@tracedb/native/terminal';
import { UsageError } from './errors.js';

/** What one trace-replay run is asked to do. */
export interface ReplayCommand {
  readonly kind: 'replay';
  readonly recording: string;
  /** false: inject (feed the recorded inputs); true: rerun for real and compare. */
  readonly verify: boolean;
  /** --verify: keep the live recording there. */
  readonly output: string | null;
  /** Inject: record the replayed run there. */
  readonly recordTo: string | null;
  /** Inject: the working directory to start in instead of the recorded one. */
  readonly cwd: string | null;
  /** Inject: do not echo what the program wrote to its stdout and stderr. */
  readonly quiet: boolean;
  /** Inject: replay a recording that lacks what --replayable adds. */
  readonly force: boolean;
  /** Inject: stop there (a stop seq, or a filter such as 'syscall=openat,path=*.conf'). */
  readonly until: string | null;
}

export type ParsedReplayArgs = ReplayCommand | { readonly kind: 'help'; readonly text: string } | { readonly kind: 'version' };

export const EXAMPLES: [string, string][] = [
  ['trace-rec --replayable -o run.db -- ./prog', 'record a run that can be replayed'],
  ['trace-replay run.db', 'run it again on its recorded inputs; nothing outside is touched'],
  ['trace-replay --verify run.db', 'rerun it for real and name the first stop where it departs from the recording'],
  ['trace-replay --record-to again.db run.db && trace-diff run.db again.db', 'record the replay and compare'],
  ["trace-replay --until 'syscall=openat,path=*.conf' run.db", 'stop the program there and attach gdb'],
];

export const USAGE =
  'Usage: trace-replay [options] RECORDING\n\n' +
  'Run a recording made by trace-rec again. By default the program is fed its recorded inputs (file contents, clock, ' +
  'random bytes, pids, network answers) without touching the outside world: its writes are compared with the ' +
  'recording and only its stdout and stderr reach yours. With --verify it is rerun for real and compared stop by stop. ' +
  'Either way the first stop where the run departs from the recording is named, with its likely cause.';

export const EPILOGUE =
  "Exit status: the recorded program's status when the replay reached the recorded end; 3 at a divergence (inject); " +
  '--verify: 0 when every stop matched (timing aside), 1 at a divergence; 2 on trouble; 130 on Ctrl-C.';

/** trace-replay's options: the parser, --help, the man page and the completions read them. */
export const REPLAY_OPTIONS: readonly (YargsOptionRow & { readonly type: 'string' | 'boolean'; readonly default?: boolean })[] = [
  { name: 'verify', type: 'boolean', default: false, describe: 'rerun for real (nothing emulated) and compare with the recording' },
  { name: 'output', alias: 'o', type: 'string', describe: 'with --verify: keep the live recording in this file' },
  { name: 'record-to', type: 'string', describe: 'record the replayed run into this file (a recording like any other)' },
  { name: 'cwd', type: 'string', describe: 'start in this directory instead of the recorded one' },
  { name: 'quiet', alias: 'q', type: 'boolean', default: false, describe: "do not echo the program's stdout and stderr" },
  { name: 'force', type: 'boolean', default: false, describe: 'replay a recording made without --replayable' },
  { name: 'until', type: 'string', describe: "stop at this stop seq (or filter, e.g. 'syscall=openat,path=*.conf') and leave the program stopped for gdb" },
  { name: 'help', alias: 'h', type: 'boolean', describe: 'show this help' },
  { name: 'version', alias: 'V', type: 'boolean', describe: 'show the version' },
];

async function parser(argv: string[]) {
  const yargs = await loadYargs();
  let y = yargs(argv).scriptName('trace-replay').help(false).version(false).usage(USAGE).parserConfiguration({ 'parse-positional-numbers': false });
  for (const { name, alias, type, default: dflt, describe } of REPLAY_OPTIONS) y = y.option(name, { alias, type, default: dflt, describe });
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

/** argv (without node and the script) → what trace-replay should do. */
export async function parseReplayArgs(argv: string[]): Promise<ParsedReplayArgs> {
  const y = await parser(argv);
  const a = y.parseSync() as unknown as {
    _: (string | number)[];
    help?: boolean;
    version?: boolean;
    verify: boolean;
    output?: string;
    'record-to'?: string;
    cwd?: string;
    quiet: boolean;
    force: boolean;
    until?: string;
  };
  if (a.help) return { kind: 'help', text: await y.getHelp() };
  if (a.version) return { kind: 'version' };
  const files = a._.map(String);
  if (files.length !== 1) throw new UsageError(`expected one recording, got ${files.length} (see trace-replay --help)`);
  const only = (name: string, given: unknown, mode: string): void => {
    if (given !== undefined && given !== false) throw new UsageError(`${name} goes with ${mode}`);
  };
  if (a.verify) {
    for (const [n, v] of [['--record-to', a['record-to']], ['--until', a.until], ['--force', a.force], ['--cwd', a.cwd], ['--quiet', a.quiet]] as const) {
      only(n, v, 'inject replay (without --verify)');
    }
  } else only('-o', a.output, '--verify (inject replay records with --record-to)');
  return {
    kind: 'replay',
    recording: files[0],
    verify: a.verify,
    output: a.output ?? null,
    recordTo: a['record-to'] ?? null,
    cwd: a.cwd ?? null,
    quiet: a.quiet,
    force: a.force,
    until: a.until ?? null,
  };
}
