import { readFileSync } from 'node:fs';

/** trace-rec's version, from its package.json. */
export const TRACER_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
