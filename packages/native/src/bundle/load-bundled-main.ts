import { readFileSync } from 'node:fs';
import { readCodeCache, runCommonJs } from './run-common-js.js';

/**
 * `main` of a command's bundle `file` (one CommonJS file made by packages/query/scripts/bundle-command.mjs,
 * with V8's code cache: it loads in a fraction of the time Node takes to load the ES modules one
 * by one), or of its ES module when there is none (a build by tsc alone). `esModule` and
 * `importModule` are the caller's import()s: they resolve from the caller's package.
 */
export async function loadBundledMain<M>(
  file: string,
  esModule: () => Promise<unknown>,
  importModule: (specifier: string) => Promise<unknown>,
): Promise<M> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return ((await esModule()) as { main: M }).main;
  }
  return runCommonJs<{ main: M }>(file, source, { cachedData: readCodeCache(file), importModule }).exports.main;
}
