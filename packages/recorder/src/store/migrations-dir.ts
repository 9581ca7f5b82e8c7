import { fileURLToPath } from 'node:url';

/**
 * The recorder package's migrations/: `NNNN-name.sql`, copied from the repository's migrations/
 * by `npm run build` (scripts/copy-package-files.mjs), so that they travel with the package.
 * Two levels above this file in src/ and in dist/.
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
