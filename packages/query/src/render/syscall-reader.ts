import type BetterSqlite3 from 'better-sqlite3';
import { exactPaths } from '../recording/exact-paths.js';
import type { ExactPaths } from '../recording/exact-paths.js';
import { syscallTableI386 } from '@tracedb/native';
import type { SyscallRow } from './syscall-row.js';

/**
 * The columns of the `syscall` table SyscallReader reads, raw without safeIntegers or inside
 * json_array(): every integer is a plain number, which saves better-sqlite3 a BigInt for
 * each; the rare register beyond 2^53 (no longer exact as a number) is read again.
 */
export const SYSCALL_TABLE_COLUMNS = 'id, pid, tid, nr, a0, a1, a2, a3, a4, a5, ret, entry_seq, exit_seq, entry_ns, exit_ns, path';

const exact = (v: unknown): boolean => v === null || Number.isSafeInteger(v);
const big = (v: unknown): bigint | null => (v === null ? null : typeof v === 'bigint' ? v : BigInt(v as number));

/**
 * Rows of the `syscall` table as the `syscalls` view would give them: the view's name and
 * errno columns are looked up here, in the recording's own syscall_names and errno_names,
 * instead of by two joins per row in SQLite.
 */
export class SyscallReader {
  private readonly names = new Map<number, string>();
  private readonly errnos = new Map<number, string>();
  /** The ids of the i386 calls (int $0x80): few, found by the syscall_abi index (schema 9). */
  private readonly i386: ReadonlySet<number>;
  private readonly i386Names = new Map<number, string>();

  private readonly registers: BetterSqlite3.Statement;
  private readonly paths: ExactPaths;

  constructor(db: BetterSqlite3.Database) {
    this.paths = exactPaths(db);
    this.registers = db.prepare('SELECT a0, a1, a2, a3, a4, a5, ret FROM syscall WHERE id = ?').raw(true).safeIntegers(true);
    for (const [nr, name] of db.prepare('SELECT nr, name FROM syscall_names').raw(true).all() as [number, string][]) this.names.set(nr, name);
    for (const [num, name] of db.prepare('SELECT num, name FROM errno_names').raw(true).all() as [number, string][]) this.errnos.set(num, name);
    this.i386 = i386Ids(db);
    if (this.i386.size > 0) {
      for (const [nr, name] of db.prepare("SELECT nr, name FROM syscall_abi_names WHERE abi = 'i386'").raw(true).all() as [number, string][]) this.i386Names.set(nr, name);
    }
    if (this.i386.size > 0 && this.i386Names.size === 0) for (const d of syscallTableI386) this.i386Names.set(d.nr, d.name);
  }

  /**
   * The recording's numbers for these syscall names (x86_64 has one per name; the table decides),
   * and the i386 ones when it has i386 calls (a superset: a row is not told apart by its abi).
   */
  numbers(names: Iterable<string>): number[] {
    const want = new Set(names);
    const nrs = new Set<number>();
    for (const [nr, name] of this.names) if (want.has(name)) nrs.add(nr);
    for (const [nr, name] of this.i386Names) if (want.has(name)) nrs.add(nr);
    return [...nrs].sort((a, b) => a - b);
  }

  /** A row in SYSCALL_TABLE_COLUMNS order (the array is reused). */
  row(r: unknown[]): SyscallRow {
    if (!(exact(r[4]) && exact(r[5]) && exact(r[6]) && exact(r[7]) && exact(r[8]) && exact(r[9]) && exact(r[10]))) {
      const regs = this.registers.get(r[0]) as unknown[];
      for (let k = 0; k < 7; k++) r[4 + k] = regs[k];
    }
    const nr = r[3] as number;
    const ret = big(r[10]);
    const i386 = this.i386.size > 0 && this.i386.has(r[0] as number);
    return {
      id: r[0] as number,
      pid: r[1] as number,
      tid: r[2] as number,
      nr,
      name: (i386 ? this.i386Names : this.names).get(nr) ?? null,
      abi: i386 ? 'i386' : null,
      a0: big(r[4]),
      a1: big(r[5]),
      a2: big(r[6]),
      a3: big(r[7]),
      a4: big(r[8]),
      a5: big(r[9]),
      ret,
      errno: ret !== null && ret >= -4095n && ret <= -1n ? (this.errnos.get(-Number(ret)) ?? null) : null,
      entry_seq: r[11] as number | null,
      exit_seq: r[12] as number | null,
      entry_ns: r[13] as number | null,
      exit_ns: r[14] as number | null,
      path: this.paths.of(r[0] as number, r[15] as string | null),
    };
  }
}

/** Whether the recording has the abi columns (schema 9 and later). */
export function hasAbiColumn(db: BetterSqlite3.Database): boolean {
  return db.prepare("SELECT 1 FROM pragma_table_info('syscall') WHERE name = 'abi'").get() !== undefined;
}

/** Whether the recording has i386 calls (int $0x80): found by the syscall_abi index. */
export function hasI386Calls(db: BetterSqlite3.Database): boolean {
  return hasAbiColumn(db) && db.prepare("SELECT 1 FROM syscall WHERE abi IS NOT NULL AND abi = 'i386' LIMIT 1").get() !== undefined;
}

/** The ids of the recording's i386 calls (int $0x80), from the syscall_abi index: usually none. */
export function i386Ids(db: BetterSqlite3.Database): ReadonlySet<number> {
  if (!hasAbiColumn(db)) return new Set();
  return new Set(db.prepare("SELECT id FROM syscall WHERE abi IS NOT NULL AND abi = 'i386'").pluck().all() as number[]);
}
