import { loadYargs } from '@tracedb/native/bundle';
import { mendHelpText, parseColorWhen, terminalWidth } from '@tracedb/native/terminal';
import type { ColorWhen } from '@tracedb/native/terminal';
import { didYouMean } from './did-you-mean.js';
import { UsageError } from './errors.js';
import { parseSyscallSet } from '@tracedb/native';
import { REC_OPTIONS, RECORD_QUALIFIERS, TRACING_QUALIFIERS } from './rec-options.js';
import type { RecOption } from './rec-options.js';

export interface RecCommand {
  readonly kind: 'record';
  readonly command: string[] | null;
  readonly attach: number | null;
  readonly output: string | null;
  readonly force: boolean;
  readonly quiet: boolean;
  readonly pin: boolean;
  readonly captureBytes: number;
  /** --replayable (see replay-controls.ts). */
  readonly replayable: boolean;
  /** --trap-cpuid: with --replayable, cpuid faults and is answered and recorded. */
  readonly trapCpuid: boolean;
  /** strace's -E, in order: VAR=VAL sets, VAR unsets. */
  readonly envChanges: string[];
  /** strace's -u. */
  readonly user: string | null;
  readonly color: ColorWhen;
  /** -e trace=SET: only these syscalls stop (a seccomp-bpf filter); null: every syscall. */
  readonly filter: SyscallFilter | null;
}

/** A record-time filter: the set as typed and its keys (parseSyscallSet's: x86_64 numbers, I386_KEY + i386 ones). */
export interface SyscallFilter {
  readonly trace: string;
  readonly keys: readonly number[];
}

export type ParsedRecArgs = RecCommand | { readonly kind: 'help'; readonly text: string } | { readonly kind: 'version' };

const MAX_CAPTURE = 1 << 26;
/** pid_t's largest: a bigger -p is refused as a typo, a smaller missing one by the kernel. */
const PID_MAX = 2 ** 31 - 1;

export const USAGE =
  'Usage: trace-rec [options] [--] PROG [ARGS…]\nUsage: trace-rec [options] -p PID\n\n' +
  'Record every ptrace stop of a program, with registers and argument memory, into one SQLite file.';

export const EXAMPLES: [string, string][] = [
  ['trace-rec -o ls.db -- ls -l /', 'record ls and everything it runs into ls.db'],
  ['trace-rec ./server --port 8080', 'record into server.trace.db (then server-1.trace.db, …)'],
  ['trace-rec -p 1234', 'attach to a running process; Ctrl-C detaches and leaves it running'],
  ['trace-rec -E LANG=C -E TZ -u nobody id', 'as strace: LANG set, TZ removed, run as nobody'],
  ['trace-rec --no-pin -q make', 'let tracer and tracees use all CPUs; no summary line'],
  ['trace-rec --replayable -o run.db ./prog', 'record what trace-replay needs to run it again'],
  ['trace-rec -e trace=%file,%process make', 'only file and process syscalls stop (strace --seccomp-bpf)'],
];

const byLong = new Map(REC_OPTIONS.filter((o) => o.name !== '').map((o) => [o.name, o]));
const byShort = new Map(REC_OPTIONS.filter((o) => o.short !== undefined).map((o) => [o.short!, o]));
const ours = REC_OPTIONS.filter((o) => o.kind === 'ours');
const spell = (o: RecOption): string => (o.name !== '' ? `--${o.name}` : `-${o.short}`);
const letters = (kind: RecOption['kind']): string =>
  REC_OPTIONS.filter((o) => o.kind === kind && o.short !== undefined).map((o) => `-${o.short}`).join(' ');

export const EPILOGUE =
  'strace options: -o, -p, -q, -E and -u mean what they mean to strace; -f, -ff and -F are accepted and change nothing ' +
  '(trace-rec always follows forks). trace-rec records every syscall unless -e trace=SET (--trace) picks some, so the ' +
  `options that choose what a trace shows (${letters('display')}, -e signal=… and their long forms) are trace-q's: ` +
  'trace-q REC -e trace=openat -s 100. ' +
  `Those that act while tracing (${letters('tracing')}, -e inject=, -e fault=) trace-rec does not have.\n\n` +
  'The SHA-256 of the files a program maps is kept in $XDG_CACHE_HOME/tracedb/file-hashes.db (~/.cache/tracedb/) by ' +
  'device, inode, size, mtime and ctime, so that each file is read once, not at every recording; the cache may be removed at any time.\n\n' +
  "Exit status: the program's own (128+N if signal N killed it); 1 if recording failed; 2 on a usage error.";

