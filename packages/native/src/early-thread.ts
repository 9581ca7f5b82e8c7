import { Worker } from 'node:worker_threads';
import type { ResourceLimits, TransferListItem } from 'node:worker_threads';
import { writeAll } from './terminal/write-all.js';

/**
 * A worker thread started before the rest of a command is loaded, so that the two load their
 * modules side by side; it waits for `begin` to say what to do (trace-rec's tracing thread,
 * trace-replay's replay thread).
 */
export class EarlyThread<Orders> {
  readonly worker: Worker;
  /** Set when the thread failed or ended before anyone listened (while the command was loading). */
  failure: string | null = null;

  private readonly exited: Promise<unknown>;
  private begun = false;

  constructor(script: URL, what: string, resourceLimits?: ResourceLimits) {
    // The thread's console goes to descriptors 1 and 2 as written, not through process.stdout and
    // process.stderr: made for a pipe, those set O_NONBLOCK on it, and the program shares the pipe
    // (a program writing a lot then fails with EAGAIN, as `sort | md5sum` did).
    this.worker = new Worker(script, { stdout: true, stderr: true, resourceLimits });
    this.worker.stdout.on('data', (b: Buffer) => writeAll(1, b));
    this.worker.stderr.on('data', (b: Buffer) => writeAll(2, b));
    this.exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.on('error', (e) => (this.failure ??= e.message));
    this.worker.on('exit', () => (this.failure ??= `${what} ended unexpectedly`));
  }

  /** `transfer`: what the orders hand over (MessagePorts, ArrayBuffers), as postMessage's. */
  begin(orders: Orders, transfer: TransferListItem[] = []): void {
    this.begun = true;
    this.worker.postMessage(orders, transfer);
  }

  /** Ends the thread; a program it launched dies with its tracer (PTRACE_O_EXITKILL). */
  async end(): Promise<void> {
    if (this.begun) {
      await this.worker.terminate();
      return;
    }
    // Not begun (the command stopped at an error first): the thread may still be loading koffi,
    // and a thread stopped inside a native call aborts the whole process. It ends by itself
    // once it reads this instead of its orders.
    this.worker.postMessage(null);
    await this.exited;
  }
}
