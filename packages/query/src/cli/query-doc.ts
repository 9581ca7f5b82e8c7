import { docOptionOf, splitUsage } from '@tracedb/native/cli-doc';
import type { CommandDoc } from '@tracedb/native/cli-doc';
import { IMPORT_EXAMPLES, IMPORT_OPTIONS, IMPORT_USAGE } from './import-args.js';
import { EPILOGUE, EXAMPLES, USAGE } from './parse-args.js';
import { QUERY_OPTIONS } from './query-options.js';

/** trace-q's --help and trace-q import's as data, for its man page and completions. */
export function queryDoc(): CommandDoc {
  const sections = QUERY_OPTIONS.map((g) => ({ title: g.title, options: g.options.map(docOptionOf) }));
  const importDoc: CommandDoc = {
    name: 'trace-q import',
    ...splitUsage(IMPORT_USAGE),
    sections: [{ title: null, options: IMPORT_OPTIONS.map(docOptionOf) }],
    examples: IMPORT_EXAMPLES,
    epilogue: '',
  };
  return { name: 'trace-q', ...splitUsage(USAGE), sections, examples: EXAMPLES, epilogue: EPILOGUE, subcommands: [importDoc] };
}
