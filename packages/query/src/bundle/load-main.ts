import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCodeCache, runCommonJs } from './run-common-js.js';

/** A command's whole run: its arguments (without node and the script) → the exit status. */
export type Main = (argv: string[]) => Promise<number>;

/** Each command's ES module exporting `main`, relative to this file. */
export const mainModules = { 'trace-q': '../cli/main.js', 'trace-diff': '../cli/diff-main.js' } as const;
export type Command = keyof typeof mainModules;

/** The command's main module and the modules it imports as one CommonJS file, made by scripts/bundle.mjs after tsc. */
export const bundleFileOf = (command: Command): string => fileURLToPath(new URL(`./${command}.cjs`, import.meta.url));

/** The bundles' import() of a dependency (yargs), resolved from here: their directory. */
const importModule = (specifier: string): Promise<unknown> => import(specifier);

/**
 * The command's main, from its bundle (with its code cache, it loads in a fraction of the time
 * Node takes to load the ES modules one by one), or from the ES modules when there is none:
 * a build by tsc alone.
 */
export async function loadMain(command: Command): Promise<Main> {
  const file = bundleFileOf(command);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return ((await import(mainModules[command])) as { main: Main }).main;
  }
  return runCommonJs<{ main: Main }>(file, source, { cachedData: readCodeCache(file), importModule }).exports.main;
}
