import type BetterSqlite3 from 'better-sqlite3';

/** The part of better-sqlite3 the store uses. */
export type SqliteDatabase = Pick<BetterSqlite3.Database, 'exec' | 'prepare' | 'pragma' | 'transaction' | 'close'>;
