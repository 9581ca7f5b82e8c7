/**
 * What a --replayable recording needs the replayer to do besides the syscalls (vDSO hidden,
 * rdtsc answered from tsc_reads, AT_RANDOM written back): the integrator implements it with the
 * shared tracee helpers. All calls come from the tracing thread, while `tid` is stopped.
 */
export interface ReplayControls {
  /** After an exec event of `tid`: `execSeq` is the recorded exec event stop, `regs` the live registers. */
  afterExec(tid: number, execSeq: number | null, regs: Buffer): void;
  /** A signal-delivery stop: true when the controls handled it (a trapped rdtsc) and it must not be delivered. */
  onSignal(tid: number, sig: number, regs: Buffer): boolean;
  /** At a syscall entry, before it is compared: true when the controls injected something and the stop is theirs. */
  atEntry(tid: number, regs: Buffer): boolean;
}

/** Builds the controls for a recording whose options say what was in force when it was made. */
export type ReplayControlsFactory = (options: Readonly<Record<string, unknown>>) => ReplayControls;

let factory: ReplayControlsFactory | null = null;

/** Where the --replayable implementation plugs in. */
export function provideReplayControls(f: ReplayControlsFactory): void {
  factory = f;
}

/** The controls for a recording, or null: default recordings need none, and none is provided yet. */
export function replayControlsFor(options: Readonly<Record<string, unknown>>): ReplayControls | null {
  return options.replayable && factory !== null ? factory(options) : null;
}
