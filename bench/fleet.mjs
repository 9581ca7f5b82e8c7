#!/usr/bin/env node
// A fleet of recordings: N runs of real programs (~50k syscalls each) recorded by trace-rec on
// ten "hosts" (UTS namespaces with their own host names: unshare -u, as root), exported with
// trace-q export --parquet, and two fleet queries answered by trace-q fleet (DuckDB over the
// Parquet files) beside a loop of trace-q REC --sql over the SQLite files. See bench/README.md.
//
//   node bench/fleet.mjs [--count N] [--bulk N] [--reps N] [--rerecord] [--markdown] [--json FILE]
//
// Plain Node ESM. The recordings and the export go to bench/out/fleet/ (gitignored); the
// recordings are reused by a later run with the same --bulk.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { OUT, TRACE_Q, TRACE_REC, fmtS, fmtX, machine, median, options, table } from "./lib/util.mjs";

const USAGE = `usage: node bench/fleet.mjs [options]
  --count N     recordings (default 200)
  --bulk N      one-byte reads and writes of each run's dd (default 24000: ~50k syscalls a run)
  --reps N      timed repetitions of each query (default 3)
  --rerecord    record again even when bench/out/fleet has the recordings
  --markdown    tables as Markdown
  --json FILE   every measurement as JSON`;

