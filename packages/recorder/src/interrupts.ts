/** The signals that end a recording, and trace-rec's exit status for each (128 + N). */
export const STOP_SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

type Listener = (name: StopSignal) => void;

/**
 * Ctrl-C, SIGTERM and SIGHUP, caught from trace-rec's first moment: one that comes while trace-rec
 * is still loading is remembered and acted on as soon as there is something to stop, instead of
 * killing trace-rec silently (or being lost).
 */
class Interrupts {
  first: StopSignal | null = null;
  private listener: Listener | null = null;

  catch(): void {
    for (const name of Object.keys(STOP_SIGNALS) as StopSignal[]) {
      process.on(name, () => {
        this.first ??= name;
        this.listener?.(name);
      });
    }
  }

  /** Calls `fn` for each signal from now on, and at once for one that already came. */
  listen(fn: Listener): void {
    this.listener = fn;
    if (this.first) fn(this.first);
  }

  /** What to do with a signal after the recording is over: nothing, trace-rec is about to exit. */
  stopListening(): void {
    this.listener = null;
  }
}

/**
 * One per process, although this module is loaded twice: by dist/bundle/trace-rec-start.cjs, which
 * catches the signals first thing, and inside the bundle of the rest (dist/bundle/trace-rec.cjs),
 * which acts on them.
 */
const KEY = Symbol.for('tracedb.recorder.interrupts');
export const interrupts: Interrupts = ((globalThis as Record<symbol, unknown>)[KEY] ??= new Interrupts()) as Interrupts;
