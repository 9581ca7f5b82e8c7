import type BetterSqlite3 from 'better-sqlite3';
import type { RecordingTable } from '../recording/recording-schema.js';

/**
 * The bytes a buffer argument held (read's data at exit, write's at entry), as far as
 * trace-diff keeps them. Held as hex text and turned into a Buffer only when looked at: a
 * recording of 200,000 one-byte reads and writes would otherwise make 400,000 Buffers.
 */
export class CallData {
  private cached: Buffer | null;

  constructor(
    /** At most DATA_PREFIX bytes, in lower-case hex (as Buffer.toString('hex')). */
    readonly hex: string,
    /** The buffer holds more than these bytes (strace's -s, the recorder's capture limit, or DATA_PREFIX). */
    readonly truncated: boolean,
    bytes: Buffer | null = null,
  ) {
    this.cached = bytes;
  }

  static of(bytes: Buffer, truncated: boolean): CallData {
    return new CallData(bytes.toString('hex'), truncated, bytes);
  }

  get bytes(): Buffer {
    return (this.cached ??= Buffer.from(this.hex, 'hex'));
  }

  get length(): number {
    return this.hex.length >> 1;
  }
}

/** How much of each buffer trace-diff compares and shows. */
export const DATA_PREFIX = 256;

/** One syscall of one task, as read from a recording (native or imported). */
export interface TraceCall {
  /** Position in its task's sequence (0-based). */
  readonly index: number;
  /** syscall.id in its recording. */
  readonly id: number;
  readonly pid: number;
  readonly tid: number;
  readonly nr: number;
  readonly name: string;
  /** a0..a5 as recorded (imported: only what strace printed as a number). */
  readonly args: readonly (number | bigint | null)[];
  /** Raw return; null when it never returned. */
  readonly ret: number | bigint | null;
  readonly errno: string | null;
  readonly path: string | null;
  /** strace's text, for imported recordings (without -y's decorations once keys are assigned). */
  text: { readonly args: string; readonly ret: string | null } | null;
  /** The buffer argument's bytes (native recordings; imported ones parse `text`). */
  data: CallData | null;
  /** execve's argv (native: captured memory; imported: parsed text). */
  argv: string[] | null;
  /** Filled by the normaliser: the fd arguments' origins ("/etc/passwd", "stdout", "pipe"…), in argument order. */
  fdOrigins: (string | null)[];
  /** Filled by the normaliser: for mprotect/munmap/madvise…, what the address was mapped from ("/lib/…/libc.so.6", "<anon>"). */
  memOrigin: string | null;
  /** Filled by the normaliser: the interned alignment key. */
  key: number;
}

/** A successful exec in a task: the call that did it and what it ran. */
export interface TraceExec {
  /** Index of the execve call in the task's calls. */
  readonly index: number;
  readonly path: string | null;
  readonly argv: string[] | null;
  /** The environment the new program got (null when not recorded, as in most strace logs). */
  readonly env: string[] | null;
  readonly sha256: string | null;
}

/** A thread or process, placed in the tree of who created whom. */
export interface TraceTask {
  readonly tid: number;
  readonly pid: number;
  readonly thread: boolean;
  parent: TraceTask | null;
  readonly children: TraceTask[];
  readonly calls: TraceCall[];
  readonly execs: TraceExec[];
  /** Signals delivered to it, and how many of its calls had started by then. */
  readonly signals: { readonly sig: number; readonly beforeCall: number }[];
  /** How it ended: "exited 0", "killed by SIGSEGV"… (null: not recorded). */
  exit: string | null;
  /** Position in its tree: "1", "1.2" (the 2nd task that 1 created)… */
  label: string;
}

/** A whole recording as trace-diff sees it. */
export interface Trace {
  /** The path given on the command line. */
  readonly path: string;
  readonly row: RecordingTable;
  /** The open recording (read-only), for decoding the calls that are shown. */
  readonly db: BetterSqlite3.Database;
  readonly imported: boolean;
  readonly tasks: TraceTask[];
  readonly roots: TraceTask[];
  /** Every call, in recording order (syscall id). */
  readonly calls: TraceCall[];
  /** mapped_files: path → sha256. */
  readonly mappedFiles: Map<string, string | null>;
  /** Recording context fields the recording could not know (imported logs). */
  readonly unknown: ReadonlySet<string>;
  readonly syscallCount: number;
}
