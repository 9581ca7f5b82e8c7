import type BetterSqlite3 from 'better-sqlite3';
import { ReplayableControls } from './replayable-controls.js';

/**
 * What a --replayable recording needs the replayer to do besides the syscalls (vDSO hidden,
 * rdtsc answered from tsc_reads, AT_RANDOM written back): the integrator implements it with the
 * shared tracee helpers. All calls come from the tracing thread, while `tid` is stopped.
 */
export interface ReplayControls {
  /** At a syscall entry of the launcher, before the program runs: true when the controls injected something. */
  atLauncherEntry(tid: number, regs: Buffer): boolean;
  /** A signal-delivery stop of the launcher's programs: true when the controls handled it. */
  atLauncherSignal(tid: number, sig: number, regs: Buffer): boolean;
  /** After an exec event of `tid` (recorded as `recTid`): `execSeq` is the recorded exec event stop, `regs` the live registers. */
  afterExec(tid: number, recTid: number, execSeq: number | null, regs: Buffer): void;
  /** A signal-delivery stop of `tid` (recorded as `recTid`): true when the controls handled it (a trapped rdtsc) and it must not be delivered. */
  onSignal(tid: number, recTid: number, sig: number, regs: Buffer): boolean;
  /** At a syscall entry, before it is compared: true when the controls injected something and the stop is theirs. */
  atEntry(tid: number, regs: Buffer): boolean;
  /** Whether atEntry will claim the thread's next syscall entry (the replay must then let the kernel run that call). */
  claimsEntry(tid: number): boolean;
}

/** The controls a recording needs: those of --replayable when it was made so, none otherwise. */
export function replayControlsFor(db: BetterSqlite3.Database, options: Readonly<Record<string, unknown>>): ReplayControls | null {
  const inForce = options.replayable;
  return inForce !== null && typeof inForce === 'object' ? new ReplayableControls(db, inForce) : null;
}
