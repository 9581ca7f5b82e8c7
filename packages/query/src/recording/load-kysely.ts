import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

export type KyselyModule = typeof import('kysely');

/** kysely's CommonJS build as one file, made by scripts/bundle-kysely.mjs after tsc. */
export const bundleFile = fileURLToPath(new URL('../vendor/kysely.cjs', import.meta.url));
/** V8's code cache for the bundle, made by the same script after running it. */
export const codeCacheFile = `${bundleFile}.v8cache`;

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
  return runBundle(source, readCodeCache()).exports;
}

function readCodeCache(): Buffer | undefined {
  try {
    return readFileSync(codeCacheFile);
  } catch {
    return undefined;
  }
}

/**
 * Runs the bundle as Node runs a CommonJS module, but compiled with `cachedData` when given
 * (which takes about half the time). V8 ignores a cache made by another V8 version, with other
 * flags or for another source, and compiles the source (script.cachedDataRejected).
 */
export function runBundle(source: string, cachedData?: Buffer): { exports: KyselyModule; script: Script } {
  const script = new Script(`(function (exports, require, module) {${source}\n})`, {
    filename: bundleFile,
    cachedData,
  });
  const module = { exports: {} };
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object) => void;
  run.call(module.exports, module.exports, createRequire(bundleFile), module);
  return { exports: module.exports as KyselyModule, script };
}
