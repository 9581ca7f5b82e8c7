// Run after tsc and packages/query's bundles. Writes dist/bundle/trace-replay.cjs: the main
// thread's modules (dist/cli/main.js and the modules of ours it imports, trace-q's among them)
// as one CommonJS file with V8's code cache, which bin/ loads (dist/bundle/load-main.js), as
// trace-q's bundle. The replay thread (dist/inject/replay-worker.js) loads its modules meanwhile.

import { fileURLToPath } from 'node:url';
import { bundleCommand } from '../../query/scripts/bundle-command.mjs';
import { bundleFile, mainModule } from '../dist/bundle/load-main.js';

// @tracedb/native/libc, an ES module outside node_modules, is bundled: require() of it would warn
const dependencies = ['better-sqlite3', 'kysely', 'koffi', 'yargs'];
const input = fileURLToPath(new URL(mainModule, new URL('../dist/bundle/', import.meta.url)));
// yargs only when the options are parsed (an import(), as trace-q's)
await bundleCommand('trace-replay', input, bundleFile, { dependencies, forbiddenRequires: ['yargs'] });
