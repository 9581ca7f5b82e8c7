import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { readCodeCache, runCommonJs } from '@tracedb/native/bundle';

/** What trace-q uses of kysely: a Kysely that only compiles SQLite queries, and the sql tag. */
export const kyselyExports = ['Kysely', 'SqliteAdapter', 'DummyDriver', 'SqliteIntrospector', 'SqliteQueryCompiler', 'sql'] as const;
export type KyselyModule = Pick<typeof import('kysely'), (typeof kyselyExports)[number]>;

/** Those exports of kysely as one CommonJS file, made by scripts/bundle-kysely.mjs after tsc (with a code cache). */
export const bundleFile = fileURLToPath(new URL('../vendor/kysely.cjs', import.meta.url));

/**
 * kysely from the bundle, or from node_modules when there is none (run from sources, under
 * vitest). Call once: each call makes another copy of kysely's classes.
 */
export function loadKysely(): KyselyModule {
  let source: string;
  try {
    source = readFileSync(bundleFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return createRequire(import.meta.url)('kysely') as KyselyModule;
  }
  return runCommonJs<KyselyModule>(bundleFile, source, { cachedData: readCodeCache(bundleFile) }).exports;
}
