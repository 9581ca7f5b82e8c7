import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCodeCache, runCommonJs } from '@tracedb/query/run-common-js';
import type { ReplayThread } from '../inject/replay-thread.js';

/** trace-replay's whole run: its arguments (without node and the script) → the exit status. */
export type Main = (argv: string[], thread: ReplayThread) => Promise<number>;

/** The ES module exporting `main`, relative to this file. */
export const mainModule = '../cli/main.js';

/** It and the modules it imports as one CommonJS file, made by scripts/bundle.mjs after tsc (as trace-q's). */
export const bundleFile = fileURLToPath(new URL('./trace-replay.cjs', import.meta.url));

/** The bundle's import() of a dependency (yargs), resolved from here. */
const importModule = (specifier: string): Promise<unknown> => import(specifier);

/** main, from the bundle with its code cache, or from the ES modules when there is none (a build by tsc alone). */
export async function loadMain(): Promise<Main> {
  let source: string;
  try {
    source = readFileSync(bundleFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return ((await import(mainModule)) as { main: Main }).main;
  }
  return runCommonJs<{ main: Main }>(bundleFile, source, { cachedData: readCodeCache(bundleFile), importModule }).exports.main;
}
