/**
 * One row of the `syscalls` view, as the renderer and the decoders read it. Identifiers and
 * sequence numbers are JavaScript numbers; register values are bigints, exactly as recorded
 * (SQLite stores them as signed 64-bit integers: an argument of -1 is -1n, an address
 * above 2^63 is negative).
 */
export interface SyscallRow {
  readonly id: number;
  readonly pid: number;
  readonly tid: number;
  readonly nr: number;
  /** null for a number the table does not name (printed as syscall_NNN). */
  readonly name: string | null;
  /** 'i386' for an int $0x80 call (nr and name are the i386 ABI's); undefined or null: the recording's own ABI. */
  readonly abi?: 'i386' | null;
  readonly a0: bigint | null;
  readonly a1: bigint | null;
  readonly a2: bigint | null;
  readonly a3: bigint | null;
  readonly a4: bigint | null;
  readonly a5: bigint | null;
  /** Raw return value (-2n for ENOENT); null: the syscall never returned. */
  readonly ret: bigint | null;
  /** The errno name when ret is an error, else null. */
  readonly errno: string | null;
  readonly entry_seq: number | null;
  readonly exit_seq: number | null;
  readonly entry_ns: number | null;
  readonly exit_ns: number | null;
  /** The first path argument, decoded. */
  readonly path: string | null;
}

/** SELECT list of the syscalls view matching SyscallRow (use with .safeIntegers(true), then toSyscallRow). */
export const SYSCALL_COLUMNS = 'id, pid, tid, nr, name, a0, a1, a2, a3, a4, a5, ret, errno, entry_seq, exit_seq, entry_ns, exit_ns, path';

type Int = bigint | number;
interface RawRow {
  id: Int; pid: Int; tid: Int; nr: Int; name: string | null;
  a0: Int | null; a1: Int | null; a2: Int | null; a3: Int | null; a4: Int | null; a5: Int | null;
  ret: Int | null; errno: string | null;
  entry_seq: Int | null; exit_seq: Int | null; entry_ns: Int | null; exit_ns: Int | null; path: string | null;
  abi?: string | null;
}

const n = (v: bigint | number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
/** Register values as bigints (a row read without safeIntegers has numbers: exact below 2^53 only). */
const big = (v: bigint | number | null | undefined): bigint | null => (v === null || v === undefined ? null : typeof v === 'bigint' ? v : BigInt(Math.trunc(v)));

/**
 * Converts a row of the syscalls view into a SyscallRow. Read it with safeIntegers(true):
 * register values beyond 2^53 are only exact that way.
 */
export function toSyscallRow(r: unknown): SyscallRow {
  const x = r as RawRow;
  return {
    id: Number(x.id),
    pid: Number(x.pid),
    tid: Number(x.tid),
    nr: Number(x.nr),
    name: x.name,
    a0: big(x.a0), a1: big(x.a1), a2: big(x.a2), a3: big(x.a3), a4: big(x.a4), a5: big(x.a5),
    ret: big(x.ret),
    errno: x.errno,
    entry_seq: n(x.entry_seq),
    exit_seq: n(x.exit_seq),
    entry_ns: n(x.entry_ns),
    exit_ns: n(x.exit_ns),
    path: x.path,
    abi: x.abi === 'i386' ? 'i386' : null,
  };
}

/** Converts a raw row (an array in SYSCALL_COLUMNS order, read with safeIntegers(true)). */
export function rawSyscallRow(r: unknown[]): SyscallRow {
  const b = (v: unknown): bigint | null => (v === null ? null : (v as bigint));
  const num = (v: unknown): number | null => (v === null ? null : Number(v as bigint));
  return {
    id: Number(r[0] as bigint),
    pid: Number(r[1] as bigint),
    tid: Number(r[2] as bigint),
    nr: Number(r[3] as bigint),
    name: r[4] as string | null,
    a0: b(r[5]), a1: b(r[6]), a2: b(r[7]), a3: b(r[8]), a4: b(r[9]), a5: b(r[10]),
    ret: b(r[11]),
    errno: r[12] as string | null,
    entry_seq: num(r[13]),
    exit_seq: num(r[14]),
    entry_ns: num(r[15]),
    exit_ns: num(r[16]),
    path: r[17] as string | null,
  };
}
