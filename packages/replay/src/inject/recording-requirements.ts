/**
 * What a recording made without --replayable lacks for an inject replay (issue 12's list), or
 * an empty list when it has it all.
 */
export function missingForReplay(options: Readonly<Record<string, unknown>>): string[] {
  if (options.replayable) return [];
  const bytes = typeof options.captureBytes === 'number' ? ` (reads cut at ${options.captureBytes} bytes)` : '';
  return ['ASLR off', 'the vDSO hidden (time read without syscalls)', 'rdtsc trapped', 'the AT_RANDOM bytes', `full captures${bytes}`, 'copies of mapped files'];
}
