#!/usr/bin/env node
// trace-q's timelines of big recordings: how long --html and --format perfetto take, their peak
// RSS and size, and how the HTML page does in headless Chromium (time until it is drawn, one
// redraw of the whole run and of a zoomed-in view). See the README ("Timeline").
//
//   node bench/timeline.mjs [--count N]... [--markdown]   (default: --count 50000 --count 500000:
//                                                bench/open-loop's ~100k and ~1M syscalls)
//
// Plain Node ESM; needs /usr/bin/chromium (scripts/setup.sh) and playwright-core (a
// devDependency). Recordings and outputs go to bench/out/ (gitignored) and are reused.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { BENCH, OUT, TIME, TRACE_Q, TRACE_REC, fileSize, fmtMB, fmtS, options, table } from "./lib/util.mjs";

const fail = (msg) => {
  process.stderr.write(`bench/timeline.mjs: ${msg}\n`);
  process.exit(2);
};
const counts = [];
let markdown = false;
const o = options(process.argv.slice(2), fail);
for (const a of o) {
  if (a === "--count") counts.push(o.number(true));
  else if (a === "--markdown") markdown = true;
  else fail(`unknown option ${a}`);
}
if (counts.length === 0) counts.push(50000, 500000);

fs.mkdirSync(OUT, { recursive: true });
const loop = path.join(OUT, "open-loop");
if (spawnSync("cc", ["-O2", "-o", loop, path.join(BENCH, "open-loop.c")], { stdio: "inherit" }).status !== 0) fail("cc failed");

/** Wall and CPU (user + system) seconds and peak RSS (KB) of a command, by GNU time. */
function timed(args) {
  const r = spawnSync(TIME, ["-f", "%e %U %S %M", ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) fail(`${args.join(" ")}: ${r.stderr.trim().split("\n").at(-1)}`);
  const [s, user, sys, kb] = r.stderr.trim().split("\n").at(-1).split(" ").map(Number);
  return { s, cpu: user + sys, kb };
}
/** "wall (CPU)": on a shared machine the CPU time is the steadier figure. */
const both = (t) => `${fmtS(t.s)} (${fmtS(t.cpu)})`;

const vlen = (v) => (v < 128 ? 1 : Math.ceil(Math.log2(v + 1) / 7));
const field = (n) => 1 + vlen(n) + n; // a length-delimited field: tag, length, bytes
/**
 * What the same slices would take as Perfetto's protobuf (TracePacket with a TrackEvent
 * SLICE_BEGIN carrying the strace line and errno as debug annotations, then a SLICE_END;
 * names, categories and annotation names interned, absolute ns timestamps), counted field by
 * field from the JSON's X events, without writing it: the measure of whether .pftrace is
 * worth a protobuf writer.
 */
function pftraceBytes(jsonFile, startedNs) {
  let total = 0;
  const fd = fs.openSync(jsonFile, "r");
  const buf = Buffer.alloc(1 << 24);
  let rest = "";
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) {
    const lines = (rest + buf.toString("utf8", 0, n)).split("\n");
    rest = lines.pop();
    for (const line of lines) {
      if (!line.includes('"ph":"X"')) continue;
      const e = JSON.parse(line.replace(/^,/, ""));
      const ts = startedNs + Math.round(e.ts * 1000);
      const annotations = field(2 + field(Buffer.byteLength(e.args.strace))) + (e.args.errno ? field(2 + field(e.args.errno.length)) : 0);
      const begin = 1 + vlen(ts) + 2 + field(2 + 1 + vlen(e.tid) + 2 + 2 + annotations);
      const end = 1 + vlen(ts + Math.round(e.dur * 1000)) + 2 + field(2 + 1 + vlen(e.tid));
      total += field(begin) + field(end);
    }
  }
  fs.closeSync(fd);
  return total;
}

const rows = [];
for (const n of counts) {
  const db = path.join(OUT, `timeline-${n}.db`);
  if (!fs.existsSync(db)) timed([process.execPath, TRACE_REC, "-o", db, "-q", "--", loop, String(n)]);
  const calls = spawnSync(process.execPath, [TRACE_Q, db, "--sql", "SELECT count(*) FROM syscalls", "--format", "csv"], { encoding: "utf8" }).stdout.split("\n")[1];
  const html = path.join(OUT, `timeline-${n}.html`);
  const json = path.join(OUT, `timeline-${n}.json`);
  const text = timed([process.execPath, TRACE_Q, db, "-o", path.join(OUT, `timeline-${n}.txt`)]);
  const h = timed([process.execPath, TRACE_Q, db, "--html", html]);
  const p = timed([process.execPath, TRACE_Q, db, "--format", "perfetto", "-o", json]);
  const profile = fs.mkdtempSync(path.join(OUT, "chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(`file://${html}`, { timeout: 600_000 });
  await page.waitForFunction(() => document.body.dataset.ready !== undefined, null, { timeout: 600_000, polling: 50 });
  const open = (Date.now() - t0) / 1000;
  const frames = await page.evaluate(() => {
    const m = JSON.parse(document.getElementById("meta").textContent);
    const time = (a, b) => {
      const t = performance.now();
      window.timeline.zoomTo(a, b);
      return performance.now() - t;
    };
    const all = time(m.firstNs, m.endNs);
    const mid = (m.firstNs + m.endNs) / 2;
    const zoomed = time(mid - (m.endNs - m.firstNs) / 1000, mid + (m.endNs - m.firstNs) / 1000);
    return { all, zoomed };
  });
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
  const pf = pftraceBytes(json, 1.8e18);
  rows.push([calls, both(text), both(h), fmtMB(h.kb), `${(fileSize(html) / 1e6).toFixed(1)} MB`, fmtS(open), `${frames.all.toFixed(0)} ms`, `${frames.zoomed.toFixed(0)} ms`, both(p), fmtMB(p.kb), `${(fileSize(json) / 1e6).toFixed(0)} MB`, `${(pf / 1e6).toFixed(0)} MB`]);
}
console.log(
  table(
    ["syscalls", "strace text s (CPU)", "--html s (CPU)", "RSS", "page", "Chromium open s", "redraw all", "redraw 1/1000", "perfetto s (CPU)", "RSS", "JSON", ".pftrace (counted)"],
    rows,
    markdown,
  ),
);
