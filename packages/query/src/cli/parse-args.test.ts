import { describe, expect, it } from 'vitest';
import { I386_KEY, i386SubcallDefs, syscallTable, syscallTableI386 } from '@tracedb/native';
import type { SyscallDef } from '@tracedb/native';
import { UsageError } from './errors.js';
import { parseQueryArgs } from './parse-args.js';
import { quickParse } from './quick-parse.js';
import type { QueryCommand } from './parse-args.js';

/**
 * A syscall set as parseSyscallSet gives it: what `pick` chooses in the x86_64 table, and in the
 * i386 one with socketcall's and ipc's subcalls (I386_KEY + nr), sorted.
 */
const i386 = [...syscallTableI386, ...i386SubcallDefs(syscallTableI386)];
const keys = (pick: (d: SyscallDef) => boolean): number[] =>
  [...syscallTable.filter(pick).map((d) => d.nr), ...i386.filter(pick).map((d) => I386_KEY + d.nr)].sort((a, b) => a - b);
const named = (...names: string[]): number[] => keys((d) => names.includes(d.name));
const byClass = (...c: string[]): number[] => keys((d) => d.classes.some((x) => c.includes(x)));

async function parse(argv: string[]): Promise<QueryCommand> {
  const a = await parseQueryArgs(argv);
  if (a.kind !== 'query') throw new Error(`expected a query, got ${a.kind}`);
  return a;
}

/** The filter with its sets as sorted arrays, for toEqual. */
async function filterOf(argv: string[]): Promise<Record<string, unknown>> {
  const f = (await parse(argv)).filter;
  return { ...f, syscalls: f.syscalls.map((s) => [...s].sort((a, b) => a - b)), signals: f.signals && [...f.signals].sort((a, b) => a - b) };
}

const table: [string[], Record<string, unknown>][] = [
  [['r.db', '--syscall', 'openat,read'], { syscalls: [named('read', 'openat')] }],
  [['r.db', '-e', 'trace=openat,read'], { syscalls: [named('read', 'openat')] }],
  [['r.db', '-e', 'openat'], { syscalls: [named('openat')] }],
  [['r.db', '--syscall', '%file'], { syscalls: [byClass('file')] }],
  [['r.db', '-e', 'trace=%network'], { syscalls: [byClass('network')] }],
  [['r.db', '--syscall', 'file'], { syscalls: [byClass('file')] }],
  [['r.db', '--syscall', '%%stat'], { syscalls: [byClass('stat', 'lstat', 'fstat')] }],
  [['r.db', '--syscall', '/^rt_sigp'], { syscalls: [named('rt_sigprocmask', 'rt_sigpending')] }],
  [['r.db', '--syscall', '!%file,%desc'], { syscalls: [keys((d) => !d.classes.includes('file') && !d.classes.includes('desc'))] }],
  [['r.db', '--syscall', '?nosuchcall,read'], { syscalls: [named('read')] }],
  [['r.db', '--syscall', '%file', '--syscall', '!openat'], { syscalls: [byClass('file'), keys((d) => d.name !== 'openat')] }],
  [['r.db', '--pid', '12', '--pid', '13,14', '--children'], { pids: [12, 13, 14], children: true }],
  [['r.db', '-p', '12'], { pids: [12] }],
  [['r.db', '--tid', '7'], { tids: [7] }],
  [['r.db', '--path', '/etc/*', '-P', '*.so*'], { paths: ['/etc/*', '*.so*'] }],
  [['r.db', '--fd', '0,3'], { fds: [0, 3] }],
  [['r.db', '--failed'], { status: ['failed'] }],
  [['r.db', '-Z'], { status: ['failed'] }],
  [['r.db', '-z'], { status: ['successful'] }],
  [['r.db', '-e', 'status=failed'], { status: ['failed'] }],
  [['r.db', '--errno', 'ENOENT,eacces', '--errno', '9'], { errnos: [2, 13, 9] }],
  [['r.db', '--since', '1.5', '--until', '@200'], { since: { kind: 'time', ns: 1_500_000_000 }, until: { kind: 'seq', seq: 200 } }],
  [['r.db', '--since', '0.000000001'], { since: { kind: 'time', ns: 1 } }],
  [['r.db', '--signal', 'SIGCHLD,term', '--signal', '10'], { signals: [10, 15, 17] }],
  [['r.db', '-e', 'signal=!SIGCHLD'], { signals: Array.from({ length: 64 }, (_, i) => i + 1).filter((s) => s !== 17) }],
  [['r.db', '--signal=none'], { signals: [] }],
  [['r.db', '-e', 'signal=99'], { signals: [99] }],
  [['r.db', '-e', 's=chld,USR1,2'], { signals: [2, 10, 17] }],
  [['r.db', '-e', 'trace=none', '-e', 'signal=SIGCHLD'], { syscalls: [[]], signals: [17] }],
  [['r.db', '--where', 'ret > 0', '--where', "name = 'read'"], { where: "(ret > 0) AND (name = 'read')" }],
  [['r.db', '--limit', '10', '--context', '2'], { limit: 10, context: 2 }],
  [['--syscall', 'read', '--pid', '5', 'r.db'], { syscalls: [named('read')], pids: [5] }],
  // strace's other spellings
  [['r.db', '--trace=openat,read'], { syscalls: [named('read', 'openat')] }],
  [['r.db', '-etrace=openat,read'], { syscalls: [named('read', 'openat')] }],
  [['r.db', '-eopenat'], { syscalls: [named('openat')] }],
  [['r.db', '--trace-path=/etc/*', '-P/usr/*'], { paths: ['/etc/*', '/usr/*'] }],
  [['r.db', '--failed-only'], { status: ['failed'] }],
  [['r.db', '--successful-only'], { status: ['successful'] }],
  [['r.db', '--status=unfinished'], { status: ['unfinished'] }],
  [['r.db', '-e', 'status=failed,successful'], { status: ['successful', 'failed'] }],
  [['r.db', '--status', '!failed'], { status: ['successful', 'unfinished'] }],
  [['r.db', '--status=all'], { status: null }],
  [['r.db', '--status=detached,unavailable'], { status: [] }],
  [['r.db', '-e', 'status=!unfinished', '-z'], { status: ['successful'] }],
];

