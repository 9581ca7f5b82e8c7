#!/usr/bin/env node
// trace-q on a recording of a million syscalls: full rendering throughput and peak RSS (on
// that recording and on one 10× smaller, to show that memory stays flat), a filtered query
// beside grep over strace's log of the same program, and -c beside awk over that log.
// See bench/README.md ("trace-q").
//
//   node bench/query.mjs [--reps N] [--count N] [--rerecord] [--only render,filter,summary]
//                        [--trace-q NAME=CMD]... [--no-index] [--timeout S] [--json FILE] [--markdown]
//
// Plain Node ESM. The recordings and logs go to bench/out/ (gitignored) and are reused by
// later runs with the same --count.

import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH, OUT, ROOT, TIME, TRACE_Q, TRACE_REC, fmtMB, fmtS, fmtX, machine as baseMachine, median, options, rmDb, sh, table } from "./lib/util.mjs";
const SECTIONS = ["render", "filter", "summary"];

// ---------------------------------------------------------------- options

const USAGE = `usage: node bench/query.mjs [options]
  --reps N           timed repetitions of each command (default 5)
  --count N          loop iterations of bench/open-loop for the big recording
                     (default 500000: 2 syscalls each, ~1,000,500 syscalls);
                     the small recording uses N/10
  --rerecord         record again even when bench/out/ has recordings for N
  --only S,S         sections to run: ${SECTIONS.join(",")} (default: all)
  --trace-q NAME=CMD a trace-q to measure (repeatable; CMD is split on spaces,
                     the recording and options are appended). Default:
                     trace-q=node packages/query/bin/trace-q.js
  --no-index         skip the filtered query on a copy of the big recording without
                     (or with) the index of its non-syscall stops
  --timeout S        kill a run after S seconds (default 600)
  --json FILE        write every raw measurement to FILE
  --markdown         print the tables as Markdown`;

