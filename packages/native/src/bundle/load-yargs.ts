import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCodeCache, runCommonJs } from './run-common-js.js';

type Yargs = typeof import('yargs').default;

/** yargs and the packages it imports as one CommonJS file, made by packages/query/scripts/bundle-yargs.mjs after tsc (with a code cache). */
export const yargsBundleFile = fileURLToPath(new URL('../vendor/yargs.cjs', import.meta.url));

let loaded: Promise<Yargs> | null = null;

/**
 * yargs from the bundle, or from node_modules when there is none (run from sources, under
 * vitest). Its ~45 ES modules take ~80 ms to find and compile; the bundle, ~30 ms.
 */
export function loadYargs(): Promise<Yargs> {
  return (loaded ??= load());
}

async function load(): Promise<Yargs> {
  let source: string;
  try {
    source = readFileSync(yargsBundleFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return (await import('yargs')).default;
  }
  return runCommonJs<Yargs>(yargsBundleFile, source, { cachedData: readCodeCache(yargsBundleFile) }).exports;
}
