import { escapeText } from '@tracedb/native/terminal';
import type { Recording } from '@tracedb/query';
import { openFds } from '@tracedb/recorder';
import type { OpenFd } from '@tracedb/recorder';

const STDIO = ['stdin', 'stdout', 'stderr'] as const;

const KIND: Readonly<Record<string, (f: OpenFd) => string>> = {
  tty: (f) => `a terminal (${escapeText(f.target)})`,
  pipe: () => 'a pipe',
  socket: () => 'a socket',
  file: (f) => `the file ${escapeText(f.target)}`,
  chardev: (f) => escapeText(f.target),
  fifo: (f) => `the FIFO ${escapeText(f.target)}`,
};

const describe = (f: OpenFd | undefined): string => (f ? (KIND[f.type]?.(f) ?? `a ${f.type}`) : 'closed');

/**
 * How the rerun's start differs from the recorded one in what trace-replay cannot give it
 * again: what stdin, stdout and stderr are (a terminal or a pipe; the program inherits
 * trace-replay's), and the user it runs as. The environment and cwd are the recorded ones.
 */
export function environmentNotes(rec: Recording): string[] {
  const notes: string[] = [];
  let recorded: OpenFd[] = [];
  try {
    recorded = JSON.parse(rec.row.fds ?? '[]') as OpenFd[];
  } catch {
    // not recorded: nothing to compare
  }
  const now = openFds('self');
  if (rec.row.fds !== null) {
    STDIO.forEach((name, fd) => {
      const [was, is] = [recorded.find((f) => f.fd === fd), now.find((f) => f.fd === fd)];
      if (was?.type === is?.type) return;
      const tty = was?.type === 'tty' || is?.type === 'tty' ? ': isatty() answers otherwise' : '';
      notes.push(`${name} is ${describe(is)}, ${describe(was)} in the recording${tty}`);
    });
  }
  const uid = process.getuid!();
  if (rec.row.uid !== null && rec.row.uid !== uid) notes.push(`running as uid ${uid}, uid ${rec.row.uid} in the recording`);
  return notes;
}
