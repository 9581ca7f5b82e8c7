import { existsSync, openSync, realpathSync } from 'node:fs';
import { fsName } from '@tracedb/native';
import { UsageError } from './errors.js';

/**
 * -o FILE: the file, created or truncated as strace does; a file that cannot be written is bad
 * input, and so is the recording itself (truncating it would destroy what is being read).
 */
export function openOutput(file: string, recording: string, option = '-o'): number {
  if (existsSync(fsName(file)) && realpathSync(fsName(file), 'buffer').equals(realpathSync(fsName(recording), 'buffer'))) throw new UsageError(`${option} ${file} is the recording itself`);
  try {
    return openSync(fsName(file), 'w');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`cannot write ${file}: ${err.code === 'ENOENT' ? 'no such directory' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'is a directory' : err.message}`);
  }
}
