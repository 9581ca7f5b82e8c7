import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fsName } from '@tracedb/native';
import { UsageError } from '../cli/errors.js';

/**
 * The files to import: the ones named, or, for one name that does not exist, the LOG.PID
 * files `strace -ff -o LOG` wrote, in the order of their pids. perThread: the files are
 * LOG.PID files, one per thread (several files, or the prefix of one).
 */
export function straceLogFiles(names: readonly string[]): { files: string[]; perThread: boolean } {
  if (names.length !== 1 || existsSync(fsName(names[0]))) return { files: [...names], perThread: names.length > 1 };
  const prefix = names[0];
  const dir = path.dirname(prefix);
  const base = path.basename(prefix);
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    // no such directory: no files either
  }
  const pids = entries
    .map((e) => (e.startsWith(`${base}.`) && /^\d+$/.test(e.slice(base.length + 1)) ? Number(e.slice(base.length + 1)) : null))
    .filter((pid): pid is number => pid !== null)
    .sort((a, b) => a - b);
  if (pids.length === 0) throw new UsageError(`${prefix}: no such file, nor ${prefix}.PID files of strace -ff`);
  return { files: pids.map((pid) => `${prefix}.${pid}`), perThread: true };
}
