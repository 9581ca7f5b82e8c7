export { codeCacheFileOf, readCodeCache, runCommonJs } from './run-common-js.js';
export type { RunOptions } from './run-common-js.js';
export { loadYargs, yargsBundleFile } from './load-yargs.js';
export { loadBundledMain } from './load-bundled-main.js';
