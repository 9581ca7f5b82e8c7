/**
 * What a recording made without --replayable lacks for an inject replay (issue 12's list), or
 * an empty list when it has it all.
 */
export function missingForReplay(options: Readonly<Record<string, unknown>>): string[] {
  if (options.replayable) return [];
  const bytes = typeof options.captureBytes === 'number' ? ` (reads cut at ${options.captureBytes} bytes)` : '';
  return ['ASLR off', 'the vDSO hidden (time read without syscalls)', 'rdtsc trapped', 'the AT_RANDOM bytes', `full captures${bytes}`, 'copies of mapped files'];
}

/**
 * Whether trace-rec serialized the program's threads (one in user space at a time, issue 13): then
 * its futex calls are the schedule's exact trace. Read from recording.options, at its top level
 * or in the --replayable controls.
 */
export function serializedSchedule(options: Readonly<Record<string, unknown>>): boolean {
  const inForce = options.replayable;
  return options.serialized === true || (inForce !== null && typeof inForce === 'object' && (inForce as Record<string, unknown>).serialized === true);
}

/** The one line for a recording made with trace-rec -e trace=SET, which neither mode can replay. */
export function partialRefusal(recording: string, set: string): string {
  return `${recording}: a partial recording (trace-rec -e trace=${set}): the syscalls it did not stop at are not in it, so it cannot be replayed`;
}
