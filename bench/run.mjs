#!/usr/bin/env node
// Benchmark suite: trace-rec against the program alone, a minimal C ptrace
// loop (the floor) and strace, pinned and unpinned. See bench/README.md.
//
//   node bench/run.mjs [--quick] [--reps N] [--count N] [--only W,W]
//                      [--variants V,V] [--trace-rec CMD] [--timeout S]
//                      [--busy] [--json FILE] [--markdown]
//
// Plain Node ESM; spawnSync is fine here because this script is not a tracer.

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH, OUT, ROOT, TIME, fileSize, firstLine, fmtMB, fmtS, fmtX, loadSqlite, machine, median, options, rmDb, table, traceRec } from "./lib/util.mjs";

// ---------------------------------------------------------------- options

const USAGE = `usage: node bench/run.mjs [options]
  --reps N          repetitions per variant (default 5; --quick: 2)
  --quick           2 reps and smaller workloads
  --count N         dd count for syscall-heavy (default 20000; --quick: 5000)
  --only W,W        workloads to run (${"start-up,syscall-heavy,file-heavy,process-heavy,thread-heavy,startup-heavy,filtered"})
  --variants V,V    variants to run (alone is always run)
  --trace-rec CMD   command that runs trace-rec (split on spaces; default:
                    packages/recorder/bin/trace-rec, the command)
  --timeout S       kill a run after S seconds (default 300)
  --busy            keep every CPU but CPU 0 busy while the runs go (a
                    spinning process pinned to each), as when the machine
                    does other work: the pinned variants' CPU 0 is left free
  --json FILE       write all raw measurements to FILE
  --markdown        print the tables as Markdown`;

function parseArgs(argv) {
  const o = { reps: null, quick: false, count: null, only: null, variants: null,
    traceRec: null, timeout: 300, busy: false, json: null, markdown: false };
  const it = options(argv, fail);
  for (const a of it) {
    switch (a) {
      case "--reps": o.reps = Math.floor(it.number()); break;
      case "--quick": o.quick = true; break;
      case "--count": o.count = Math.floor(it.number()); break;
      case "--only": o.only = it.value().split(",").filter(Boolean); break;
      case "--variants": o.variants = it.value().split(",").filter(Boolean); break;
      case "--trace-rec": o.traceRec = it.value().split(/\s+/).filter(Boolean); break;
      case "--timeout": o.timeout = it.number(); break;
      case "--busy": o.busy = true; break;
      case "--json": o.json = it.value(); break;
      case "--markdown": o.markdown = true; break;
      case "-h": case "--help": console.log(USAGE); process.exit(0);
      default: fail(`unknown option ${a}`);
    }
  }
  o.reps ??= o.quick ? 2 : 5;
  o.count ??= o.quick ? 5000 : 20000;
  return o;
}

function fail(msg) {
  console.error(`bench: ${msg}\n${USAGE}`);
  process.exit(2);
}

const opts = parseArgs(process.argv.slice(2));

// ---------------------------------------------------------------- helpers

function which(cmd) {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const p = path.join(dir || ".", cmd);
    try { fs.accessSync(p, fs.constants.X_OK); return p; } catch {}
  }
  return null;
}

const clip = (t, n = 72) => (t.length > n ? `${t.slice(0, n - 1)}…` : t);
const fmtUs = (x) => (x == null || !Number.isFinite(x) ? "–" : x.toFixed(1));

// ---------------------------------------------------------------- setup

function build() {
  fs.mkdirSync(OUT, { recursive: true });
  const jobs = [
    ["ptrace-floor", ["-O2", "-Wall", "-o", path.join(OUT, "ptrace-floor"), path.join(BENCH, "ptrace-floor.c")]],
    ["threads-write", ["-O2", "-Wall", "-pthread", "-o", path.join(OUT, "threads-write"), path.join(BENCH, "threads-write.c")]],
  ];
  for (const [name, args] of jobs) {
    const r = spawnSync("cc", args, { encoding: "utf8" });
    if (r.error || r.status !== 0) {
      console.error(`bench: building ${name} failed:\n${r.error?.message ?? r.stderr}`);
      process.exit(1);
    }
  }
}

