import { writeSync } from 'node:fs';

/** Thrown when the reader of stdout went away (`trace-q … | head`): stop quietly. */
export class BrokenPipe extends Error {
  constructor() {
    super('broken pipe');
    this.name = 'BrokenPipe';
  }
}

/**
 * Buffered synchronous writes to a file descriptor. Synchronous, because the views are
 * generators over better-sqlite3 iterators: a closed pipe must stop them at once. The buffer
 * goes out when it is full or a moment old, so slow views still show their lines as they come.
 */
export class OutputSink {
  private chunks: string[] = [];
  private size = 0;
  private since = 0;

  constructor(
    private readonly fd = 1,
    private readonly limit = 1 << 16,
    private readonly maxDelayMs = 100,
  ) {}

  line(text: string): void {
    if (this.size === 0) this.since = Date.now();
    this.chunks.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= this.limit || Date.now() - this.since >= this.maxDelayMs) this.flush();
  }

  flush(): void {
    if (this.size === 0) return;
    let buf = Buffer.from(this.chunks.join(''), 'utf8');
    this.chunks = [];
    this.size = 0;
    while (buf.length > 0) {
      try {
        buf = buf.subarray(writeSync(this.fd, buf));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') throw new BrokenPipe();
        if (code !== 'EAGAIN') throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      }
    }
  }
}
