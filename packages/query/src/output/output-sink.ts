import { writeSync } from 'node:fs';
import { UsageError } from '@tracedb/native';
import { stringToBytes } from '@tracedb/native/text';

/** Thrown when the reader of stdout went away (`trace-q … | head`): stop quietly. */
export class BrokenPipe extends Error {
  constructor() {
    super('broken pipe');
    this.name = 'BrokenPipe';
  }
}

/** Write errors that are the output's, not trace-q's: one line, exit 2. */
const OUTPUT_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded', EFBIG: 'file too large', EIO: 'input/output error',
};

/**
 * Buffered synchronous writes to a file descriptor. Synchronous, because the views are
 * generators over better-sqlite3 iterators: a closed pipe must stop them at once. The buffer
 * goes out when it is full or a moment old, so slow views still show their lines as they come.
 * Text is written as UTF-8, and a byte that was not UTF-8 (U+DC00 + byte, bytesToString's form)
 * as that byte: CSV holds names and arguments exactly so; human views have escaped such bytes
 * before, and JSON has written them \udcXX.
 */
export class OutputSink {
  private text = '';
  private since = 0;

  constructor(
    private readonly fd = 1,
    private readonly limit = 1 << 16,
    private readonly maxDelayMs = 100,
  ) {}

  line(text: string): void {
    // One growing string (V8 joins the pieces once, when it is written) beats a list and join.
    if (this.text.length === 0) this.since = Date.now();
    this.text += text + '\n';
    if (this.text.length >= this.limit || Date.now() - this.since >= this.maxDelayMs) this.flush();
  }

  flush(): void {
    if (this.text.length === 0) return;
    let buf = stringToBytes(this.text);
    this.text = '';
    while (buf.length > 0) {
      try {
        buf = buf.subarray(writeSync(this.fd, buf));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') throw new BrokenPipe();
        if (code !== undefined && OUTPUT_ERRORS[code] !== undefined) throw new UsageError(`cannot write the output: ${OUTPUT_ERRORS[code]} (${code})`);
        if (code !== 'EAGAIN') throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      }
    }
  }
}
