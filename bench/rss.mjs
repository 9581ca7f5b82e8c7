#!/usr/bin/env node
// Peak RSS of trace-rec against the length of the run: records
// `dd if=/dev/zero of=/dev/null bs=1 count=N` for a few sizes and shows
// whether the memory stays flat. See bench/README.md.
//
//   node bench/rss.mjs [--stops N,N] [--trace-rec CMD] [--timeout S] [--markdown]
//
// Plain Node ESM. The run is spawned asynchronously so that the RSS of the
// trace-rec process can be sampled from /proc while it runs.

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH, ROOT, TIME, fileSize, firstLine, fmtMB, loadSqlite, machine, options, rmDb, table, traceRec } from "./lib/util.mjs";

// Each `dd bs=1` block is a read and a write: 2 syscalls, 4 stops. dd's
// start-up and exit add ~130 syscalls.
const STARTUP_STOPS = 260;
// For the free-space check: database + -wal bytes per stop, with a margin
// (measured: ~325 B/stop, i.e. ~650 B/syscall, at 100k and 400k stops).
const BYTES_PER_STOP = 350;
const SAMPLE_MS = 500;
const LIMIT = 1.2; // the issue's bound on max / min peak RSS

// ---------------------------------------------------------------- options

const USAGE = `usage: node bench/rss.mjs [options]
  --stops N,N       sizes of the runs in ptrace stops (default
                    100000,1000000,10000000; k and M suffixes allowed)
  --trace-rec CMD   command that runs trace-rec (split on spaces; default:
                    packages/recorder/bin/trace-rec, the command)
  --timeout S       kill a run after S seconds (default 1800)
  --markdown        print the table as Markdown`;

function parseArgs(argv) {
  const o = { stops: [100_000, 1_000_000, 10_000_000], traceRec: null, timeout: 1800, markdown: false };
  const it = options(argv, fail);
  for (const a of it) {
    switch (a) {
      case "--stops":
        o.stops = it.value().split(",").filter(Boolean).map((s) => {
          const m = s.trim().match(/^(\d+(?:\.\d+)?)([kKmM]?)$/);
          const n = m ? Math.round(Number(m[1]) * ({ k: 1e3, m: 1e6 }[m[2].toLowerCase()] ?? 1)) : NaN;
          if (!(n > 0)) fail(`--stops: not a positive number: ${s}`);
          return n;
        });
        if (o.stops.length === 0) fail("--stops needs at least one size");
        break;
      case "--trace-rec": o.traceRec = it.value().split(/\s+/).filter(Boolean); break;
      case "--timeout": o.timeout = it.number(); break;
      case "--markdown": o.markdown = true; break;
      case "-h": case "--help": console.log(USAGE); process.exit(0);
      default: fail(`unknown option ${a}`);
    }
  }
  o.stops = [...new Set(o.stops)].sort((a, b) => a - b);
  return o;
}

function fail(msg) {
  console.error(`bench: ${msg}\n${USAGE}`);
  process.exit(2);
}

/** A one-line refusal (no usage). */
function refuse(msg) {
  console.error(`bench: ${msg}`);
  process.exit(1);
}

const opts = parseArgs(process.argv.slice(2));

// ---------------------------------------------------------------- setup

const { cmd: traceRecCmd, missing } = traceRec(ROOT, opts.traceRec);
if (missing) refuse(`trace-rec is ${missing}, or pass --trace-rec CMD`);
if (!fs.existsSync(TIME)) refuse(`${TIME} not found; peak RSS needs GNU time: apt-get install -y time`);
const { Database, note: dbNote } = loadSqlite(ROOT);
if (!Database) refuse(dbNote);

