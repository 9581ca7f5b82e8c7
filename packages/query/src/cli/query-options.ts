import { COLOR_HELP } from '@tracedb/native/terminal';

/** One trace-q option: yargs is configured from these, and quickParse reads argv by them. */
export interface OptionSpec {
  readonly name: string;
  /** Other spellings: strace's short and long names for the same option. */
  readonly alias?: string | readonly string[];
  readonly type: 'string' | 'boolean' | 'count';
  /** Booleans that are false unless given (the others are undefined). */
  readonly defaultFalse?: boolean;
  readonly describe: string;
  /** A string option whose value is a number: --help shows [number]. */
  readonly numeric?: true;
  /** strace's optional value (`--decode-fds` alone is `--decode-fds=path`): only `--name=VALUE` gives another. */
  readonly bare?: string;
  /** An strace option that acts while tracing: what it does then, the reason trace-q refuses it (exit 2). */
  readonly refused?: string;
  /** The trace-rec command line that does it, where trace-rec has the option. */
  readonly recorder?: string;
}

export interface OptionGroup {
  /** null: yargs' own "Options:" section. */
  readonly title: string | null;
  readonly options: readonly OptionSpec[];
}

/** trace-q's options, in the order --help lists them. */
export const QUERY_OPTIONS: readonly OptionGroup[] = [
  {
    title: 'Filters (all combined with AND):',
    options: [
      { name: 'syscall', alias: 'trace', type: 'string', describe: 'syscall set, strace -e trace= syntax' },
      { name: 'e', type: 'string', describe: 'strace expression: trace=, signal=, status=, read=, write=, verbose=, abbrev=, raw=, quiet=, decode-fds=, decode-pids=' },
      { name: 'pid', alias: 'p', type: 'string', numeric: true, describe: 'process id(s)' },
      { name: 'tid', type: 'string', numeric: true, describe: 'thread id(s)' },
      { name: 'children', type: 'boolean', defaultFalse: true, describe: 'with --pid/--tid: their descendant processes too' },
      { name: 'path', alias: ['P', 'trace-path'], type: 'string', describe: 'path glob (strace -P; repeat for more)' },
      { name: 'fd', type: 'string', numeric: true, describe: 'file descriptor(s)' },
      { name: 'errno', type: 'string', describe: 'error name(s): ENOENT,EACCES' },
      { name: 'since', type: 'string', describe: 'from SECONDS after the start, or @SEQ' },
      { name: 'until', type: 'string', describe: 'up to SECONDS after the start, or @SEQ' },
      { name: 'signal', type: 'string', describe: 'the signals whose --- SIG… --- lines print (strace -e signal=SET); syscalls stay' },
      { name: 'where', type: 'string', describe: 'SQL expression over the syscalls view' },
      { name: 'limit', type: 'string', numeric: true, describe: 'at most N syscalls (and N signals)' },
      { name: 'context', type: 'string', numeric: true, describe: 'N syscalls around each match' },
    ],
  },
  {
    title: 'Status filters (also -e status=SET):',
    options: [
      { name: 'failed', alias: ['Z', 'failed-only'], type: 'boolean', defaultFalse: true, describe: 'only syscalls that failed' },
      { name: 'successful', alias: ['z', 'successful-only'], type: 'boolean', defaultFalse: true, describe: 'only syscalls that succeeded' },
      { name: 'status', type: 'string', describe: 'successful, failed, unfinished (no return: exit_group, a killed call); unavailable, detached: none in a recording' },
    ],
  },
  {
    title: 'Views:',
    options: [
      { name: 'format', type: 'string', describe: 'strace (default); json, ndjson: every event with its kind (schemas/); csv: syscalls with their args; perfetto: the timeline as Trace Event JSON (ui.perfetto.dev, chrome://tracing)' },
      { name: 'c', alias: 'summary-only', type: 'boolean', defaultFalse: true, describe: 'strace -c summary table' },
      { name: 'C', alias: 'summary', type: 'boolean', defaultFalse: true, describe: 'the syscalls, then the summary' },
      { name: 'S', alias: 'summary-sort-by', type: 'string', describe: 'sort the summary: time calls errors name min-time max-time avg-time nothing' },
      { name: 'w', alias: 'summary-wall-clock', type: 'boolean', defaultFalse: true, describe: 'wall-clock time, not system time (strace -w)' },
      { name: 'U', alias: 'summary-columns', type: 'string', describe: 'summary columns, strace -U: calls,name,min-time,…' },
      { name: 'tree', type: 'boolean', defaultFalse: true, describe: 'the process tree' },
      { name: 'info', type: 'boolean', defaultFalse: true, describe: 'how and where the recording was made' },
      { name: 'html', type: 'string', describe: 'write the timeline to FILE: one self-contained HTML page (threads, processes, signals, the -c summary)' },
      { name: 'sql', type: 'string', describe: 'run a read-only SQL query' },
      { name: 'timeout', type: 'string', numeric: true, describe: 'stop after SECONDS (a long --sql query; default: none, Ctrl-C works)' },
    ],
  },
  {
    title: 'strace output:',
    options: [
      { name: 's', alias: 'string-limit', type: 'string', numeric: true, describe: 'print N bytes of strings (32)' },
      { name: 'x', type: 'count', describe: 'non-ASCII strings in hex; -xx: all' },
      { name: 'y', type: 'count', describe: 'paths for fds; -yy: socket and device details' },
      { name: 'a', alias: 'columns', type: 'string', numeric: true, describe: 'align return values at column N (40)' },
      { name: 't', type: 'count', describe: 'time of day; -tt: with µs; -ttt: epoch seconds' },
      { name: 'r', type: 'boolean', defaultFalse: true, describe: 'time since the previous syscall' },
      { name: 'T', type: 'boolean', defaultFalse: true, describe: 'time spent in each syscall' },
      { name: 'n', alias: 'syscall-number', type: 'boolean', defaultFalse: true, describe: 'print syscall numbers' },
      { name: 'X', alias: 'const-print-style', type: 'string', describe: 'constants: raw, abbrev, verbose' },
      { name: 'v', alias: 'no-abbrev', type: 'boolean', defaultFalse: true, describe: 'unabbreviated structs; --info -v: the environment' },
      { name: 'i', alias: 'instruction-pointer', type: 'boolean', defaultFalse: true, describe: 'print the instruction pointer' },
      { name: 'pid-column', type: 'boolean', describe: 'start lines with the thread id, as strace -f -o (--no-pid-column: do not)' },
      { name: 'read', type: 'string', describe: 'hex dump of the data read from these fds (strace -e read=SET)' },
      { name: 'write', type: 'string', describe: 'hex dump of the data written to these fds (strace -e write=SET)' },
      { name: 'verbose', type: 'string', describe: 'dereference structures of these syscalls only (strace -e verbose=SET)' },
      { name: 'raw', type: 'string', describe: 'these syscalls undecoded, in hex (strace -e raw=SET)' },
      { name: 'abbrev', type: 'string', describe: 'abbreviate the structures of these syscalls only (strace -e abbrev=SET)' },
      { name: 'q', type: 'count', describe: 'accepted (no attach messages); -qq: no +++ exited lines; -qqq: no superseded lines either' },
      { name: 'quiet', type: 'string', describe: 'the messages left out (strace -e quiet=SET): attach, exit, path-resolution, personality, thread-execve' },
    ],
  },
  {
    title: "strace's long spellings with a value:",
    options: [
      { name: 'strings-in-hex', type: 'string', bare: 'all', describe: 'non-ascii (-x) or all (-xx, the default)' },
      { name: 'decode-fds', type: 'string', bare: 'path', describe: 'path (-y, the default), socket, dev, pidfd, all (-yy); also -e decode-fds=' },
      { name: 'decode-pids', type: 'string', describe: 'comm (-Y); pidns: accepted, no change (a recording holds the pids of one namespace); also -e decode-pids=' },
      { name: 'Y', type: 'boolean', describe: 'command names after pids, as the recording knew them at each line (--decode-pids=comm)' },
      { name: 'absolute-timestamps', alias: 'timestamps', type: 'string', bare: 'time', describe: 'time (-t), time,us (-tt), unix,us (-ttt) or none' },
      { name: 'relative-timestamps', type: 'string', bare: 'us', describe: '-r, to the s, ms, us (the default) or ns' },
      { name: 'syscall-times', type: 'string', bare: 'us', describe: '-T, to the s, ms, us (the default) or ns' },
    ],
  },
  {
    title: 'Output:',
    options: [
      { name: 'o', alias: 'output', type: 'string', describe: 'write to FILE instead of standard output (strace -o)' },
      { name: 'output-separately', type: 'boolean', defaultFalse: true, describe: 'with -o FILE: one file per thread, FILE.TID (as strace -ff -o)' },
      { name: 'f', alias: 'follow-forks', type: 'count', describe: 'accepted: recordings follow forks; -ff: --output-separately' },
    ],
  },
  {
    title: "strace's options that act while tracing (refused: a recording is made already):",
    options: [
      { name: 'b', alias: 'detach-on', type: 'string', describe: 'detach on execve', refused: 'detaches from the program' },
      { name: 'D', alias: 'daemonize', type: 'count', describe: 'run the tracer as a detached process', refused: 'chooses how the tracer runs' },
      { name: 'E', alias: 'env', type: 'string', describe: "the program's environment", refused: "sets the program's environment", recorder: 'trace-rec -E VAR=VAL -- PROG' },
      { name: 'u', alias: 'user', type: 'string', describe: 'run the program as USER', refused: 'chooses the user the program runs as', recorder: 'trace-rec -u USER -- PROG' },
      { name: 'I', alias: 'interruptible', type: 'string', describe: "when the tracer's signals are blocked", refused: 'chooses which signals interrupt the tracer' },
      { name: 'k', alias: 'stack-traces', type: 'boolean', describe: 'a stack trace at each syscall', refused: 'unwinds the stack at each stop (a recording holds no stacks)' },
      { name: 'd', alias: 'debug', type: 'boolean', describe: "the tracer's debug output", refused: "prints the tracer's own debug output" },
      { name: 'seccomp-bpf', type: 'boolean', describe: 'stop only at the traced syscalls', refused: 'chooses the stops (a recording has them all)' },
      { name: 'inject', type: 'string', describe: 'tamper with syscalls (also -e inject=)', refused: 'changes what syscalls do' },
      { name: 'fault', type: 'string', describe: 'make syscalls fail (also -e fault=)', refused: 'makes syscalls fail' },
      { name: 'kvm', type: 'string', describe: 'KVM exit reasons (also -e kvm=)', refused: "reads a KVM vCPU's exit reasons" },
    ],
  },
  {
    title: null,
    options: [
      // read by takeColorOptions before the parser (--color takes WHEN only after '='); listed for --help
      { name: 'color', type: 'string', describe: `${COLOR_HELP}. --tree and --info only: the strace view and the formats for tools are never coloured` },
      { name: 'help', alias: 'h', type: 'boolean', describe: 'show this help' },
      { name: 'version', alias: 'V', type: 'boolean', describe: 'show the version' },
    ],
  },
];

