import { accessSync, closeSync, constants, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { fsName } from '@tracedb/native';
import { UsageError } from './cli/errors.js';

/**
 * Finds the file `name` runs as, with execvp's PATH search (as strace does), so that a missing
 * or non-executable program is reported before anything is launched.
 */
export function resolveProgram(name: string, env: readonly string[], cwd: string): string {
  return checkFormat(findProgram(name, env, cwd), name);
}

function findProgram(name: string, env: readonly string[], cwd: string): string {
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

/**
 * What execve itself would say of the file, said before launching: env (which runs the program)
 * would otherwise hand a file the kernel cannot run to /bin/sh (execvp's ENOEXEC fallback), and
 * report a missing #! interpreter without naming it. strace fails in both cases.
 */
function checkFormat(file: string, name: string): string {
  const head = Buffer.alloc(256);
  let n = 0;
  try {
    const fd = openSync(file, 'r');
    try {
      n = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return file; // unreadable but executable: execve decides
  }
  if (n >= 4 && head.toString('latin1', 0, 4) === '\x7fELF') return file;
  if (n >= 2 && head.toString('latin1', 0, 2) === '#!') {
    const line = head.toString('latin1', 2, n).split('\n')[0];
    const interp = line.trim().split(/[ \t]/)[0];
    if (interp === '') throw new UsageError(`cannot execute '${name}': Exec format error (its #! line names no interpreter)`, 1);
    try {
      statSync(interp);
    } catch {
      throw new UsageError(`cannot execute '${name}': No such file or directory (its interpreter '${interp}' does not exist)`, 1);
    }
    return file;
  }
  if (otherFormatsRegistered()) return file;
  throw new UsageError(`cannot execute '${name}': Exec format error`, 1);
}

/** binfmt_misc handlers (qemu, wine, java…) can run files that are neither ELF nor #! scripts. */
function otherFormatsRegistered(): boolean {
  try {
    return readdirSync('/proc/sys/fs/binfmt_misc').some((e) => e !== 'register' && e !== 'status');
  } catch {
    return false;
  }
}
