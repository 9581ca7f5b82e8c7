import { fileURLToPath } from 'node:url';
import { loadBundledMain } from '@tracedb/native/bundle';

/** A command's whole run: its arguments (without node and the script) → the exit status. */
export type Main = (argv: string[]) => Promise<number>;

/** Each command's ES module exporting `main`, relative to this file. */
export const mainModules = { 'trace-q': '../cli/main.js', 'trace-diff': '../cli/diff-main.js' } as const;
export type Command = keyof typeof mainModules;

/** The command's main module and the modules it imports as one CommonJS file, made by scripts/bundle.mjs after tsc. */
export const bundleFileOf = (command: Command): string => fileURLToPath(new URL(`./${command}.cjs`, import.meta.url));

/** The bundles' import() of a dependency (yargs), resolved from here: their directory. */
const importModule = (specifier: string): Promise<unknown> => import(specifier);

/** The command's main, from its bundle, or from the ES modules when there is none (see loadBundledMain). */
export function loadMain(command: Command): Promise<Main> {
  return loadBundledMain<Main>(bundleFileOf(command), () => import(mainModules[command]), importModule);
}
