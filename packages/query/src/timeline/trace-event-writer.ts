import type BetterSqlite3 from 'better-sqlite3';
import { jsonInteger } from '../output/json-value.js';
import { QUERY_VERSION } from '../version.js';
import { CATEGORIES } from './syscall-category.js';
import { isSignal, timelineEvents, timelineFacts } from './timeline-source.js';
import type { TimelineCall, TimelineSignal } from './timeline-source.js';

/** ns from the recording's start → the Trace Event Format's µs. */
const us = (ns: number): number => ns / 1000;

/**
 * --format perfetto: the recording in the Trace Event Format (JSON), which ui.perfetto.dev and
 * chrome://tracing open. One object per line inside `traceEvents`, written as the renderer
 * reaches each syscall: process and thread names (M), a complete event (X) per syscall with
 * its strace line, unfinished calls drawn to their thread's end, instant events (i) for signals
 * and exits, flows (s → f) from fork/vfork/clone to the child and from exec to the new image.
 */
export function* traceEventLines(db: BetterSqlite3.Database): Generator<string> {
  const facts = timelineFacts(db);
  const threadEnd = new Map<number, number>();
  yield `{"displayTimeUnit":"ns","otherData":${JSON.stringify({ producer: `trace-q ${QUERY_VERSION}`, recording_started_ns: facts.startedNs.toString(), clock: 'ns since the recording started, in µs' })},"traceEvents":[`;
  let first = true;
  const event = (e: object): string => {
    const text = (first ? '' : ',') + JSON.stringify(e);
    first = false;
    return text;
  };
  for (const p of facts.processes) {
    yield event({ ph: 'M', name: 'process_name', pid: p.pid, tid: p.pid, args: { name: `${p.command}` } });
    yield event({ ph: 'M', name: 'process_labels', pid: p.pid, tid: p.pid, args: { labels: p.ppid === null ? 'traced' : `child of ${p.ppid}` } });
    for (const t of p.threads) {
      threadEnd.set(t.tid, t.endNs);
      yield event({ ph: 'M', name: 'thread_name', pid: p.pid, tid: t.tid, args: { name: t.tid === p.pid ? `${t.tid} (main)` : `${t.tid}` } });
      if (t.exit !== null && t.exitNs !== null) yield event({ ph: 'i', s: 't', name: 'exit', cat: 'process', pid: p.pid, tid: t.tid, ts: us(t.exitNs), args: { strace: t.exit } });
    }
  }
  // a flow's start binds to the slice around it (the fork or the execve), its end to the next slice of the child
  let id = 0;
  for (const l of facts.links) {
    id++;
    yield event({ ph: 's', name: l.kind, cat: 'process', id, pid: l.fromPid, tid: l.fromTid, ts: us(l.fromNs) });
    yield event({ ph: 'f', name: l.kind, cat: 'process', id, pid: l.toPid, tid: l.toTid, ts: us(l.toNs) });
  }
  for (const e of timelineEvents(db)) yield event(isSignal(e) ? signalEvent(e) : callEvent(e, threadEnd.get(e.tid) ?? facts.endNs));
  yield ']}';
}

function callEvent(c: TimelineCall, threadEnd: number): object {
  const end = c.exitNs ?? Math.max(threadEnd, c.entryNs);
  const args: Record<string, unknown> = { strace: c.line, id: c.id };
  if (c.ret !== null) {
    const ret = jsonInteger(c.ret);
    args.ret = typeof ret === 'bigint' ? Number(ret) : ret;
  }
  if (c.errno !== null) args.errno = c.errno;
  if (c.exitNs === null) args.unfinished = true;
  return { ph: 'X', name: c.name, cat: CATEGORIES[c.category], pid: c.pid, tid: c.tid, ts: us(c.entryNs), dur: us(end - c.entryNs), args };
}

function signalEvent(s: TimelineSignal): object {
  return { ph: 'i', s: 't', name: s.name, cat: 'signal', pid: s.pid, tid: s.tid, ts: us(s.ns), args: { strace: s.line } };
}
