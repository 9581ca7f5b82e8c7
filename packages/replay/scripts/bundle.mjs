// Run after tsc and packages/query's bundles. Writes dist/bundle/trace-replay.cjs (the main
// thread: dist/cli/main.js and the modules of ours it imports, trace-q's among them) and
// replay-worker.cjs (the replay thread), each one CommonJS file with V8's code cache, which
// dist/bundle/load-main.js loads, as trace-q's bundles. And trace-replay-start.cjs, what
// bin/trace-replay.js requires: dist/bin/start.js, which starts the replay thread and then loads
// trace-replay.cjs.

import { fileURLToPath } from 'node:url';
import { bundleCommand } from '../../query/scripts/bundle-command.mjs';
import { bundleFileOf, mainModules } from '../dist/bundle/load-main.js';

// @tracedb/native/libc, an ES module outside node_modules, is bundled: require() of it would warn
const dependencies = ['better-sqlite3', 'kysely', 'koffi', 'yargs'];
for (const [bundle, main] of Object.entries(mainModules)) {
  const input = fileURLToPath(new URL(main, new URL('../dist/bundle/', import.meta.url)));
  // yargs only when the options are parsed (an import(), as trace-q's)
  await bundleCommand(bundle, input, bundleFileOf(bundle), { dependencies, forbiddenRequires: ['yargs'] });
}
await bundleCommand('trace-replay-start', fileURLToPath(new URL('../dist/bin/start.js', import.meta.url)), fileURLToPath(new URL('../dist/bundle/trace-replay-start.cjs', import.meta.url)), {
  dependencies,
  forbiddenRequires: ['better-sqlite3', 'kysely', 'koffi', 'yargs'],
  entry: 'start',
  required: true,
});
