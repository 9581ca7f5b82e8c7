import { docOptionOf, splitUsage } from '@tracedb/native/cli-doc';
import type { CommandDoc } from '@tracedb/native/cli-doc';
import { EPILOGUE, EXAMPLES, USAGE } from './parse-args.js';
import { REC_OPTIONS } from './rec-options.js';

/** trace-rec's --help as data, for its man page and completions (REC_OPTIONS' own options). */
export function recDoc(): CommandDoc {
  const options = REC_OPTIONS.filter((o) => o.kind === 'ours').map((o) =>
    docOptionOf({ name: o.name, alias: o.short, type: o.type === 'list' ? 'array' : o.type!, describe: o.describe! }),
  );
  return { name: 'trace-rec', ...splitUsage(USAGE), sections: [{ title: null, options }], examples: EXAMPLES, epilogue: EPILOGUE };
}
