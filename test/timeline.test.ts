/// <reference lib="dom" />
// trace-q --format perfetto and --html, through the command line, of a real recording: a
// program with two threads, a fork whose child execs, a failed openat and signals. The Trace
// Event file is read by a reader of its own here, field by field, against what --sql says the
// recording holds; the HTML page is opened in headless Chromium, clicked and photographed.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { repoRoot, runCwd, scratchDir, testEnv } from './support/paths.js';
import { runTraceRec } from './support/recording.js';

const traceQ = path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [traceQ, ...args], { encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function q(...args: string[]): string {
  const r = run(args);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

/** trace-q --sql's rows, as objects (its JSON format). */
function sql<T>(db: string, query: string): T[] {
  return JSON.parse(q(db, '--sql', query, '--format', 'json')) as T[];
}

let db = '';
let out = '';

beforeAll(() => {
  const rec = runTraceRec([fixture('timeline')], { env: testEnv(), cwd: runCwd() });
  expect(rec.stderr.toString()).toBe('');
  expect(rec.status).toBe(0);
  db = rec.dbPath;
  out = scratchDir('timeline');
});

/** Each thread's syscall lines as `trace-q REC --tid T` prints them: what a span's strace line must be. */
function threadLines(tid: number): string[] {
  return q(db, '--tid', String(tid), '--no-pid-column').trimEnd().split('\n').filter((l) => !l.startsWith('+++') && !l.startsWith('---'));
}

interface TraceEvent {
  ph: string;
  name: string;
  cat?: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  id?: number;
  s?: string;
  args?: Record<string, unknown>;
}

const CATEGORIES = ['signal', 'process', 'network', 'ipc', 'memory', 'file', 'desc', 'other'];

describe('trace-q --format perfetto', () => {
  let events: TraceEvent[] = [];

  beforeAll(() => {
    const file = path.join(out, 'run.json');
    const r = run([db, '--format', 'perfetto', '-o', file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const text = readFileSync(file, 'utf8');
    const top = JSON.parse(text) as { traceEvents: TraceEvent[]; displayTimeUnit: string; otherData: Record<string, unknown> };
    expect(Object.keys(top).sort()).toEqual(['displayTimeUnit', 'otherData', 'traceEvents']);
    expect(top.displayTimeUnit).toBe('ns');
    events = top.traceEvents;
    // streamed: the header line, one event per line, the closing line
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBe(events.length + 2);
    lines.slice(1, -1).forEach((l, i) => expect(JSON.parse(l.replace(/^,/, ''))).toEqual(events[i]));
  });

  it('has well-formed events only: known phases, integer pids and tids, finite times', () => {
    for (const e of events) {
      expect(['M', 'X', 'i', 's', 'f']).toContain(e.ph);
      expect(Number.isInteger(e.pid) && e.pid > 0).toBe(true);
      expect(Number.isInteger(e.tid) && e.tid > 0).toBe(true);
      expect(typeof e.name).toBe('string');
      if (e.ph === 'M') {
        expect(['process_name', 'process_labels', 'thread_name']).toContain(e.name);
        continue;
      }
      expect(Number.isFinite(e.ts) && e.ts! >= 0).toBe(true);
      if (e.ph === 'X') {
        expect(Number.isFinite(e.dur) && e.dur! >= 0).toBe(true);
        expect(CATEGORIES).toContain(e.cat);
        expect(typeof e.args!.strace).toBe('string');
      }
      if (e.ph === 'i') expect(e.s).toBe('t');
    }
  });

  it('names every process and thread of the recording, and no other', () => {
    const threads = sql<{ pid: number; tid: number }>(db, 'SELECT DISTINCT pid, tid FROM threads ORDER BY tid');
    const procs = sql<{ pid: number }>(db, 'SELECT DISTINCT pid FROM processes ORDER BY pid');
    const names = (n: string) => events.filter((e) => e.ph === 'M' && e.name === n);
    expect(names('thread_name').map((e) => ({ pid: e.pid, tid: e.tid })).sort((a, b) => a.tid - b.tid)).toEqual(threads);
    expect(names('process_name').map((e) => ({ pid: e.pid })).sort((a, b) => a.pid - b.pid)).toEqual(procs);
    expect(threads.length).toBe(4);
    expect(names('process_name').map((e) => e.args!.name)).toEqual([expect.stringMatching(/timeline$/), 'true']);
    // every other event is on one of these threads
    const known = new Set(threads.map((t) => `${t.pid}/${t.tid}`));
    for (const e of events) expect(known.has(`${e.pid}/${e.tid}`)).toBe(true);
  });

  it('has one complete event per syscall: its name, thread, times and errno as the recording has them', () => {
    const calls = sql<{ id: number; pid: number; tid: number; name: string; entry_ns: number; exit_ns: number | null; ret: number | null; errno: string | null }>(
      db,
      'SELECT id, pid, tid, name, entry_ns, exit_ns, ret, errno FROM syscalls WHERE entry_seq IS NOT NULL ORDER BY id',
    );
    const xs = events.filter((e) => e.ph === 'X');
    expect(xs.length).toBe(calls.length);
    const byId = new Map(xs.map((e) => [e.args!.id as number, e]));
    for (const c of calls) {
      const e = byId.get(c.id)!;
      expect(e, `syscall ${c.id}`).toBeDefined();
      expect([e.name, e.pid, e.tid]).toEqual([c.name, c.pid, c.tid]);
      expect(e.ts).toBeCloseTo(c.entry_ns / 1000, 3);
      if (c.ret !== null) expect(e.dur).toBeCloseTo((c.exit_ns! - c.entry_ns) / 1000, 3);
      else expect(e.args!.unfinished).toBe(true);
      expect(e.args!.errno ?? null).toBe(c.errno);
    }
    // exit_group never returns: an unfinished span, to the end of its thread
    expect(xs.filter((e) => e.args!.unfinished).map((e) => e.name)).toEqual(expect.arrayContaining(['exit_group']));
  });

  it("gives each span the strace line trace-q prints for that call, in the syscall's class", () => {
    const tids = [...new Set(events.filter((e) => e.ph === 'X').map((e) => e.tid))];
    for (const tid of tids) {
      const spans = events.filter((e) => e.ph === 'X' && e.tid === tid).sort((a, b) => (a.args!.id as number) - (b.args!.id as number));
      expect(spans.map((e) => e.args!.strace)).toEqual(threadLines(tid));
    }
    const failed = events.find((e) => e.ph === 'X' && String(e.args!.strace).includes('/nonexistent/timeline'))!;
    expect([failed.name, failed.cat, failed.args!.errno]).toEqual(['openat', 'file', 'ENOENT']);
    const cat = (name: string) => new Set(events.filter((e) => e.ph === 'X' && e.name === name).map((e) => e.cat));
    expect(cat('clone3')).toEqual(new Set(['process']));
    expect(cat('wait4')).toEqual(new Set(['process']));
    expect(cat('mmap')).toEqual(new Set(['memory']));
    expect(cat('kill')).toEqual(new Set(['signal']));
    expect(cat('write')).toEqual(new Set(['desc']));
  });

  it('has an instant event per signal delivery and per exit, with its strace line', () => {
    const signals = sql<{ tid: number; sig: number; ts_ns: number }>(db, "SELECT tid, sig, ts_ns FROM stops WHERE kind = 'signal' ORDER BY seq");
    const exits = sql<{ tid: number }>(db, "SELECT tid FROM stops WHERE kind = 'exit' ORDER BY tid");
    const instants = events.filter((e) => e.ph === 'i');
    const sigs = instants.filter((e) => e.cat === 'signal');
    expect(sigs.map((e) => [e.tid, e.ts])).toEqual(signals.map((s) => [s.tid, s.ts_ns / 1000]));
    expect(sigs.map((e) => e.name).sort()).toEqual(['SIGCHLD', 'SIGUSR1']);
    expect(String(sigs.find((e) => e.name === 'SIGUSR1')!.args!.strace)).toMatch(/^--- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_USER, si_pid=\d+, si_uid=\d+\} ---$/);
    const ends = instants.filter((e) => e.name === 'exit');
    expect(ends.map((e) => e.tid).sort((a, b) => a - b)).toEqual(exits.map((e) => e.tid));
    expect(new Set(ends.map((e) => e.args!.strace))).toEqual(new Set(['+++ exited with 0 +++']));
  });

  it('has a flow from each fork and clone to the child it made, and from each exec to the new image', () => {
    const made = sql<{ tid: number; event: string; child: number }>(db, "SELECT tid, event, event_msg AS child FROM stops WHERE kind = 'event' AND event IN ('fork', 'vfork', 'clone') ORDER BY seq");
    const procs = new Map(sql<{ pid: number; ppid: number }>(db, 'SELECT pid, ppid FROM processes').map((p) => [p.pid, p.ppid]));
    const execs = sql<{ pid: number; tid: number }>(db, 'SELECT pid, tid FROM execs ORDER BY seq');
    const starts = events.filter((e) => e.ph === 's');
    const ends = new Map(events.filter((e) => e.ph === 'f').map((e) => [e.id, e]));
    expect(ends.size).toBe(starts.length);
    expect(new Set(starts.map((s) => s.id)).size).toBe(starts.length);
    const forks = starts.filter((s) => s.name !== 'exec');
    expect(forks.map((s) => [s.tid, s.name, ends.get(s.id)!.tid])).toEqual(made.map((m) => [m.tid, m.event, m.child]));
    for (const s of forks) {
      const f = ends.get(s.id)!;
      expect(f.ts! >= s.ts!).toBe(true);
      // a new process's parent is the forker; a new thread is in the forker's process
      if (f.pid !== s.pid) expect(procs.get(f.pid)).toBe(s.pid);
      else expect(f.tid).not.toBe(s.tid);
    }
    expect(made.map((m) => m.event).sort()).toEqual(['clone', 'clone', 'fork']);
    const execFlows = starts.filter((s) => s.name === 'exec');
    expect(execFlows.map((s) => [s.pid, s.tid, ends.get(s.id)!.pid])).toEqual(execs.map((e) => [e.pid, e.tid, e.pid]));
  });

  it('refuses filters and other views with one line and status 2', () => {
    for (const args of [
      ['--format', 'perfetto', '--syscall', 'openat'],
      ['--format', 'perfetto', '-c'],
      ['--format', 'perfetto', '--tree'],
      ['--html', path.join(out, 'x.html'), '--pid', '1'],
      ['--html', path.join(out, 'x.html'), '-o', path.join(out, 'y')],
      ['--html', path.join(out, 'x.html'), '--format', 'json'],
      ['--html', ''],
      ['--html', db],
    ]) {
      const r = run([db, ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^trace-q: [^\n]+\n$/);
      expect(r.stdout).toBe('');
    }
  });
});

describe('trace-q --html, in headless Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  let file = '';

  beforeAll(async () => {
    file = path.join(out, 'report.html');
    const r = run([db, '--html', file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    context = await chromium.launchPersistentContext(mkdtempSync(path.join(out, 'chromium-')), {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 900 },
    });
    page = await context.newPage();
    page.on('request', (req) => requests.push(req.url()));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => document.body.dataset.ready !== undefined, null, { timeout: 60_000 });
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => document.body.dataset.ready)).toBe('1');
  }, 120_000);

  afterAll(async () => {
    await context?.close();
  });

  it('is one file that asks for nothing over the network', () => {
    expect(statSync(file).size).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
    expect(readFileSync(file, 'utf8')).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
  });

  it('has a lane per thread, grouped under its process, and the process tree beside it', async () => {
    const threads = sql<{ pid: number; tid: number }>(db, 'SELECT DISTINCT pid, tid FROM threads ORDER BY tid');
    const lanes = await page.locator('#labels .lane').evaluateAll((els) => els.map((e) => ({ pid: Number(e.getAttribute('data-pid')), tid: Number(e.getAttribute('data-tid')) })));
    expect([...lanes].sort((a, b) => a.tid - b.tid)).toEqual(threads);
    const groups = await page.locator('#labels .proc').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-pid'))));
    expect(groups.sort()).toEqual([...new Set(threads.map((t) => t.pid))].sort());
    const procs = sql<{ pid: number; ppid: number }>(db, 'SELECT pid, ppid FROM processes');
    const child = procs.find((p) => procs.some((o) => o.pid === p.ppid))!;
    // the child process's item sits inside its parent's
    expect(await page.locator(`#tree li[data-pid="${child.ppid}"] li[data-pid="${child.pid}"] .cmd`).textContent()).toBe('true');
  });

  it('draws the spans: the failed openat in the file colour, with the failure mark under it', async () => {
    expect(Number(await page.locator('#canvas').getAttribute('data-spans-drawn'))).toBeGreaterThan(0);
    const [openat] = sql<{ id: number; entry_ns: number; exit_ns: number }>(db, "SELECT id, entry_ns, exit_ns FROM syscalls WHERE name = 'openat' AND errno = 'ENOENT' AND path = '/nonexistent/timeline'");
    await page.evaluate(([a, b]) => window.timeline.zoomTo(a, b), [openat.entry_ns - 20_000, openat.exit_ns + 20_000]);
    const box = (await page.evaluate((id) => window.timeline.spanBox(id), openat.id))!;
    expect(box.width).toBeGreaterThan(100);
    const pixel = (px: number, py: number) =>
      page.evaluate(([x, y]) => {
        const c = document.getElementById('canvas') as HTMLCanvasElement;
        const r = c.getBoundingClientRect();
        const k = c.width / r.width;
        return [...c.getContext('2d')!.getImageData(Math.round((x - r.left) * k), Math.round((y - r.top) * k), 1, 1).data.slice(0, 3)];
      }, [px, py]);
    expect(await pixel(box.x + box.width / 2, box.y + box.height / 2)).toEqual([0xf9, 0xa8, 0x25]);
    expect(await pixel(box.x + box.width / 2, box.y + box.height + 1)).toEqual([0xd3, 0x2f, 0x2f]);
  });

  it("shows a clicked span's strace line, as trace-q prints it, and its argument's captured bytes", async () => {
    const [openat] = sql<{ id: number; tid: number; entry_ns: number; exit_ns: number }>(db, "SELECT id, tid, entry_ns, exit_ns FROM syscalls WHERE name = 'openat' AND errno = 'ENOENT' AND path = '/nonexistent/timeline'");
    await page.evaluate(([a, b]) => window.timeline.zoomTo(a, b), [openat.entry_ns - 20_000, openat.exit_ns + 20_000]);
    const box = (await page.evaluate((id) => window.timeline.spanBox(id), openat.id))!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.locator('#details').getAttribute('data-id')).toBe(String(openat.id));
    const line = await page.locator('#details .strace-line').textContent();
    expect(line).toBe(threadLines(openat.tid).find((l) => l.includes('"/nonexistent/timeline"')));
    expect(line).toMatch(/^openat\(AT_FDCWD, "\/nonexistent\/timeline", O_RDONLY\) = -1 ENOENT/);
    const bytes = await page.locator('#details .bytes').first().textContent();
    expect(bytes).toContain(Buffer.from('/nonexistent/tim').toString('hex').match(/../g)!.join(' '));
    expect(bytes).toContain('/nonexistent/tim');
  });

  it('zooms with the wheel and the keys, and pans by dragging', async () => {
    const [call] = sql<{ id: number; entry_ns: number; exit_ns: number }>(db, "SELECT id, entry_ns, exit_ns FROM syscalls WHERE name = 'wait4'");
    const box = async () => (await page.evaluate((id) => window.timeline.spanBox(id), call.id))!;
    await page.keyboard.press('0');
    const full = await box();
    // wait4 in the middle fourth of the view; the keys zoom about the middle
    const d = call.exit_ns - call.entry_ns;
    await page.evaluate(([a, b]) => window.timeline.zoomTo(a, b), [call.entry_ns - 1.5 * d, call.exit_ns + 1.5 * d]);
    const quarter = (await box()).width;
    await page.keyboard.press('+');
    await page.keyboard.press('w');
    await expect.poll(async () => (await box()).width).toBeCloseTo(quarter * 2.25, 0);
    await page.keyboard.press('-');
    await expect.poll(async () => (await box()).width).toBeCloseTo(quarter * 1.5, 0);
    await page.keyboard.press('0');
    await expect.poll(async () => (await box()).width).toBeCloseTo(full.width, 3);
    const canvas = (await page.locator('#canvas').boundingBox())!;
    await page.evaluate(([a, b]) => window.timeline.zoomTo(a, b), [call.entry_ns - 1.5 * d, call.exit_ns + 1.5 * d]);
    const before = await box();
    const pointer = before.x + before.width / 3;
    await page.mouse.move(pointer, before.y + 2);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await box()).width).toBeGreaterThan(quarter * 1.5);
    // the wheel zooms about the pointer: the same instant of wait4 is still under it
    const zoomed = await box();
    expect((pointer - zoomed.x) / zoomed.width).toBeCloseTo(1 / 3, 2);
    await page.keyboard.press('0');
    await page.mouse.move(canvas.x + canvas.width / 2, full.y + 2);
    await page.mouse.down();
    await page.mouse.move(canvas.x + canvas.width / 2 - 200, full.y + 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await box()).x).toBeCloseTo(full.x - 200, 0);
    await page.keyboard.press('0');
  });

  it("charts the -c summary: a bar per syscall with trace-q -c's calls and errors", async () => {
    const summary = JSON.parse(q(db, '-c', '-w', '--format', 'json')) as { syscall: string; calls: number; errors: number }[];
    const bars = await page.locator('#summary .bar').evaluateAll((els) => els.map((e) => ({ syscall: e.getAttribute('data-name'), calls: Number(e.getAttribute('data-calls')), errors: Number(e.getAttribute('data-errors')) })));
    const key = (r: { syscall: string | null }) => r.syscall ?? '';
    expect([...bars].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(summary.map((s) => ({ syscall: s.syscall, calls: s.calls, errors: s.errors })).sort((a, b) => a.syscall.localeCompare(b.syscall)));
    expect(bars.length).toBeGreaterThan(10);
  });

  it('saves a screenshot of the page', async () => {
    const shot = path.join(out, 'timeline.png');
    await page.screenshot({ path: shot });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    console.log(`timeline screenshot: ${shot}`);
  });
});

declare global {
  interface Window {
    timeline: {
      spanBox(id: number): { x: number; y: number; width: number; height: number } | null;
      zoomTo(t0: number, t1: number): void;
    };
  }
}
