import { loadYargs } from '@tracedb/native/bundle';
import { terminalWidth } from '@tracedb/native/terminal';
import type { Argv } from 'yargs';
import { parseErrnoList } from '../filter/errno-set.js';
import { emptyFilter, isEmptyFilter } from '../filter/filter.js';
import type { Filter, TimePoint } from '../filter/filter.js';
import { parseSignalSet } from '../filter/signal-set.js';
import { parseSyscallSet } from '@tracedb/native';
import { parseSummaryColumns, summarySortKey } from '../view/summary-columns.js';
import type { SummaryColumn, SummarySort } from '../view/summary-columns.js';
import { FD_DECODE_ALL, FdDecode } from '../render/render-options.js';
import { UsageError } from './errors.js';
import { QUERY_OPTIONS } from './query-options.js';
import type { ParsedOptions } from './query-options.js';
import { quickParse } from './quick-parse.js';
import { refusal, straceArgv } from './strace-argv.js';
import { last, parseExpressions, QUIET_LEVELS, SYSCALL_STATUSES } from './strace-expressions.js';
import type { QuietMessage } from './strace-expressions.js';

export type Format = 'strace' | 'json' | 'ndjson' | 'csv' | 'perfetto';
export type View = 'list' | 'summary' | 'tree' | 'info' | 'sql' | 'html';
export type { SummarySort } from '../view/summary-columns.js';

/** The strace rendering options (the renderer's RenderOptions; pidColumn null: decide from the recording). */
export interface RenderSettings {
  readonly stringLimit: number;
  readonly hex: 0 | 1 | 2;
  readonly decodeFds: number;
  readonly decodePids: boolean;
  readonly align: number;
  readonly timestamps: 0 | 1 | 2 | 3;
  readonly relative: boolean;
  readonly syscallTimes: boolean;
  readonly relativeDigits: 0 | 3 | 6 | 9;
  readonly syscallTimesDigits: 0 | 3 | 6 | 9;
  readonly numbers: boolean;
  readonly consts: 'raw' | 'abbrev' | 'verbose';
  readonly verbose: boolean;
  readonly instructionPointer: boolean;
  readonly pidColumn: boolean | null;
  /** -e abbrev=, verbose=, raw=: the syscalls (by number) each applies to; null: strace's default (-v decides abbrev). */
  readonly abbrevSet: ReadonlySet<number> | null;
  readonly verboseSet: ReadonlySet<number> | null;
  readonly rawSet: ReadonlySet<number> | null;
  /** -e read=, write=: the descriptors whose data is dumped in hex. */
  readonly readFds: ReadonlySet<number> | null;
  readonly writeFds: ReadonlySet<number> | null;
  /** -q, -qq, -qqq, -e quiet=: the messages left out. */
  readonly quiet: ReadonlySet<QuietMessage>;
}

/** -o FILE: where the output goes; separately: one FILE.TID per thread (-ff). */
export interface Output {
  readonly file: string;
  readonly separately: boolean;
}

export interface QueryCommand {
  readonly kind: 'query';
  readonly file: string;
  readonly view: View;
  /** -C: the strace output, then the summary. */
  readonly withSummary: boolean;
  readonly format: Format;
  readonly filter: Filter;
  readonly render: RenderSettings;
  readonly summarySort: SummarySort;
  /** -w: the summary's times are wall-clock times from entry to exit, not system times. */
  readonly wallClock: boolean;
  /** -U: the summary's columns; null: strace's default ones. */
  readonly summaryColumns: readonly SummaryColumn[] | null;
  readonly sql: string | null;
  /** --html FILE: where the timeline page goes. */
  readonly html: string | null;
  /** --timeout: seconds the whole run may take, null for no limit. */
  readonly timeout: number | null;
  readonly output: Output | null;
}

export type ParsedQueryArgs = QueryCommand | { readonly kind: 'help'; readonly text: string } | { readonly kind: 'version' };