type Repeatable = string | readonly string[] | undefined;

/**
 * What trace-q reads from a parsed command line (yargs' result has these and more). Options
 * given twice are arrays; the single-valued ones are checked for that before use.
 */
export interface ParsedOptions {
  readonly _: readonly (string | number)[];
  readonly help?: boolean;
  readonly version?: boolean;
  readonly syscall: Repeatable;
  readonly e: Repeatable;
  readonly pid: Repeatable;
  readonly tid: Repeatable;
  readonly path: Repeatable;
  readonly fd: Repeatable;
  readonly errno: Repeatable;
  readonly signal: Repeatable;
  readonly status: Repeatable;
  readonly where: Repeatable;
  readonly since?: string;
  readonly until?: string;
  readonly limit?: string;
  readonly context?: string;
  readonly format?: string;
  readonly S?: string;
  readonly U?: string;
  readonly sql?: string;
  readonly html?: string;
  readonly timeout?: string;
  readonly s?: string;
  readonly a?: string;
  readonly X?: string;
  readonly children: boolean;
  readonly failed: boolean;
  readonly successful: boolean;
  readonly c: boolean;
  readonly C: boolean;
  readonly w: boolean;
  readonly tree: boolean;
  readonly info: boolean;
  readonly r: boolean;
  readonly T: boolean;
  readonly n: boolean;
  readonly v: boolean;
  readonly i: boolean;
  readonly 'pid-column'?: boolean;
  readonly read: Repeatable;
  readonly write: Repeatable;
  readonly verbose: Repeatable;
  readonly raw: Repeatable;
  readonly abbrev: Repeatable;
  readonly quiet: Repeatable;
  readonly 'strings-in-hex': Repeatable;
  readonly 'decode-fds': Repeatable;
  readonly 'decode-pids': Repeatable;
  readonly 'absolute-timestamps': Repeatable;
  readonly 'relative-timestamps': Repeatable;
  readonly 'syscall-times': Repeatable;
  readonly Y?: boolean;
  readonly o?: string;
  readonly 'output-separately': boolean;
  readonly q: number;
  readonly f: number;
  readonly x: number;
  readonly y: number;
  readonly t: number;
}
