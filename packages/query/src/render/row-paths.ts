import type BetterSqlite3 from 'better-sqlite3';
import { pathArgs, stringToBytes, syscallTable } from '@tracedb/native';
import { StopMemory } from '../decode/context.js';
import type { MemPart } from '../decode/context.js';
import type { SyscallRow } from './syscall-row.js';

const PATH_MAX = 4096;
const PATH_ARG = pathArgs(syscallTable);

/**
 * The memory part of a syscall's path argument, rebuilt from the row's `path` column when that
 * holds exactly the bytes the recorder read, so that a filtered rendering need not look up the
 * entry stop's memory of most path syscalls (a random read each, in a big recording). The
 * recorder writes the column as those bytes decoded as UTF-8: exact unless they were not UTF-8
 * (U+FFFD then stands in, unless the row was read with ExactPaths: then the string is in
 * bytesToString's form) or the string was cut at the capture limit (then it is that long).
 * Trusted from schema 6 on, whose recorder takes the path argument from the same table.
 */
export class RowPaths {
  private readonly max: number;

  constructor(db: BetterSqlite3.Database) {
    const r = db.prepare('SELECT schema_version, mode, options FROM recording').get() as
      | { schema_version: number; mode: string; options: string | null }
      | undefined;
    const captureBytes = r && r.schema_version >= 6 && r.mode !== 'import' ? (JSON.parse(r.options ?? '{}') as { captureBytes?: unknown }).captureBytes : undefined;
    this.max = typeof captureBytes === 'number' ? Math.min(PATH_MAX, captureBytes) : 0;
  }

  /** The parts of the entry stop's memory that the row gives, if any. */
  known(row: SyscallRow): ReadonlyMap<number, MemPart> | undefined {
    const path = row.path;
    const arg = PATH_ARG[row.nr] ?? -1;
    if (path === null || arg < 0 || path.includes('\uFFFD')) return undefined;
    const data = stringToBytes(path);
    if (data.length >= this.max) return undefined;
    const addr = [row.a0, row.a1, row.a2, row.a3, row.a4, row.a5][arg] ?? 0n;
    return new Map([[StopMemory.key(arg, 0), { addr: BigInt.asUintN(64, addr), size: data.length, data, truncated: false }]]);
  }
}
