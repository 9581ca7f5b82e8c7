// Helpers shared by the bench scripts (bench/run.mjs, rss.mjs, query.mjs, diff.mjs).
// Plain Node ESM, no dependencies.

import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ROOT = path.dirname(BENCH);
/** Where the scripts keep what they build and record (gitignored). */
export const OUT = path.join(BENCH, "out");
/** GNU time, for peak RSS (BENCH_TIME overrides it, for testing). */
export const TIME = process.env.BENCH_TIME ?? "/usr/bin/time";
export const TRACE_REC = path.join(ROOT, "packages", "recorder", "bin", "trace-rec.js");
export const TRACE_Q = path.join(ROOT, "packages", "query", "bin", "trace-q.js");
export const TRACE_DIFF = path.join(ROOT, "packages", "query", "bin", "trace-diff.js");

/**
 * The options of `argv`, one at a time: `for (const a of o)`, then o.value() for its argument
 * and o.number() for a positive number (o.number(true): a whole one). `fail` gets what is wrong.
 */
export function options(argv, fail) {
  let i = -1;
  const value = () => {
    if (i + 1 >= argv.length) fail(`${argv[i]} needs a value`);
    return argv[++i];
  };
  return {
    *[Symbol.iterator]() {
      while (++i < argv.length) yield argv[i];
    },
    value,
    number(whole = false) {
      const a = argv[i];
      const n = Number(value());
      if (!(whole ? Number.isInteger(n) : Number.isFinite(n)) || n <= 0) fail(`${a} needs a positive ${whole ? "whole " : ""}number`);
      return n;
    },
  };
}

/** stdout of a command, trimmed, or null if it failed. */
export function sh(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The first informative line of a tool's stderr (skips Node's location header). */
export function firstLine(text) {
  const lines = (text ?? "").split("\n").map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return "";
  if (/^(node:internal|file:\/\/|\/.*:\d+$)/.test(lines[0])) {
    const err = lines.find((l) => /^\w*Error\b|Error:/.test(l));
    if (err) return err;
  }
  return lines[0];
}

export function median(xs) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Seconds, ratios (×) and megabytes as the tables print them; "–" for none. */
export const fmtS = (x) => (x == null ? "–" : x < 10 ? x.toFixed(3) : x.toFixed(2));
export const fmtX = (x) => (x == null || !Number.isFinite(x) ? "–" : x < 10 ? `${x.toFixed(2)}×` : `${x.toFixed(1)}×`);
export const fmtMB = (kb) => (kb == null ? "–" : `${(kb / 1024).toFixed(1)} MB`);

export function fileSize(p) {
  try { return fs.statSync(p).size; } catch { return 0; }
}

/** Remove an SQLite database and its side files. */
export function rmDb(p) {
  for (const s of ["", "-wal", "-shm", "-journal"]) fs.rmSync(p + s, { force: true });
}

/** A table as aligned text, or as Markdown when `md`. */
export function table(headers, rows, md) {
  if (md) {
    const esc = (s) => String(s).replace(/\|/g, "\\|");
    return [
      `| ${headers.map(esc).join(" | ")} |`,
      `| ${headers.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
      ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
    ].join("\n");
  }
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** What the machine line of a bench report shows. */
export function machine() {
  const cpu = (() => {
    try {
      const m = fs.readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m);
      return m ? m[1].trim() : "?";
    } catch { return "?"; }
  })();
  const straceV = sh("strace", ["-V"])?.split("\n")[0].replace(/^strace -- version /, "") ?? "not installed";
  return {
    kernel: os.release(),
    nproc: Number(sh("nproc", [])) || os.availableParallelism(),
    cpu,
    node: process.version,
    strace: straceV,
  };
}

/** The argv prefix that runs trace-rec (`override`: --trace-rec split on
 * spaces), and why it can't run ("not built") or null. By default the
 * `trace-rec` command users run (bin/trace-rec: it keeps Node from reading
 * NODE_EXTRA_CA_CERTS' file, 30-40 ms where it is set). */
export function traceRec(root, override) {
  const cmd = override ?? [path.join(root, "packages/recorder/bin/trace-rec")];
  // A built trace-rec is dist/bin/trace-rec.js, which bin/trace-rec.js imports.
  const missing = !override && !fs.existsSync(path.join(root, "packages/recorder/dist/bin/trace-rec.js"))
    ? "not built (npm run build)"
    : null;
  return { cmd, missing };
}

/** better-sqlite3 from the repo's node_modules: { Database, note } where
 * Database is null and note says why when it can't be loaded. */
export function loadSqlite(root) {
  try {
    return { Database: createRequire(path.join(root, "package.json"))("better-sqlite3"), note: null };
  } catch (e) {
    return { Database: null, note: `better-sqlite3 not loadable (${e.message.split("\n")[0]})` };
  }
}
