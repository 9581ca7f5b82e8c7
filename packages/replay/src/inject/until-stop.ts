import { compile, emptyFilter, parseErrnoList, parseSyscallSet, resolveFilter, syscallsQuery } from '@tracedb/query';
import type { Filter, Recording } from '@tracedb/query';
import { UsageError } from '../cli/errors.js';

/** What `--until KEY=VALUE,…` may name, each as trace-q's option of that name filters. */
const KEYS: Record<string, (f: Filter, value: string) => Filter> = {
  syscall: (f, v) => ({ ...f, syscalls: [...f.syscalls, parseSyscallSet(v)] }),
  path: (f, v) => ({ ...f, paths: [...f.paths, v] }),
  pid: (f, v) => ({ ...f, pids: [...f.pids, whole(v, 'pid')] }),
  tid: (f, v) => ({ ...f, tids: [...f.tids, whole(v, 'tid')] }),
  fd: (f, v) => ({ ...f, fds: [...f.fds, whole(v, 'fd')] }),
  errno: (f, v) => ({ ...f, errnos: [...f.errnos, ...parseErrnoList(v)] }),
};

function whole(v: string, key: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`--until: ${key} needs a whole number, got '${v}'`);
  return Number(v);
}

/**
 * --until's stop: a stop seq, or the entry of the first recorded syscall that a filter such as
 * `syscall=openat,path=*.conf` selects (keys syscall, path, pid, tid, fd, errno, as trace-q's
 * options; a comma not followed by KEY= belongs to the value: `syscall=openat,read`).
 */
export function untilStop(text: string, r: Recording): number {
  if (/^\d+$/.test(text)) {
    const seq = Number(text);
    if (seq < 1 || seq > r.lastSeq) throw new UsageError(`--until ${text}: the recording's stops are 1 to ${r.lastSeq}`);
    return seq;
  }
  let filter = emptyFilter;
  const keys = Object.keys(KEYS).join('|');
  for (const part of text.split(new RegExp(`,(?=(?:${keys})=)`))) {
    const eq = part.indexOf('=');
    const add = eq > 0 ? KEYS[part.slice(0, eq)] : undefined;
    if (add === undefined) throw new UsageError(`--until ${text}: expected a stop seq or KEY=VALUE,… with KEY one of ${Object.keys(KEYS).join(', ')}`);
    try {
      filter = add(filter, part.slice(eq + 1));
    } catch (e) {
      throw new UsageError(`--until ${text}: ${(e as Error).message}`);
    }
  }
  const q = compile(syscallsQuery(resolveFilter(r.db, filter)).select('entry_seq').where('entry_seq', 'is not', null).limit(1));
  const row = r.db.prepare(q.sql).get(...(q.parameters as unknown[])) as { entry_seq: number } | undefined;
  if (row === undefined) throw new UsageError(`--until ${text}: no recorded syscall matches`);
  return row.entry_seq;
}
