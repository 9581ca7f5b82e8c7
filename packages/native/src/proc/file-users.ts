import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';

/** A process that has a file open, as /proc shows it. */
export interface FileUser {
  readonly pid: number;
  /** Its command line, arguments joined by spaces. */
  readonly command: string;
}

/**
 * The processes other than this one that have the file (device `dev`, inode `ino`) open, as far
 * as /proc lets this user see: a scan of every process's descriptors, so for rare paths only.
 */
export function fileUsers(dev: number, ino: number): FileUser[] {
  const users: FileUser[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to look at
    }
    if (fds.some((fd) => isFile(`/proc/${pid}/fd/${fd}`, dev, ino))) users.push({ pid, command: commandOf(pid) });
  }
  return users;
}

function isFile(link: string, dev: number, ino: number): boolean {
  try {
    if (!readlinkSync(link).startsWith('/')) return false;
    const st = statSync(link);
    return st.dev === dev && st.ino === ino;
  } catch {
    return false; // closed meanwhile
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}
