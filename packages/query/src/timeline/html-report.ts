import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { StopMemory } from '../decode/context.js';
import { resolveFilter } from '../filter/compile-filter.js';
import { emptyFilter } from '../filter/filter.js';
import type { Recording } from '../recording/open-recording.js';
import { missingSystemTimes, summaryRows } from '../view/syscall-summary.js';
import { ColumnBuilder } from './column-builder.js';
import { CATEGORIES } from './syscall-category.js';
import { isSignal, timelineEvents, timelineFacts } from './timeline-source.js';
import type { TimelineCall, TimelineSignal } from './timeline-source.js';

/** Calls per lazily decompressed block of strace lines and captured bytes. */
const CHUNK = 2000;
/** Bytes of one captured argument kept in the report (the recording keeps them all). */
const BYTES_SHOWN = 1024;

const FLAG_FAILED = 0x10;
const FLAG_UNFINISHED = 0x20;

const VIEWER_DIR = new URL('../../viewer/', import.meta.url);

/** JSON that can sit inside <script>: no `</script>` or `<!--` can close it early. */
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');
const packed = (b: Buffer): string => gzipSync(b, { level: 6 }).toString('base64');

interface Capture {
  readonly at: 'entry' | 'exit';
  readonly arg: number;
  readonly addr: string;
  readonly size: number;
  /** Hex of at most BYTES_SHOWN bytes; null: unreadable. */
  readonly hex: string | null;
  readonly more: number;
}

/**
 * --html: one self-contained page (viewer/timeline-viewer.js and .css inline, no network) with
 * the timeline. The calls are columns (typed arrays, gzip, base64) that the page decompresses
 * once; strace lines and captured bytes are in blocks of CHUNK calls, decompressed when a call
 * in the block is clicked.
 */
export function* htmlReport(rec: Recording, title: string): Generator<string> {
  const db = rec.db;
  const facts = timelineFacts(db);
  const lane = new Map<number, number>();
  const lanes: { tid: number; pid: number }[] = [];
  for (const p of facts.processes) {
    for (const t of p.threads) {
      if (lane.has(t.tid)) continue;
      lane.set(t.tid, lanes.length);
      lanes.push({ tid: t.tid, pid: p.pid });
    }
  }
  const laneOf = (tid: number, pid: number): number => {
    let l = lane.get(tid);
    if (l === undefined) {
      lane.set(tid, (l = lanes.length));
      lanes.push({ tid, pid });
    }
    return l;
  };
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const cols = {
    id: new ColumnBuilder(Uint32Array),
    start: new ColumnBuilder(Float64Array),
    dur: new ColumnBuilder(Float32Array),
    lane: new ColumnBuilder(Uint32Array),
    name: new ColumnBuilder(Uint16Array),
    flags: new ColumnBuilder(Uint8Array),
  };
  const chunks: string[] = [];
  let block: [string, Capture[]][] = [];
  const signals: { lane: number; ns: number; name: string; line: string }[] = [];
  const threadEnd = new Map(facts.processes.flatMap((p) => p.threads.map((t) => [t.tid, t.endNs] as const)));

  const addCall = (c: TimelineCall): void => {
    let n = nameIndex.get(c.name);
    if (n === undefined) {
      nameIndex.set(c.name, (n = names.length));
      names.push(c.name);
    }
    const end = c.exitNs ?? Math.max(threadEnd.get(c.tid) ?? facts.endNs, c.entryNs);
    cols.id.push(c.id);
    cols.start.push(c.entryNs);
    cols.dur.push(end - c.entryNs);
    cols.lane.push(laneOf(c.tid, c.pid));
    cols.name.push(n);
    cols.flags.push(c.category | (c.errno !== null ? FLAG_FAILED : 0) | (c.exitNs === null ? FLAG_UNFINISHED : 0));
    block.push([c.line, capturesOf(c)]);
    if (block.length === CHUNK) {
      chunks.push(packed(Buffer.from(JSON.stringify(block))));
      block = [];
    }
  };
  const addSignal = (s: TimelineSignal): void => {
    signals.push({ lane: laneOf(s.tid, s.pid), ns: s.ns, name: s.name, line: s.line });
  };
  for (const e of timelineEvents(db)) {
    if (isSignal(e)) addSignal(e);
    else addCall(e);
  }
  if (block.length > 0) chunks.push(packed(Buffer.from(JSON.stringify(block))));

  const all = resolveFilter(db, emptyFilter);
  // system times are counted in clock ticks: a short run can have none at all, and then -w's times are drawn
  let clock: 'system' | 'wall' = missingSystemTimes(rec) === null ? 'system' : 'wall';
  let rows = summaryRows(db, all, clock);
  if (clock === 'system' && rows.every((r) => r.ns === 0)) rows = summaryRows(db, all, (clock = 'wall'));
  const summary = rows.sort((a, b) => b.ns - a.ns || a.nr - b.nr).map((s) => ({ name: s.name, calls: s.calls, errors: s.errors, ns: s.ns }));
  const meta = {
    title,
    startedNs: facts.startedNs.toString(),
    firstNs: facts.firstNs,
    endNs: facts.endNs,
    categories: CATEGORIES,
    flags: { category: 0x0f, failed: FLAG_FAILED, unfinished: FLAG_UNFINISHED },
    count: cols.id.length,
    chunk: CHUNK,
    names,
    lanes,
    processes: facts.processes,
    links: facts.links,
    signals,
    summary: { clock, rows: summary },
  };
  const css = readFileSync(new URL('timeline-viewer.css', VIEWER_DIR), 'utf8');
  const js = readFileSync(new URL('timeline-viewer.js', VIEWER_DIR), 'utf8');
  yield '<!DOCTYPE html>';
  yield `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>`;
  yield `<style>\n${css}</style></head><body>`;
  yield '<div id="app"><p id="loading">Loading the timeline…</p></div>';
  yield `<script type="application/json" id="meta">${scriptJson(meta)}</script>`;
  for (const [name, col] of Object.entries(cols)) yield `<script type="application/gzip" id="col-${name}">${packed(col.bytes())}</script>`;
  for (let i = 0; i < chunks.length; i++) yield `<script type="application/gzip" id="chunk-${i}">${chunks[i]}</script>`;
  yield `<script>\n${js.replace(/<\/script/gi, '<\\/script')}</script>`;
  yield '</body></html>';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The memory captured at a call's entry and exit stops, its bytes in hex. */
function capturesOf(c: TimelineCall): Capture[] {
  const read = (mem: StopMemory, when: 'entry' | 'exit'): Capture[] =>
    mem.all().map(({ arg, mem: m }) => ({
      at: when,
      arg,
      addr: `0x${m.addr.toString(16)}`,
      size: m.size,
      hex: m.data === null ? null : m.data.subarray(0, BYTES_SHOWN).toString('hex'),
      more: m.data === null ? 0 : Math.max(0, m.data.length - BYTES_SHOWN),
    }));
  return [...read(c.entryMem, 'entry'), ...read(c.exitMem, 'exit')];
}
