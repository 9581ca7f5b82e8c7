import { isTerminalIoctl } from '../syscall-ops.js';
import { outcome } from '../syscall-normaliser.js';
import type { Trace, TraceCall } from '../trace.js';
import { isRead, isWrite, sideCalls } from './call-facts.js';
import type { ExplainContext } from './explain-context.js';

const STD = ['stdin', 'stdout', 'stderr'] as const;
const ORIGIN = ['<stdin>', '<stdout>', '<stderr>'] as const;

interface FdFacts {
  type: string;
  target: string;
}

function stdFds(t: Trace): Map<number, FdFacts> | null {
  if (t.unknown.has('fds') || t.row.fds === null) return null;
  try {
    return new Map((JSON.parse(t.row.fds) as { fd: number; type: string; target: string }[]).map((f) => [f.fd, f]));
  } catch {
    return null;
  }
}

const touchesStd = (c: TraceCall, fd: number): boolean => c.fdOrigins.includes(ORIGIN[fd]);

/**
 * Terminal against pipe or file: when stdin/stdout/stderr is a terminal in one run only
 * (recording.fds, or, for a strace log, a terminal ioctl that succeeds in one run and fails
 * with ENOTTY in the other), isatty() answers differently and the program adapts: window-size
 * ioctls, line-buffered against fully-buffered writes, columns against one name per line.
 */
export function explainTerminal(ctx: ExplainContext): void {
  const fa = stdFds(ctx.a);
  const fb = stdFds(ctx.b);
  const differs = new Map<number, string>();
  const terminal = new Set<number>();
  for (let fd = 0; fd <= 2; fd++) {
    const x = fa?.get(fd);
    const y = fb?.get(fd);
    if (x && y && x.type !== y.type) {
      differs.set(fd, `${STD[fd]} is ${describe(x)} in A but ${describe(y)} in B`);
      if (x.type === 'tty' || y.type === 'tty') terminal.add(fd);
    }
  }
  // a strace log does not say what its descriptors were: a terminal ioctl that one run makes
  // or passes and the other does not is the evidence (stdio asks isatty() of character devices only)
  if (fa === null || fb === null) {
    for (const x of ctx.open()) {
      const d = x.d;
      const c = d.a ?? d.b!;
      if (!isTerminalIoctl(c)) continue;
      const fd = ORIGIN.findIndex((s) => c.fdOrigins.includes(s));
      if (fd < 0 || differs.has(fd)) continue;
      if (d.op === 'changed') {
        const [oa, ob] = [outcome(d.a), outcome(d.b)];
        if ((oa === 'ok') === (ob === 'ok')) continue;
        differs.set(fd, `${STD[fd]} is a terminal in ${oa === 'ok' ? 'A' : 'B'} only (its terminal ioctl fails with ${oa === 'ok' ? ob : oa} in the other)`);
        terminal.add(fd);
      } else {
        const me = d.op === 'deleted' ? 'A' : 'B';
        const o = outcome(c);
        if (o === 'ok') terminal.add(fd);
        differs.set(
          fd,
          o === 'ok'
            ? `${STD[fd]} is a terminal in ${me} only (the other run makes no terminal ioctl on it)`
            : `${STD[fd]} is a character device but not a terminal in ${me} only (${o}; /dev/null, say), a file or pipe in the other`,
        );
      }
    }
  }
  for (const [fd, title] of differs) {
    const cause = ctx.cause(`terminal:${fd}`, () => ({
      kind: 'terminal',
      title: `${title}: isatty()/fstat() answer differently${terminal.has(fd) && fd === 1 ? ', so the program formats and buffers its output differently' : ''}`,
      describe: (diffs) => {
        const out: string[] = [];
        const ioctls = diffs.flatMap((d) => [d.a, d.b]).filter((c): c is TraceCall => c !== undefined && isTerminalIoctl(c));
        for (const side of ['a', 'b'] as const) {
          const mine = ioctls.filter((c) => (side === 'a' ? diffs.some((d) => d.a === c) : diffs.some((d) => d.b === c)));
          if (mine.length > 0) out.push(`${side.toUpperCase()}: ${[...new Set(mine.map((c) => `ioctl(${fd}) ${outcome(c)}`))].join(', ')}`);
        }
        for (const side of ['a', 'b'] as const) {
          const calls = sideCalls(diffs, side).filter((c) => isWrite(c) && touchesStd(c, fd));
          if (calls.length > 0) {
            const bytes = calls.reduce((n, c) => n + (c.ret !== null && Number(c.ret) > 0 ? Number(c.ret) : 0), 0);
            out.push(`${side.toUpperCase()}: ${calls.length} differing write${calls.length === 1 ? '' : 's'} to ${STD[fd]} (${bytes} bytes)`);
          }
        }
        return out;
      },
    }));
    for (const x of ctx.open()) {
      const calls = [x.d.a, x.d.b].filter((c): c is TraceCall => c !== undefined);
      // output written differently only follows from a terminal; other kinds of descriptor only change the checks
      const io = (c: TraceCall): boolean => terminal.has(fd) && (isWrite(c) || isRead(c));
      if (calls.some((c) => touchesStd(c, fd) && (c.name === 'ioctl' || io(c) || c.name.includes('stat') || c.name === 'fcntl'))) ctx.claim(x.d, cause);
    }
  }
}

function describe(f: FdFacts): string {
  if (f.type === 'tty') return `a terminal (${f.target})`;
  if (f.type === 'file') return `a file (${f.target})`;
  if (f.type === 'pipe' || f.type === 'socket') return `a ${f.type}`;
  if (f.type === 'chardev') return `a character device (${f.target})`;
  return `a ${f.type}${f.target ? ` (${f.target})` : ''}`;
}
