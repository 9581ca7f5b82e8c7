import { MessageChannel } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { MEMORY_CHUNK, chunkStatement, packChunk } from './memory-chunk.js';
import type { PackedChunk } from './memory-chunk.js';

/** Slots of the feed's shared Int32Array. */
export const FEED_POSTED = 0;
export const FEED_WANTED = 1;

/** Chunks read ahead of the one the replay thread last asked for. */
const AHEAD = 4;

/** Atomics.waitAsync (ES2024, in Node 20), which the project's lib (ES2022) does not declare. */
interface AtomicsWaitAsync {
  waitAsync(a: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
}

/** What the feed sends: a chunk, or that there are no more. */
export type FeedMessage = { t: 'chunk'; p: PackedChunk } | { t: 'end' };

/** The replay thread's end of a feed (it travels in its orders). */
export interface FeedEnd {
  readonly port: MessagePort;
  readonly signal: SharedArrayBuffer;
}

/**
 * The recording's argument memory, read by the main thread (idle while the program is replayed,
 * and on the other CPU) and handed to the replay thread a chunk at a time, a few chunks ahead
 * of it: reading it was a fifth of the replay thread's time.
 */
export class MemoryFeed {
  readonly end: FeedEnd;
  private readonly out: MessagePort;
  private readonly signal: Int32Array;
  private readonly stmt: BetterSqlite3.Statement;
  private readonly last: number;
  private next = 0;
  private stopped = false;

  constructor(db: BetterSqlite3.Database) {
    const { port1, port2 } = new MessageChannel();
    const shared = new SharedArrayBuffer(8);
    this.out = port1;
    this.end = { port: port2, signal: shared };
    this.signal = new Int32Array(shared);
    this.stmt = chunkStatement(db);
    const maxSeq = db.prepare('SELECT max(seq) FROM memory').pluck().get() as number | null;
    this.last = maxSeq === null ? -1 : Math.floor(maxSeq / MEMORY_CHUNK);
  }

  /** Feeds chunks from the event loop, one per turn, until the last or `stop`. */
  start(): void {
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    this.out.close();
  }

  private pump = (): void => {
    if (this.stopped) return;
    if (this.next > this.last) return this.send({ t: 'end' });
    const wanted = Atomics.load(this.signal, FEED_WANTED);
    this.next = Math.max(this.next, wanted); // the replay thread jumped ahead (--until, a thread far behind the others)
    if (this.next <= wanted + AHEAD) {
      const p = packChunk(this.stmt, this.next++);
      this.send({ t: 'chunk', p }, [p.meta.buffer as ArrayBuffer, p.data.buffer as ArrayBuffer]);
      setImmediate(this.pump);
      return;
    }
    const w = (Atomics as unknown as AtomicsWaitAsync).waitAsync(this.signal, FEED_WANTED, wanted);
    if (w.async) void w.value.then(this.pump);
    else setImmediate(this.pump);
  };

  private send(m: FeedMessage, transfer: ArrayBuffer[] = []): void {
    this.out.postMessage(m, transfer);
    Atomics.add(this.signal, FEED_POSTED, 1);
    Atomics.notify(this.signal, FEED_POSTED);
  }
}
