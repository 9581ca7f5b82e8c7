/** Widest help text, however wide the terminal: longer lines are hard to read. */
const MAX_WIDTH = 100;

/** The width to wrap help text at: the terminal's, up to 100 columns; 80 when not a terminal. */
export function terminalWidth(stream: { readonly isTTY?: boolean; readonly columns?: number } = process.stdout): number {
  const cols = stream.isTTY ? stream.columns : undefined;
  return cols !== undefined && cols > 0 ? Math.min(cols, MAX_WIDTH) : 80;
}
