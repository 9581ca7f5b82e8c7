import { docOptionOf, splitUsage } from '@tracedb/native/cli-doc';
import type { CommandDoc } from '@tracedb/native/cli-doc';
import { DIFF_OPTIONS, EPILOGUE, EXAMPLES, USAGE } from './diff-args.js';

/** trace-diff's --help as data, for its man page and completions. */
export function diffDoc(): CommandDoc {
  return { name: 'trace-diff', ...splitUsage(USAGE), sections: [{ title: null, options: DIFF_OPTIONS.map(docOptionOf) }], examples: EXAMPLES, epilogue: EPILOGUE };
}
