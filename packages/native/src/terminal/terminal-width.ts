import { isatty } from 'node:tty';

/** Widest help text, however wide the terminal: longer lines are hard to read. */
const MAX_WIDTH = 100;

/**
 * The width to wrap help text at: the terminal's, up to 100 columns; 80 when not a terminal.
 * process.stdout is looked at only when it is a terminal: made for a pipe, it would set
 * O_NONBLOCK on the pipe, which the traced program shares (see EarlyThread).
 */
export function terminalWidth(stream: { readonly isTTY?: boolean; readonly columns?: number } | null = isatty(1) ? process.stdout : null): number {
  const cols = stream?.isTTY ? stream.columns : undefined;
  return cols !== undefined && cols > 0 ? Math.min(cols, MAX_WIDTH) : 80;
}
