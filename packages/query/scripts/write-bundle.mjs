// Shared by bundle-kysely.mjs and bundle.mjs: writes a bundle and V8's code cache for it.

import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { codeCacheFileOf, runCommonJs } from '../../native/dist/bundle/run-common-js.js';

/**
 * Writes `source` to `file`, runs it the way the commands do (packages/native's run-common-js) and
 * saves V8's code cache for it next to it, with the functions that ran compiled. `check` gets
 * the bundle's exports before the cache is written. Returns the exports.
 */
export function writeBundle(file, source, check = () => {}) {
  // an old cache must not outlive the bundle it was made for if this fails half way
  rmSync(codeCacheFileOf(file), { force: true });
  mkdirSync(path.dirname(file), { recursive: true });
  replaceFile(file, source);
  const { exports, script } = runCommonJs(file, source);
  check(exports);
  replaceFile(codeCacheFileOf(file), script.createCachedData());
  return exports;
}

/**
 * Whole files only, even with two builds at once: V8 rejects a cache that is cut short, but
 * one with its bytes mixed up crashes node.
 */
function replaceFile(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
