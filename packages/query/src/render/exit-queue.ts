import type { SyscallRow } from './syscall-row.js';

/**
 * The syscalls that have entered and not yet exited, by exit seq (a binary heap). Rows come
 * in entry order; their exits are interleaved between threads, so the renderer takes the
 * earliest exit from here. It holds about one row per running thread.
 */
export class ExitQueue {
  private readonly seqs: number[] = [];
  private readonly rows: SyscallRow[] = [];

  get size(): number {
    return this.seqs.length;
  }

  /** The earliest exit seq, Infinity when empty. */
  peek(): number {
    return this.seqs.length > 0 ? this.seqs[0] : Infinity;
  }

  push(seq: number, row: SyscallRow): void {
    const s = this.seqs;
    const r = this.rows;
    let i = s.length;
    s.push(seq);
    r.push(row);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (s[up] <= seq) break;
      s[i] = s[up];
      r[i] = r[up];
      i = up;
    }
    s[i] = seq;
    r[i] = row;
  }

  pop(): SyscallRow {
    const s = this.seqs;
    const r = this.rows;
    const top = r[0];
    const lastSeq = s.pop()!;
    const lastRow = r.pop()!;
    const n = s.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && s[c + 1] < s[c]) c++;
        if (s[c] >= lastSeq) break;
        s[i] = s[c];
        r[i] = r[c];
        i = c;
      }
      s[i] = lastSeq;
      r[i] = lastRow;
    }
    return top;
  }
}
