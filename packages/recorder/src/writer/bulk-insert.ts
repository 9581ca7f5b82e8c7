import type BetterSqlite3 from 'better-sqlite3';

type Value = number | bigint | string | Buffer | null;

/**
 * Inserts rows many at a time: one statement with `chunk` VALUES tuples costs about what one
 * single-row statement does, and the per-call overhead is what dominates the recorder's writes.
 */
export class BulkInsert {
  private readonly many: BetterSqlite3.Statement;
  private readonly one: BetterSqlite3.Statement;
  private readonly width: number;
  private values: Value[] = [];

  constructor(db: BetterSqlite3.Database, table: string, columns: readonly string[], private readonly chunk = 64) {
    this.width = columns.length;
    const tuple = `(${columns.map(() => '?').join(',')})`;
    const head = `INSERT INTO ${table} (${columns.join(',')}) VALUES `;
    this.one = db.prepare(head + tuple);
    this.many = db.prepare(head + Array(chunk).fill(tuple).join(','));
  }

  add(...row: Value[]): void {
    for (let i = 0; i < row.length; i++) this.values.push(row[i]);
    if (this.values.length === this.width * this.chunk) {
      this.many.run(this.values);
      this.values = [];
    }
  }

  /** Writes the rows still held. */
  flush(): void {
    const v = this.values;
    for (let i = 0; i < v.length; i += this.width) this.one.run(v.slice(i, i + this.width));
    this.values = [];
  }
}
