import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';

/** Where the build saves V8's code cache for the bundle `file`. */
export const codeCacheFileOf = (file: string): string => `${file}.v8cache`;

/** The code cache the build saved for `file`; none when the build made no cache. */
export function readCodeCache(file: string): Buffer | undefined {
  try {
    return readFileSync(codeCacheFileOf(file));
  } catch {
    return undefined;
  }
}

export interface RunOptions {
  /** V8's code cache for the source. */
  readonly cachedData?: Buffer;
  /**
   * What the source calls as `__import(specifier)` instead of import(): in a vm.Script, import()
   * needs an experimental option of Node 20, and it has no loader when the script comes from a
   * code cache made by another process.
   */
  readonly importModule?: (specifier: string) => Promise<unknown>;
}

/**
 * Runs `source` as Node runs the CommonJS module `file` (its require resolves from the file's
 * directory), but compiled with `cachedData` when given, which takes about half the time. V8
 * ignores a cache made by another V8 version, with other flags or for another source, and
 * compiles the source (script.cachedDataRejected).
 */
export function runCommonJs<T>(file: string, source: string, options: RunOptions = {}): { exports: T; script: Script } {
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __import) {${source}\n})`, {
    filename: file,
    cachedData: options.cachedData,
  });
  const module = { exports: {} };
  const run = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: object,
    filename: string,
    dirname: string,
    importModule: RunOptions['importModule'],
  ) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file), options.importModule);
  return { exports: module.exports as T, script };
}
