// A recording as an older trace-rec would have written it: the schema of migrations 1..version,
// and every row of the recording that fits it. Stops are written the way they were before
// schema 18 (kind as text, all the registers of every stop) from the view stops.

import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '@tracedb/recorder';

const COMPACT_STOPS = 18;

export function writeOldSchema(src: string, dst: string, version: number): void {
  rmSync(dst, { force: true });
  const db = new Database(dst);
  migrate(db, loadMigrations().filter((m) => m.version <= version));
  db.exec(`ATTACH DATABASE '${src.replaceAll("'", "''")}' AS src`);
  const columns = (schema: string, table: string): string[] =>
    (db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).all(table, schema) as { name: string }[]).map((c) => c.name);
  const tables = db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  db.transaction(() => {
    for (const t of tables) {
      const theirs = new Set(columns('src', t));
      const common = columns('main', t).filter((c) => theirs.has(c));
      if (common.length === 0) continue;
      if (t === 'stop' && version < COMPACT_STOPS) {
        const list = common.filter((c) => c !== 'base_seq' && c !== 'regs_changed').join(', ');
        db.exec(`INSERT INTO main.stop (${list}) SELECT ${list} FROM src.stops`);
      } else {
        db.exec(`INSERT INTO main."${t}" (${common.join(', ')}) SELECT ${common.join(', ')} FROM src."${t}"`);
      }
    }
    db.prepare('UPDATE main.recording SET schema_version = ?').run(version);
  })();
  db.exec('DETACH DATABASE src');
  db.close();
}
