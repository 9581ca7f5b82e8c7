import type BetterSqlite3 from 'better-sqlite3';
import { StopMemory } from '../decode/context.js';
import type { MemPart } from '../decode/context.js';

/** The memory captured at a stop, asked for in increasing seq order. */
export interface MemoryReader {
  /** `known`: parts the caller already has (see RowPaths); a reader may use them instead of reading. */
  at(seq: number, known?: ReadonlyMap<number, MemPart>): StopMemory;
  close(): void;
}

const COLUMNS = 'seq, arg, part, addr, size, data, truncated';

function part(r: unknown[]): MemPart {
  return {
    addr: BigInt.asUintN(64, BigInt(r[3] as number)),
    size: r[4] as number,
    data: r[5] as Buffer | null,
    truncated: r[6] !== 0,
  };
}

/**
 * The whole memory table in one pass, alongside the stops: for rendering all of a recording,
 * reading it in order costs far less than a lookup per stop. It reads a window of stops at a
 * time: first the parts' columns as one JSON array (see AllSyscalls), then, for as many of
 * those stops as fit in `budget` bytes, their data as one blob that the parts are views into.
 * Buffers are captured up to 64 KiB each by default, so the budget is what keeps memory flat.
 */
export class MemoryCursor implements MemoryReader {
  private readonly parts: BetterSqlite3.Statement;
  private readonly data: BetterSqlite3.Statement;
  private rows: unknown[][] = [];
  private i = 0;
  /** Seqs below this have been read. */
  private end = Number.MIN_SAFE_INTEGER;

  constructor(
    db: BetterSqlite3.Database,
    private readonly window = 4096,
    private readonly budget = 8 << 20,
  ) {
    // Both in the primary key's order, which the parts' data is matched by. length() of a
    // blob column reads its size, not its bytes.
    this.parts = db
      .prepare(
        `SELECT json_group_array(json_array(seq, arg, part, addr, size, CASE WHEN typeof(data) = 'blob' THEN length(data) ELSE length(CAST(data AS BLOB)) END, truncated) ORDER BY seq, arg, part)
         FROM memory WHERE seq >= ? AND seq < ?`,
      )
      .pluck();
    this.data = db.prepare("SELECT CAST(group_concat(data, '' ORDER BY seq, arg, part) AS BLOB) FROM memory WHERE seq >= ? AND seq < ?").pluck();
  }

  private load(from: number): void {
    const rows = JSON.parse(this.parts.get(from, from + this.window) as string) as unknown[][];
    // The stops whose data fits in the budget (at least one stop, whatever its size).
    let end = from + this.window;
    let bytes = 0;
    let n = rows.length;
    for (let k = 0; k < rows.length; k++) {
      bytes += (rows[k][5] as number | null) ?? 0;
      if (bytes > this.budget && rows[k][0] !== rows[0][0]) {
        end = rows[k][0] as number;
        while (k > 0 && rows[k - 1][0] === end) k--;
        n = k;
        break;
      }
    }
    rows.length = n;
    const blob = n > 0 ? (this.data.get(from, end) as Buffer | null) : null;
    // Each part's data is the next length(data) bytes of the blob, in seq, arg, part order.
    let off = 0;
    for (const r of rows) {
      const len = r[5] as number | null;
      if (len === null) continue;
      r[5] = blob!.subarray(off, off + len);
      off += len;
    }
    this.rows = rows;
    this.i = 0;
    this.end = end;
  }

  at(seq: number): StopMemory {
    if (seq >= this.end) this.load(seq);
    const rows = this.rows;
    let i = this.i;
    while (i < rows.length && (rows[i][0] as number) < seq) i++;
    if (i === rows.length || rows[i][0] !== seq) {
      this.i = i;
      return StopMemory.empty;
    }
    const m = new Map<number, MemPart>();
    for (; i < rows.length && rows[i][0] === seq; i++) m.set(StopMemory.key(rows[i][1] as number, rows[i][2] as number), part(rows[i]));
    this.i = i;
    return new StopMemory(m);
  }

  close(): void {}
}

/** The memory of single stops, by primary key, when first asked for: for the few stops a filtered rendering reads. */
export class MemoryLookup implements MemoryReader {
  private readonly st: BetterSqlite3.Statement;

  constructor(db: BetterSqlite3.Database) {
    this.st = db.prepare(`SELECT ${COLUMNS} FROM memory WHERE seq = ?`).raw(true);
  }

  at(seq: number, known?: ReadonlyMap<number, MemPart>): StopMemory {
    return StopMemory.lazy(() => {
      const m = new Map<number, MemPart>();
      for (const r of this.st.all(seq) as unknown[][]) m.set(StopMemory.key(r[1] as number, r[2] as number), part(r));
      return m;
    }, known);
  }

  close(): void {}
}
