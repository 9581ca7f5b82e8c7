/**
 * The kinds of stop as the recording stores them (schema 18): `stop.kind` holds the index, and
 * the view `stops` names it. Syscall entries and exits, nearly every row, take the codes SQLite
 * stores in no bytes at all (0 and 1); the partial index `stops_events` holds `kind >= 2`.
 */
export const storedStopKinds = ['syscall-entry', 'syscall-exit', 'signal', 'group-stop', 'event', 'exit'] as const;

export type StopKindName = (typeof storedStopKinds)[number];

/** The first code that is not a syscall stop: `stop.kind >= FIRST_EVENT_KIND` lists the rest. */
export const FIRST_EVENT_KIND = 2;
