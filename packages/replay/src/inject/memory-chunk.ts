import type BetterSqlite3 from 'better-sqlite3';
import { exact } from './exact-column.js';
import type { RecordedMemory } from './recorded-calls.js';

/** Memory rows are read a chunk of seqs at a time (threads move through the recording roughly together). */
export const MEMORY_CHUNK = 4096;

/** A chunk's rows by seq. */
export type ChunkRows = Map<number, RecordedMemory[]>;

type Row = [number, number, number, number | string, number, Buffer | null, number];

/**
 * A chunk as one thread hands it to another: per row seq, arg, part, addr (NaN: in `inexact`),
 * size, truncated, the offset of its bytes in `data` and their length (-1: NULL).
 */
export interface PackedChunk {
  readonly chunk: number;
  readonly meta: Float64Array;
  readonly data: Uint8Array;
  readonly inexact: readonly (readonly [number, string])[];
}
const FIELDS = 8;

/** A memory row, its address made a BigInt only when asked for. */
class MemoryRow implements RecordedMemory {
  constructor(
    readonly arg: number,
    readonly part: number,
    private readonly at: number | string,
    readonly size: number,
    readonly data: Buffer | null,
    readonly truncated: boolean,
  ) {}

  get addr(): bigint {
    return BigInt.asUintN(64, BigInt(this.at));
  }
}

/** The statement reading one chunk's rows (bind its first seq and the next chunk's). */
export function chunkStatement(db: BetterSqlite3.Database): BetterSqlite3.Statement {
  return db.prepare(`SELECT seq, arg, part, ${exact('addr')}, size, data, truncated FROM memory WHERE seq >= ? AND seq < ? ORDER BY seq, arg, part`).raw();
}

function rowsOf(stmt: BetterSqlite3.Statement, chunk: number): IterableIterator<Row> {
  return stmt.iterate(chunk * MEMORY_CHUNK, (chunk + 1) * MEMORY_CHUNK) as IterableIterator<Row>;
}

function add(rows: ChunkRows, seq: number, row: RecordedMemory): void {
  let list = rows.get(seq);
  if (!list) rows.set(seq, (list = []));
  list.push(row);
}

export function readChunk(stmt: BetterSqlite3.Statement, chunk: number): ChunkRows {
  const rows: ChunkRows = new Map();
  for (const r of rowsOf(stmt, chunk)) add(rows, r[0], new MemoryRow(r[1], r[2], r[3], r[4], r[5], r[6] !== 0));
  return rows;
}

export function packChunk(stmt: BetterSqlite3.Statement, chunk: number): PackedChunk {
  const all = stmt.all(chunk * MEMORY_CHUNK, (chunk + 1) * MEMORY_CHUNK) as Row[];
  const meta = new Float64Array(all.length * FIELDS);
  let size = 0;
  for (const r of all) size += r[5]?.length ?? 0;
  const data = new Uint8Array(size);
  const inexact: [number, string][] = [];
  let off = 0;
  for (let i = 0, m = 0; i < all.length; i++, m += FIELDS) {
    const r = all[i];
    const bytes = r[5];
    meta[m] = r[0];
    meta[m + 1] = r[1];
    meta[m + 2] = r[2];
    if (typeof r[3] === 'string') {
      inexact.push([i, r[3]]);
      meta[m + 3] = NaN;
    } else meta[m + 3] = r[3];
    meta[m + 4] = r[4];
    meta[m + 5] = r[6];
    meta[m + 6] = off;
    meta[m + 7] = bytes === null ? -1 : bytes.length;
    if (bytes !== null) {
      data.set(bytes, off);
      off += bytes.length;
    }
  }
  return { chunk, meta, data, inexact };
}

/** The rows of a packed chunk; their bytes are views of its `data`, not copies. */
export function unpackChunk(p: PackedChunk): ChunkRows {
  const rows: ChunkRows = new Map();
  const inexact = new Map(p.inexact);
  const { meta, data } = p;
  for (let i = 0, m = 0; m < meta.length; i++, m += FIELDS) {
    const len = meta[m + 7];
    const bytes = len < 0 ? null : Buffer.from(data.buffer, data.byteOffset + meta[m + 6], len);
    add(rows, meta[m], new MemoryRow(meta[m + 1], meta[m + 2], inexact.get(i) ?? meta[m + 3], meta[m + 4], bytes, meta[m + 5] !== 0));
  }
  return rows;
}
