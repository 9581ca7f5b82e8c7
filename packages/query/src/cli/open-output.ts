import { openSync } from 'node:fs';
import { UsageError } from './errors.js';

/** -o FILE: the file, created or truncated as strace does; a file that cannot be written is bad input. */
export function openOutput(file: string): number {
  try {
    return openSync(file, 'w');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`cannot write ${file}: ${err.code === 'ENOENT' ? 'no such directory' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'is a directory' : err.message}`);
  }
}
