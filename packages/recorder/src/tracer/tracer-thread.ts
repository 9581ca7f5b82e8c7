import { Worker } from 'node:worker_threads';
import type { TracerWorkerData } from './tracer-protocol.js';

/**
 * The tracing thread, started before the rest of trace-rec is loaded so that the two load their
 * modules side by side; it waits for `begin` to say what to trace.
 */
export class TracerThread {
  readonly worker = new Worker(new URL('./tracer-worker.js', import.meta.url));
  /** Set when the thread failed or ended before anyone listened (while trace-rec was loading). */
  failure: string | null = null;

  private readonly exited = new Promise((resolve) => this.worker.once('exit', resolve));
  private begun = false;

  constructor() {
    this.worker.on('error', (e) => (this.failure ??= e.message));
    this.worker.on('exit', () => (this.failure ??= 'the tracing thread ended unexpectedly'));
  }

  begin(data: TracerWorkerData): void {
    this.begun = true;
    this.worker.postMessage(data);
  }

  /** Ends the thread; a launched program dies with its tracer (PTRACE_O_EXITKILL). */
  async end(): Promise<void> {
    if (this.begun) {
      await this.worker.terminate();
      return;
    }
    // Not begun (trace-rec stopped at an error first): the thread may still be loading koffi,
    // and a thread stopped inside a native call aborts the whole process. It ends by itself
    // once it reads this instead of its orders.
    this.worker.postMessage(null);
    await this.exited;
  }
}
