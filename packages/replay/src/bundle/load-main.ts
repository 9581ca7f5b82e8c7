import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCodeCache, runCommonJs } from '@tracedb/query/run-common-js';
import type { ReplayThread } from '../inject/replay-thread.js';

/** trace-replay's whole run: its arguments (without node and the script) → the exit status. */
export type Main = (argv: string[], thread: ReplayThread) => Promise<number>;

/** The ES module exporting `main` of each thread, relative to this file: trace-replay's main thread and the replay thread. */
export const mainModules = { 'trace-replay': '../cli/main.js', 'replay-worker': '../inject/replay-worker.js' } as const;
export type Bundle = keyof typeof mainModules;

/** The module and the modules it imports as one CommonJS file, made by scripts/bundle.mjs after tsc (as trace-q's). */
export const bundleFileOf = (bundle: Bundle): string => fileURLToPath(new URL(`./${bundle}.cjs`, import.meta.url));

/** The bundle's import() of a dependency (yargs), resolved from here. */
const importModule = (specifier: string): Promise<unknown> => import(specifier);

/** `main`, from the bundle with its code cache, or from the ES modules when there is none (a build by tsc alone). */
export async function loadMain<M = Main>(bundle: Bundle = 'trace-replay'): Promise<M> {
  const file = bundleFileOf(bundle);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return ((await import(mainModules[bundle])) as { main: M }).main;
  }
  return runCommonJs<{ main: M }>(file, source, { cachedData: readCodeCache(file), importModule }).exports.main;
}
