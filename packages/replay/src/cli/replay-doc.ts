import { docOptionOf, splitUsage } from '@tracedb/native/cli-doc';
import type { CommandDoc } from '@tracedb/native/cli-doc';
import { EPILOGUE, EXAMPLES, REPLAY_OPTIONS, USAGE } from './replay-args.js';

/** trace-replay's --help as data, for its man page and completions. */
export function replayDoc(): CommandDoc {
  return { name: 'trace-replay', ...splitUsage(USAGE), sections: [{ title: null, options: REPLAY_OPTIONS.map(docOptionOf) }], examples: EXAMPLES, epilogue: EPILOGUE };
}
