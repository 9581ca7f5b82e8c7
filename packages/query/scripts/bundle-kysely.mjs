// Run after tsc. Writes dist/vendor/kysely.cjs: what trace-q uses of kysely (kyselyExports in
// src/recording/load-kysely.ts) as one CommonJS file made by rolldown from kysely's ES module
// build, its modules in one scope and the ones those exports do not reach left out. Then runs it
// the way trace-q does and saves V8's code cache for it (write-bundle.mjs). It loads in about a
// fifth of the time of kysely's ~280 CommonJS files wrapped into one file.

import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'rolldown';
import { bundleFile as out, kyselyExports } from '../dist/recording/load-kysely.js';
import { licenceBanner, packageDirOf } from './vendor-licences.mjs';
import { writeBundle } from './write-bundle.mjs';

const require = createRequire(import.meta.url);
const pkgDir = packageDirOf(require.resolve('kysely'));
const ENTRY = '\0kysely-exports';

const { output } = await build({
  input: ENTRY,
  platform: 'node',
  plugins: [
    {
      name: 'kysely-exports',
      resolveId: (id) => (id === ENTRY ? id : null),
      load: (id) => (id === ENTRY ? `export { ${kyselyExports.join(', ')} } from 'kysely';` : null),
    },
  ],
  write: false,
  output: { format: 'cjs', codeSplitting: false, banner: licenceBanner(`kysely (${kyselyExports.join(', ')}), bundled by packages/query/scripts/bundle-kysely.mjs`, [pkgDir]) },
});
if (output.length !== 1) throw new Error(`kysely: rolldown made ${output.length} files`);
const [{ code, moduleIds }] = output;
for (const id of moduleIds) {
  if (id !== ENTRY && !id.startsWith(pkgDir + path.sep)) throw new Error(`kysely bundle: ${id} is not kysely's`);
}
writeBundle(out, code, (exports) => {
  const keys = Object.keys(exports).sort().join();
  if (keys !== [...kyselyExports].sort().join()) throw new Error(`${out} exports ${keys}, not ${kyselyExports.join()}`);
});
