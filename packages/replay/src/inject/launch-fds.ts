import { readFileSync, readdirSync } from 'node:fs';
import { libc } from '@tracedb/native/libc';

const O_RDONLY = 0;
const O_CLOEXEC_OCTAL = 0o2000000;

/**
 * The descriptor table the program starts with: the recorded numbers, so that every descriptor
 * it makes gets its recorded number. 0, 1 and 2 are trace-replay's own (its stdout receives the
 * program's output); other recorded ones are /dev/null placeholders (their reads are emulated);
 * descriptors trace-replay inherited without close-on-exec that the recording did not have are closed.
 */
export function launchFds(recorded: readonly number[]): { inherit: number[]; actions: (fa: Buffer) => void } {
  const want = new Set(recorded);
  const { open, inheritable } = ownFds();
  const inherit = [0, 1, 2].filter((fd) => want.has(fd) && open.has(fd));
  return {
    inherit,
    actions: (fa) => {
      for (const fd of want) if (!inherit.includes(fd)) libc.posix_spawn_file_actions_addopen(fa, fd, '/dev/null', O_RDONLY, 0);
      for (const fd of inheritable) if (!want.has(fd)) libc.posix_spawn_file_actions_addclose(fa, fd);
    },
  };
}

/** trace-replay's open descriptors, and those of them without close-on-exec (Node marks 0…2 close-on-exec too). */
function ownFds(): { open: Set<number>; inheritable: Set<number> } {
  const open = new Set<number>();
  const out = new Set<number>();
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      const m = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${name}`, 'utf8'));
      open.add(Number(name));
      if (m && (parseInt(m[1], 8) & O_CLOEXEC_OCTAL) === 0) out.add(Number(name));
    } catch {
      // the descriptor readdir used
    }
  }
  return { open, inheritable: out };
}
