/**
 * Slots of the Int32Array over the SharedArrayBuffer that trace-rec's progress line and the
 * tracing thread share (see cli/progress-line.ts and tracer/terminal-guard.ts).
 */
export const TerminalSlot = {
  /** 0 free, 1 held: whoever writes the progress line or lets a tracee write to the terminal. */
  Lock: 0,
  /** 1 while the progress line is on the screen. */
  Shown: 1,
  /** Tracees between the entry and exit of a write to the terminal. */
  Writing: 2,
  /** 1 when the program's last write to the terminal did not end a line (a prompt…). */
  Partial: 3,
  /** When the program last wrote to the terminal, in ms of wall-clock time since the recording began. */
  LastWriteMs: 4,
} as const;

export const TERMINAL_SLOTS = 5;

/** Takes the lock: waits for it, or with `wait` false gives up at once (returns false). */
export function lockTerminal(s: Int32Array, wait: boolean): boolean {
  while (Atomics.compareExchange(s, TerminalSlot.Lock, 0, 1) !== 0) {
    if (!wait) return false;
    Atomics.wait(s, TerminalSlot.Lock, 1, 10);
  }
  return true;
}

export function unlockTerminal(s: Int32Array): void {
  Atomics.store(s, TerminalSlot.Lock, 0);
  Atomics.notify(s, TerminalSlot.Lock);
}

/** Clears the terminal line the cursor is on. */
export const CLEAR_LINE = '\r\x1b[2K';