describe('parseQueryArgs: filters', () => {
  it.each(table)('%j', async (argv, expected) => {
    const f = await filterOf(argv);
    const empty = await filterOf(['r.db']);
    expect(f).toEqual({ ...empty, ...expected });
  });
});

describe('parseQueryArgs: views and rendering', () => {
  it('defaults to the strace list with strace defaults', async () => {
    const a = await parse(['r.db']);
    expect(a).toMatchObject({ file: 'r.db', view: 'list', format: 'strace', withSummary: false, summarySort: 'time', sql: null });
    expect(a.render).toEqual({
      stringLimit: 32, hex: 0, decodeFds: 0, decodePids: false, align: 40, timestamps: 0, relative: false, syscallTimes: false, relativeDigits: 6, syscallTimesDigits: 6,
      numbers: false, consts: 'abbrev', verbose: false, instructionPointer: false, pidColumn: null,
      abbrevSet: null, verboseSet: null, rawSet: null, readFds: null, writeFds: null, quiet: new Set(),
    });
    expect(a.output).toBeNull();
  });

  it.each([
    [['-s', '64'], { stringLimit: 64 }],
    [['-x'], { hex: 1 }],
    [['-xx'], { hex: 2 }],
    [['-y'], { decodeFds: 1 }],
    [['-yy'], { decodeFds: 15 }],
    [['-a', '50'], { align: 50 }],
    [['-t'], { timestamps: 1 }],
    [['-tt'], { timestamps: 2 }],
    [['-ttt'], { timestamps: 3 }],
    [['-r', '-T', '-n', '-v', '-i'], { relative: true, syscallTimes: true, numbers: true, verbose: true, instructionPointer: true }],
    [['-X', 'raw'], { consts: 'raw' }],
    [['-X', 'verbose'], { consts: 'verbose' }],
    [['--no-pid-column'], { pidColumn: false }],
    [['-e', 'abbrev=read,write'], { abbrevSet: new Set(named('read', 'write')) }],
    [['-e', 'verbose=%network', '-e', 'verbose=read'], { verboseSet: new Set(named('read')) }],
    [['--no-abbrev'], { verbose: true, abbrevSet: null }],
    [['-e', 'raw=!%file', '--raw', 'read'], { rawSet: new Set(named('read')) }],
    [['-e', 'read=3,4', '-e', 'w=1'], { readFds: new Set([3, 4]), writeFds: new Set([1]) }],
    [['-q'], { quiet: new Set(['attach', 'personality']) }],
    [['-qq'], { quiet: new Set(['attach', 'personality', 'exit']) }],
    [['-e', 'quiet=!attach'], { quiet: new Set(['exit', 'path-resolution', 'personality', 'thread-execve']) }],
    [['--quiet=exit'], { quiet: new Set(['exit']) }],
    [['-Xverbose'], { consts: 'verbose' }],
    [['-Xraw', '-s8', '-a60'], { consts: 'raw', stringLimit: 8, align: 60 }],
    [['--const-print-style=abbrev'], { consts: 'abbrev' }],
    [['--strings-in-hex'], { hex: 2 }],
    [['--strings-in-hex=non-ascii'], { hex: 1 }],
    [['--strings-in-hex=all'], { hex: 2 }],
    [['--decode-fds'], { decodeFds: 1 }],
    [['--decode-fds=all'], { decodeFds: 15 }],
    [['-e', 'decode-fds=path'], { decodeFds: 1 }],
    [['-e', 'decode-fds=none', '-e', 'decode-fds=path,socket,dev,pidfd'], { decodeFds: 15 }],
    [['-e', 'decode-fds=socket'], { decodeFds: 2 }],
    [['-e', 'decode-fds=dev'], { decodeFds: 4 }],
    [['--decode-fds=pidfd'], { decodeFds: 8 }],
    [['-e', 'decode-fds=!path'], { decodeFds: 14 }],
    [['--decode-fds=socket,path'], { decodeFds: 3 }],
    [['--decode-pids=pidns'], { decodeFds: 0, decodePids: false }],
    [['-Y'], { decodePids: true }],
    [['--decode-pids=comm'], { decodePids: true }],
    [['--decode-pids=pidns,comm'], { decodePids: true }],
    [['-e', 'decode-pids=all'], { decodePids: true }],
    [['-e', 'decode-pid=comm', '-e', 'decode-pids=none'], { decodePids: false }],
    [['-e', 'decode-pids=!comm'], { decodePids: false }],
    [['--abbrev=read', '-v'], { verbose: true, abbrevSet: new Set(named('read')) }],
    [['--syscall-times=ns'], { syscallTimes: true, syscallTimesDigits: 9 }],
    [['-T', '--syscall-times=s'], { syscallTimes: true, syscallTimesDigits: 0 }],
    [['--relative-timestamps'], { relative: true, relativeDigits: 6 }],
    [['-r', '--relative-timestamps=ms'], { relative: true, relativeDigits: 3 }],
    [['--absolute-timestamps'], { timestamps: 1 }],
    [['--timestamps=time,us'], { timestamps: 2 }],
    [['--absolute-timestamps=format:unix,precision:us'], { timestamps: 3 }],
    [['-tt', '--absolute-timestamps=none'], { timestamps: 0 }],
  ] as [string[], Record<string, unknown>][])('render %j', async (argv, expected) => {
    expect((await parse(['r.db', ...argv])).render).toMatchObject(expected);
  });

  it.each([
    [['-c'], { view: 'summary', withSummary: false }],
    [['-C'], { view: 'summary', withSummary: true }],
    [['-c', '-S', 'calls'], { view: 'summary', summarySort: 'calls' }],
    [['-c', '-S', 'count'], { summarySort: 'calls' }],
    [['-c', '-S', 'syscall'], { summarySort: 'name' }],
    [['-c', '-S', 'time_total'], { summarySort: 'time' }],
    [['-c', '-S', 'shortest'], { summarySort: 'min-time' }],
    [['-c', '-S', 'none'], { summarySort: 'nothing' }],
    [['-c'], { wallClock: false, summaryColumns: null }],
    [['-c', '-w'], { view: 'summary', wallClock: true }],
    [['-C', '--summary-wall-clock'], { view: 'summary', withSummary: true, wallClock: true }],
    [['-c', '-U', 'calls,shortest'], { summaryColumns: ['calls', 'min-time', 'name'] }],
    [['-c', '--summary-columns', 'syscall,time'], { summaryColumns: ['name', 'time-percent'] }],
    [['--tree'], { view: 'tree' }],
    [['--info', '-v'], { view: 'info' }],
    [['--sql', 'SELECT 1', '--format', 'csv'], { view: 'sql', sql: 'SELECT 1', format: 'csv' }],
    [['--format', 'ndjson'], { format: 'ndjson' }],
    [['--format', 'text'], { format: 'strace' }],
    [['--format', 'perfetto', '-o', 'run.json'], { view: 'list', format: 'perfetto', output: { file: 'run.json', separately: false } }],
    [['--html', 'report.html'], { view: 'html', html: 'report.html', output: null }],
    [['--html=r.html'], { view: 'html', html: 'r.html' }],
    [['--', '-odd-name.db'], { file: '-odd-name.db' }],
    [['-o', 'out.txt'], { output: { file: 'out.txt', separately: false } }],
    [['-ff', '-o', 'out'], { output: { file: 'out', separately: true } }],
    [['--output', 'out', '--output-separately'], { output: { file: 'out', separately: true } }],
    [['-f', '-o', 'out'], { output: { file: 'out', separately: false } }],
  ] as [string[], Record<string, unknown>][])('%j', async (argv, expected) => {
    const a = argv[0] === '--' ? await parse(argv) : await parse(['r.db', ...argv]);
    expect(a).toMatchObject(expected);
  });

  it('help and version', async () => {
    const help = await parseQueryArgs(['--help']);
    expect(help.kind).toBe('help');
    const examples = help.kind === 'help' ? help.text.split('\n').filter((l) => l.startsWith('  trace-q ls.db')) : [];
    for (const f of ['--syscall', '-e trace=', '--pid', '--children', '--tid', '--path', '--fd', '--failed', '--errno', '--since', '--until', '--signal', '--where', '--sql', '--limit', '--context', '--format', '-c', '--tree', '--info']) {
      expect(examples.some((l) => l.includes(` ${f}`)), f).toBe(true);
    }
    expect(await parseQueryArgs(['-V'])).toEqual({ kind: 'version' });
  });
});

