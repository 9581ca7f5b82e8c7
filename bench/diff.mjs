#!/usr/bin/env node
// trace-diff on two large recordings: `dd if=/dev/zero of=/dev/null bs=1 count=N` recorded
// twice (2N + ~130 syscalls each), the second with LD_LIBRARY_PATH set to a directory, so the
// runs differ by a few dozen loader probes. Prints trace-diff's wall time, its peak RSS
// (GNU time's %M) and, from TRACE_DIFF_TIMES, where the time went.
//
//   node bench/diff.mjs [--count N] [--reps N] [--reuse]
//
// Needs trace-rec and trace-diff built (npm run build) and /usr/bin/time (apt-get install time);
// BENCH_TIME=PATH replaces it. Recordings go to bench/out/ (gitignored); --reuse keeps the
// ones a previous run made with the same count.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { OUT, ROOT, TIME, TRACE_DIFF, TRACE_REC, options } from "./lib/util.mjs";

function fail(msg) {
  process.stderr.write(`bench/diff.mjs: ${msg}\n`);
  process.exit(2);
}

const opts = { count: 100_000, reps: 3, reuse: false };
const args = options(process.argv.slice(2), fail);
for (const a of args) {
  if (a === "--count") opts.count = args.number(true);
  else if (a === "--reps") opts.reps = args.number(true);
  else if (a === "--reuse") opts.reuse = true;
  else fail(`unknown option ${a} (options: --count N, --reps N, --reuse)`);
}
if (!fs.existsSync(TIME)) fail(`${TIME} not found (apt-get install -y time, or set BENCH_TIME)`);

fs.mkdirSync(OUT, { recursive: true });
const libDir = path.join(OUT, "diff-lib");
fs.mkdirSync(libDir, { recursive: true });
const env = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: process.env.HOME ?? "/root", LANG: "C" };
const dd = ["dd", "if=/dev/zero", "of=/dev/null", "bs=1", `count=${opts.count}`];

function record(name, extraEnv) {
  const db = path.join(OUT, `diff-${name}-${opts.count}.db`);
  if (opts.reuse && fs.existsSync(db)) return db;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [TRACE_REC, "-q", "--force", "-o", db, "--", ...dd], {
    env: { ...env, ...extraEnv },
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (r.status !== 0) fail(`trace-rec failed for ${name}: ${r.stderr.toString().split("\n")[0]}`);
  process.stdout.write(`recorded ${name}: ${path.relative(ROOT, db)} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return db;
}

const a = record("plain", {});
const b = record("ldpath", { LD_LIBRARY_PATH: libDir });

const runs = [];
for (let i = 0; i < opts.reps; i++) {
  const t0 = performance.now();
  const r = spawnSync(TIME, ["-f", "%M", process.execPath, TRACE_DIFF, "--summary", a, b], {
    env: { ...process.env, TRACE_DIFF_TIMES: "1", NO_COLOR: "1" },
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 1) fail(`trace-diff exited ${r.status}: ${r.stderr}`);
  const lines = r.stderr.trim().split("\n");
  const rssKb = Number(lines.at(-1));
  const phases = lines.find((l) => l.startsWith("trace-diff: times:"))?.slice("trace-diff: times: ".length) ?? "";
  runs.push({ wall, rssKb, phases });
  if (i === 0) {
    const summary = r.stdout.split("\n").filter((l) => /^(A|B):|^Syscalls:|^\s+\d+\s+(\[\d+\]|unexplained)/.test(l));
    process.stdout.write(summary.join("\n") + "\n");
  }
}

const walls = runs.map((r) => r.wall).sort((x, y) => x - y);
const median = walls[Math.floor(walls.length / 2)];
process.stdout.write(`\ntrace-diff --summary, ${opts.reps} runs:\n`);
for (const r of runs) process.stdout.write(`  wall ${r.wall.toFixed(2)} s, peak RSS ${(r.rssKb / 1024).toFixed(0)} MiB  (${r.phases})\n`);
process.stdout.write(`median wall ${median.toFixed(2)} s, max peak RSS ${(Math.max(...runs.map((r) => r.rssKb)) / 1024).toFixed(0)} MiB\n`);
