import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { Compilable } from 'kysely';
import type { RecordingSchema } from './recording-schema.js';

/**
 * A kysely instance that only compiles: the queries run synchronously through better-sqlite3
 * (the strace renderer is synchronous), so kysely never gets a connection.
 */
export const qb = new Kysely<RecordingSchema>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

export interface CompiledSql {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

export function compile(query: Compilable): CompiledSql {
  const c = query.compile();
  return { sql: c.sql, parameters: c.parameters };
}