export const EXAMPLES: [string, string][] = [
  ['trace-q ls.db', 'the whole recording, as strace -f would have printed it'],
  ['trace-q ls.db --syscall openat,read', 'only openat and read (also: -e trace=openat,read)'],
  ['trace-q ls.db -e trace=%file', "strace's classes: %file %network %process %signal %memory %desc %creds %ipc %clock %stat %lstat %fstat %statfs %fstatfs %pure"],
  ["trace-q ls.db --syscall '!/^(mmap|mprotect)$'", 'a leading ! negates the set; /regex matches names'],
  ['trace-q ls.db --pid 1234 --children', 'process 1234 and everything it started'],
  ['trace-q ls.db --tid 1236', 'one thread'],
  ["trace-q ls.db --path '/etc/*'", 'syscalls on matching paths, or on descriptors opened from them (strace -P, with a glob)'],
  ['trace-q ls.db --fd 3', 'syscalls that use descriptor 3, or returned it'],
  ['trace-q ls.db --failed', 'syscalls that returned an error (-Z; --successful is -z)'],
  ['trace-q ls.db --errno ENOENT,EACCES', 'failed with one of these errors'],
  ['trace-q ls.db --since 0.5 --until 1.25', 'seconds from the start of the recording'],
  ['trace-q ls.db --since @1000 --limit 20', 'from stop seq 1000 on, the first 20 syscalls'],
  ['trace-q ls.db --signal SIGCHLD', 'the syscalls, and of the signals only SIGCHLD (strace -e signal=SIGCHLD; also none, all, !SIGCHLD)'],
  ['trace-q ls.db --syscall none --signal SIGCHLD', 'only the SIGCHLD deliveries and the exits (strace -e trace=none -e signal=SIGCHLD)'],
  ['trace-q ls.db -e read=3 -e write=1,2', 'hex dumps of the data read from fd 3 and written to 1 and 2'],
  ['trace-q ls.db -e raw=ioctl -e verbose=!execve', 'ioctl undecoded; execve\'s argv and envp as addresses'],
  ['trace-q ls.db -ff -o ls.trace', 'one file per thread: ls.trace.TID, as strace -ff -o'],
  ["trace-q ls.db --where \"name = 'read' AND a2 > 4096\"", 'any SQL expression over the syscalls view'],
  ['trace-q ls.db --errno ENOENT --context 2', 'two syscalls before and after each match, groups split by --'],
  ["trace-q ls.db --sql 'SELECT errno, count(*) FROM syscalls GROUP BY 1'", 'any read-only query, as a table'],
  ['trace-q ls.db --format ndjson --syscall openat', 'a header, then one JSON object per event (also json, csv)'],
  ['trace-q ls.db -c -S calls', 'strace -c summary (system time in each syscall), sorted by calls'],
  ['trace-q ls.db -c -w', 'the summary of wall-clock time from entry to exit (strace -c -w)'],
  ['trace-q ls.db --tree', 'the process tree'],
  ['trace-q ls.db --html ls.html', 'the timeline as one HTML page: a lane per thread, zoom, a click shows the strace line'],
  ['trace-q ls.db --format perfetto -o ls.json', 'the timeline for ui.perfetto.dev or chrome://tracing (Trace Event JSON)'],
  ['trace-q ls.db --info -v', 'how the recording was made, with the environment'],
];

export const USAGE = 'Usage: trace-q RECORDING [options]\n\nRead a tracedb recording: filter it, print it like strace, summarise it, query it with SQL.';

export const EPILOGUE =
  'SQL: --where and --sql see the tables recording, stops, syscalls (view), processes, threads, execs, memory, mapped_files.\n' +
  'Subcommands (each with its --help): trace-q import (a strace log), export (Parquet), fleet (SQL over an export), upgrade (an older recording).\n' +
  'Exit status: 0 on success, 2 on bad input (options, filters, a file that is not a readable recording).';

/**
 * yargs, configured from QUERY_OPTIONS. Numbers are parsed as text (checked by wholeNumber, so
 * that `-s 08` or `1e3` are judged as strace judges them); only --help shows them as [number].
 */
async function parser(argv: string[], forHelp = false): Promise<Argv> {
  const yargs = await loadYargs();
  let y = yargs(argv)
    .scriptName('trace-q')
    .help(false)
    .version(false)
    .usage(USAGE)
    .parserConfiguration({ 'parse-positional-numbers': false, 'unknown-options-as-args': false, 'duplicate-arguments-array': true });
  for (const g of QUERY_OPTIONS) {
    if (g.title !== null) y = y.group(g.options.map((o) => o.name), g.title);
    for (const o of g.options) {
      const type = forHelp && o.numeric ? 'number' : o.type;
      y = y.option(o.name, { type, describe: o.describe, ...(o.alias !== undefined ? { alias: o.alias } : {}), ...(o.defaultFalse ? { default: false } : {}) });
    }
  }
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

/** A repeatable option's values (yargs gives a string once, an array when repeated). */
function all(value: string | readonly string[] | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
}

/** Splits repeated and comma-separated option values: `--pid 1,2 --pid 3` → ['1','2','3']. */
function items(value: string | readonly string[] | undefined): string[] {
  return all(value).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function wholeNumber(text: string, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) {
    const range = max < Number.MAX_SAFE_INTEGER ? ` from ${min} to ${max}` : min > 0 ? ` from ${min}` : '';
    throw new UsageError(`${what} wants a whole number${range}, got '${text}'`);
  }
  return Number(text);
}

/** strace 6.1's own bounds: -s up to INT_MAX / 2, -a up to INT_MAX. */
const MAX_STRING_LIMIT = 0x3fffffff;
const MAX_COLUMN = 0x7fffffff;

function timePoint(text: string | undefined, what: string): TimePoint | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (/^@\d+$/.test(t)) return { kind: 'seq', seq: wholeNumber(t.slice(1), what) };
  if (/^\d+(\.\d*)?$|^\.\d+$/.test(t)) return { kind: 'time', ns: Math.round(Number(t) * 1e9) };
  throw new UsageError(`${what} wants seconds from the start (e.g. 1.5) or @SEQ (a stop), got '${text}'`);
}