describe('parseQueryArgs: bad input is a UsageError', () => {
  it.each([
    [[], /no recording given/],
    [['a.db', 'b.db'], /one recording at a time/],
    [['r.db', '--syscall', 'nosuchcall'], /unknown syscall 'nosuchcall'/],
    [['r.db', '--syscall', 'read,!write'], /must come first/],
    [['r.db', '--syscall', '%nosuchclass'], /unknown syscall class/],
    [['r.db', '--syscall', '/(['], /invalid regular expression/],
    [['r.db', '--syscall', '/^zzz'], /matches no syscall/],
    [['r.db', '--errno', 'ENOSUCH'], /unknown errno 'ENOSUCH'/],
    [['r.db', '--signal', 'SIGNOPE'], /unknown signal 'SIGNOPE'/],
    [['r.db', '--signal', '256'], /out of range \(0\.\.255\)/],
    [['r.db', '--pid', 'abc'], /--pid wants a whole number/],
    [['r.db', '--pid', '0'], /--pid wants a whole number from 1/],
    [['r.db', '--fd', '-1'], /./],
    [['r.db', '--limit', '1.5'], /--limit wants a whole number/],
    [['r.db', '--since', 'yesterday'], /--since wants seconds/],
    [['r.db', '--until', '@x'], /--until wants seconds/],
    [['r.db', '--path', '/etc/[abc'], /bad glob/],
    [['r.db', '--path', ''], /./],
    [['r.db', '--failed', '--successful'], /exclude each other/],
    [['r.db', '--children'], /--children goes with --pid or --tid/],
    [['r.db', '-c', '--tree'], /choose one of/],
    [['r.db', '--html', 'x.html', '-c'], /choose one of -c, --html/],
    [['r.db', '--html', 'x.html', '--syscall', 'read'], /--html shows the whole recording: it takes no filters/],
    [['r.db', '--html', 'x.html', '-o', 'y'], /no -o/],
    [['r.db', '--html', 'x.html', '--format', 'json'], /no --format/],
    [['r.db', '--html', 'a', '--html', 'b'], /--html given more than once/],
    [['r.db', '--format', 'perfetto', '--failed'], /--format perfetto shows the whole recording/],
    [['r.db', '--format', 'perfetto', '--tree'], /--format perfetto is the timeline of the whole recording/],
    [['r.db', '--format', 'perfetto', '-ff', '-o', 'x'], /--output-separately/],
    [['r.db', '--sql', 'SELECT 1', '--pid', '1'], /--sql takes no filters/],
    [['r.db', '--info', '--syscall', 'read'], /--info takes no filters/],
    [['r.db', '-S', 'calls'], /-S sorts the summary/],
    [['r.db', '-c', '-S', 'bogus'], /-S takes one of/],
    [['r.db', '-c', '-S', 'total'], /-S takes one of/], // strace: invalid sortby: 'total'
    [['r.db', '-w'], /-w times the summary of -c or -C/],
    [['r.db', '-U', 'calls'], /-U chooses the columns/],
    [['r.db', '-c', '-U', 'calls,bogus'], /-U: unknown column name: 'bogus'/],
    [['r.db', '-c', '-U', 'calls,count'], /-U: column 'count' given more than once/],
    [['r.db', '--format', 'xml'], /--format takes/],
    [['r.db', '-X', 'pretty'], /-X takes/],
    [['r.db', '-e', 'inject=all'], /^-e inject= acts while tracing/],
    [['r.db', '-e', 'read=x'], /-e read= wants a whole number/],
    [['r.db', '-e', 'quiet=loud'], /-e quiet= takes/],
    [['r.db', '--output-separately'], /needs -o FILE/],
    [['r.db', '-ff', '-o', 'x', '-c'], /splits the strace view/],
    [['r.db', '-e', 'status=finished'], /status= takes/],
    [['r.db', '--context', '2', '-c'], /--context goes with/],
    [['r.db', '--bogus'], /Unknown argument/],
    [['r.db', '--since', '1', '--since', '2'], /--since given more than once/],
    [['r.db', '--decode-pids=bogus'], /^--decode-pids takes pidns, comm, all or none; got 'bogus'$/],
    [['r.db', '-e', 'decode-pids=comm,x'], /^--decode-pids takes pidns, comm, all or none; got 'x'$/],
    [['r.db', '--decode-fds=sock'], /^-e decode-fds= takes path, socket, dev, pidfd, all or none; got 'sock'$/],
    [['r.db', '-yy', '--decode-fds=all'], /^-y and --decode-fds cannot be provided simultaneously$/],
    [['r.db', '--strings-in-hex=non-ascii-chars'], /non-ascii-chars/],
    [['r.db', '-E', 'A=1'], /^-E acts while tracing: .*\(trace-rec has it: trace-rec -E VAR=VAL -- PROG\)$/],
    [['r.db', '-u', 'nobody'], /^-u acts while tracing: .*\(trace-rec has it: trace-rec -u USER -- PROG\)$/],
    [['r.db', '--seccomp-bpf'], /^--seccomp-bpf acts while tracing/],
    [['r.db', '-bexecve'], /^-b acts while tracing/],
    [['r.db', '--daemonize=session'], /^--daemonize acts while tracing/],
    [['r.db', '-DDD'], /^-D acts while tracing/],
    [['r.db', '-vd'], /^-d acts while tracing/],
    [['r.db', '-efault=all'], /^-e fault= acts while tracing/],
    [['r.db', '--kvm=vcpu'], /^--kvm acts while tracing/],
    [['r.db', '-k'], /^-k acts while tracing/],
  ] as [string[], RegExp][])('%j', async (argv, message) => {
    const e = await parseQueryArgs(argv).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).message).toMatch(message);
    expect((e as UsageError).code).toBe(2);
  });
});

