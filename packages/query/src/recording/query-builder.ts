import type { Compilable, Kysely, Sql } from 'kysely';
import { loadKysely, type KyselyModule } from './load-kysely.js';
import type { RecordingSchema } from './recording-schema.js';

let loaded: KyselyModule | undefined;

/**
 * kysely, loaded when a query is first built, so that views that build none (the whole
 * recording in strace format, --info, --sql) never pay for it. It is the CommonJS build
 * (its ES module build is 280 files that Node 20 loads in about twice the time), bundled into
 * one file at build time: see load-kysely.ts. Every value from kysely must come from here
 * (one copy of its classes).
 */
export function kysely(): KyselyModule {
  return (loaded ??= loadKysely());
}

/** An object that makes the real one on first use (methods bound to it: kysely's classes have private fields). */
function lazy<T extends object>(make: () => T, target: object = {}): T {
  let real: T | undefined;
  const get = (): T => (real ??= make());
  return new Proxy(target, {
    get(_, p) {
      const r = get();
      const v = Reflect.get(r, p, r) as unknown;
      return typeof v === 'function' ? v.bind(r) : v;
    },
    apply(_, self, args) {
      return Reflect.apply(get() as (...a: unknown[]) => unknown, self, args);
    },
  }) as T;
}

/** kysely's `sql` template tag. */
export const sql: Sql = lazy(() => kysely().sql, () => {});

/**
 * A kysely instance that only compiles: the queries run synchronously through better-sqlite3
 * (the strace renderer is synchronous), so kysely never gets a connection.
 */
export const qb: Kysely<RecordingSchema> = lazy(() => {
  const k = kysely();
  return new k.Kysely<RecordingSchema>({
    dialect: {
      createAdapter: () => new k.SqliteAdapter(),
      createDriver: () => new k.DummyDriver(),
      createIntrospector: (db) => new k.SqliteIntrospector(db),
      createQueryCompiler: () => new k.SqliteQueryCompiler(),
    },
  });
});

export interface CompiledSql {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

export function compile(query: Compilable): CompiledSql {
  const c = query.compile();
  return { sql: c.sql, parameters: c.parameters };
}
