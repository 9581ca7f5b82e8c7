import { writeSync } from 'node:fs';

/** Writes to stderr without turning fd 2 non-blocking (the tracee shares it). */
export function writeStderr(text: string): void {
  writeSync(2, text);
}
