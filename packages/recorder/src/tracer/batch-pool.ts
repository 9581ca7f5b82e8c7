import { receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';

/**
 * The buffers batches travel in, handed back by the writer once written (on `returns`) and
 * filled again. A new buffer for each batch, freed only when the writer's thread collects its
 * garbage, kept tens of MB of written batches alive (V8 waits for ~64 MB of such memory before
 * it collects): at most `keep` buffers are kept here, besides those in flight.
 */
export class BatchPool {
  private readonly free: ArrayBuffer[] = [];

  constructor(
    private readonly returns: MessagePort,
    private readonly capacity: number,
    private readonly keep: number,
  ) {}

  /** A buffer of at least `size` bytes. */
  get(size: number): ArrayBuffer {
    for (let m = receiveMessageOnPort(this.returns); m !== undefined; m = receiveMessageOnPort(this.returns)) {
      if (this.free.length < this.keep) this.free.push(m.message as ArrayBuffer);
    }
    const i = this.free.findIndex((b) => b.byteLength >= size);
    if (i >= 0) return this.free.splice(i, 1)[0];
    return new ArrayBuffer(Math.max(size, this.capacity));
  }
}
