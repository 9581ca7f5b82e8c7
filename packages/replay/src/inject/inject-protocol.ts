import type { FeedEnd } from './memory-feed.js';
import type { LoopOutcome } from './replay-loop.js';

/** What the main thread gives the replay thread. */
export interface InjectWorkerData {
  readonly recording: string;
  readonly argv: readonly string[];
  readonly env: readonly string[];
  readonly cwd: string;
  /** Descriptors the recorded program started with. */
  readonly fds: readonly number[];
  /** setarch's machine name: the program runs with ASLR off. */
  readonly machine: string;
  readonly quiet: boolean;
  /** --record-to: record the replayed run (batches of stops for the main thread's RecordingWriter). */
  readonly recordTo: boolean;
  /** --record-to: bytes of argument memory kept per argument (the recording's own --capture-bytes). */
  readonly captureBytes: number;
  /** --until: a stop seq. */
  readonly until: number | null;
  readonly options: Readonly<Record<string, unknown>>;
  /** Int32Array slot 0: set to 1 to stop (Ctrl-C). */
  readonly control: SharedArrayBuffer;
  /** The recording's argument memory, read by the main thread (its port is in the transfer list). */
  readonly memory: FeedEnd;
}

export type InjectMessage =
  | { t: 'waker'; pid: number; libc: string }
  | { t: 'batch'; buf: ArrayBuffer }
  | { t: 'done'; outcome: LoopOutcome }
  | { t: 'error'; message: string };
