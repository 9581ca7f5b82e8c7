// Run after tsc. Writes packages/native/dist/vendor/yargs.cjs: yargs and the packages it imports
// (yargs-parser, cliui, y18n, string-width…) as one CommonJS file made by rolldown from their ES
// modules, and V8's code cache for it (write-bundle.mjs). packages/native's src/bundle/load-yargs.ts
// loads it: ~30 ms instead of ~80 ms for finding and compiling its ES modules, on every run of
// each command.

import path from 'node:path';
import { build } from 'rolldown';
import { yargsBundleFile as out } from '../../native/dist/bundle/load-yargs.js';
import { licenceBanner, packageDirOf } from './vendor-licences.mjs';
import { writeBundle } from './write-bundle.mjs';

const ENTRY = '\0yargs';
// The bundle's own __dirname and require, taken before any module's declarations can shadow them.
const ROOTS = 'const __bundleDir = __dirname, __bundleRequire = require;';

const { output } = await build({
  input: ENTRY,
  platform: 'node',
  plugins: [
    {
      name: 'yargs-entry',
      resolveId: (id) => (id === ENTRY ? id : null),
      load: (id) => (id === ENTRY ? "export { default } from 'yargs';" : null),
    },
    {
      // import.meta.url: the module's file where it was, found from the bundle's directory (the tree can move)
      name: 'module-urls',
      transform(code, id) {
        if (!code.includes('import.meta')) return null;
        const from = path.relative(path.dirname(out), id).split(path.sep).join('/');
        const url = `process.getBuiltinModule('node:url').pathToFileURL(process.getBuiltinModule('node:path').join(__bundleDir, ${JSON.stringify(from)})).href`;
        const rewritten = code.replaceAll('import.meta.url', url).replaceAll('import.meta.resolve(', '__bundleRequire.resolve(');
        if (rewritten.includes('import.meta')) this.error(`${id}: import.meta other than import.meta.url and import.meta.resolve`);
        return { code: rewritten };
      },
    },
  ],
  write: false,
  output: { format: 'cjs', codeSplitting: false, banner: '/*! licences */' },
});
if (output.length !== 1) throw new Error(`yargs: rolldown made ${output.length} files`);
const [{ code, moduleIds }] = output;
// ids starting with \0 are rolldown's own (its runtime helpers) and the entry
const packages = moduleIds.filter((id) => !id.startsWith('\0')).map((id) => {
  if (!id.includes(`${path.sep}node_modules${path.sep}`)) throw new Error(`yargs bundle: ${id} is not a dependency's`);
  return packageDirOf(id);
});
const banner = `${licenceBanner('yargs and the packages it imports, bundled by packages/query/scripts/bundle-yargs.mjs', packages)}\n${ROOTS}`;
writeBundle(out, code.replace('/*! licences */', banner), (yargs) => {
  if (typeof yargs !== 'function' || typeof yargs([]).option !== 'function') throw new Error(`${out} does not export yargs`);
});