/** --help, formatted by yargs (loaded only then) from REC_OPTIONS, at the terminal's width. */
async function helpText(): Promise<string> {
  const yargs = await loadYargs();
  let y = yargs([]).scriptName('trace-rec').usage(USAGE).help(false).version(false).wrap(terminalWidth());
  for (const o of ours) {
    const type = o.type === 'list' ? 'array' : o.type;
    y = y.option(o.name, { alias: o.short, type, default: o.default, describe: o.describe });
  }
  return mendHelpText(await y.example(EXAMPLES).epilogue(EPILOGUE).getHelp());
}

/** The one line for a strace option trace-rec does not take; `typed` is the option as given. */
function refusal(o: RecOption, typed: string): string {
  const tracing = (does: string): string => `${typed} (strace: ${does}) acts while tracing, and trace-rec does not have it: it records every stop, unchanged`;
  if (o.kind === 'tracing') return tracing(o.does!);
  const qualifier = o.short === 'e' ? /^([a-z-]+)=/.exec(typed.replace(/^-e\s*/, ''))?.[1] : undefined;
  if (qualifier !== undefined && Object.hasOwn(TRACING_QUALIFIERS, qualifier)) {
    return tracing(TRACING_QUALIFIERS[qualifier]);
  }
  return `${typed} chooses what a trace shows: trace-rec records everything, and 'trace-q REC ${typed}' shows it that way`;
}

/** A whole number from `min` to `max`, written as digits only. */
function wholeNumber(text: string, what: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) {
    throw new UsageError(`${what} needs a whole number from ${min}${max === PID_MAX ? '' : ` to ${max}`}, got '${text}'`);
  }
  return n;
}

