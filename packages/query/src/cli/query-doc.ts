import { docOptionOf, splitUsage } from '@tracedb/native/cli-doc';
import type { CommandDoc } from '@tracedb/native/cli-doc';
import { IMPORT_SPEC } from './import-args.js';
import { EPILOGUE, EXAMPLES, USAGE } from './parse-args.js';
import { QUERY_OPTIONS } from './query-options.js';
import { EXPORT_SPEC } from './export-args.js';
import { FLEET_SPEC } from './fleet-args.js';
import type { SubcommandSpec } from './subcommand-args.js';
import { UPGRADE_SPEC } from './upgrade-args.js';

const subcommandDoc = (s: SubcommandSpec): CommandDoc => ({
  name: s.name,
  ...splitUsage(s.usage),
  sections: [{ title: null, options: s.options.map(docOptionOf) }],
  examples: [...s.examples],
  epilogue: '',
});

/** trace-q's --help and its subcommands' (import, export, fleet, upgrade) as data, for its man page and completions. */
export function queryDoc(): CommandDoc {
  const sections = QUERY_OPTIONS.map((g) => ({ title: g.title, options: g.options.map(docOptionOf) }));
  return { name: 'trace-q', ...splitUsage(USAGE), sections, examples: EXAMPLES, epilogue: EPILOGUE, subcommands: [IMPORT_SPEC, EXPORT_SPEC, FLEET_SPEC, UPGRADE_SPEC].map(subcommandDoc) };
}
