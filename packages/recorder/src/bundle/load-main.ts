import { fileURLToPath } from 'node:url';
import { loadBundledMain } from '@tracedb/native/bundle';
import type { TracerThread } from '../tracer/tracer-thread.js';

/** trace-rec's whole run: its arguments (without node and the script) → the exit status. */
export type Main = (argv: string[], thread: TracerThread) => Promise<number>;

/** The ES module exporting `main` of each thread, relative to this file: trace-rec's main thread and the tracing thread. */
export const mainModules = { 'trace-rec': '../cli/main.js', 'tracer-worker': '../tracer/tracer-worker.js' } as const;
export type Bundle = keyof typeof mainModules;

/** The module and the modules it imports as one CommonJS file, made by scripts/bundle.mjs after tsc (as trace-q's). */
export const bundleFileOf = (bundle: Bundle): string => fileURLToPath(new URL(`./${bundle}.cjs`, import.meta.url));

/** The bundle's import() of a dependency (yargs), resolved from here. */
const importModule = (specifier: string): Promise<unknown> => import(specifier);

/** `main`, from the bundle, or from the ES modules when there is none (see loadBundledMain). */
export function loadMain<M = Main>(bundle: Bundle = 'trace-rec'): Promise<M> {
  return loadBundledMain<M>(bundleFileOf(bundle), () => import(mainModules[bundle]), importModule);
}
