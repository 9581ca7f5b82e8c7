import { readFileSync } from 'node:fs';

/** trace-q's version: the query package's. */
export const QUERY_VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