/** argv (without node and the script) → what trace-rec should do. */
export async function parseRecArgs(argv: string[]): Promise<ParsedRecArgs> {
  const values = new Map<string, string[]>();
  const flags = new Map<string, boolean>();
  let i = 0;
  const take = (typed: string, attached: string | undefined): string => {
    if (attached !== undefined) return attached;
    if (i + 1 >= argv.length) throw new UsageError(`${typed} needs a value (see trace-rec --help)`);
    return argv[++i];
  };
  const use = (o: RecOption, value: string | undefined): void => {
    if (o.kind === 'no-op') return;
    if (o.name === 'color') values.set(o.name, [...(values.get(o.name) ?? []), value ?? 'always']);
    else if (value === undefined) flags.set(o.name, true);
    else values.set(o.name, [...(values.get(o.name) ?? []), value]);
  };
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const attached = eq < 0 ? undefined : arg.slice(eq + 1);
      const negated = name.startsWith('no-') ? byLong.get(name.slice(3)) : undefined;
      if (negated?.name === 'color' && attached === undefined) {
        use(negated, 'never');
        continue;
      }
      if (negated !== undefined && negated.kind === 'ours' && negated.type === 'boolean' && attached === undefined) {
        flags.set(negated.name, false);
        continue;
      }
      const o = byLong.get(name);
      if (o === undefined) {
        const negatable = ours.filter((x) => x.type === 'boolean' || x.name === 'color').map((x) => `no-${x.name}`);
        const guess = didYouMean(name, [...byLong.keys(), ...negatable]);
        throw new UsageError(`unknown option '--${name}'${guess !== null ? `; did you mean --${guess}?` : ' (see trace-rec --help)'}`);
      }
      if (o.value === 'none' && attached !== undefined) throw new UsageError(`--${name} takes no value`);
      if (o.kind === 'display' || o.kind === 'tracing') {
        throw new UsageError(refusal(o, o.value === 'value' && attached === undefined && i + 1 < argv.length ? `${arg} ${argv[i + 1]}` : arg));
      }
      use(o, o.value === 'value' ? take(`--${name}`, attached) : attached);
      continue;
    }
    // a cluster of letters: -qf, -ff, -ofile, -o file, -E VAR=VAL; but -force is a typo, not -f -o rce
    const long = byLong.get(arg.slice(1));
    if (arg.length > 2 && long?.kind === 'ours') throw new UsageError(`unknown option '${arg}'; did you mean --${long.name}?`);
    for (let j = 1; j < arg.length; j++) {
      const o = byShort.get(arg[j]);
      if (o === undefined) {
        throw new UsageError(`unknown option '-${arg[j]}'${j > 1 ? ` in '${arg}'` : ''} (see trace-rec --help)`);
      }
      const rest = arg.slice(j + 1);
      if (o.value === 'none') {
        if (o.kind === 'display' || o.kind === 'tracing') throw new UsageError(refusal(o, arg));
        use(o, undefined);
        continue;
      }
      if (o.short === 'e') {
        const expr = take('-e', rest === '' ? undefined : rest);
        const q = /^([a-z_-]+)=/.exec(expr)?.[1];
        if (q === undefined || Object.hasOwn(RECORD_QUALIFIERS, q)) {
          use(byLong.get(RECORD_QUALIFIERS[q ?? 'trace'])!, q === undefined ? expr : expr.slice(q.length + 1));
          break;
        }
        throw new UsageError(refusal(o, rest === '' ? `${arg} ${expr}` : arg));
      }
      if (o.kind !== 'ours') {
        const typed = o.value === 'value' && rest === '' && i + 1 < argv.length ? `${arg} ${argv[i + 1]}` : arg;
        throw new UsageError(refusal(o, typed));
      }
      use(o, o.value === 'value' ? take(`-${o.short}`, rest === '' ? undefined : rest) : rest === '' ? undefined : rest);
      break;
    }
  }
  const command = argv.slice(i);

  if (flags.get('help')) return { kind: 'help', text: await helpText() };
  if (flags.get('version')) return { kind: 'version' };
  const one = (name: string): string | undefined => {
    const v = values.get(name);
    if (v !== undefined && v.length > 1) throw new UsageError(`--${name} given more than once`);
    return v?.[0];
  };
  const output = one('output');
  if (output === '') throw new UsageError('--output needs a file name, got an empty one');
  const attachText = one('attach');
  const attach = attachText === undefined ? null : wholeNumber(attachText, '-p', 1, PID_MAX);
  const captureText = one('capture-bytes');
  const captureBytes = captureText === undefined ? (byLong.get('capture-bytes')!.default as number) : wholeNumber(captureText, '--capture-bytes', 0, MAX_CAPTURE);
  const user = one('user') ?? null;
  if (user === '') throw new UsageError('-u needs a user name, got an empty one');
  let color: ColorWhen = 'auto';
  for (const word of values.get('color') ?? []) {
    const w = parseColorWhen(word);
    if (w === null) throw new UsageError(`--color takes auto, always or never (also yes/force, no/none), got '${word}'`);
    color = w; // the last one wins, as in grep
  }
  if (attach !== null && command.length > 0) throw new UsageError('give either a program to run or -p PID, not both');
  if (attach === null && command.length === 0) throw new UsageError('no program given (see trace-rec --help)');
  const envChanges = values.get('env') ?? [];
  const replayable = flags.get('replayable') ?? false;
  if (attach !== null && replayable) throw new UsageError('--replayable is for a program trace-rec starts, not with -p');
  const trapCpuid = flags.get('trap-cpuid') ?? false;
  if (trapCpuid && !replayable) throw new UsageError('--trap-cpuid goes with --replayable');
  const trace = one('trace');
  const filter = trace === undefined ? null : { trace, keys: [...parseSyscallSet(trace)] };
  if (filter !== null) {
    if (replayable) throw new UsageError('--replayable records every syscall: it does not go with -e trace= (trace-replay cannot replay a partial recording)');
    if (attach !== null) throw new UsageError('-e trace= is for a program trace-rec starts, not with -p (the filter is installed at its execve)');
    if (flags.get('pin') === true) throw new UsageError('--pin does not go with -e trace=: a pinned program is shown its untraced CPU mask at sched_getaffinity\'s stops, which the filter takes away');
  }
  if (attach !== null && (envChanges.length > 0 || user !== null)) throw new UsageError(`${envChanges.length > 0 ? '-E' : '-u'} is for a program trace-rec starts, not with -p`);
  return {
    kind: 'record',
    command: command.length > 0 ? command : null,
    attach,
    output: output ?? null,
    force: flags.get('force') ?? false,
    quiet: flags.get('quiet') ?? false,
    pin: flags.get('pin') ?? filter === null,
    captureBytes,
    replayable,
    trapCpuid,
    envChanges,
    user,
    color,
    filter,
  };
}
