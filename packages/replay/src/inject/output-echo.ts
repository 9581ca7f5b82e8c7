import { fstatSync, statSync } from 'node:fs';
import { writeAll } from '@tracedb/native/terminal';
import type { TraceeMemory } from '@tracedb/native/tracee';
import type { RecordedCall, RecordedMemory } from './recorded-calls.js';

const WRITES = new Set(['write', 'writev', 'pwrite64', 'pwritev', 'pwritev2']);

/**
 * What the program writes to a descriptor that is, live, trace-replay's own stdout or stderr
 * (the same file): those bytes go there, although the write itself is suppressed.
 */
export class OutputEcho {
  private readonly own = [1, 2].map((fd) => {
    try {
      const st = fstatSync(fd);
      return { fd, dev: st.dev, ino: st.ino };
    } catch {
      return { fd, dev: -1, ino: -1 };
    }
  });

  /** Which of trace-replay's own descriptors (1, 2) the program's `fd` is, live, or null. */
  ownFd(pid: number, fd: number): number | null {
    let st;
    try {
      st = statSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      return null;
    }
    const order = fd === 2 ? [this.own[1], this.own[0]] : this.own;
    return order.find((o) => o.dev === st.dev && o.ino === st.ino)?.fd ?? null;
  }

  /**
   * The bytes a suppressed call would have written to our stdout or stderr, and which of the two;
   * null for other calls. They are read from the program (the recording may hold only the first
   * --capture-bytes of them, which the entry compared): as many as the recorded call wrote.
   */
  of(pid: number, call: RecordedCall, entryMem: readonly RecordedMemory[], mem: TraceeMemory): { fd: number; bytes: Buffer } | null {
    if (!WRITES.has(call.name) || call.ret === null || call.ret <= 0n) return null;
    const to = this.ownFd(pid, Number(BigInt.asIntN(32, call.args[0])));
    if (to === null) return null;
    // write and pwrite64: the buffer (part 0); the vector calls: each iovec's buffer (parts 1…)
    const single = call.name === 'write' || call.name === 'pwrite64';
    const parts = entryMem.filter((m) => m.arg === 1 && (single ? m.part === 0 : m.part > 0));
    const bytes: Buffer[] = [];
    let left = Number(call.ret);
    for (const m of parts) {
      if (left === 0) break;
      const live = mem.read(pid, m.addr, Math.min(m.size, left)) ?? m.data ?? Buffer.alloc(0);
      bytes.push(live);
      left -= live.length;
    }
    return { fd: to, bytes: Buffer.concat(bytes) };
  }

  /** A reader gone away does not stop the replay, as it did not stop the recorded program. */
  write(fd: number, bytes: Buffer): void {
    writeAll(fd, bytes);
  }
}
