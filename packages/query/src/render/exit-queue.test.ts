import { describe, expect, it } from 'vitest';
import { ExitQueue } from './exit-queue.js';
import type { SyscallRow } from './syscall-row.js';

const row = (id: number): SyscallRow => ({ id }) as SyscallRow;

describe('ExitQueue', () => {
  it('gives the rows back by exit seq, whatever order they came in', () => {
    const q = new ExitQueue();
    expect(q.peek()).toBe(Infinity);
    const seqs = Array.from({ length: 200 }, (_, i) => (i * 7919) % 1000);
    seqs.forEach((s, i) => q.push(s, row(i)));
    const out: number[] = [];
    while (q.size > 0) {
      const s = q.peek();
      out.push(s);
      expect(seqs[q.pop().id]).toBe(s);
    }
    expect(out).toEqual([...seqs].sort((a, b) => a - b));
    expect(q.peek()).toBe(Infinity);
  });

  it('interleaves pushes and pops as threads do', () => {
    const q = new ExitQueue();
    q.push(10, row(1));
    q.push(4, row(2));
    expect(q.pop().id).toBe(2);
    q.push(7, row(3));
    q.push(12, row(4));
    expect([q.pop().id, q.pop().id, q.pop().id]).toEqual([3, 1, 4]);
  });
});
