import { readdirSync, readlinkSync } from 'node:fs';

// Node marks descriptors 0…16 close-on-exec at start-up; the program must still inherit the
// ones trace-rec inherited. Node's own descriptors in that range are epoll/eventfd inodes and
// pipes whose both ends it holds; anything else there came from trace-rec's caller.
const NODE_CLOEXEC_LIMIT = 16;

/**
 * Set by trace-rec's command (bin/trace-rec) to the descriptors of 0-2 it started without, which
 * Node then opened on /dev/null: the program gets them closed, as it would untraced. The command
 * appends it to the environment; originalEnvironment leaves it out.
 */
export const CLOSED_STDIO_VAR = 'TRACEDB_CLOSED_STDIO';

/** Which of 0-2 trace-rec was started without. */
export function closedAtStart(): number[] {
  return (process.env[CLOSED_STDIO_VAR] ?? '').split(',').filter((x) => /^[012]$/.test(x)).map(Number);
}

/** Descriptors trace-rec inherited that Node made close-on-exec; call before opening files. */
export function inheritedFds(): number[] {
  const closed = closedAtStart();
  const targets = new Map<number, string>();
  for (const name of readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    try {
      targets.set(fd, readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // the descriptor readdir itself used
    }
  }
  const count = new Map<string, number>();
  for (const t of targets.values()) count.set(t, (count.get(t) ?? 0) + 1);
  const out: number[] = [];
  for (const [fd, target] of targets) {
    if (fd > NODE_CLOEXEC_LIMIT || closed.includes(fd)) continue;
    if (fd > 2 && (target.startsWith('anon_inode:') || (target.startsWith('pipe:') && count.get(target)! > 1))) continue;
    if (target === '/proc/self/fd' || target.startsWith(`/proc/${process.pid}/fd`)) continue;
    out.push(fd);
  }
  return out.sort((a, b) => a - b);
}
