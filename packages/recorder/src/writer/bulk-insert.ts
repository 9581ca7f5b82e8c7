import type BetterSqlite3 from 'better-sqlite3';

type Value = number | bigint | string | Buffer | null;

/**
 * Inserts rows many at a time: one statement with `chunk` VALUES tuples costs about what one
 * single-row statement does, and the per-call overhead is what dominates the recorder's writes.
 */
export class BulkInsert {
  /** By number of rows: the statement that inserts that many (made when first needed). */
  private readonly statements: BetterSqlite3.Statement[] = [];
  private readonly width: number;
  private values: Value[] = [];

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly chunk = 64,
  ) {
    this.width = columns.length;
  }

  private statement(rows: number): BetterSqlite3.Statement {
    let st = this.statements[rows];
    if (st === undefined) {
      const tuple = `(${this.columns.map(() => '?').join(',')})`;
      st = this.db.prepare(`INSERT INTO ${this.table} (${this.columns.join(',')}) VALUES ${Array(rows).fill(tuple).join(',')}`);
      this.statements[rows] = st;
    }
    return st;
  }

  add(...row: Value[]): void {
    for (let i = 0; i < row.length; i++) this.values.push(row[i]);
    if (this.values.length === this.width * this.chunk) {
      this.statement(this.chunk).run(this.values);
      this.values = [];
    }
  }

  /**
   * Writes the rows still held (a batch often ends with a few) in statements of 32, 16, … 1 rows:
   * at most 7 statements a table to prepare, not one for each count below `chunk` (a short run's
   * batches each end with another count, and preparing them cost more than writing its rows).
   */
  flush(): void {
    let rows = this.values.length / this.width;
    let at = 0;
    for (let n = 1 << (31 - Math.clz32(rows)); rows > 0; n >>= 1) {
      if (rows < n) continue;
      const end = at + n * this.width;
      this.statement(n).run(at === 0 && end === this.values.length ? this.values : this.values.slice(at, end));
      at = end;
      rows -= n;
    }
    this.values = [];
  }
}
