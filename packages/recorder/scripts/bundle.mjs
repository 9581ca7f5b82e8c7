// Run after tsc and packages/query's scripts. Writes migrations/schema.sql (the schema the
// migrations make, as one text: see dist/store/create-schema.js), dist/bundle/trace-rec.cjs (the main thread:
// dist/cli/main.js and the modules of ours it imports) and tracer-worker.cjs (the tracing
// thread), each one CommonJS file with V8's code cache, which dist/bundle/load-main.js loads, as
// trace-q's and trace-replay's bundles: loading trace-rec's ~70 ES modules in each thread was
// most of the time `trace-rec true` took. And trace-rec-start.cjs, what bin/trace-rec.js
// requires: dist/bin/start.js, which starts the tracing thread and then loads trace-rec.cjs.

import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { writeSchemaFile } from '../dist/store/create-schema.js';
import { bundleCommand } from '../../query/scripts/bundle-command.mjs';
import { bundleFileOf, mainModules } from '../dist/bundle/load-main.js';

// @tracedb/native/libc, an ES module outside node_modules, is bundled: require() of it would warn
const empty = new Database(':memory:');
writeSchemaFile(empty);
empty.close();

const dependencies = ['better-sqlite3', 'koffi', 'yargs'];
for (const [bundle, main] of Object.entries(mainModules)) {
  const input = fileURLToPath(new URL(main, new URL('../dist/bundle/', import.meta.url)));
  // yargs only for --help (an import(), as trace-q's)
  await bundleCommand(bundle, input, bundleFileOf(bundle), { dependencies, forbiddenRequires: ['yargs'] });
}
const start = fileURLToPath(new URL('../dist/bin/start.js', import.meta.url));
await bundleCommand('trace-rec-start', start, fileURLToPath(new URL('../dist/bundle/trace-rec-start.cjs', import.meta.url)), {
  dependencies,
  forbiddenRequires: ['better-sqlite3', 'koffi', 'yargs'],
  entry: 'start',
  required: true,
});
