import { libc } from '@tracedb/native/libc';
import { MASK_BYTES } from '../cpu-affinity.js';
import { writeMemory } from './memory-writer.js';

/**
 * Keeps pinning invisible to the program. The tracees run on the tracer's CPU, but
 * sched_getaffinity answers each thread with the mask it would have untraced: the one trace-rec
 * was started with, or, once the program has called sched_setaffinity, the one the kernel took
 * from it (inherited across fork and clone like the real mask). The program's own
 * sched_setaffinity runs for real, so its errors are the kernel's; the thread is pinned back after.
 */
export class AffinityVirtualizer {
  /** By tid: the mask the program set for that thread, as the kernel accepted it. */
  private readonly own = new Map<number, Buffer>();
  private readonly scratch = Buffer.alloc(MASK_BYTES);

  constructor(
    private readonly untraced: Buffer,
    private readonly pinned: Buffer,
  ) {}

  /** At sched_getaffinity's exit (`ret` bytes written at `addr`): the same bytes of the mask the program would see. */
  afterGet(tid: number, target: number, addr: number, ret: number): void {
    const mask = this.own.get(target) ?? this.untraced;
    writeMemory(tid, addr, mask.subarray(0, Math.min(ret, MASK_BYTES)));
  }

  /** At a successful sched_setaffinity's exit for traced thread `target`: remember what it got, pin it back. */
  afterSet(target: number): void {
    if (libc.sched_getaffinity(target, MASK_BYTES, this.scratch) !== 0) return;
    this.own.set(target, Buffer.from(this.scratch));
    libc.sched_setaffinity(target, MASK_BYTES, this.pinned);
  }

  /** A new thread or process starts with its creator's mask. */
  inherit(parent: number, child: number): void {
    const mask = this.own.get(parent);
    if (mask) this.own.set(child, mask);
  }

  forget(tid: number): void {
    this.own.delete(tid);
  }
}