// Prefer the distribution's python3: a pyenv shim would add a bash script
// (and its forks) to every run.
const PYTHON = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : (which("python3") ?? "python3");
const q = opts.quick;

const WORKLOADS = {
  // the tools' own start and end: the program does next to nothing
  "start-up": ["/bin/true"],
  "syscall-heavy": ["dd", "if=/dev/zero", "of=/dev/null", "bs=1", `count=${opts.count}`],
  "file-heavy": ["find", "/usr", "-maxdepth", q ? "3" : "4"],
  "process-heavy": ["sh", "-c", `i=0; while [ $i -lt ${q ? 50 : 200} ]; do /bin/true; i=$((i+1)); done`],
  "thread-heavy": [path.join(OUT, "threads-write"), "8", q ? "500" : "2000"],
  "startup-heavy": [PYTHON, "-c", "pass"],
  // issue 16's record-time filter: 10 × --count one-byte copies, a handful of openat
  "filtered": ["dd", "if=/dev/zero", "of=/dev/null", "bs=1", `count=${opts.count * 10}`],
};

const VARIANTS = [
  { key: "alone", label: "alone" },
  { key: "floor", label: "floor" },
  { key: "floor-pinned", label: "floor-pinned" },
  { key: "floor-read-pinned", label: "floor-pinned --read" },
  { key: "koffi-floor-pinned", label: "koffi floor pinned --read" },
  { key: "strace", label: "strace" },
  { key: "strace-pinned", label: "strace-pinned" },
  { key: "trace-rec", label: "trace-rec", rec: true },
  { key: "trace-rec-nopin", label: "trace-rec --no-pin", rec: true },
  { key: "strace-openat", label: "strace --seccomp-bpf -e trace=openat" },
  { key: "trace-rec-openat", label: "trace-rec -e trace=openat", rec: true },
];

if (opts.only) {
  for (const w of opts.only) if (!(w in WORKLOADS)) fail(`unknown workload ${w}`);
}
if (opts.variants) {
  for (const v of opts.variants) if (!VARIANTS.some((x) => x.key === v)) fail(`unknown variant ${v}`);
}
const workloads = Object.keys(WORKLOADS).filter((w) => !opts.only || opts.only.includes(w));
const variants = VARIANTS.filter((v) => v.key === "alone" || !opts.variants || opts.variants.includes(v.key));

const { cmd: traceRecCmd, missing: traceRecMissing } = traceRec(ROOT, opts.traceRec);

const haveTime = fs.existsSync(TIME);
const haveStrace = which("strace") != null;
const haveTaskset = which("taskset") != null;

const { Database, note: dbNote } = loadSqlite(ROOT);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tracedb-bench-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

// ---------------------------------------------------------------- running

/** argv for one variant of one workload; `out` is a temp file it may write. */
function command(vkey, prog, out) {
  const floor = path.join(OUT, "ptrace-floor");
  switch (vkey) {
    case "alone": return prog;
    case "floor": return [floor, "-c", "--", ...prog];
    case "floor-pinned": return [floor, "--pin", "-c", "--", ...prog];
    case "floor-read-pinned": return [floor, "--pin", "--read", "--", ...prog];
    // Node as trace-rec's command runs it: without the CA file it never uses (see bin/trace-rec)
    case "koffi-floor-pinned": return ["env", "-u", "NODE_EXTRA_CA_CERTS", process.execPath, path.join(BENCH, "koffi-floor.mjs"), "--pin", "--read", "--", ...prog];
    case "strace": return ["strace", "-f", "-o", out, ...prog];
    case "strace-pinned": return ["taskset", "-c", "0", "strace", "-f", "-o", out, ...prog];
    case "trace-rec": return [...traceRecCmd, "-o", out, "-q", "--force", "--", ...prog];
    case "trace-rec-nopin": return [...traceRecCmd, "-o", out, "-q", "--force", "--no-pin", "--", ...prog];
    case "strace-openat": return ["strace", "-f", "--seccomp-bpf", "-e", "trace=openat", "-o", out, ...prog];
    case "trace-rec-openat": return [...traceRecCmd, "-o", out, "-q", "--force", "-e", "trace=openat", "--", ...prog];
  }
  throw new Error(vkey);
}