function fail(msg) {
  process.stderr.write(`bench/query.mjs: ${msg}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { reps: 5, count: 500_000, rerecord: false, only: SECTIONS, traceQ: [], index: true, timeout: 600, json: null, markdown: false };
  const it = options(argv, fail);
  for (const a of it) {
    switch (a) {
      case "--reps": o.reps = it.number(true); break;
      case "--count": o.count = it.number(true); break;
      case "--rerecord": o.rerecord = true; break;
      case "--only":
        o.only = it.value().split(",");
        for (const s of o.only) if (!SECTIONS.includes(s)) fail(`unknown section ${s} (sections: ${SECTIONS.join(", ")})`);
        break;
      case "--trace-q": {
        const v = it.value();
        const eq = v.indexOf("=");
        if (eq <= 0) fail("--trace-q wants NAME=CMD");
        o.traceQ.push({ name: v.slice(0, eq), cmd: v.slice(eq + 1).split(" ").filter(Boolean) });
        break;
      }
      case "--no-index": o.index = false; break;
      case "--timeout": o.timeout = it.number(true); break;
      case "--json": o.json = it.value(); break;
      case "--markdown": o.markdown = true; break;
      case "-h": case "--help": console.log(USAGE); process.exit(0);
      default: fail(`unknown option ${a}\n${USAGE}`);
    }
  }
  if (o.traceQ.length === 0) o.traceQ.push({ name: "trace-q", cmd: [process.execPath, TRACE_Q] });
  return o;
}

const opts = parseArgs(process.argv.slice(2));

// ---------------------------------------------------------------- helpers

const fmtInt = (n) => (n == null ? "–" : Math.round(n).toLocaleString("en-US"));
const fmtSpread = (xs) => {
  const m = median(xs);
  return m ? `±${((Math.max(...xs) - Math.min(...xs)) / 2 / m * 100).toFixed(0)}%` : "–";
};

function log(msg) {
  process.stderr.write(process.stderr.isTTY ? `\r\x1b[K${msg}` : `${msg}\n`);
}

function machine() {
  return {
    ...baseMachine(),
    grep: sh("grep", ["--version"])?.split("\n")[0] ?? "?",
    load: os.loadavg().map((x) => x.toFixed(2)).join(" "),
  };
}

// ---------------------------------------------------------------- the recordings

if (!fs.existsSync(TIME)) fail(`${TIME} not found (apt-get install -y time, or set BENCH_TIME)`);
if (!sh("strace", ["-V"])) fail("strace not found");
if (!fs.existsSync(path.join(ROOT, "packages/recorder/dist/bin/trace-rec.js"))) fail("trace-rec is not built (npm run build)");
fs.mkdirSync(OUT, { recursive: true });

const Database = createRequire(path.join(ROOT, "package.json"))("better-sqlite3");
const env = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: process.env.HOME ?? "/root", LANG: "C", LC_ALL: "C" };
const PROG = path.join(OUT, "open-loop");

function buildProgram() {
  const r = spawnSync("cc", ["-O2", "-Wall", "-o", PROG, path.join(BENCH, "open-loop.c")], { encoding: "utf8" });
  if (r.error || r.status !== 0) fail(`building open-loop failed:\n${r.error?.message ?? r.stderr}`);
}

function countRows(db, sql) {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return d.prepare(sql).pluck().get();
  } finally {
    d.close();
  }
}

/**
 * The recording and the strace log of `open-loop N`, made once per N: open-loop-N.db,
 * open-loop-N.strace and open-loop-N.json (what they hold, so that a later run knows it can
 * reuse them). `name` is what the tables call it (big, small).
 */
function workload(name, n) {
  const db = path.join(OUT, `open-loop-${n}.db`);
  const logFile = path.join(OUT, `open-loop-${n}.strace`);
  const meta = path.join(OUT, `open-loop-${n}.json`);
  const argv = [PROG, String(n)];
  let m = null;
  try {
    m = JSON.parse(fs.readFileSync(meta, "utf8"));
  } catch {}
  if (!opts.rerecord && m && m.count === n && fs.existsSync(db) && fs.existsSync(logFile)) return { name, db, log: logFile, ...m };
  fs.rmSync(meta, { force: true });
  rmDb(db);
  log(`recording ${name} (${argv.join(" ")}) with trace-rec…`);
  let t0 = performance.now();
  let r = spawnSync(process.execPath, [TRACE_REC, "-q", "--no-pin", "-o", db, "--force", "--", ...argv], { env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  if (r.error || r.status !== 0) fail(`trace-rec failed: ${r.error?.message ?? r.stderr.split("\n")[0]}`);
  const recordS = (performance.now() - t0) / 1000;
  log(`recording ${name} with strace -f…`);
  t0 = performance.now();
  r = spawnSync("strace", ["-f", "-o", logFile, ...argv], { env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  if (r.error || r.status !== 0) fail(`strace failed: ${r.error?.message ?? r.stderr.split("\n")[0]}`);
  const straceS = (performance.now() - t0) / 1000;
  m = {
    count: n,
    argv,
    syscalls: countRows(db, "SELECT count(*) FROM syscall"),
    stops: countRows(db, "SELECT count(*) FROM stops"),
    memoryRows: countRows(db, "SELECT count(*) FROM memory"),
    dbBytes: fs.statSync(db).size,
    logBytes: fs.statSync(logFile).size,
    recordS,
    straceS,
  };
  fs.writeFileSync(meta, JSON.stringify(m, null, 2) + "\n");
  return { name, db, log: logFile, ...m };
}

// ---------------------------------------------------------------- running

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tracedb-bench-query-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

/**
 * One timed run: wall seconds and GNU time's peak RSS. stdout goes to /dev/null, or to a
 * file when `toFile`: GNU grep stops at its first match when its output is /dev/null.
 */
function timed(argv, toFile = false) {
  const rssFile = path.join(tmp, "rss");
  fs.rmSync(rssFile, { force: true });
  const sink = toFile ? fs.openSync(path.join(tmp, "out"), "w") : fs.openSync("/dev/null", "w");
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TIME, ["-f", "%M", "-o", rssFile, ...argv], {
    env,
    cwd: ROOT,
    stdio: ["ignore", sink, "pipe"],
    encoding: "utf8",
    timeout: opts.timeout * 1000,
    killSignal: "SIGKILL",
    detached: true, // own process group, so that a timed-out run is killed whole
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.closeSync(sink);
  if (r.error && r.pid) {
    try {
      process.kill(-r.pid, "SIGKILL");
    } catch {}
  }
  const run = { wall_s: wall };
  const t = fs.existsSync(rssFile) ? fs.readFileSync(rssFile, "utf8").trim().split("\n").pop() : "";
  if (/^\d+$/.test(t)) run.rss_kb = Number(t);
  // grep exits 1 when nothing matched: that is an answer, not an error
  if (r.error) run.error = r.error.code === "ETIMEDOUT" ? `timed out after ${opts.timeout} s` : r.error.message;
  else if (r.status !== 0 && !(argv[0] === "grep" && r.status === 1)) run.error = `exit ${r.status}: ${r.stderr.split("\n")[0]}`;
  return run;
}

/** The lines a command prints (run once, untimed: it also warms the page cache). */
function lines(argv) {
  const quoted = argv.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const r = spawnSync("sh", ["-c", `${quoted} | awk '{ n++ } /^[0-9]+ +[a-z_0-9]+\\(/ { calls++ } END { print n + 0, calls + 0 }'`], {
    env,
    cwd: ROOT,
    encoding: "utf8",
    timeout: opts.timeout * 1000,
  });
  const [all, calls] = (r.stdout ?? "").trim().split(" ").map(Number);
  return { lines: all, callLines: calls };
}

/**
 * Runs every command of a section once untimed (line counts), then `reps` rounds in which
 * each command runs once, so that drift in the machine's load spreads over all of them.
 */
function measure(section, commands) {
  for (const c of commands) {
    log(`${section}: counting the lines of ${c.label}…`);
    Object.assign(c, lines(c.argv));
    c.runs = [];
  }
  for (let rep = 1; rep <= opts.reps; rep++) {
    for (const c of commands) {
      if (c.runs.some((r) => r.error)) continue;
      log(`${section}: ${c.label}, run ${rep}/${opts.reps}`);
      c.runs.push(timed(c.argv, c.toFile));
    }
  }
  for (const c of commands) {
    const ok = c.runs.filter((r) => !r.error);
    c.error = c.runs.find((r) => r.error)?.error ?? null;
    c.wall = ok.map((r) => r.wall_s);
    c.median_s = median(c.wall);
    c.rss_kb = median(ok.map((r) => r.rss_kb).filter((x) => x != null));
  }
  return commands;
}

/** The partial index of the non-syscall stops (migrations/0001-initial.sql has had it since 41ee216; kinds are numbers since 0018). */
const EVENTS_INDEX = (table, numbered = true) => `CREATE INDEX stops_events ON ${table} (seq) WHERE ${numbered ? "kind >= 2" : "kind NOT IN ('syscall-entry', 'syscall-exit')"}`;

/**
 * A copy of the big recording in the other format: without the index of its non-syscall
 * stops (signals, events, exits) if it has it, as recordings made before the index, or with
 * it if it has not. A filtered query must read those stops; without the index SQLite finds
 * them by reading the whole stops table.
 */
function otherFormat(w) {
  const has = countRows(w.db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'stops_events'") > 0;
  const name = has ? "unindexed" : "indexed";
  const db = path.join(OUT, `open-loop-${w.count}-${name}.db`);
  const m = path.join(OUT, `open-loop-${w.count}-${name}.json`);
  try {
    if (JSON.parse(fs.readFileSync(m, "utf8")).dbBytes === w.dbBytes && fs.existsSync(db)) return { db, name, has: !has };
  } catch {}
  log(`copying ${w.name}.db ${has ? "without" : "with"} the index of its non-syscall stops…`);
  rmDb(db);
  fs.copyFileSync(w.db, db);
  const d = new Database(db);
  try {
    // Since schema 4 the stops are in the table `stop` (`stops` is a view).
    const stopTable = d.prepare("SELECT type FROM sqlite_master WHERE name = 'stops'").pluck().get() === "view" ? "stop" : "stops";
    d.exec(has ? "DROP INDEX stops_events" : EVENTS_INDEX(stopTable, d.pragma("user_version", { simple: true }) >= 18));
    d.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    d.close();
  }
  fs.writeFileSync(m, JSON.stringify({ dbBytes: w.dbBytes }) + "\n");
  return { db, name, has: !has };
}

// ---------------------------------------------------------------- main

buildProgram();
const small = workload("small", Math.max(1, Math.round(opts.count / 10)));
const big = workload("big", opts.count);
const mach = machine();
const results = { machine: mach, reps: opts.reps, workloads: { big, small }, sections: {} };
const tq = (v, db, ...args) => [...v.cmd, db, ...args];
const rel = (p) => path.relative(ROOT, p);

if (opts.only.includes("render")) {
  const cmds = [];
  for (const v of opts.traceQ) {
    for (const w of [big, small]) cmds.push({ label: `${v.name} ${w.name}.db`, variant: v.name, workload: w.name, argv: tq(v, w.db) });
  }
  results.sections.render = measure("render", cmds);
}

const FAILED_OPENAT = "^[0-9]+ +openat\\(.*= -1 ";
if (opts.only.includes("filter")) {
  const cmds = [];
  const other = opts.index ? otherFormat(big) : null;
  for (const w of [big, small]) {
    for (const v of opts.traceQ) {
      cmds.push({ label: `${v.name} ${w.name}.db --syscall openat --failed`, variant: v.name, workload: w.name, argv: tq(v, w.db, "--syscall", "openat", "--failed"), toFile: true });
    }
    if (w === big && other) {
      for (const v of opts.traceQ) {
        cmds.push({ label: `${v.name} big-${other.name}.db --syscall openat --failed`, variant: v.name, workload: w.name, argv: tq(v, other.db, "--syscall", "openat", "--failed"), toFile: true });
      }
    }
    cmds.push({ label: `grep -E '${FAILED_OPENAT}' ${w.name}.strace`, variant: "grep", workload: w.name, argv: ["grep", "-E", FAILED_OPENAT, w.log], toFile: true });
  }
  results.otherFormat = other;
  cmds.push({ label: "node -e 0 (Node's own start-up)", variant: "node", workload: null, argv: [process.execPath, "-e", "0"], toFile: true });
  results.sections.filter = measure("filter", cmds);
}
if (opts.only.includes("summary")) {
  // What can be counted from the log: calls and errors per syscall (strace -c also times them).
  const AWK = '{ i = index($2, "("); if (i > 1) { n = substr($2, 1, i - 1); c[n]++; if ($0 ~ /\\) += -1 [A-Z]/) e[n]++ } } END { for (k in c) printf "%9d %9d %s\\n", c[k], e[k], k }';
  const cmds = opts.traceQ.map((v) => ({ label: `${v.name} big.db -c`, variant: v.name, argv: tq(v, big.db, "-c") }));
  cmds.push({ label: "awk (calls, errors per syscall) big.strace", variant: "awk", argv: ["awk", AWK, big.log] });
  results.sections.summary = measure("summary", cmds);
}
mach.loadAfter = os.loadavg().map((x) => x.toFixed(2)).join(" ");
if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");

// ---------------------------------------------------------------- report

const md = opts.markdown;
const out = [];
const h = (s) => out.push(md ? `### ${s}` : `== ${s}`);
const note = (s) => out.push(md ? `${s}\n` : s);
out.push(md
  ? `**Machine:** Linux ${mach.kernel}, ${mach.nproc} CPUs, ${mach.cpu}, Node ${mach.node}, strace ${mach.strace}, ${mach.grep}; load average ${mach.load} before, ${mach.loadAfter} after`
  : `machine: Linux ${mach.kernel}, ${mach.nproc} CPUs, ${mach.cpu}, node ${mach.node}, strace ${mach.strace}, ${mach.grep}; load average ${mach.load} before, ${mach.loadAfter} after`);
out.push(`${md ? "**Reps:** " : "reps: "}${opts.reps}, interleaved; median wall-clock seconds, ± is half the min–max range over the median; stdout to /dev/null`);
for (const w of [big, small]) {
  out.push(`${md ? "- " : ""}${w.name}: \`${rel(w.argv[0])} ${w.argv[1]}\`: ${fmtInt(w.syscalls)} syscalls, ${fmtInt(w.stops)} stops, ${fmtInt(w.memoryRows)} memory rows; ${(w.dbBytes / 2 ** 20).toFixed(0)} MB recording, ${(w.logBytes / 2 ** 20).toFixed(0)} MB strace log`);
}
out.push("");

const row = (c, extra) => [
  c.label + (c.error ? " (!)" : ""),
  c.median_s == null ? c.error : fmtS(c.median_s),
  c.wall?.length ? fmtSpread(c.wall) : "",
  ...extra,
  fmtMB(c.rss_kb),
];

if (results.sections.render) {
  h("full rendering (strace format) to /dev/null");
  const rows = results.sections.render.map((c) => row(c, [fmtInt(c.lines), c.median_s ? fmtInt(c.lines / c.median_s) : "–"]));
  out.push(table(["command", "median s", "spread", "lines", "lines/s", "peak RSS"], rows, md));
  out.push("");
  for (const v of opts.traceQ) {
    const [b, s] = ["big", "small"].map((w) => results.sections.render.find((c) => c.variant === v.name && c.workload === w));
    if (b?.rss_kb && s?.rss_kb) note(`${v.name}: peak RSS big / small = ${fmtX(b.rss_kb / s.rss_kb)} for ${fmtX(b.lines / s.lines)} the lines`);
  }
  out.push("");
}

if (results.sections.filter) {
  h("--syscall openat --failed beside grep over the strace log (output to a file)");
  const cmds = results.sections.filter;
  const grepOf = (w) => cmds.find((c) => c.variant === "grep" && c.workload === w);
  const rows = cmds.map((c) => {
    const grep = grepOf(c.workload);
    const ratio = c.variant === "grep" || c.variant === "node" || !grep?.median_s || !c.median_s ? "" : fmtX(c.median_s / grep.median_s);
    return row(c, [c.variant === "node" ? "" : fmtInt(c.callLines), ratio]);
  });
  out.push(table(["command", "median s", "spread", "syscall lines", "× grep", "peak RSS"], rows, md));
  out.push("");
  for (const c of cmds) {
    const grep = grepOf(c.workload);
    if (c.variant !== "grep" && c.variant !== "node" && grep && c.callLines !== grep.callLines) {
      note(`MISMATCH: ${c.label} printed ${c.callLines} syscall lines, grep ${grep.callLines}`);
    }
  }
  const other = results.otherFormat;
  note(`trace-q's lines also include "+++ exited with 0 +++", as strace -e trace=openat -e status=failed prints it; the syscall lines of each trace-q match grep's count.${other ? ` big-${other.name}.db is big.db ${other.has ? "plus" : "without"} the index of its non-syscall stops (\`${EVENTS_INDEX("stop")}\`)${other.has ? "" : ", as recordings made before the index"}.` : ""}`);
  out.push("");
}

if (results.sections.summary) {
  h("-c beside awk counting calls and errors per syscall in the strace log");
  const cmds = results.sections.summary;
  const awk = cmds.find((c) => c.variant === "awk");
  const rows = cmds.map((c) => row(c, [c === awk || !awk?.median_s || !c.median_s ? "" : fmtX(c.median_s / awk.median_s)]));
  out.push(table(["command", "median s", "spread", "× awk", "peak RSS"], rows, md));
  out.push("");
}

console.log(out.join("\n"));
if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(results, null, 2) + "\n");
