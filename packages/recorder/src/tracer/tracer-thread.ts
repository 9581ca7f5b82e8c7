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

  constructor() {
    this.worker.on('error', (e) => (this.failure ??= e.message));
    this.worker.on('exit', () => (this.failure ??= 'the tracing thread ended unexpectedly'));
  }

  begin(data: TracerWorkerData): void {
    this.worker.postMessage(data);
  }

  /** Ends the thread; a launched program dies with its tracer (PTRACE_O_EXITKILL). */
  async end(): Promise<void> {
    await this.worker.terminate();
  }
}