const ddCount = (stops) => Math.max(1, Math.round((stops - STARTUP_STOPS) / 4));
const fmtInt = (n) => (n == null ? "–" : n.toLocaleString("en-US"));
const fmtGB = (b) => `${(b / 2 ** 30).toFixed(1)} GiB`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tracedb-rss-"));
let current = null; // the running child, killed with its process group on exit
process.on("exit", () => {
  if (current) try { process.kill(-current.pid, "SIGKILL"); } catch {}
  fs.rmSync(tmp, { recursive: true, force: true });
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

// Each recording is deleted once measured, so the largest one is what has to fit.
{
  const need = 3 * BYTES_PER_STOP * opts.stops[opts.stops.length - 1];
  const st = fs.statfsSync(tmp);
  const free = st.bavail * st.bsize;
  if (free < need) {
    refuse(`only ${fmtGB(free)} free in ${os.tmpdir()}; the ${fmtInt(opts.stops.at(-1))}-stop run needs 3 × ~${fmtGB(need / 3)} = ${fmtGB(need)} (set TMPDIR elsewhere or use smaller --stops)`);
  }
}

// ---------------------------------------------------------------- sampling

/** The pid of a child of `pid` (the command /usr/bin/time started), or null. */
function childOf(pid) {
  try {
    const c = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/)[0];
    if (c) return Number(c);
  } catch {}
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
      // pid (comm) state ppid …: comm may contain spaces and parentheses.
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) return Number(e);
    } catch {}
  }
  return null;
}

/** VmRSS of a process in kB, or null if it is gone (or a zombie). */
function vmRss(pid) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
    return m ? Number(m[1]) : null;
  } catch { return null; }
}

// ---------------------------------------------------------------- running

