import { Worker } from 'node:worker_threads';
import type { InjectWorkerData } from './inject-protocol.js';

/**
 * The replay thread, started before the rest of trace-replay is loaded so that the two load their
 * modules side by side (as trace-rec's tracing thread); it waits for `begin` to say what to replay.
 */
export class ReplayThread {
  readonly worker = new Worker(new URL('../bundle/replay-worker-start.js', import.meta.url));
  /** Set when the thread failed or ended before anyone listened (while trace-replay was loading). */
  failure: string | null = null;

  private readonly exited = new Promise((resolve) => this.worker.once('exit', resolve));
  private begun = false;

  constructor() {
    this.worker.on('error', (e) => (this.failure ??= e.message));
    this.worker.on('exit', () => (this.failure ??= 'the replay thread ended unexpectedly'));
  }

  begin(data: InjectWorkerData): void {
    this.begun = true;
    this.worker.postMessage(data);
  }

  /** Ends the thread; a launched program dies with its tracer (PTRACE_O_EXITKILL). */
  async end(): Promise<void> {
    if (this.begun) {
      await this.worker.terminate();
      return;
    }
    // Not begun (trace-replay stopped at an error, or did not replay): the thread may still be
    // loading koffi, and a thread stopped inside a native call aborts the whole process. It ends
    // by itself once it reads this instead of its orders.
    this.worker.postMessage(null);
    await this.exited;
  }
}
