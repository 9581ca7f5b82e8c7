import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { fsName } from '@tracedb/native';
import { UsageError } from './cli/errors.js';

/**
 * Finds the file `name` runs as, with execvp's PATH search (as strace does), so that a missing
 * or non-executable program is reported before anything is launched.
 */
export function resolveProgram(name: string, env: readonly string[], cwd: string): string {
  if (name.includes('/')) return check(path.resolve(cwd, name), name);
  const pathVar = env.find((e) => e.startsWith('PATH='))?.slice(5) ?? '/usr/local/bin:/usr/bin:/bin';
  let denied = false;
  for (const dir of pathVar.split(':')) {
    const candidate = path.resolve(cwd, dir || '.', name);
    try {
      if (!statSync(fsName(candidate)).isFile()) continue;
    } catch {
      continue;
    }
    try {
      accessSync(fsName(candidate), constants.X_OK);
      return candidate;
    } catch {
      denied = true;
    }
  }
  throw new UsageError(`cannot execute '${name}': ${denied ? 'Permission denied' : 'No such file or directory'}`, 1);
}

function check(file: string, name: string): string {
  let st;
  try {
    st = statSync(fsName(file));
  } catch {
    throw new UsageError(`cannot execute '${name}': No such file or directory`, 1);
  }
  if (st.isDirectory()) throw new UsageError(`cannot execute '${name}': Permission denied`, 1);
  try {
    accessSync(fsName(file), constants.X_OK);
  } catch {
    throw new UsageError(`cannot execute '${name}': Permission denied`, 1);
  }
  return file;
}
