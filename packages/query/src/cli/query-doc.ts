import { docOptionOf, splitUsage } from '@tracedb/native/cli-doc';
import type { CommandDoc } from '@tracedb/native/cli-doc';
import { EPILOGUE, EXAMPLES, USAGE } from './parse-args.js';
import { QUERY_OPTIONS } from './query-options.js';

/** trace-q's --help as data, for its man page and completions. */
export function queryDoc(): CommandDoc {
  const sections = QUERY_OPTIONS.map((g) => ({ title: g.title, options: g.options.map(docOptionOf) }));
  return { name: 'trace-q', ...splitUsage(USAGE), sections, examples: EXAMPLES, epilogue: EPILOGUE };
}
