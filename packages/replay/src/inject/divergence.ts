/** The first place the live run departs from the recording, or a call the recording cannot answer. */
export interface Divergence {
  readonly kind: 'divergence' | 'refused';
  /** The recording's stop seq where it happened (the recorded call's entry, or the thread's last stop). */
  readonly seq: number | null;
  /** The recorded thread. */
  readonly tid: number;
  /** The recorded syscall's id (syscall.id), null when the recording has no call there. */
  readonly recordedId: number | null;
  /** The live call, as name(arguments); null when the live program made none there (it ended). */
  readonly live: string | null;
  /** What differs, and the likely cause. */
  readonly cause: string;
}

/** Thrown inside the replay loop, caught at its top. */
export class DivergenceError extends Error {
  constructor(readonly divergence: Divergence) {
    super(divergence.cause);
    this.name = 'DivergenceError';
  }
}
