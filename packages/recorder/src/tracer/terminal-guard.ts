import { readlinkSync, writeSync } from 'node:fs';
import { syscallTable } from '@tracedb/native';
import type { MemoryReader } from './memory-reader.js';
import { CLEAR_LINE, lockTerminal, TerminalSlot, unlockTerminal } from './terminal-lock.js';

/** Syscalls that write the buffer(s) of their arguments to the descriptor in their first one. */
const WRITES = new Set(['write', 'writev', 'pwrite64', 'pwritev', 'pwritev2', 'sendfile']);
/** Syscalls after which a descriptor number may name another file without a close in between. */
const RENUMBERS = new Set(['dup2', 'dup3', 'close', 'close_range', 'execve', 'execveat']);

const nrsOf = (names: ReadonlySet<string>): Uint8Array => {
  const a = new Uint8Array(1024);
  for (const d of syscallTable) if (names.has(d.name)) a[d.nr] = 1;
  return a;
};

/**
 * Keeps trace-rec's progress line and the program's own output apart on the terminal. At the
 * entry of a program's write to the terminal trace-rec's stderr is on (through its descriptor 1 or
 * 2), before the write happens, the progress line is erased; the line is not drawn again while such
 * a write is under way, nor while the program's last one left a line unfinished (see
 * cli/progress-line.ts). Whether a descriptor is that terminal is read from /proc once per process
 * and descriptor, again after anything that can renumber descriptors.
 */
export class TerminalGuard {
  private readonly s: Int32Array;
  readonly writes = nrsOf(WRITES);
  readonly renumbers = nrsOf(RENUMBERS);
  private readonly nrWrite: number;
  private readonly nrWritev: number;
  /** pid*4 + fd (1 or 2) → whether it is the terminal */
  private readonly isTerminal = new Map<number, boolean>();

  constructor(
    shared: SharedArrayBuffer,
    private readonly tty: string,
    private readonly mem: MemoryReader,
    private readonly nowMs: () => number,
  ) {
    this.s = new Int32Array(shared);
    this.nrWrite = syscallTable.find((d) => d.name === 'write')!.nr;
    this.nrWritev = syscallTable.find((d) => d.name === 'writev')!.nr;
  }

  /**
   * At a write's entry: true if it goes to the terminal (the line is then off the screen, and
   * afterWrite must follow at its exit, or at the thread's end).
   */
  beforeWrite(tid: number, pid: number, nr: number, args: Float64Array): boolean {
    const fd = args[0];
    if (fd !== 1 && fd !== 2) return false;
    const key = pid * 4 + fd;
    let terminal = this.isTerminal.get(key);
    if (terminal === undefined) {
      terminal = this.targetOf(tid, fd) === this.tty;
      this.isTerminal.set(key, terminal);
    }
    if (!terminal) return false;
    const s = this.s;
    lockTerminal(s, true);
    if (Atomics.load(s, TerminalSlot.Shown) === 1) {
      writeSync(2, CLEAR_LINE);
      Atomics.store(s, TerminalSlot.Shown, 0);
    }
    Atomics.add(s, TerminalSlot.Writing, 1);
    unlockTerminal(s);
    Atomics.store(s, TerminalSlot.Partial, this.endsLine(tid, nr, args) ? 0 : 1);
    Atomics.store(s, TerminalSlot.LastWriteMs, this.nowMs());
    return true;
  }

  afterWrite(): void {
    Atomics.sub(this.s, TerminalSlot.Writing, 1);
    Atomics.store(this.s, TerminalSlot.LastWriteMs, this.nowMs());
  }

  /** The process's descriptors may have been renumbered, or the process is gone. */
  forget(pid: number): void {
    this.isTerminal.delete(pid * 4 + 1);
    this.isTerminal.delete(pid * 4 + 2);
  }

  private targetOf(tid: number, fd: number): string | null {
    try {
      return readlinkSync(`/proc/${tid}/fd/${fd}`);
    } catch {
      return null;
    }
  }

  /** Whether the bytes being written end with a newline; unknown (other syscalls, unreadable) is no. */
  private endsLine(tid: number, nr: number, args: Float64Array): boolean {
    let addr = 0;
    let len = 0;
    if (nr === this.nrWrite) {
      addr = args[1];
      len = args[2];
    } else if (nr === this.nrWritev) {
      const count = args[2];
      const got = count > 0 && count <= 64 ? this.mem.read(tid, args[1], count * 16, 0) : -1;
      for (let i = Math.floor(got / 16) - 1; i >= 0 && len === 0; i--) {
        addr = readU64(this.mem.scratch, i * 16);
        len = readU64(this.mem.scratch, i * 16 + 8);
      }
    }
    return len > 0 && this.mem.read(tid, addr + len - 1, 1, 0) === 1 && this.mem.scratch[0] === 0x0a;
  }
}

function readU64(buf: Buffer, off: number): number {
  return buf.readUInt32LE(off) + buf.readUInt32LE(off + 4) * 0x1_0000_0000;
}
