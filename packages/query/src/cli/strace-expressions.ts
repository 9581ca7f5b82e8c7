import { parseFdSet } from '../filter/fd-set.js';
import { parseSignalSet } from '../filter/signal-set.js';
import { parseSyscallSet } from '@tracedb/native';
import type { SyscallStatus } from '../filter/filter.js';
import { FdDecode } from '../render/render-options.js';
import { UsageError } from './errors.js';
import { QUERY_OPTIONS } from './query-options.js';
import { refusal } from './strace-argv.js';

/** -e quiet= names (strace's quiet_set); trace-q has none of the others' messages to leave out anyway. */
export type QuietMessage = 'attach' | 'exit' | 'path-resolution' | 'personality' | 'thread-execve';
const QUIET_MESSAGES: readonly QuietMessage[] = ['attach', 'exit', 'path-resolution', 'personality', 'thread-execve'];
/** -q, -qq, -qqq as strace expands them. */
export const QUIET_LEVELS: readonly (readonly QuietMessage[])[] = [[], ['attach', 'personality'], ['attach', 'personality', 'exit'], QUIET_MESSAGES];

/** strace's statuses: the last two never happen in a recording (registers not read, a detach mid-call). */
const STATUS_NAMES = ['successful', 'failed', 'unfinished', 'unavailable', 'detached'] as const;
export const SYSCALL_STATUSES: readonly SyscallStatus[] = ['successful', 'failed', 'unfinished'];

/** -e decode-fds= kinds, FdDecode's names. */
const FD_KINDS = Object.keys(FdDecode) as (keyof typeof FdDecode)[];
/** -e decode-pids= kinds: comm is -Y; pidns changes nothing in a recording (one namespace). */
const PID_KINDS = ['pidns', 'comm'] as const;

/** What the -e expressions and their long spellings (--read, --raw...) ask for, each in the order given. */
export interface Expressions {
  syscalls: ReadonlySet<number>[];
  signals: ReadonlySet<number>[];
  status: ReadonlySet<SyscallStatus>[];
  read: ReadonlySet<number>[];
  write: ReadonlySet<number>[];
  abbrev: ReadonlySet<number>[];
  verbose: ReadonlySet<number>[];
  raw: ReadonlySet<number>[];
  quiet: ReadonlySet<QuietMessage>[];
  /** FdDecode bits. */
  decodeFds: number[];
  /** -e decode-pids=, --decode-pids=: whether comm is in the set. */
  decodePids: boolean[];
}

export type Qualifier = keyof Expressions;

/** strace 6.1's -e qualifiers and their other names (filter_qualify.c: qual_options). */
const QUALIFIERS: Readonly<Record<string, Qualifier>> = {
  trace: 'syscalls', t: 'syscalls',
  signal: 'signals', signals: 'signals', s: 'signals',
  status: 'status',
  read: 'read', reads: 'read', r: 'read',
  write: 'write', writes: 'write', w: 'write',
  abbrev: 'abbrev', a: 'abbrev',
  verbose: 'verbose', v: 'verbose',
  raw: 'raw', x: 'raw',
  quiet: 'quiet', silent: 'quiet', silence: 'quiet', q: 'quiet',
  'decode-fds': 'decodeFds', 'decode-fd': 'decodeFds',
  'decode-pids': 'decodePids', 'decode-pid': 'decodePids',
};

/** How each qualifier's value is read. */
const PARSERS: { readonly [Q in Qualifier]: (value: string) => Expressions[Q][number] } = {
  syscalls: (v) => parseSyscallSet(v),
  signals: (v) => parseSignalSet(v),
  status: (v) => {
    const set = parseNameSet(v, STATUS_NAMES, (item) => `-e status= takes ${STATUS_NAMES.join(', ')}, all or none; got '${item}'`);
    return new Set(SYSCALL_STATUSES.filter((st) => set.has(st)));
  },
  read: (v) => parseFdSet(v, '-e read='),
  write: (v) => parseFdSet(v, '-e write='),
  abbrev: (v) => parseSyscallSet(v),
  verbose: (v) => parseSyscallSet(v),
  raw: (v) => parseSyscallSet(v),
  quiet: (v) => parseNameSet(v, QUIET_MESSAGES, (item) => `-e quiet= takes ${QUIET_MESSAGES.join(', ')}, all or none; got '${item}'`),
  decodeFds: (v) => {
    const set = parseNameSet(v, FD_KINDS, (item) => `-e decode-fds= takes ${FD_KINDS.join(', ')}, all or none; got '${item}'`);
    return [...set].reduce((bits, k) => bits | FdDecode[k], 0);
  },
  decodePids: (v) => parseNameSet(v, PID_KINDS, (item) => `--decode-pids takes ${PID_KINDS.join(', ')}, all or none; got '${item}'`).has('comm'),
};

/** strace's -e qualifiers that act while tracing (inject=, fault=, kvm=): their rows of QUERY_OPTIONS. */
const REFUSED = new Map(QUERY_OPTIONS.flatMap((g) => g.options.filter((o) => o.refused !== undefined && o.name.length > 1).map((o) => [o.name, o] as const)));

/**
 * strace's -e EXPR: trace=SET (or a bare SET), signal=, status=, read=, write=, abbrev=,
 * verbose=, raw=, quiet=; then the long spellings' values, by qualifier.
 */
export function parseExpressions(exprs: readonly string[], long: Partial<Record<Qualifier, readonly string[]>> = {}): Expressions {
  const out: Expressions = { syscalls: [], signals: [], status: [], read: [], write: [], abbrev: [], verbose: [], raw: [], quiet: [], decodeFds: [], decodePids: [] };
  const add = (q: Qualifier, value: string): void => {
    (out[q] as unknown[]).push(PARSERS[q](value));
  };
  for (const e of exprs) {
    const m = /^([a-z-]+)=(.*)$/s.exec(e);
    const [name, value] = m ? [m[1], m[2]] : ['trace', e];
    const refused = REFUSED.get(name);
    if (refused !== undefined) throw refusal(`-e ${name}=`, refused);
    const q = QUALIFIERS[name];
    if (q === undefined) throw new UsageError(`-e ${name}=… is not something trace-q knows (it knows trace=, signal=, status=, read=, write=, abbrev=, verbose=, raw=, quiet=, decode-fds=, decode-pids=)`);
    add(q, value);
  }
  for (const [q, values] of Object.entries(long) as [Qualifier, readonly string[]][]) for (const v of values) add(q, v);
  return out;
}

/** The last of several sets given for one qualifier: strace keeps the last -e X=. */
export function last<T>(sets: readonly T[]): T | null {
  return sets.length === 0 ? null : sets[sets.length - 1];
}

/** An strace set of names: all, none, a comma list, a leading ! negating it. */
function parseNameSet<T extends string>(text: string, names: readonly T[], unknown: (item: string) => string): ReadonlySet<T> {
  let list = text.trim();
  const invert = list.startsWith('!');
  if (invert) list = list.slice(1);
  const set = new Set<T>();
  for (const item of list.split(',')) {
    if (item === 'all') names.forEach((n) => set.add(n));
    else if (item === 'none') continue;
    else if ((names as readonly string[]).includes(item)) set.add(item as T);
    else throw new UsageError(unknown(item));
  }
  return invert ? new Set(names.filter((n) => !set.has(n))) : set;
}
