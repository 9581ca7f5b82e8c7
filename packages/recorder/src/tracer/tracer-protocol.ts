import type { MessagePort } from 'node:worker_threads';
import type { InterfaceNames } from '@tracedb/native/libc';
import type { OpenFd, Rlimits } from '../context.js';
import type { ReplayableOptions } from '../replayable-options.js';
import type { TraceOutcome } from './tracer.js';

/** Slots of the Int32Array over `control`, shared by the two threads. */
export const Control = { Stop: 0, InFlight: 1 } as const;

/** The progress line's state, shared with the tracing thread (see TerminalGuard). */
export interface TerminalShare {
  readonly shared: SharedArrayBuffer;
  /** The terminal trace-rec's stderr is, as /proc/PID/fd names it. */
  readonly tty: string;
  /** Date.now() that TerminalSlot.LastWriteMs counts from. */
  readonly originMs: number;
}

/** What the main thread gives the tracing thread. */
export type TracerWorkerData = {
  readonly control: SharedArrayBuffer;
  readonly captureBytes: number;
  readonly pin: boolean;
  readonly startedMs: number;
  /** The CPUs trace-rec may run on before pinning: what a pinned program is shown. */
  readonly cpus: readonly number[];
  /** The progress line's shared state and the terminal it is on (see TerminalGuard), or null. */
  readonly terminal: TerminalShare | null;
  /** --replayable: the controls of replay-controls.ts, and full captures of what the kernel writes. */
  readonly replayable: boolean;
  /** --trap-cpuid. */
  readonly trapCpuid: boolean;
  /** -e trace=SET's keys (parseSyscallSet's): a seccomp-bpf filter makes only those stop; null: all. */
  readonly filter: readonly number[] | null;
  /** Where the main thread hands the batches' buffers back once written (see BatchPool). */
  readonly returns: MessagePort;
} & ({ readonly mode: 'launch'; readonly argv: string[]; readonly env: string[]; readonly inheritFds: number[]; readonly before: string[] } | { readonly mode: 'attach'; readonly pid: number });

/** What the tracing thread tells the main thread. */
export type TracerMessage =
  | { t: 'waker'; pid: number; libc: string }
  | { t: 'started'; pid: number; fds: OpenFd[]; rlimits: Rlimits }
  /** The interfaces of the tracer's network namespace, at the start and at the end. */
  | { t: 'interfaces'; ifs: InterfaceNames }
  /** The stream's records are the first `length` bytes of `buf`. */
  | { t: 'batch'; buf: ArrayBuffer; length: number }
  | { t: 'replayable'; options: ReplayableOptions }
  | { t: 'done'; outcome: TraceOutcome }
  | { t: 'error'; message: string; errno: number | null };
