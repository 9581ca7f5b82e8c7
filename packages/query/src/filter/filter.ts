/** A point in a recording: seconds since its start (as ns), or a stop's seq (`@SEQ`). */
export type TimePoint = { readonly kind: 'time'; readonly ns: number } | { readonly kind: 'seq'; readonly seq: number };

export type SyscallStatus = 'successful' | 'failed' | 'unfinished';

/** What to select from a recording; every field that is set narrows the selection (AND). */
export interface Filter {
  /** `--syscall`/`-e trace=` sets, resolved to numbers; a syscall must be in all of them. */
  readonly syscalls: readonly ReadonlySet<number>[];
  readonly pids: readonly number[];
  readonly tids: readonly number[];
  /** --children: --pid/--tid also select the descendant processes. */
  readonly children: boolean;
  /** --path globs (any of them). */
  readonly paths: readonly string[];
  readonly fds: readonly number[];
  /** strace's -e status=: the syscalls that returned an error, that returned, or never returned; null: all. */
  readonly status: readonly SyscallStatus[] | null;
  readonly errnos: readonly number[];
  readonly since: TimePoint | null;
  readonly until: TimePoint | null;
  /** --signal: signal-delivery stops of these signals. */
  readonly signals: ReadonlySet<number> | null;
  /** --where: an SQL expression over the `syscalls` view's columns. */
  readonly where: string | null;
  readonly limit: number | null;
  readonly context: number;
}

export const emptyFilter: Filter = {
  syscalls: [],
  pids: [],
  tids: [],
  children: false,
  paths: [],
  fds: [],
  status: null,
  errnos: [],
  since: null,
  until: null,
  signals: null,
  where: null,
  limit: null,
  context: 0,
};

/** Filters that select among syscalls (as opposed to --pid/--tid/--since/--until, which select any event). */
export function hasSyscallFilter(f: Filter): boolean {
  return f.syscalls.length > 0 || f.paths.length > 0 || f.fds.length > 0 || f.status !== null || f.errnos.length > 0 || f.where !== null;
}

/** Filters that narrow every kind of event (syscalls, signals, exits) to a part of the recording. */
export function hasScopeFilter(f: Filter): boolean {
  return f.pids.length > 0 || f.tids.length > 0 || f.since !== null || f.until !== null;
}

export function isEmptyFilter(f: Filter): boolean {
  return !hasSyscallFilter(f) && !hasScopeFilter(f) && f.signals === null && f.limit === null && f.context === 0 && !f.children;
}
