import { readlinkSync } from 'node:fs';
import { CLEAR_LINE, lockTerminal, TERMINAL_SLOTS, TerminalSlot, unlockTerminal } from '../tracer/terminal-lock.js';
import type { Progress } from '../record.js';
import { writeStderr } from '../write-stderr.js';

/** How long the program must have left the terminal alone before the line comes back. */
const QUIET_MS = 500;


/**
 * trace-rec's progress line on the terminal its stderr is (only then). The program shares that
 * terminal, so the line is never in the way of its output: the tracing thread erases it at the
 * entry of each write the program makes to the terminal, before the bytes go out (TerminalGuard),
 * and it is drawn again only once the program has been quiet there for QUIET_MS with its last
 * line finished: a prompt the program left unfinished is never wiped by a redraw. Both sides
 * take a lock shared through `shared`, so a redraw never falls between an erase and the write.
 */
export class ProgressLine {
  readonly shared = new SharedArrayBuffer(TERMINAL_SLOTS * 4);
  private readonly s = new Int32Array(this.shared);
  private constructor(
    /** The terminal, as /proc names it (what the program's descriptors are compared with). */
    readonly tty: string,
  ) {}

  /** The line on the terminal stderr is, or null if /proc cannot name it (then no line at all). */
  static open(): ProgressLine | null {
    try {
      return new ProgressLine(readlinkSync('/proc/self/fd/2'));
    } catch {
      return null;
    }
  }

  /** The time LastWriteMs counts from. */
  readonly originMs = Date.now();

  /** Draws `text` unless the program is writing, has just written, or left a line unfinished. */
  draw(text: string): void {
    const s = this.s;
    if (!lockTerminal(s, false)) return;
    try {
      const quiet = Date.now() - this.originMs - Atomics.load(s, TerminalSlot.LastWriteMs) >= QUIET_MS;
      if (Atomics.load(s, TerminalSlot.Writing) > 0 || Atomics.load(s, TerminalSlot.Partial) === 1 || !quiet) return;
      writeStderr(CLEAR_LINE + text);
      Atomics.store(s, TerminalSlot.Shown, 1);
    } finally {
      unlockTerminal(s);
    }
  }

  /** Takes the line off for good: what follows starts on a clean line, after any unfinished one of the program. */
  end(): void {
    const s = this.s;
    lockTerminal(s, true);
    if (Atomics.load(s, TerminalSlot.Shown) === 1) writeStderr(CLEAR_LINE);
    else if (Atomics.load(s, TerminalSlot.Partial) === 1) writeStderr('\n');
    Atomics.store(s, TerminalSlot.Shown, 0);
    Atomics.store(s, TerminalSlot.Partial, 0);
    unlockTerminal(s);
  }
}

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** `trace-rec: 12,345 syscalls, 2 processes, 3.1 s, 3,982 syscalls/s, 1.2 MiB…` */
export function formatProgress(p: Progress): string {
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(p.syscalls / seconds) : 0;
  return (
    `trace-rec: ${plural(p.syscalls, 'syscall', 'syscalls')}, ${plural(p.processes, 'process', 'processes')}, ` +
    `${seconds.toFixed(1)} s, ${rate.toLocaleString('en-US')} syscalls/s, ${formatBytes(p.bytes)}…`
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1 << 30) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  return `${(n / (1 << 30)).toFixed(2)} GiB`;
}