function log(msg) {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${msg}`);
}

/** One recording of `dd … count=N` under /usr/bin/time, with trace-rec's VmRSS
 * sampled every SAMPLE_MS; then the recording is counted and removed. */
async function runOnce(target) {
  const count = ddCount(target);
  const prog = ["dd", "if=/dev/zero", "of=/dev/null", "bs=1", `count=${count}`];
  const out = path.join(tmp, `rec-${target}.db`);
  const rssFile = path.join(tmp, "rss");
  rmDb(out);
  fs.rmSync(rssFile, { force: true });
  const argv = [TIME, "-f", "%M", "-o", rssFile, ...traceRecCmd, "-o", out, "-q", "--force", "--", ...prog];

  const run = { target, dd_count: count, samples: [] };
  const t0 = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - t0) / 1e9;
  const child = spawn(argv[0], argv.slice(1), {
    stdio: ["ignore", "ignore", "pipe"],
    detached: true, // own process group, so a timed-out run can be killed whole
  });
  current = child;
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d) => { if (stderr.length < 1 << 16) stderr += d; });

  let tracer = null; // the trace-rec (node) process: the child of /usr/bin/time
  const sampler = setInterval(() => {
    tracer ??= childOf(child.pid);
    const kb = tracer && vmRss(tracer);
    if (kb) run.samples.push({ t: elapsed(), kb });
    log(`${fmtInt(target)} stops: ${elapsed().toFixed(0)} s${kb ? `, trace-rec VmRSS ${fmtMB(kb)}` : ""}`);
  }, SAMPLE_MS);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try { process.kill(-child.pid, "SIGKILL"); } catch {}
  }, opts.timeout * 1000);

  // Wall time ends when /usr/bin/time exits; "close" also waits for stderr.
  child.on("exit", () => { run.wall_s = elapsed(); });
  const [status, signal, error] = await new Promise((resolve) => {
    child.on("error", (e) => resolve([null, null, e]));
    child.on("close", (code, sig) => resolve([code, sig, null]));
  });
  clearInterval(sampler);
  clearTimeout(timer);
  current = null;
  log("");

  // GNU time writes "Command exited with non-zero status N" before %M.
  const t = fs.existsSync(rssFile) ? fs.readFileSync(rssFile, "utf8") : "";
  const m = t.trim().split("\n").pop()?.match(/^(\d+)$/);
  if (m) run.rss_kb = Number(m[1]);
  if (error) run.error = error.message;
  else if (timedOut) run.error = `timed out after ${opts.timeout} s`;
  else if (status !== 0) {
    run.error = firstLine(stderr) || (signal ? `killed by ${signal}` : `exit status ${status}`);
    if (status != null) run.error = `exit ${status}: ${run.error}`;
  }

  if (!run.error) {
    run.db_bytes = fileSize(out) + fileSize(out + "-wal");
    try {
      const db = new Database(out, { readonly: true, fileMustExist: true });
      try {
        run.stops = db.prepare("SELECT count(*) AS n FROM stops").get().n;
        run.syscalls = db.prepare("SELECT count(*) AS n FROM syscall").get().n;
      } finally { db.close(); }
    } catch (e) {
      run.error = `reading the recording: ${e.message.split("\n")[0]}`;
    }
  }
  rmDb(out);

  // The samples of the second half of the run: by then start-up is over, so
  // a recorder whose memory is flat shows min ≈ max here.
  const late = run.wall_s != null ? run.samples.filter((s) => s.t >= run.wall_s / 2).map((s) => s.kb) : [];
  run.late_n = late.length;
  if (late.length) {
    run.late_min_kb = Math.min(...late);
    run.late_max_kb = Math.max(...late);
  }
  return run;
}

const started = Date.now();
const runs = [];
for (const target of opts.stops) runs.push(await runOnce(target));

// ---------------------------------------------------------------- report

const md = opts.markdown;
const mach = machine();
const out = [];
out.push(md
  ? `**Machine:** Linux ${mach.kernel}, ${mach.nproc} CPUs, ${mach.cpu}, Node ${mach.node}; load average ${os.loadavg()[0].toFixed(2)} at the end`
  : `machine: Linux ${mach.kernel}, ${mach.nproc} CPUs, ${mach.cpu}, node ${mach.node}; load average ${os.loadavg()[0].toFixed(2)} at the end`);
out.push(`${md ? "**Workload:** `" : "workload: "}${traceRecCmd.join(" ")} -o REC -q --force -- dd if=/dev/zero of=/dev/null bs=1 count=N${md ? "`" : ""}, one run per size`);
out.push("");

const ok = runs.filter((r) => !r.error && r.rss_kb != null);
const base = ok[0]?.rss_kb;
const headers = ["stops", "dd count", "wall s", "peak RSS", "× smallest", `VmRSS 2nd half min–max`, "samples", "DB B/syscall"];
const rows = runs.map((r) => {
  if (r.error) return [`(${fmtInt(r.target)})`, fmtInt(r.dd_count), r.wall_s?.toFixed(1) ?? "–", r.error.slice(0, 60), "", "", "", ""];
  return [
    fmtInt(r.stops),
    fmtInt(r.dd_count),
    r.wall_s.toFixed(1),
    fmtMB(r.rss_kb),
    base ? `${(r.rss_kb / base).toFixed(2)}×` : "–",
    r.late_n ? `${fmtMB(r.late_min_kb)} – ${fmtMB(r.late_max_kb)}` : "–",
    String(r.late_n),
    r.syscalls ? (r.db_bytes / r.syscalls).toFixed(1) : "–",
  ];
});
out.push(table(headers, rows, md));
out.push("");

const note = (s) => out.push(md ? `_${s}_` : `note: ${s}`);
note("peak RSS is GNU time's %M: the max over trace-rec and the processes it waited for (the traced dd is tiny). " +
  `VmRSS is /proc/PID/status of the trace-rec process, sampled every ${SAMPLE_MS / 1000} s; shown for the second half of each run.`);
if (ok.length >= 2) {
  const hi = Math.max(...ok.map((r) => r.rss_kb));
  const lo = Math.min(...ok.map((r) => r.rss_kb));
  const ratio = hi / lo;
  out.push(`${md ? "**Verdict:** " : "verdict: "}max / min peak RSS = ${fmtMB(hi)} / ${fmtMB(lo)} = ${ratio.toFixed(2)}× ` +
    `over ${fmtInt(ok[0].stops)}–${fmtInt(ok.at(-1).stops)} stops: ` +
    (ratio <= LIMIT ? `within ${LIMIT} (flat)` : `NOT within ${LIMIT} (grows with the run)`));
} else {
  out.push(`${md ? "**Verdict:** " : "verdict: "}– (needs at least two successful runs; ${ok.length} succeeded)`);
}
out.push(`${md ? "_" : ""}total bench time ${((Date.now() - started) / 1000).toFixed(0)} s${md ? "_" : ""}`);
console.log(out.join("\n"));
