import { existsSync, statSync } from 'node:fs';
import { UsageError } from './cli/errors.js';

/** Who strace -u USER runs the program as, and the setpriv command line that does it. */
export interface RunAs {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** The program's: the file's owner when it is setuid (setgid), as strace sets them. */
  readonly euid: number;
  readonly egid: number;
  readonly groups: number[];
  /** What the launcher execs before env: setpriv and its options. */
  readonly argv: string[];
}

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

/**
 * strace -u: USER's uid, gid and supplementary groups (initgroups), with the effective ids of a
 * setuid or setgid `exe`; only root may. Users are looked up by `id`, which asks NSS as strace's
 * getpwnam does.
 */
export function runAsUser(name: string, exe: string): RunAs {
  if (process.getuid!() !== 0 || process.geteuid!() !== 0) throw new UsageError('You must be root to use the -u/--user option', 1);
  if (SETPRIV === undefined) throw new UsageError('-u needs setpriv (util-linux), which is not installed', 1);
  const ask = (flag: string): number[] => {
    try {
      // node:child_process only for -u (~2.5 ms to load)
      return process.getBuiltinModule('node:child_process').execFileSync('id', [flag, '--', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split(/\s+/).map(Number);
    } catch {
      throw new UsageError(`Cannot find user '${name}'`, 1);
    }
  };
  const [uid] = ask('-u');
  const [gid] = ask('-g');
  const groups = ask('-G');
  const st = statSync(exe);
  const euid = st.mode & 0o4000 ? st.uid : uid;
  const egid = st.mode & 0o2000 ? st.gid : gid;
  return {
    name,
    uid,
    gid,
    euid,
    egid,
    groups,
    argv: [SETPRIV, `--ruid=${uid}`, `--euid=${euid}`, `--rgid=${gid}`, `--egid=${egid}`, `--groups=${groups.join(',')}`, '--'],
  };
}
