// Run first by `npm run build`. What a package needs at run time but is edited at the root goes
// into the package, so that `npm pack` takes it along: migrations/ (the recorder applies them,
// trace-q reads their last number) and LICENSE (npm packs a package's own LICENSE only). The
// copies are gitignored: migrations/ at the root stays the one place people edit.

import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const PACKAGES = ['native', 'recorder', 'query', 'replay'];

const migrations = `${root}packages/recorder/migrations/`;
rmSync(migrations, { recursive: true, force: true }); // a migration renamed at the root must not survive here
mkdirSync(migrations);
for (const f of readdirSync(`${root}migrations`).filter((n) => /^\d{4}-.*\.sql$/.test(n))) {
  copyFileSync(`${root}migrations/${f}`, migrations + f);
}
for (const p of PACKAGES) copyFileSync(`${root}LICENSE`, `${root}packages/${p}/LICENSE`);
