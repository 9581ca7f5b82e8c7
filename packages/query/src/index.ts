export const placeholder = 1;
export { importStraceLog } from './import/import-strace-log.js';
export { openRecording, interruptedNote } from './recording/open-recording.js';
export type { Recording } from './recording/open-recording.js';
export { resolveFilter, syscallsQuery, eventsQuery } from './filter/compile-filter.js';
export type { EventChoice, ResolvedFilter } from './filter/compile-filter.js';
export { emptyFilter } from './filter/filter.js';
export type { Filter, TimePoint } from './filter/filter.js';
export { parseSyscallSet } from './filter/syscall-set.js';