function fail(msg) {
  process.stderr.write(`bench/fleet.mjs: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

const o = { count: 200, bulk: 24000, reps: 3, rerecord: false, markdown: false, json: null };
const it = options(process.argv.slice(2), fail);
for (const a of it) {
  if (a === "--count") o.count = it.number(true);
  else if (a === "--bulk") o.bulk = it.number(true);
  else if (a === "--reps") o.reps = it.number(true);
  else if (a === "--rerecord") o.rerecord = true;
  else if (a === "--markdown") o.markdown = true;
  else if (a === "--json") o.json = it.value();
  else if (a === "--help" || a === "-h") { process.stdout.write(USAGE + "\n"); process.exit(0); }
  else fail(`unknown option ${a}`);
}

const HOSTS = 10;
const host = (i) => `ci-runner-${String(i % HOSTS).padStart(2, "0")}`;
/** Runs on every third host look for libssl where it is not (a wrong LD_LIBRARY_PATH). */
const missesLibssl = (i) => (i % HOSTS) % 3 === 0;

/** Run i: a dd of one-byte reads and writes, five small files written with fsync, and on some hosts an openssl that misses its library. */
function script(i, scratch) {
  return [
    `dd if=/dev/zero of=/dev/null bs=1 count=${o.bulk} 2>/dev/null`,
    `for n in 1 2 3 4 5; do dd if=/dev/zero of=${scratch} bs=4k count=8 conv=fsync 2>/dev/null; done; rm -f ${scratch}`,
    missesLibssl(i) ? "LD_LIBRARY_PATH=/opt/ssl-missing openssl version >/dev/null" : "openssl version >/dev/null",
  ].join("; ");
}

const dir = path.join(OUT, "fleet");
// runs are numbered: a smaller --count uses the first ones a larger one recorded
const recDir = path.join(dir, `recordings-${o.bulk}`);
const parquet = path.join(dir, "parquet");
const env = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: "/root", LANG: "C", LC_ALL: "C" };

function run(cmd, args, what) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, encoding: "utf8", maxBuffer: 1 << 30 });
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) fail(`${what}: exit ${r.status}: ${(r.stderr ?? r.error?.message ?? "").split("\n")[0]}`);
  return { s, stdout: r.stdout };
}

const dbs = Array.from({ length: o.count }, (_, i) => path.join(recDir, `run-${String(i).padStart(4, "0")}.db`));

// ---------------------------------------------------------------- record

if (o.rerecord) fs.rmSync(recDir, { recursive: true, force: true });
fs.mkdirSync(recDir, { recursive: true });
let recordS = 0;
let recorded = 0;
for (const [i, db] of dbs.entries()) {
  if (fs.existsSync(db)) continue;
  const tmp = `${db}.tmp`;
  fs.rmSync(tmp, { force: true });
  const argv = [process.execPath, TRACE_REC, "-q", "-o", tmp, "--", "sh", "-c", script(i, path.join(recDir, `scratch-${i}`))];
  recordS += run("unshare", ["-u", "sh", "-c", 'hostname "$0" && exec "$@"', host(i), ...argv], `recording ${i}`).s;
  fs.renameSync(tmp, db);
  recorded++;
  if (recorded % 20 === 0) process.stderr.write(`bench/fleet.mjs: recorded ${recorded}\n`);
}

// ---------------------------------------------------------------- export

const sizeOf = (p) => {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((n, f) => n + sizeOf(path.join(p, f)), 0);
};
const sqliteBytes = dbs.reduce((n, db) => n + sizeOf(db), 0);
const syscalls = Number(run(process.execPath, [TRACE_Q, dbs[0], "--sql", "SELECT count(*) FROM syscalls", "--format", "csv"], "count").stdout.split("\n")[1]);

fs.rmSync(parquet, { recursive: true, force: true });
const exportS = run(process.execPath, [TRACE_Q, "export", ...dbs, "--parquet", parquet, "-q"], "export").s;
const parquetBytes = sizeOf(parquet);
// the same recordings again: replaced, not added
const again = dbs.slice(0, 10);
const againS = run(process.execPath, [TRACE_Q, "export", ...again, "--parquet", parquet, "-q"], "export again").s;

// ---------------------------------------------------------------- queries

const QUERIES = [
  {
    name: "hosts with openat ENOENT on libssl",
    fleet: "SELECT DISTINCT r.host FROM syscalls s JOIN recording r USING (recording_id) WHERE s.name = 'openat' AND s.errno = 'ENOENT' AND s.path LIKE '%libssl%' ORDER BY r.host",
    each: "SELECT host, (SELECT count(*) FROM syscalls WHERE name = 'openat' AND errno = 'ENOENT' AND path LIKE '%libssl%') AS n FROM recording",
    combine: (rows) => [...new Set(rows.filter((r) => r.n !== "0").map((r) => r.host))].sort(),
    answer: (rows) => rows.map((r) => r.host),
  },
  {
    name: "p99 duration of fsync by host",
    fleet: "SELECT r.host, quantile_cont(s.exit_ns - s.entry_ns, 0.99) AS p99_ns FROM syscalls s JOIN recording r USING (recording_id) WHERE s.name = 'fsync' GROUP BY r.host ORDER BY r.host",
    each: "SELECT (SELECT host FROM recording) AS host, exit_ns - entry_ns AS d FROM syscalls WHERE name = 'fsync'",
    combine: (rows) => {
      const by = new Map();
      for (const r of rows) by.set(r.host, [...(by.get(r.host) ?? []), Number(r.d)]);
      return [...by.keys()].sort().map((h) => `${h} ${Math.round(quantileCont(by.get(h), 0.99))}`);
    },
    answer: (rows) => rows.map((r) => `${r.host} ${Math.round(Number(r.p99_ns))}`),
  },
];

function quantileCont(values, p) {
  const v = [...values].sort((a, b) => a - b);
  const pos = (v.length - 1) * p;
  const lo = Math.floor(pos);
  return v[lo] + (v[Math.ceil(pos)] - v[lo]) * (pos - lo);
}

function csvRows(text) {
  const [head, ...lines] = text.trimEnd().split("\n");
  const names = head.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [names[i], v])));
}

const results = [];
for (const q of QUERIES) {
  const fleetRuns = [];
  let fleetAnswer;
  for (let r = 0; r < o.reps; r++) {
    const x = run(process.execPath, [TRACE_Q, "fleet", parquet, "--sql", q.fleet, "--format", "csv"], q.name);
    fleetRuns.push(x.s);
    fleetAnswer = q.answer(csvRows(x.stdout));
  }
  const t = process.hrtime.bigint();
  const rows = dbs.flatMap((db) => csvRows(run(process.execPath, [TRACE_Q, db, "--sql", q.each, "--format", "csv"], q.name).stdout));
  const loopS = Number(process.hrtime.bigint() - t) / 1e9;
  const loopAnswer = q.combine(rows);
  if (JSON.stringify(loopAnswer) !== JSON.stringify(fleetAnswer)) fail(`${q.name}: the fleet says ${JSON.stringify(fleetAnswer)}, the loop ${JSON.stringify(loopAnswer)}`);
  results.push({ name: q.name, fleetS: median(fleetRuns), loopS, answer: fleetAnswer });
}

// ---------------------------------------------------------------- report

const m = machine();
const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;
const out = [];
out.push(`machine: ${m.cpu}, ${m.nproc} cores, Linux ${m.kernel}, Node ${m.node}`);
out.push(`${o.count} recordings of ~${syscalls} syscalls each on ${Math.min(HOSTS, o.count)} hosts${recorded > 0 ? ` (recorded ${recorded} in ${fmtS(recordS)} s)` : ""}`);
out.push("");
out.push(
  table(
    ["export", "value"],
    [
      ["trace-q export of all (s)", fmtS(exportS)],
      ["per recording (s)", fmtS(exportS / o.count)],
      [`${again.length} of them again, replaced (s)`, fmtS(againS)],
      ["SQLite files", mb(sqliteBytes)],
      ["Parquet (zstd)", mb(parquetBytes)],
      ["Parquet / SQLite", `${((100 * parquetBytes) / sqliteBytes).toFixed(1)} %`],
    ],
    o.markdown,
  ),
);
out.push("");
out.push(
  table(
    ["query", "trace-q fleet (s)", `loop of ${o.count} trace-q --sql (s)`, "loop / fleet"],
    results.map((r) => [r.name, fmtS(r.fleetS), fmtS(r.loopS), fmtX(r.loopS / r.fleetS)]),
    o.markdown,
  ),
);
out.push("");
for (const r of results) out.push(`${r.name}: ${r.answer.join(", ")} (the same from both)`);
process.stdout.write(out.join("\n") + "\n");
if (o.json) fs.writeFileSync(o.json, JSON.stringify({ options: o, machine: m, syscalls, recordS, exportS, againS, sqliteBytes, parquetBytes, results }, null, 2));
