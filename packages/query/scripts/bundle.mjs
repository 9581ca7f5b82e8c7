// Run after tsc and bundle-kysely.mjs. Writes dist/bundle/trace-q.cjs and trace-diff.cjs: each
// command's main module (dist/cli/) and the modules of ours it imports, dynamically or not, as one
// CommonJS file, with V8's code cache next to it. bin/ loads them (dist/bundle/start.cjs, below):
// Node 20 has no compile cache for ES modules, and finding, reading and compiling ~100 of them
// took ~0.1 s of each run. Dependencies stay outside, required from packages/query.

import { fileURLToPath } from 'node:url';
import { bundleFileOf, mainModules } from '../dist/bundle/load-main.js';
import { bundleCommand } from './bundle-command.mjs';

const dependencies = ['better-sqlite3', 'kysely', 'koffi', 'yargs', '@tracedb/native/libc', '@duckdb/node-api'];
// trace-q never loads koffi (libc: the recorder's ptrace calls), and yargs, an ES module that
// takes ~0.1 s to load, only when it parses options: in a CommonJS bundle a static import of a
// dependency becomes a require() run when the bundle loads.
const forbiddenRequires = ['koffi', 'yargs', '@tracedb/native/libc', '@duckdb/node-api'];

for (const [command, main] of Object.entries(mainModules)) {
  const input = fileURLToPath(new URL(main, new URL('../dist/bundle/', import.meta.url)));
  await bundleCommand(command, input, bundleFileOf(command), { dependencies, forbiddenRequires });
}
// what bin/trace-q.js and bin/trace-diff.js require: dist/bin/start.js, which loads a command's bundle
await bundleCommand('start', fileURLToPath(new URL('../dist/bin/start.js', import.meta.url)), fileURLToPath(new URL('../dist/bundle/start.cjs', import.meta.url)), {
  dependencies,
  forbiddenRequires: [...forbiddenRequires, 'better-sqlite3', 'kysely'],
  entry: 'start',
  required: true,
});