function unavailable(v) {
  if (v.rec && traceRecMissing) return traceRecMissing;
  if (v.key.startsWith("strace") && !haveStrace) return "strace not installed";
  if (v.key === "strace-pinned" && !haveTaskset) return "taskset not installed";
  if (v.key === "koffi-floor-pinned" && !fs.existsSync(path.join(ROOT, "packages/native/dist/generated/ptrace-constants.js"))) return "not built (npm run build)";
  return null;
}

/** One timed run. Program stdout goes to /dev/null; stderr is captured (it is
 * tiny for these workloads) so that a tool's error can be shown. */
function runOnce(v, prog) {
  const out = path.join(tmp, v.rec ? "rec.db" : "strace.out");
  if (v.rec) rmDb(out); else fs.rmSync(out, { force: true });
  const argv = command(v.key, prog, out);
  const rssFile = path.join(tmp, "rss");
  fs.rmSync(rssFile, { force: true });
  const full = haveTime ? [TIME, "-f", "%M", "-o", rssFile, ...argv] : argv;

  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0], full.slice(1), {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 << 20,
    timeout: opts.timeout * 1000,
    killSignal: "SIGKILL",
    detached: true, // own process group, so a timed-out run can be killed whole
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;

  const run = { wall_s: wall, status: r.status, signal: r.signal ?? null };
  if (r.error?.code === "ETIMEDOUT" || (r.error && r.pid)) {
    try { process.kill(-r.pid, "SIGKILL"); } catch {}
  }
  let stderr = r.stderr ?? "";
  if (haveTime) {
    // GNU time writes "Command exited with non-zero status N" before %M.
    const t = fs.existsSync(rssFile) ? fs.readFileSync(rssFile, "utf8") : "";
    const m = t.trim().split("\n").pop()?.match(/^(\d+)$/);
    if (m) run.rss_kb = Number(m[1]);
  }
  if (r.error) {
    run.error = r.error.code === "ETIMEDOUT" ? `timed out after ${opts.timeout} s` : r.error.message;
  } else if (r.status !== 0) {
    run.error = firstLine(stderr) || (r.signal ? `killed by ${r.signal}` : `exit status ${r.status}`);
    if (r.status != null) run.error = `exit ${r.status}: ${run.error}`;
  }
  const m = stderr.match(/^ptrace-floor: (\d+) syscall stops$/m);
  if (m) run.stops = Number(m[1]);
  if (v.key.startsWith("strace") && !run.error) run.out_bytes = fileSize(out);

  if (v.rec && !run.error) {
    run.db_bytes = fileSize(out) + fileSize(out + "-wal");
    if (!fs.existsSync(out)) run.db_error = "no database written";
    else if (!Database) run.db_error = dbNote;
    else {
      try {
        const db = new Database(out, { readonly: true, fileMustExist: true });
        try {
          run.db_syscalls = db.prepare("SELECT count(*) AS n FROM syscall").get().n;
          try { run.db_stops = db.prepare("SELECT count(*) AS n FROM stops").get().n; } catch {}
        } finally { db.close(); }
      } catch (e) {
        run.db_error = e.message.split("\n")[0];
      }
    }
  }
  return run;
}

