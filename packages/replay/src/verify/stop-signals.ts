import { constants } from 'node:os';

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Ctrl-C, SIGTERM and SIGHUP while verifying: remembered (trace-replay then exits 128+N, 130
 * for Ctrl-C, after removing its temporary recording) and passed on to whatever runs then.
 */
export class StopSignals {
  first: NodeJS.Signals | null = null;
  private forward: ((sig: NodeJS.Signals) => void) | null = null;
  private readonly handler = (sig: NodeJS.Signals): void => {
    this.first ??= sig;
    this.forward?.(sig);
  };

  static catch(): StopSignals {
    const s = new StopSignals();
    for (const sig of STOP_SIGNALS) process.on(sig, s.handler);
    return s;
  }

  /** Passes each signal from now on (and one that already came) to `fn`; null stops passing them. */
  passTo(fn: ((sig: NodeJS.Signals) => void) | null): void {
    this.forward = fn;
    if (fn && this.first) fn(this.first);
  }

  release(): void {
    for (const sig of STOP_SIGNALS) process.off(sig, this.handler);
  }

  get exitStatus(): number {
    return 128 + (this.first ? constants.signals[this.first] : 0);
  }
}
