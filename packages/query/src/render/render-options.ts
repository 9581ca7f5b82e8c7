/** How renderStrace prints a recording: the strace command-line options it mirrors. */
export interface RenderOptions {
  /** -s: the longest string printed before "..." (strace's default is 32). */
  stringLimit: number;
  /** -x: non-ASCII strings in hex; -xx: all strings in hex. */
  hex: 0 | 1 | 2;
  /** -y, -yy, -e decode-fds=: what follows a descriptor, FdDecode's bits (0: its number only). */
  decodeFds: number;
  /** -Y (--decode-pids=comm): <comm> after the pid column and after the pids in arguments and return values. */
  decodePids: boolean;
  /** -a: the column where " = ret" starts (strace's default is 40). */
  align: number;
  /** -t, -tt, -ttt: absolute timestamps (local time zone, as strace). */
  timestamps: 0 | 1 | 2 | 3;
  /** -r: relative timestamps (time since the previous line). */
  relative: boolean;
  /** -T: time spent in each syscall, <0.000123>. */
  syscallTimes: boolean;
  /** Digits after the seconds of -r and of -T (--relative-timestamps=ms: 3; s: none). */
  relativeDigits: 0 | 3 | 6 | 9;
  syscallTimesDigits: 0 | 3 | 6 | 9;
  /** -n: the syscall number, [  257]. */
  numbers: boolean;
  /** -X: how named constants print. */
  consts: 'raw' | 'abbrev' | 'verbose';
  /** -v: unabbreviated structures (all stat fields, execve's environment...); per syscall, see callOptions. */
  verbose: boolean;
  /** strace's verbose(tcp): structures are read and printed, not shown as addresses; per syscall, see callOptions. */
  deref: boolean;
  /** strace's raw(tcp): arguments and return value in hex, undecoded; per syscall, see callOptions. */
  raw: boolean;
  /** -e abbrev=, -e verbose=, -e raw=: the syscall numbers each applies to (null: -v, deref and raw for all). */
  abbrevSet: ReadonlySet<number> | null;
  verboseSet: ReadonlySet<number> | null;
  rawSet: ReadonlySet<number> | null;
  /** -e read=, -e write=: descriptors whose data is dumped in hex after the line (strace's dumpio). */
  readFds: ReadonlySet<number> | null;
  writeFds: ReadonlySet<number> | null;
  /** -q/-qq/-qqq, -e quiet=: 'exit' leaves out "+++ exited with N +++", 'thread-execve' "+++ superseded by execve". */
  quiet: ReadonlySet<string>;
  /** -i: the instruction pointer at each line, [00007f...]. */
  instructionPointer: boolean;
  /**
   * The tid column. `strace -f -o FILE` always prints it (print_pid_pfx), even when a single
   * process ran, so the default is true.
   */
  pidColumn: boolean;
  /** The recording's interface names by index (recorded-interfaces.ts); none: indexes print as numbers. */
  interfaces?: ReadonlyMap<number, Buffer>;
}

/** -e decode-fds= kinds as bits: -y is path, -yy all of them. */
export const FdDecode = { path: 1, socket: 2, dev: 4, pidfd: 8 } as const;
export const FD_DECODE_ALL = FdDecode.path | FdDecode.socket | FdDecode.dev | FdDecode.pidfd;

export const defaultRenderOptions: RenderOptions = Object.freeze({
  stringLimit: 32,
  hex: 0,
  decodeFds: 0,
  decodePids: false,
  align: 40,
  timestamps: 0,
  relative: false,
  syscallTimes: false,
  relativeDigits: 6,
  syscallTimesDigits: 6,
  numbers: false,
  consts: 'abbrev',
  verbose: false,
  deref: true,
  raw: false,
  abbrevSet: null,
  verboseSet: null,
  rawSet: null,
  readFds: null,
  writeFds: null,
  quiet: new Set<string>(),
  instructionPointer: false,
  pidColumn: true,
}) as RenderOptions;

const perCall = new WeakMap<RenderOptions, Map<number, RenderOptions>>();

/** The options for one syscall: -e abbrev=/verbose=/raw= decide verbose, deref and raw by its number. */
export function callOptions(opts: RenderOptions, nr: number): RenderOptions {
  if (opts.abbrevSet === null && opts.verboseSet === null && opts.rawSet === null) return opts;
  let byNr = perCall.get(opts);
  if (byNr === undefined) perCall.set(opts, (byNr = new Map()));
  let o = byNr.get(nr);
  if (o === undefined) {
    o = {
      ...opts,
      verbose: opts.abbrevSet === null ? opts.verbose : !opts.abbrevSet.has(nr),
      deref: opts.verboseSet === null ? opts.deref : opts.verboseSet.has(nr),
      raw: opts.rawSet === null ? opts.raw : opts.rawSet.has(nr),
    };
    byNr.set(nr, o);
  }
  return o;
}
