#!/usr/bin/env node
// Replay against recording and against the program alone, and what --replayable costs in bytes:
// for each workload, medians of N runs of the program alone, `trace-rec` (default),
// `trace-rec --replayable`, and `trace-replay` of the replayable recording. See bench/README.md.
// thread-heavy (bench/threads-write.c: 8 threads x 2000 writes) shows what --replayable's
// serialized schedule costs; the real threaded programs after it (python3 threads and
// concurrent.futures, node's libuv pool, sort --parallel=2) show what it costs them, and how often
// the schedule preempted a thread or delivered a signal asynchronously (the points a replay without
// counters may not reproduce exactly). A replay that fails is shown as "–" and its error printed
// below the table.
//
//   node bench/replay.mjs [--reps N] [--only W,W] [--markdown]

import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { OUT, ROOT, fmtS, fmtX, loadSqlite, machine, median, options, rmDb, table } from "./lib/util.mjs";

const USAGE = `usage: node bench/replay.mjs [--reps N] [--only W,W] [--markdown]`;
const fail = (msg) => {
  console.error(`bench: ${msg}\n${USAGE}`);
  process.exit(2);
};
const opts = { reps: 5, only: null, markdown: false };
const it = options(process.argv.slice(2), fail);
for (const a of it) {
  if (a === "--reps") opts.reps = it.number(true);
  else if (a === "--only") opts.only = it.value().split(",");
  else if (a === "--markdown") opts.markdown = true;
  else if (a === "-h" || a === "--help") { console.log(USAGE); process.exit(0); }
  else fail(`unknown option ${a}`);
}

const python = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const WORKLOADS = {
  "syscall-heavy": ["dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=20000"],
  "file-heavy": ["find", "/usr/share/doc", "-maxdepth", "2"],
  "process-heavy": ["sh", "-c", "i=0; while [ $i -lt 100 ]; do /bin/true; i=$((i+1)); done"],
  "startup-heavy": [python, "-S", "-c", "pass"],
  "cat-10MiB": ["cat", path.join(OUT, "replay-10MiB")],
  "thread-heavy": [path.join(OUT, "threads-write"), "8", "2000"],
  "python-threads": [python, "-c", "import threading\nout = [0] * 4\ndef work(i):\n    out[i] = sum(range(i * 300000))\n    open('/dev/null', 'w').write(str(out[i]))\nts = [threading.Thread(target=work, args=(i,)) for i in range(4)]\nfor t in ts: t.start()\nfor t in ts: t.join()\nprint(out)"],
  "python-futures": [python, "-c", "from concurrent.futures import ThreadPoolExecutor\nimport glob\ndef size(p):\n    with open(p, 'rb') as f: return len(f.read())\nwith ThreadPoolExecutor(max_workers=4) as ex:\n    print(sum(ex.map(size, sorted(glob.glob('/usr/share/doc/*/copyright'))[:60])))"],
  "node-libuv": [process.execPath, "-e", "const fs = require('fs'); setTimeout(() => { let n = 0; for (let i = 0; i < 8; i++) fs.readFile('/etc/services', (e, d) => { if (++n === 8) console.log(d.length); }); }, 20);"],
  "sort-parallel": ["sort", "--parallel=2", path.join(OUT, "replay-sort-1M.txt")],
};
for (const w of opts.only ?? []) if (!(w in WORKLOADS)) fail(`unknown workload ${w}`);

const node = process.execPath;
const traceRec = [node, path.join(ROOT, "packages/recorder/bin/trace-rec.js")];
const traceReplay = [node, path.join(ROOT, "packages/replay/bin/trace-replay.js")];
const env = { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: process.env.HOME ?? "/root", LANG: "C" };

fs.mkdirSync(OUT, { recursive: true });
const big = path.join(OUT, "replay-10MiB");
if (!fs.existsSync(big) || fs.statSync(big).size !== 10 << 20) fs.writeFileSync(big, Buffer.alloc(10 << 20, 7));
const lines = path.join(OUT, "replay-sort-1M.txt");
if (!fs.existsSync(lines)) fs.writeFileSync(lines, Array.from({ length: 1_000_000 }, (_, i) => `${(i * 7919) % 1_000_003}\n`).join(""));
if (!opts.only || opts.only.includes("thread-heavy")) {
  execFileSync("cc", ["-O2", "-Wall", "-pthread", "-o", WORKLOADS["thread-heavy"][0], path.join(ROOT, "bench", "threads-write.c")]);
}

/** Seconds one run took; exits with the run's first error line when it fails. */
function timed(argv, what) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", timeout: 300_000 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && !(what === "alone" && r.status !== null)) throw new Error(`${what}: ${argv.join(" ")} exited ${r.status ?? r.signal}: ${(r.stderr ?? "").split("\n")[0]}`);
  return s;
}

const { Database } = loadSqlite(ROOT);
function bytesPerSyscall(db) {
  const n = new Database(db, { readonly: true }).prepare("select count(*) n from syscall").get().n;
  return n === 0 ? null : Math.round(fs.statSync(db).size / n);
}

/** The --replayable schedule's preemptions and asynchronous signal deliveries in a recording. */
function unsynced(db) {
  const d = new Database(db, { readonly: true });
  try {
    const p = d.prepare("select count(*) n from stops where kind = 'event' and event = 'preempt'").get().n;
    const a = d.prepare("select count(*) n from signal_deliveries where async = 1").get().n;
    return [p, a];
  } finally {
    d.close();
  }
}

const m = machine();
const replayErrors = [];
console.log(`machine: ${m.cpu}, ${m.nproc} CPUs, kernel ${m.kernel}, node ${m.node}; medians of ${opts.reps}`);
const rows = [];
for (const [name, prog] of Object.entries(WORKLOADS)) {
  if (opts.only && !opts.only.includes(name)) continue;
  const plain = path.join(OUT, `replay-${name}.db`);
  const rep = path.join(OUT, `replay-${name}-replayable.db`);
  const t = { alone: [], rec: [], replayable: [], replay: [] };
  for (let i = 0; i < opts.reps; i++) {
    t.alone.push(timed(prog, "alone"));
    rmDb(plain);
    t.rec.push(timed([...traceRec, "-q", "-o", plain, "--", ...prog], "trace-rec"));
    rmDb(rep);
    t.replayable.push(timed([...traceRec, "-q", "--replayable", "-o", rep, "--", ...prog], "trace-rec --replayable"));
    if (t.replay === null) continue;
    try {
      t.replay.push(timed([...traceReplay, "-q", rep], "trace-replay"));
    } catch (e) {
      replayErrors.push(`${name}: ${e.message}`);
      t.replay = null;
    }
  }
  const med = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v === null ? null : median(v)]));
  const replayed = (f) => (med.replay === null ? "–" : f());
  rows.push([name, fmtS(med.alone), fmtS(med.rec), fmtS(med.replayable), fmtX(med.replayable / med.rec), replayed(() => fmtS(med.replay)),
    replayed(() => fmtX(med.replay / med.replayable)), replayed(() => fmtX(med.replay / med.alone)), bytesPerSyscall(plain) ?? "–", bytesPerSyscall(rep) ?? "–", ...unsynced(rep)]);
}
console.log(table(["workload", "alone s", "trace-rec s", "--replayable s", "replayable/default", "trace-replay s", "replay/record", "replay/alone", "B/syscall", "B/syscall replayable", "preemptions", "async signals"], rows, opts.markdown));
for (const e of replayErrors) console.log(`replay failed: ${e}`);
