import { realpathSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from './open-database.js';

const TRIES = 50;
const PAUSE_MS = 2;

/**
 * Opens the recording this run claimed by the path `pathOf` gives (/proc/self/fd/N: SQLite
 * resolves the link to the file's name, beside which it makes the WAL). Another run's --force
 * takes the name away for a moment and puts it back when the file is not the one it meant to
 * replace (see OutputFile): an open at that moment fails, or resolves the passing name, so it is
 * tried again until the file is at its name.
 */
export function openClaimed(pathOf: () => string, isOurs: () => boolean): BetterSqlite3.Database {
  for (let attempt = 1; ; attempt++) {
    let db: BetterSqlite3.Database | null = null;
    try {
      const path = pathOf();
      db = openDatabase(path, { fileMustExist: true });
      const [main] = db.pragma('database_list') as { file: string }[];
      // the last try takes the file as it is, as long as it is ours
      if (isOurs() && (main.file === realpathSync.native(path) || attempt >= TRIES)) return db;
    } catch (e) {
      if (attempt >= TRIES) throw e;
    }
    db?.close();
    if (attempt >= TRIES) throw new Error('another run replaced it meanwhile');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, PAUSE_MS);
  }
}