function oneOf<T extends string>(text: string | undefined, what: string, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`${what} takes ${allowed.join(', ')}; got '${text}'`);
  return text as T;
}

/**
 * argv (without node and the script) → what trace-q should do. The usual command lines are
 * read by quickParse; yargs, loaded only for the others, reads them all the same way
 * (`quick: false` makes it read every one, for the tests that check this).
 */
export async function parseQueryArgs(argv: string[], opts: { quick?: boolean } = {}): Promise<ParsedQueryArgs> {
  argv = straceArgv(argv);
  let a = opts.quick === false ? null : quickParse(argv);
  if (a === null) {
    const y = await parser(argv);
    a = y.parseSync() as unknown as ParsedOptions;
    if (a.help) return { kind: 'help', text: await (await parser([], true)).getHelp() };
  }
  if (a.version) return { kind: 'version' };
  for (const g of QUERY_OPTIONS) {
    // grouped short options (-vd) pass straceArgv
    for (const o of g.options) if (o.refused !== undefined && (a as unknown as Record<string, unknown>)[o.name]) throw refusal(o.name.length === 1 ? `-${o.name}` : `--${o.name}`, o);
  }
  for (const name of ['since', 'until', 'limit', 'context', 'format', 'S', 'U', 'X', 's', 'a', 'sql', 'html', 'o', 'timeout'] as const) {
    if (Array.isArray(a[name])) throw new UsageError(`-${name.length > 1 ? '-' : ''}${name} given more than once`);
  }
  const files = a._.map(String);
  if (files.length === 0) throw new UsageError('no recording given (see trace-q --help)');
  if (files.length > 1) throw new UsageError(`one recording at a time, got ${files.length}: ${files.join(' ')}`);

  const joined = (v: string | readonly string[] | undefined): string[] => (all(v).length === 0 ? [] : [all(v).join(',')]);
  const expr = parseExpressions(all(a.e), {
    read: joined(a.read), write: joined(a.write), verbose: joined(a.verbose), raw: joined(a.raw),
    abbrev: all(a.abbrev), quiet: all(a.quiet), status: all(a.status), decodeFds: all(a['decode-fds']),
    decodePids: all(a['decode-pids']),
  });
  const signalList = all(a.signal).join(',');
  const signalSets = [...(signalList === '' ? [] : [parseSignalSet(signalList)]), ...expr.signals];
  const quiet = new Set([...QUIET_LEVELS[Math.min(a.q, 3)], ...(last(expr.quiet) ?? [])]);
  if (a.failed && a.successful) throw new UsageError('--failed and --successful exclude each other');
  const statusSets = [...expr.status, ...(a.failed ? [new Set(['failed'] as const)] : []), ...(a.successful ? [new Set(['successful'] as const)] : [])];
  const status = statusSets.length === 0 ? null : SYSCALL_STATUSES.filter((st) => statusSets.every((set) => set.has(st)));
  if (a.y > 0 && expr.decodeFds.length > 0) throw new UsageError('-y and --decode-fds cannot be provided simultaneously');
  const where = all(a.where).map((w) => w.trim());
  const filter: Filter = {
    ...emptyFilter,
    syscalls: [...all(a.syscall).map((s) => parseSyscallSet(s)), ...expr.syscalls],
    pids: items(a.pid).map((p) => wholeNumber(p, '--pid', 1)),
    tids: items(a.tid).map((t) => wholeNumber(t, '--tid', 1)),
    children: a.children,
    paths: all(a.path).map(checkGlob),
    fds: items(a.fd).map((f) => wholeNumber(f, '--fd')),
    status: status?.length === SYSCALL_STATUSES.length ? null : status,
    errnos: items(a.errno).flatMap((e) => parseErrnoList(e)),
    since: timePoint(a.since, '--since'),
    until: timePoint(a.until, '--until'),
    signals: signalSets.length === 0 ? null : new Set([...signalSets[0]].filter((s) => signalSets.every((set) => set.has(s)))),
    where: where.length === 0 ? null : where.map((w) => (where.length > 1 ? `(${w})` : w)).join(' AND '),
    limit: a.limit === undefined ? null : wholeNumber(a.limit, '--limit'),
    context: a.context === undefined ? 0 : wholeNumber(a.context, '--context'),
  };
  if (filter.children && filter.pids.length === 0 && filter.tids.length === 0) throw new UsageError('--children goes with --pid or --tid');

  const views = [a.c && '-c', a.C && '-C', a.tree && '--tree', a.info && '--info', a.sql !== undefined && '--sql', a.html !== undefined && '--html'].filter(Boolean);
  if (views.length > 1) throw new UsageError(`choose one of ${views.join(', ')}`);
  const view: View = a.c || a.C ? 'summary' : a.tree ? 'tree' : a.info ? 'info' : a.sql !== undefined ? 'sql' : a.html !== undefined ? 'html' : 'list';
  if ((view === 'sql' || view === 'info') && !isEmptyFilter(filter)) throw new UsageError(`${view === 'sql' ? '--sql' : '--info'} takes no filters`);
  if (view === 'sql' && a.sql!.trim() === '') throw new UsageError('--sql: empty query');
  if (filter.context > 0 && view !== 'list') throw new UsageError('--context goes with the syscall list, not with a summary, --tree, --info or --sql');
  const format = oneOf(a.format === 'text' ? 'strace' : a.format, '--format', ['strace', 'json', 'ndjson', 'csv', 'perfetto'] as const) ?? 'strace';
  if (format === 'perfetto' && view !== 'list') throw new UsageError('--format perfetto is the timeline of the whole recording: not with -c, -C, --tree, --info, --sql or --html');
  if ((format === 'perfetto' || view === 'html') && !isEmptyFilter(filter)) throw new UsageError(`${view === 'html' ? '--html' : '--format perfetto'} shows the whole recording: it takes no filters`);
  if (view === 'html' && a.html!.trim() === '') throw new UsageError('--html wants a file name, got an empty one');
  if (view === 'html' && a.format !== undefined) throw new UsageError('--html writes its own page: no --format');
  if (view === 'html' && a.o !== undefined) throw new UsageError('--html FILE names where the page goes: no -o');
  if (a.C && format !== 'strace') throw new UsageError('-C prints strace output; use -c for a summary in another format');
  const separately = a['output-separately'] || a.f >= 2;
  const output: Output | null = a.o === undefined ? null : { file: checkOutputFile(a.o), separately };
  if (a['output-separately'] && a.o === undefined) throw new UsageError('--output-separately writes FILE.TID files: it needs -o FILE');
  if (output?.separately && (view !== 'list' || format !== 'strace' || a.C)) throw new UsageError('-ff/--output-separately splits the strace view by thread: not with -c, -C, --tree, --info, --sql or --format');
  const sortText = a.S;
  const summarySort = sortText === undefined ? 'time' : summarySortKey(sortText);
  if (summarySort === undefined) throw new UsageError(`-S takes one of time, min-time, max-time, avg-time, calls, errors, name, nothing (or strace's other names for them); got '${sortText}'`);
  if (sortText !== undefined && view !== 'summary') throw new UsageError('-S sorts the summary of -c or -C');
  if (a.w && view !== 'summary') throw new UsageError('-w times the summary of -c or -C');
  const summaryColumns = a.U === undefined ? null : parseSummaryColumns(a.U);
  if (typeof summaryColumns === 'string') throw new UsageError(`-U: ${summaryColumns}`);
  if (summaryColumns !== null && view !== 'summary') throw new UsageError('-U chooses the columns of the summary of -c or -C');

  return {
    kind: 'query',
    file: files[0],
    view,
    withSummary: a.C,
    format,
    filter,
    render: {
      stringLimit: a.s === undefined ? 32 : wholeNumber(a.s, '-s', 0, MAX_STRING_LIMIT),
      hex: Math.max(Math.min(a.x, 2), ...all(a['strings-in-hex']).map(stringsInHex)) as 0 | 1 | 2,
      decodeFds: a.y > 1 ? FD_DECODE_ALL : a.y === 1 ? FdDecode.path : (last(expr.decodeFds) ?? 0),
      decodePids: a.Y === true || last(expr.decodePids) === true,
      align: a.a === undefined ? 40 : wholeNumber(a.a, '-a', 0, MAX_COLUMN),
      timestamps: last(all(a['absolute-timestamps']).map(absoluteTimestamps)) ?? (Math.min(a.t, 3) as 0 | 1 | 2 | 3),
      relative: a.r || a['relative-timestamps'] !== undefined,
      syscallTimes: a.T || a['syscall-times'] !== undefined,
      relativeDigits: precision(last(all(a['relative-timestamps'])), '--relative-timestamps'),
      syscallTimesDigits: precision(last(all(a['syscall-times'])), '--syscall-times'),
      numbers: a.n,
      consts: oneOf(a.X, '-X', ['raw', 'abbrev', 'verbose'] as const) ?? 'abbrev',
      verbose: a.v,
      instructionPointer: a.i,
      pidColumn: a['pid-column'] ?? null,
      abbrevSet: last(expr.abbrev),
      verboseSet: last(expr.verbose),
      rawSet: last(expr.raw),
      readFds: last(expr.read),
      writeFds: last(expr.write),
      quiet,
    },
    output,
    summarySort,
    wallClock: a.w,
    summaryColumns,
    sql: a.sql ?? null,
    html: a.html ?? null,
    timeout: a.timeout === undefined ? null : wholeNumber(a.timeout, '--timeout', 1, 86_400),
  };
}