function log(msg) {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${msg}`);
}

/** --busy: one spinning shell pinned to each CPU but 0, killed when the bench ends. */
function keepBusy() {
  const cpus = os.cpus().map((_, i) => i).filter((i) => i !== 0);
  if (cpus.length === 0) fail("--busy needs a second CPU");
  if (!haveTaskset) fail("--busy needs taskset (util-linux)");
  const hogs = cpus.map((cpu) => {
    const h = spawn("taskset", ["-c", String(cpu), "sh", "-c", "while :; do :; done"], { stdio: "ignore", detached: true });
    h.unref(); // the bench ends when its work does
    return h;
  });
  process.on("exit", () => {
    for (const h of hogs) try { process.kill(-h.pid, "SIGKILL"); } catch {}
  });
  return cpus;
}

build();
const busyCpus = opts.busy ? keepBusy() : [];
const results = {};
const started = Date.now();
for (const w of workloads) {
  const prog = WORKLOADS[w];
  const res = (results[w] = { argv: prog, variants: {} });
  for (const v of variants) {
    res.variants[v.key] = { label: v.label, argv: command(v.key, prog, v.rec ? "OUT.db" : "OUT"), runs: [] };
    const why = unavailable(v);
    if (why) res.variants[v.key].skipped = why;
  }
  // Warm the page cache and the binaries once, untimed.
  runOnce(variants[0], prog);
  for (let rep = 0; rep < opts.reps; rep++) {
    for (const v of variants) {
      const rv = res.variants[v.key];
      if (rv.skipped) continue;
      log(`${w}: rep ${rep + 1}/${opts.reps} ${v.label}`);
      const run = runOnce(v, prog);
      rv.runs.push(run);
      // A variant that fails is not run again for this workload.
      if (run.error) rv.skipped = run.error;
    }
  }
  log("");
}

// ---------------------------------------------------------------- report

function summarize(rv) {
  const ok = rv.runs.filter((r) => !r.error);
  const walls = ok.map((r) => r.wall_s);
  const rss = ok.map((r) => r.rss_kb).filter((x) => x != null);
  return {
    n: ok.length,
    median: median(walls),
    min: walls.length ? Math.min(...walls) : null,
    max: walls.length ? Math.max(...walls) : null,
    rss_kb: median(rss),
    stops: median(ok.map((r) => r.stops).filter((x) => x != null)),
    db_bytes: median(ok.map((r) => r.db_bytes).filter((x) => x != null)),
    db_syscalls: median(ok.map((r) => r.db_syscalls).filter((x) => x != null)),
    db_stops: median(ok.map((r) => r.db_stops).filter((x) => x != null)),
    db_error: ok.map((r) => r.db_error).find(Boolean) ?? null,
    error: rv.runs.find((r) => r.error)?.error ?? (ok.length ? null : rv.skipped ?? "no runs"),
  };
}

const md = opts.markdown;
const mach = machine();
const out = [];
const h = (s) => out.push(md ? `### ${s}` : `== ${s}`);
out.push(md
  ? `**Machine:** Linux ${mach.kernel}, ${mach.nproc} CPUs, ${mach.cpu}, Node ${mach.node}, strace ${mach.strace}`
  : `machine: Linux ${mach.kernel}, ${mach.nproc} CPUs, ${mach.cpu}, node ${mach.node}, strace ${mach.strace}`);
out.push(`${md ? "**Reps:** " : "reps: "}${opts.reps}${opts.quick ? " (--quick)" : ""}, median of each; times are wall-clock seconds`);
if (busyCpus.length > 0) out.push(`${md ? "**Busy:** " : "busy: "}CPU ${busyCpus.join(", ")} kept busy by a spinning process each (--busy)`);
if (traceRecMissing && variants.some((v) => v.rec)) {
  out.push("note: trace-rec is not built (packages/recorder/dist/bin/trace-rec.js is missing): run `npm run build`, or pass --trace-rec CMD");
}
if (!haveTime) out.push(`note: ${TIME} not found, so no peak RSS: install it with \`apt-get install -y time\``);
out.push("");

const summaries = {};
for (const w of workloads) {
  const res = results[w];
  const s = (summaries[w] = Object.fromEntries(Object.entries(res.variants).map(([k, rv]) => [k, summarize(rv)])));
  const alone = s.alone?.median;
  const floorStops = s.floor?.stops ?? s["floor-pinned"]?.stops;
  const syscalls = floorStops ? Math.round(floorStops / 2) : null;
  res.syscalls_estimate = syscalls;

  h(`${w}: ${md ? `\`${res.argv.join(" ")}\`` : res.argv.join(" ")}${syscalls ? `  (~${syscalls} syscalls)` : ""}`);
  const headers = ["variant", "median s", "min–max s", "× alone", "µs/syscall", ...(haveTime ? ["peak RSS"] : [])];
  const rows = [];
  for (const [k, rv] of Object.entries(res.variants)) {
    const x = s[k];
    if (x.median == null) {
      rows.push([rv.label, clip(x.error), "", "", "", ...(haveTime ? [""] : [])]);
      continue;
    }
    const per = syscalls && k !== "alone" ? ((x.median - alone) / syscalls) * 1e6 : null;
    rows.push([
      rv.label + (x.error ? " (!)" : ""),
      fmtS(x.median),
      `${fmtS(x.min)}–${fmtS(x.max)}`,
      alone ? fmtX(x.median / alone) : "–",
      fmtUs(per),
      ...(haveTime ? [fmtMB(x.rss_kb)] : []),
    ]);
  }
  out.push(table(headers, rows, md));
  out.push("");

  // The ratios that matter.
  const ratio = (a, b) => {
    const A = s[a], B = s[b];
    if (!A || !B) return "– (not run)";
    if (A.median == null) return `– (no ${a} result)`;
    if (B.median == null) return `– (no ${b} result)`;
    return fmtX(A.median / B.median);
  };
  const rec = s["trace-rec"];
  let bps = "– (not run)";
  if (rec) {
    if (rec.median == null) bps = "– (no trace-rec result)";
    else if (rec.db_error) bps = `– (${clip(rec.db_error, 60)})`;
    else if (rec.db_syscalls) {
      bps = `${(rec.db_bytes / rec.db_syscalls).toFixed(1)} B (${(rec.db_bytes / 1024).toFixed(0)} KiB / ${rec.db_syscalls} syscalls` +
        `${rec.db_stops != null ? `, ${rec.db_stops} stops` : ""})`;
    } else bps = `${rec.db_bytes} B, 0 syscalls recorded`;
  }
  const rssRec = (k) => {
    const x = s[k];
    if (!x) return "not run";
    if (x.median == null) return "no result";
    return haveTime ? fmtMB(x.rss_kb) : `no ${TIME}`;
  };
  const keyRows = [
    ["trace-rec / floor, pinned (trace-rec vs floor-pinned)", ratio("trace-rec", "floor-pinned")],
    ["trace-rec / floor, unpinned (--no-pin vs floor)", ratio("trace-rec-nopin", "floor")],
    ["trace-rec / strace, pinned (trace-rec vs strace-pinned)", ratio("trace-rec", "strace-pinned")],
    ["trace-rec / strace, defaults (trace-rec vs strace)", ratio("trace-rec", "strace")],
    ["koffi floor / strace, pinned (the least a TypeScript-over-koffi tracer that reads the buffers pays)", ratio("koffi-floor-pinned", "strace-pinned")],
    ["trace-rec / koffi floor, pinned", ratio("trace-rec", "koffi-floor-pinned")],
    ["C floor with reads / strace, pinned", ratio("floor-read-pinned", "strace-pinned")],
    ["pinning speed-up of the floor (floor / floor-pinned)", ratio("floor", "floor-pinned")],
    ["pinning speed-up of strace (strace / strace-pinned)", ratio("strace", "strace-pinned")],
    ["trace-rec -e trace=openat / alone (issue 16's target on `filtered`: ≤ 1.5×)", ratio("trace-rec-openat", "alone")],
    ["trace-rec -e trace=openat / strace --seccomp-bpf -e trace=openat", ratio("trace-rec-openat", "strace-openat")],
    ["trace-rec -e trace=openat / trace-rec", ratio("trace-rec-openat", "trace-rec")],
    ["database bytes per syscall (trace-rec, incl. -wal)", bps],
    ["peak RSS trace-rec / --no-pin", `${rssRec("trace-rec")} / ${rssRec("trace-rec-nopin")}`],
  ];
  out.push(table(["ratio (of medians)", "value"], keyRows, md));
  out.push("");
}
if (haveTime) {
  out.push(md
    ? "_Peak RSS is GNU time's %M: the largest of the tracer and the processes it waited for, so for small tracers it is the traced program's._"
    : "note: peak RSS is GNU time's %M, the max over the tracer and the processes it reaped; for small tracers that is the traced program.");
}
out.push(`${md ? "_" : ""}total bench time ${((Date.now() - started) / 1000).toFixed(0)} s${md ? "_" : ""}`);
console.log(out.join("\n"));

if (opts.json) {
  const data = {
    date: new Date().toISOString(),
    machine: mach,
    options: { ...opts, traceRecCmd, python: PYTHON },
    workloads: Object.fromEntries(workloads.map((w) => [w, { ...results[w], summary: summaries[w] }])),
  };
  fs.writeFileSync(opts.json, JSON.stringify(data, null, 2) + "\n");
  console.error(`bench: wrote ${opts.json}`);
}