/** The result, or the error's message, for comparing two ways of parsing. */
async function outcome(argv: string[], quick: boolean): Promise<unknown> {
  return parseQueryArgs(argv, { quick }).then(
    (a) => a,
    (e: unknown) => ({ error: e instanceof UsageError ? e.message : String(e) }),
  );
}

describe('quickParse reads command lines as yargs does', () => {
  const lines: string[][] = [
    ...table.map(([argv]) => argv),
    ...[
      [], ['-s', '64'], ['-xx', '-yy', '-ttt'], ['-x', '-x', '-y'], ['-a', '50'], ['-r', '-T', '-n', '-v', '-i'], ['-X', 'raw'], ['-c', '-S', 'calls'],
      ['-C'], ['--tree'], ['--info', '-v'], ['--sql', 'SELECT 1', '--format', 'csv'], ['--format', 'text'], ['--syscall=openat', '--failed'],
      ['--string-limit', '10', '--columns=60'], ['--summary-only', '--summary-sort-by', 'name'], ['--where=ret = -1'], ['--syscall='],
      ['--pid-column'], ['--no-pid-column'], ['--no-abbrev'], ['-Zy'], ['-s8'], ['--failed', 'true'], ['--failed', '--failed'], ['--syscall'],
      ['-e'], ['--syscall', 'read', '--syscall', 'write'], ['--limit', '5', '--limit', '6'], ['--fd', '-1'], ['--bogus'], ['-q'], ['--s', '8'],
      ['--syscall', 'openat', '--failed', '--limit', '3', '-yy', '-T'], ['--', 'x.db'], ['-'], ['--help'], ['-h'], ['--version'], ['-V'],
      ['-c', '--tree'], ['--context', '2', '-c'], ['--since', '1', '--since', '2'], ['-X', 'pretty'], ['-S', 'calls'],
      ['-c', '-w'], ['-cw'], ['-w'], ['-c', '-U', 'calls,name'], ['-c', '-U', 'calls', '-U', 'name'],
      ['-qq'], ['-qqq', '-f'], ['-ff', '-o', 'out'], ['-o', 'x', '--output-separately'], ['--read=3', '--write', '1,2'], 
      ['-e', 'abbrev=none', '--no-abbrev'], ['-e', 'abbrev=read', '-v'], ['--verbose', '%file', '-v'], ['--raw=all'], ['-o', 'a', '-o', 'b'],
      ['--trace=read'], ['-etrace=read'], ['-Xverbose'], ['--strings-in-hex'], ['--decode-fds', '--status=failed'], ['--quiet=exit', '--abbrev=read'],
      ['--failed-only', '--trace-path', '/etc'], ['-Y'], ['-E', 'A=1'], ['--status', 'unfinished'],
      ['--html', 'x.html'], ['--html'], ['--html', 'a', '--html', 'b'], ['--format', 'perfetto', '-o', 'x.json'],
    ].map((argv) => ['r.db', ...argv]),
    [], ['a.db', 'b.db'], ['--failed', 'r.db'], ['-yy', 'r.db', '--syscall', 'read'],
  ];

  it.each(lines)('%j', async (...argv) => {
    expect(await outcome(argv, true)).toEqual(await outcome(argv, false));
  });

  it('takes the usual command lines itself', () => {
    for (const argv of [['r.db'], ['r.db', '--syscall', 'openat', '--failed'], ['r.db', '-yy', '-e', 'trace=%file', '-s', '64'], ['--pid', '12', 'r.db', '--children', '-c']]) {
      expect(quickParse(argv), argv.join(' ')).not.toBeNull();
    }
  });
});
