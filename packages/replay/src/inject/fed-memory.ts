import { receiveMessageOnPort } from 'node:worker_threads';
import { FEED_POSTED, FEED_WANTED } from './memory-feed.js';
import type { FeedEnd, FeedMessage } from './memory-feed.js';
import { unpackChunk } from './memory-chunk.js';
import type { ChunkRows } from './memory-chunk.js';

/** The replay thread's side of a MemoryFeed: chunks as the main thread sends them, in order. */
export class FedMemory {
  private readonly signal: Int32Array;
  private readonly arrived = new Map<number, ChunkRows>();
  private highest = -1;
  private ended = false;

  constructor(private readonly feed: FeedEnd) {
    this.signal = new Int32Array(feed.signal);
  }

  /** Chunk `n`, waiting for it if it is still to come; null when the feed went past it (or ended): read it yourself. */
  chunk(n: number): ChunkRows | null {
    if (n > Atomics.load(this.signal, FEED_WANTED)) {
      Atomics.store(this.signal, FEED_WANTED, n);
      Atomics.notify(this.signal, FEED_WANTED);
    }
    for (;;) {
      const rows = this.arrived.get(n);
      if (rows !== undefined) {
        this.arrived.delete(n);
        return rows;
      }
      if (n <= this.highest || this.ended) return null;
      this.receive();
    }
  }

  /** Takes the next message, waiting for it. */
  private receive(): void {
    const posted = Atomics.load(this.signal, FEED_POSTED);
    const m = receiveMessageOnPort(this.feed.port)?.message as FeedMessage | undefined;
    if (m === undefined) {
      Atomics.wait(this.signal, FEED_POSTED, posted);
      return;
    }
    if (m.t === 'end') {
      this.ended = true;
      return;
    }
    this.highest = m.p.chunk;
    this.arrived.set(m.p.chunk, unpackChunk(m.p));
    // chunks it will not ask for again (the replay moved past them) are not kept
    for (const k of this.arrived.keys()) if (k < Atomics.load(this.signal, FEED_WANTED)) this.arrived.delete(k);
  }
}