const PRECISIONS: Readonly<Record<string, 0 | 3 | 6 | 9>> = { s: 0, ms: 3, us: 6, ns: 9 };

/** -r's and -T's PRECISION: the digits after the seconds. */
function precision(v: string | null, what: string): 0 | 3 | 6 | 9 {
  if (v === null) return 6;
  const digits = PRECISIONS[v];
  if (digits === undefined) throw new UsageError(`${what} takes s, ms, us or ns; got '${v}'`);
  return digits;
}

/** --absolute-timestamps=[[format:]FORMAT][,[precision:]PRECISION]: the -t, -tt and -ttt that trace-q prints. */
function absoluteTimestamps(v: string): 0 | 1 | 2 | 3 {
  let format = 'time';
  let prec = 's';
  for (const item of v.split(',')) {
    const [key, value] = item.includes(':') ? item.split(':', 2) : [['none', 'time', 'unix'].includes(item) ? 'format' : 'precision', item];
    if (key === 'format' && ['none', 'time', 'unix'].includes(value)) format = value;
    else if (key === 'precision' && value in PRECISIONS) prec = value;
    else throw new UsageError(`--absolute-timestamps takes a format (none, time, unix) and a precision (s, ms, us, ns); got '${item}'`);
  }
  const level = ({ 'none,s': 0, 'none,ms': 0, 'none,us': 0, 'none,ns': 0, 'time,s': 1, 'time,us': 2, 'unix,us': 3 } as Record<string, 0 | 1 | 2 | 3>)[`${format},${prec}`];
  if (level === undefined) throw new UsageError(`--absolute-timestamps=${v}: trace-q prints time (-t), time,us (-tt) and unix,us (-ttt)`);
  return level;
}

/** --strings-in-hex=non-ascii is -x, all is -xx. */
function stringsInHex(v: string): 1 | 2 {
  if (v === 'non-ascii') return 1;
  if (v === 'all') return 2;
  if (v === 'non-ascii-chars') throw new UsageError('--strings-in-hex=non-ascii-chars (hex escapes in octal\'s place) is not something trace-q prints; non-ascii (-x) and all (-xx) are');
  throw new UsageError(`--strings-in-hex takes non-ascii or all; got '${v}'`);
}

function checkOutputFile(file: string): string {
  if (file === '') throw new UsageError('-o wants a file name, got an empty one');
  return file;
}

/** A glob SQLite's GLOB can use: no empty pattern, every [ closed. */
function checkGlob(g: string): string {
  if (g === '') throw new UsageError('--path wants a glob, got an empty one');
  for (let i = 0; i < g.length; i++) {
    if (g[i] !== '[') continue;
    // a ] right after [ or [^ is part of the set, as in SQLite
    let j = i + 1;
    if (g[j] === '^') j++;
    if (g[j] === ']') j++;
    const end = g.indexOf(']', j);
    if (end < 0) throw new UsageError(`bad glob '${g}': '[' at ${i + 1} is never closed`);
    i = end;
  }
  return g;
}
