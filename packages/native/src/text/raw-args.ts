import { readFileSync } from 'node:fs';
import { bytesToString } from './byte-string.js';

/**
 * The command's arguments (process.argv without node and the script) as the bytes they were,
 * in bytesToString's form: Node decodes argv as UTF-8 and turns bytes that are not into U+FFFD,
 * so they are read again from /proc/self/cmdline, whose last entries are the same arguments.
 */
export function rawArgs(argv: readonly string[] = process.argv): string[] {
  const given = argv.slice(2);
  if (given.length === 0) return given;
  let raw: Buffer[];
  try {
    raw = splitNul(readFileSync('/proc/self/cmdline')).slice(-given.length);
  } catch {
    return given;
  }
  // cmdline can be rewritten by a process (it is its memory): trust it only where it agrees
  if (raw.length !== given.length || raw.some((b, i) => b.toString('utf8') !== given[i])) return given;
  return raw.map(bytesToString);
}

/** NUL-terminated entries, as in /proc/PID/cmdline and /proc/PID/environ. */
export function splitNul(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (let i = buf.indexOf(0); i >= 0; i = buf.indexOf(0, from)) {
    out.push(buf.subarray(from, i));
    from = i + 1;
  }
  if (from < buf.length) out.push(buf.subarray(from));
  return out;
}
