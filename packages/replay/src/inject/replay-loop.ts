import { readFileSync, readlinkSync, writeSync } from 'node:fs';
import {
  PTRACE_EVENT_CLONE,
  PTRACE_EVENT_EXEC,
  PTRACE_EVENT_EXIT,
  PTRACE_EVENT_FORK,
  PTRACE_EVENT_STOP,
  PTRACE_EVENT_VFORK,
  PTRACE_GETEVENTMSG,
  PTRACE_GETREGS,
  PTRACE_GET_SYSCALL_INFO,
  PTRACE_CONT,
  PTRACE_DETACH,
  PTRACE_SEIZE,
  PTRACE_INTERRUPT,
  PTRACE_LISTEN,
  PTRACE_O_EXITKILL,
  PTRACE_O_TRACECLONE,
  PTRACE_O_TRACEEXEC,
  PTRACE_O_TRACEEXIT,
  PTRACE_O_TRACEFORK,
  PTRACE_O_TRACESYSGOOD,
  PTRACE_O_TRACEVFORK,
  PTRACE_GETSIGINFO,
  PTRACE_POKEUSR,
  PTRACE_SETREGS,
  PTRACE_SETSIGINFO,
  SIGINFO_SIZE,
  PTRACE_SYSCALL,
  PTRACE_SYSEMU,
  PTRACE_SYSCALL_INFO_ENTRY,
  PTRACE_SYSCALL_INFO_EXIT,
  REGS_SIZE,
  SYSCALL_INFO_SIZE,
  WIFSIGNALED,
  WIFSTOPPED,
  WSTOPSIG,
  WTERMSIG,
  __WALL,
  ioctlsWithoutMemory,
  isSyscallInstruction,
  pathArgs,
  regOffset,
  replayClass,
  replayTable,
  selectCaptureTable,
  syscallRegs,
  syscallTable,
  unknownReplayRule,
} from '@tracedb/native';
import type { ReplayClass, ReplayRule } from '@tracedb/native';
import { errno, libc, ptrace } from '@tracedb/native/libc';
import { quoteText } from '@tracedb/native/terminal';
import { PREEMPT_SLICE_MS } from '@tracedb/recorder';
import { LauncherExecs, otherCpus, pinThread, spawnTicker } from '@tracedb/recorder/tracer';
import type { Launched } from '@tracedb/recorder/tracer';
import { DivergenceError } from './divergence.js';
import type { Divergence } from './divergence.js';
import { MappedFileCheck } from './mapped-file-check.js';
import { placeholderCloexec } from './placeholder-flags.js';
import { interruptedForRestart } from './recorded-calls.js';
import type { RecordedCall, RecordedCalls, RecordedMemory, RecordedSignal } from './recorded-calls.js';
import type { ReplayControls } from './replay-controls.js';
import type { ReplayRecorder, Who } from './replay-recorder.js';
import { TRAP_HWBKPT, TraceeMemory, breakAt, clearBreaks } from '@tracedb/native/tracee';
import { argHint, argName, cString, firstDifference, fmt, liveCallText, readString, retText, signalName, syscallName } from './call-text.js';
import { inputExtent } from './input-extent.js';
import { OutputEcho } from './output-echo.js';
import { PREEMPTION_STEPS, runToPreemption } from './preemption-point.js';
import { nextTurn } from './thread-schedule.js';
import type { ScheduledThread } from './thread-schedule.js';

const SIGTRAP = 5;
const SIGKILL = 9;
const SIGCONT = 18;
const SIGSTOP = 19;
const STOP_SIGNALS = new Set([19, 20, 21, 22]);
const EINTR = 4;
const ECHILD = 10;
const ENOSYS = -38n;
const EINTR_RET = -4n;
const NR_EVENTFD2 = 290;
const NR_EXECVE = 59;
const NR_EXECVEAT = 322;
const WNOHANG = 1n;
const CLONE_CHILD_SETTID = 0x01000000n;
const CLONE_PARENT_SETTID = 0x00100000n;
const CLONE_THREAD = 0x00010000n;
const MAP_ANONYMOUS = 0x20n;
const MAP_PRIVATE = 0x02n;
const MAP_FIXED = 0x10n;
const O_ACCMODE = 3n;
const O_CREAT = 0o100n;
const O_TRUNC = 0o1000n;
const TWO32 = 0x1_0000_0000;
/** futex commands whose fourth argument is a timeout (FUTEX_WAIT, LOCK_PI, WAIT_BITSET, WAIT_REQUEUE_PI, LOCK_PI2), under FUTEX_CMD_MASK. */
const FUTEX_TIMED_WAITS = new Set([0, 6, 9, 11, 13]);
const FUTEX_CMD_MASK = 0x7fn;
/** With threads: no stop at all for this long while a thread runs user code, and the replay reports who waits for what. */
const STALL_MS = 10_000;
/** How often, at most, a replay with threads looks for a stall while no stop comes (seconds). */
const TICK_S = 0.5;
const SIGURG = 23;
/** …or for this long while every live thread waits (for its turn, or in the kernel). */
const ALL_WAIT_MS = 2_000;
/** How long a thread let go into a blocking call may take to be asleep in it (see settle). */
const SETTLE_MS = 200;
const nap = new Int32Array(new SharedArrayBuffer(4));

const defs = new Map(syscallTable.map((d) => [d.nr, d]));
const pathArg = pathArgs(syscallTable);
const ioctlRequests = new Set([...Object.keys(selectCaptureTable.find((s) => s.syscall === 'ioctl')!.cases), ...Object.keys(ioctlsWithoutMemory)].map(Number));
/** Signals a fault raises in the instruction that caused it: delivered as they come (withholding one would fault again). */
const FAULTS = new Set([4, 5, 7, 8, 11, 31]);
const SENDS_SIGNAL = new Set(['kill', 'tkill', 'tgkill', 'rt_sigqueueinfo', 'rt_tgsigqueueinfo']);

/** What the loop does with the call a thread is in, decided at its entry. */
interface InCall {
  readonly call: RecordedCall;
  readonly cls: ReplayClass;
  /** Registers to put back at the exit (the program's own arguments), when the entry changed them. */
  readonly saved: Buffer | null;
  /** An emulated call that made a descriptor: the placeholder eventfd must land at the recorded number. */
  readonly placeholder: boolean;
  /** Bytes to echo to trace-replay's own stdout (1) or stderr (2) at the exit. */
  readonly echo: { fd: number; bytes: Buffer } | null;
  /** An mmap of a file replayed from its recorded copy: the bytes to write into the anonymous mapping made instead. */
  readonly copy?: Buffer;
}

interface LiveThread {
  readonly tid: number;
  pid: number;
  /** The recorded thread it replays; 0 until its creator's fork/clone event names it. */
  recTid: number;
  recPid: number;
  next: number;
  inCall: InCall | null;
  /** The last signal delivered to it when it came live (a fault, SIGCONT), for the likely cause of a divergence. */
  lastSignal: number | null;
  /** Stopped at its first stop, waiting for its creator's event to say which recorded thread it is. */
  held: boolean;
  /** Its first stop is still to come (created by an event seen before it reported). */
  fresh: boolean;
  /** Index of its next recorded signal. */
  sigNext: number;
  /** Its parent as the recording names it, for --record-to. */
  ppid: number;
  /** The recorded signal sent to it (tgkill) and not yet at its delivery stop. */
  injecting: RecordedSignal | null;
  /** `injecting` is an asynchronous delivery: a breakpoint waits at its recorded instruction. */
  armed?: boolean;
  /** Resumed with PTRACE_SYSEMU to meet this recorded call: its next stop is that call's entry, which the kernel skips. */
  sysemu: RecordedCall | null;
  /** Stopped at an entry the kernel skips (PTRACE_SYSEMU). */
  atSkipped: boolean;
  /** Resumed with PTRACE_SYSCALL from a skipped entry: the skipped call's exit stop comes first, and is nobody's. */
  skipExit: boolean;
  /** Resumed: its next stop is still to come. */
  running: boolean;
  /** Stopped and waiting for its turn (see thread-schedule): at an entry not yet handled, or after a stop, before user space. */
  parked: 'entry' | 'user' | 'exit' | null;
  /** In a group stop (PTRACE_LISTEN): out of the schedule until it stops again. */
  listening: boolean;
  /** The seq of the last recorded preemption point it was run to (see meetPreemption). */
  passed: number;
  /** Its index in its recorded calls (`next`) when it last ran past a preemption point it could not be brought to; -1 if none. */
  looseAt: number;
  /** Run past a preemption point: when (Date.now()) it is interrupted if it has not stopped by then; 0 if not. */
  sliceEnd: number;
  /** PTRACE_INTERRUPT sent at the end of its slice: its next PTRACE_EVENT_STOP ends it. */
  interrupting: boolean;
}

/** A thread as it is first seen: unnamed, stopped, at its first stop. */
function liveThread(tid: number, over: Partial<LiveThread> = {}): LiveThread {
  return { tid, pid: tid, recTid: 0, recPid: 0, next: 0, inCall: null, lastSignal: null, held: false, fresh: true, sigNext: 0, injecting: null, ppid: 0, sysemu: null, atSkipped: false, skipExit: false, running: false, parked: null, listening: false, passed: 0, looseAt: -1, sliceEnd: 0, interrupting: false, ...over };
}

export interface LoopOutcome {
  readonly divergence: Divergence | null;
  /** The recorded root's live wait status. */
  readonly rootStatus: number | null;
  readonly interrupted: boolean;
  /** --until: the recorded stop it was left stopped before, its thread and the live pid. */
  readonly stoppedAt: { seq: number; tid: number; pid: number; liveTid: number; id: number } | null;
}

export interface LoopOptions {
  readonly quiet: boolean;
  readonly controls: ReplayControls | null;
  /** Set by the main thread (Ctrl-C): kill the program and stop. */
  readonly stopRequested: () => boolean;
  readonly wakerPid: number;
  /** --until: stop before the first recorded call whose entry is at this seq or later. */
  readonly until: number | null;
  /** The program is seized: PTRACE_O_EXITKILL ends it with trace-replay from now on. */
  readonly seized: () => void;
  /** --record-to: every stop of the replayed run. */
  readonly recorder: ReplayRecorder | null;
  /** The recording's threads were serialized (see serializedSchedule): its futex calls must recur exactly. */
  readonly serializedSchedule: boolean;
}

function u64(regs: Buffer, off: number): bigint {
  return regs.readBigUInt64LE(off);
}

function setU64(regs: Buffer, off: number, v: bigint): void {
  regs.writeBigUInt64LE(BigInt.asUintN(64, v), off);
}

function int32(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/**
 * The inject replay: at each stop of the live program, the decision the recording dictates.
 * Every ptrace request comes from the thread that runs this (the one that seized).
 */
export class ReplayLoop {
  private readonly threads = new Map<number, LiveThread>();
  private readonly recToLive = new Map<number, number>();
  private readonly liveToRec = new Map<number, number>();
  private readonly mem = new TraceeMemory();
  private readonly files: MappedFileCheck;
  private readonly regs = Buffer.alloc(REGS_SIZE);
  private readonly regsView = new DataView(this.regs.buffer, this.regs.byteOffset, REGS_SIZE);
  private readonly info = Buffer.alloc(SYSCALL_INFO_SIZE);
  private readonly status = new Int32Array(1);
  private readonly msg = Buffer.alloc(8);
  private readonly siginfo = Buffer.alloc(SIGINFO_SIZE);
  private readonly rusage = Buffer.alloc(144);
  private readonly echo = new OutputEcho();
  /** Tids whose creator's event came before their first stop: recorded tid, and a tid to write at CLONE_CHILD_SETTID. */
  private readonly expected = new Map<number, { recTid: number; recPid: number; pid: number; settid: bigint | null; ppid: number }>();
  private launching = true;
  private readonly execs: LauncherExecs;
  private rootLive = 0;
  private rootStatus: number | null = null;
  private divergence: Divergence | null = null;
  /** --until: where the program was left stopped. */
  private stoppedAt: LoopOutcome['stoppedAt'] = null;
  private interrupted = false;
  /** With threads: the child whose SIGURG wakes wait4 (see waitAny). */
  private ticker: { pid: number; fd: number } | null = null;
  private tickArmed = false;
  /** More than one recorded thread: one runs in user space at a time, in the recorded order (see thread-schedule). */
  private readonly serial: boolean;
  private lastStopAt = Date.now();
  /** Preemption points the replay could not bring a thread to, in the order met (see meetPreemption). */
  private readonly loosePoints: { tid: number; seq: number; rip: string; after: number; why: string }[] = [];

  constructor(
    private readonly rec: RecordedCalls,
    private readonly launched: Launched,
    private readonly opts: LoopOptions,
  ) {
    this.files = new MappedFileCheck((p) => rec.mappedFileHash(p));
    this.serial = rec.byTid.size > 1;
    this.execs = new LauncherExecs(launched.targetExec);
  }

  run(): LoopOutcome {
    const { pid } = this.launched;
    ptrace.seize(
      pid,
      PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL,
    );
    this.opts.seized();
    this.rootLive = pid;
    this.threads.set(pid, liveThread(pid, { ppid: this.rec.rootPpid, fresh: false }));
    this.launched.release();
    while (this.threads.size > 0) {
      if (!this.interrupted && this.opts.stopRequested()) {
        this.interrupted = true;
        this.killAll();
      }
      const tid = this.waitAny();
      if (tid === 0) {
        this.endSlices();
        const limit = this.inUserSpace() ? STALL_MS : ALL_WAIT_MS;
        if (Date.now() - this.lastStopAt < limit || this.divergence !== null || this.interrupted) continue;
        this.divergence = this.stalled(limit);
        this.killAll();
        continue;
      }
      if (tid < 0) {
        const e = errno();
        if (e === EINTR) continue;
        if (e === ECHILD) break;
        throw new Error(`wait4: errno ${e}`);
      }
      if (tid === this.opts.wakerPid) continue;
      this.lastStopAt = Date.now();
      try {
        this.handle(tid, this.status[0]);
        if (this.serial) this.schedule();
      } catch (e) {
        if (!(e instanceof DivergenceError)) throw e;
        this.divergence ??= e.divergence;
        this.killAll();
      }
    }
    this.stopTicker();
    return { divergence: this.divergence, rootStatus: this.rootStatus, interrupted: this.interrupted, stoppedAt: this.stoppedAt };
  }

  private killAll(): void {
    for (const t of this.threads.values()) libc.kill(t.tid, SIGKILL);
  }

  /**
   * The next stop of any tracee, or 0 every TICK_S while none comes, with threads (a seized
   * ticker's SIGURG wakes wait4), so that a replay where nothing comes (a thread blocked for a
   * waker that never runs, a spin-wait on a thread that waits for its turn) is reported instead of
   * hanging. Polling wait4 instead cost a process tree twice its replay time.
   */
  private waitAny(): number {
    if (this.serial && this.threads.size >= 2) this.armTick();
    const tid = libc.wait4(-1, this.status, __WALL, this.rusage);
    // the ticker is not the program's, even when the last threads are ending (a tick armed before comes anyway)
    if (this.ticker === null || tid !== this.ticker.pid) return tid;
    if (!WIFSTOPPED(this.status[0])) return 0;
    const sig = WSTOPSIG(this.status[0]);
    libc.ptraceInt(PTRACE_CONT, tid, 0, sig === SIGURG ? 0 : sig);
    if (sig === SIGURG) this.tickArmed = false;
    return 0;
  }

  private armTick(): void {
    if (this.ticker === null) {
      this.ticker = spawnTicker();
      libc.ptraceInt(PTRACE_SEIZE, this.ticker.pid, 0, 0);
      // not on the CPU of the replay thread and the program (a thread spinning there would delay its ticks)
      pinThread(this.ticker.pid, otherCpus(libc.sched_getcpu()));
    }
    if (!this.tickArmed) {
      let s = TICK_S;
      const now = Date.now();
      for (const t of this.threads.values()) if (t.sliceEnd !== 0) s = Math.min(s, Math.max(t.sliceEnd - now, 1) / 1000);
      writeSync(this.ticker.fd, `${s.toFixed(3)}\n`);
      this.tickArmed = true;
    }
  }

  /** Ends the ticker, if waitAny started one. */
  private stopTicker(): void {
    if (this.ticker === null) return;
    libc.kill(this.ticker.pid, SIGKILL);
    libc.close(this.ticker.fd);
    libc.waitpid(this.ticker.pid, this.status, __WALL);
    this.ticker = null;
  }

  // ---- the schedule: one thread at a time, in the recorded order ----

  /** The seq of the recorded stop `t` reaches next (see ScheduledThread.due). */
  private due(t: LiveThread): number {
    if (t.parked === 'exit') return this.rec.otherStopAfter(t.recTid, t.passed);
    // a call that never returned (exit, or killed in it): its thread's end, after the kernel cleared its CLONE_CHILD_CLEARTID word
    if (t.running && t.inCall !== null) return t.inCall.call.exitSeq ?? this.rec.otherStopAfter(t.recTid, t.inCall.call.entrySeq ?? 0);
    const list = this.rec.byTid.get(t.recTid);
    const next = list?.[t.next];
    // A thread's exit clears its CLONE_CHILD_CLEARTID word, which its joiner reads: it goes into the
    // kernel when its end comes in the recorded order, not at its entry.
    if (t.parked === 'entry' && next !== undefined && next.name === 'exit' && next.ret === null) return this.rec.otherStopAfter(t.recTid, next.entrySeq ?? 0);
    const entry = next?.entrySeq ?? Infinity;
    const last = list?.[t.next - 1];
    // a signal, a group stop or its end may come first in its user-space segment
    return Math.min(entry, this.rec.otherStopAfter(t.recTid, Math.max(last?.exitSeq ?? last?.entrySeq ?? 0, t.passed)));
  }

  private *scheduled(): Generator<ScheduledThread> {
    for (const t of this.threads.values()) {
      if (t.recTid === 0 || t.held || t.listening || (!t.running && t.parked === null)) continue;
      yield { tid: t.tid, place: t.parked !== null ? 'parked' : t.inCall !== null ? 'kernel' : 'user', due: this.due(t) };
    }
  }

  /** Lets parked threads go while it is their turn. */
  private schedule(): void {
    while (this.stoppedAt === null && this.divergence === null && !this.interrupted) {
      const turn = nextTurn(this.scheduled());
      if (turn.go !== 'run') return;
      const t = this.threads.get(turn.tid)!;
      const at = t.parked;
      t.parked = null;
      if (at === 'entry') {
        this.settle(t);
        this.syscallStop(t, true);
      } else if (at === 'exit') this.resume(t);
      else if (this.rec.preemptions.get(this.due(t))?.tid === t.recTid) this.meetPreemption(t);
      else {
        this.settle(t);
        this.resume(t);
      }
    }
  }

  /**
   * The recording preempted the thread in user space at its due stop: it is run there (see
   * runToPreemption), and waits for its turn again. Where it cannot be brought there (a thread
   * preempted in a computation), it runs on instead: at this point and at each of its later ones
   * before its next recorded stop, it computes for a slice (unless it stops first) and is
   * interrupted, and the others take their turns, as in the recording (a spin-wait after it thus
   * lets the thread it waits for run). Threads that share memory only through syscalls and locks
   * reach their next stops as they did in the recording; a data race shows at a later stop, where
   * the divergence names this point (see scheduleHint).
   */
  private meetPreemption(t: LiveThread): void {
    const seq = this.due(t);
    const at = this.rec.preemptions.get(seq)!;
    const call = this.rec.byTid.get(t.recTid)?.[t.next] ?? null;
    if (at.regs === null || at.regs.length < REGS_SIZE) {
      throw new DivergenceError({ kind: 'divergence', seq, tid: t.recTid, recordedId: call?.id ?? null, live: '(preempted at an unrecorded address in the recording)', cause: `the recording preempted thread ${t.recTid} without its registers; likely cause: a data race or spin-wait in tid ${t.recTid} after seq ${this.lastSeqOf(t)}` });
    }
    const rip = `0x${at.regs.readBigUInt64LE(regOffset.rip).toString(16)}`;
    const outcome = t.looseAt === t.next ? 'loose' : runToPreemption(t.pid, t.tid, at.regs, this.mem);
    if (outcome === 'gone') {
      throw new DivergenceError({ kind: 'divergence', seq, tid: t.recTid, recordedId: call?.id ?? null, live: `(preempted at ${rip} in the recording)`, cause: `the recording preempted thread ${t.recTid} at ${rip}; on its way there the live thread stopped otherwise, or ended; likely cause: a data race or spin-wait in tid ${t.recTid} after seq ${this.lastSeqOf(t)}` });
    }
    t.passed = seq;
    if (outcome === 'reached') {
      t.parked = 'user';
      return;
    }
    if (outcome !== 'loose') {
      t.looseAt = t.next;
      this.loosePoints.push({ tid: t.recTid, seq, rip, after: this.lastSeqOf(t), why: outcome === 'syscall' ? 'it reached a syscall first' : `not within ${PREEMPTION_STEPS} instructions` });
    }
    // it computes on for a slice, as it did in the recording before this point, unless it stops first
    this.settle(t);
    this.resume(t);
    t.sliceEnd = Date.now() + PREEMPT_SLICE_MS;
  }

  /** At a tick: a thread whose slice (see meetPreemption) is over and which still runs is interrupted. */
  private endSlices(): void {
    const now = Date.now();
    for (const t of this.threads.values()) {
      if (t.sliceEnd === 0 || t.sliceEnd > now || !t.running || t.interrupting || t.inCall !== null) continue;
      t.sliceEnd = 0;
      if (taskState(t.pid, t.tid) === 'R' && libc.ptraceInt(PTRACE_INTERRUPT, t.tid, 0, 0) === 0) t.interrupting = true;
    }
  }

  /** After a stop is handled: into the kernel at once; into user space when the schedule says. */
  private goOn(t: LiveThread): void {
    if (this.serial && !this.launching && t.inCall === null && this.stoppedAt === null) t.parked = 'user';
    else this.resume(t);
  }

  /**
   * Before `t` runs: a thread the recording shows still in an executed call after `t`'s next stop
   * must be asleep in it (a futex wake then finds its waiter, as in the recording), or done with
   * it, not on its way in: a descriptor its call makes (a placeholder's too) is then taken before
   * `t`'s call makes one, as in the recording.
   */
  private settle(t: LiveThread): void {
    const due = this.due(t);
    for (const k of this.threads.values()) {
      if (k === t || !k.running || (k.inCall?.cls !== 'executed' && k.inCall?.placeholder !== true) || this.due(k) <= due) continue;
      const until = Date.now() + SETTLE_MS;
      while (taskState(k.pid, k.tid) === 'R' && Date.now() < until) Atomics.wait(nap, 0, 0, 0.05);
    }
  }

  private inUserSpace(): boolean {
    for (const t of this.scheduled()) if (t.place === 'user') return true;
    return false;
  }

  /** No stop for `ms`: which thread the replay waits for, and what every other thread waits for. */
  private stalled(ms: number): Divergence {
    const turn = nextTurn(this.scheduled());
    const w = turn.go === 'idle' ? null : (this.threads.get(turn.tid) ?? null);
    const secs = ms / 1000;
    const line = (t: LiveThread): string => {
      const due = this.due(t);
      const at = due === Infinity ? 'its end' : `stop ${due}`;
      if (t.parked === 'entry') return `thread ${t.recTid} is stopped at its entry, its turn at ${at}`;
      if (t.parked === 'user') return `thread ${t.recTid} waits for its turn to run, at ${at}`;
      if (t.inCall !== null) return `thread ${t.recTid} is in ${t.inCall.call.name}, recorded to return at ${at}`;
      return `thread ${t.recTid} runs in user space, recorded to stop next at ${at}`;
    };
    const others = [...this.threads.values()].filter((t) => t !== w && t.recTid !== 0).sort((a, b) => a.recTid - b.recTid).map(line);
    const why =
      w === null ? 'every live thread waits in the kernel'
      : w.inCall !== null ? `thread ${w.recTid} stays in ${w.inCall.call.name}, which returned at stop ${this.due(w)} in the recording`
      : `thread ${w.recTid} runs in user space without reaching its recorded stop ${this.due(w)}: a data race or spin-wait in tid ${w.recTid} after seq ${this.lastSeqOf(w)} (it waits on memory another thread writes without a syscall)`;
    const call = w === null ? null : (w.inCall?.call ?? this.rec.byTid.get(w.recTid)?.[w.next] ?? null);
    const due = w === null ? Infinity : this.due(w);
    return {
      kind: 'divergence',
      seq: due === Infinity ? null : due,
      tid: w?.recTid ?? 0,
      recordedId: call?.id ?? null,
      live: w === null ? '(every thread waits)' : `(no stop for ${secs} s)`,
      // a thread spinning in user space is its own likely cause; a wait in the kernel may be the recording's
      cause: `no progress for ${secs} s: ${why}${others.length > 0 ? `; ${others.join('; ')}` : ''}${w === null || w.inCall !== null ? this.scheduleHint(due === Infinity ? null : due) : ''}`,
    };
  }

  /** The seq of the last recorded stop of `t` the replay has passed. */
  private lastSeqOf(t: LiveThread): number {
    const c = this.rec.byTid.get(t.recTid)?.[t.next - 1];
    return c?.exitSeq ?? c?.entrySeq ?? 0;
  }

  /**
   * PTRACE_SYSEMU when the thread's next recorded call is answered from the recording: one stop
   * (its entry, which the kernel then skips) instead of an entry and an exit.
   */
  private resume(t: LiveThread, sig = 0): void {
    if (this.stoppedAt !== null) return this.stopAndDetach(t, sig);
    t.running = true;
    const next = this.skippableNext(t);
    t.skipExit = t.atSkipped && next === null;
    t.atSkipped = false;
    t.sysemu = next;
    libc.ptraceInt(next !== null ? PTRACE_SYSEMU : PTRACE_SYSCALL, t.tid, 0, sig);
  }

  /** The thread's next recorded call when the kernel need not run it (emulated or suppressed, with a result), else null. */
  private skippableNext(t: LiveThread): RecordedCall | null {
    if (this.launching || t.recTid === 0 || t.inCall !== null || this.divergence !== null || this.interrupted) return null;
    const call = this.rec.byTid.get(t.recTid)?.[t.next];
    if (call === undefined || call.ret === null) return null;
    if (this.opts.until !== null && call.entrySeq !== null && call.entrySeq >= this.opts.until) return null;
    const { rule, cls } = this.classOf(call);
    if (cls !== 'emulated' && cls !== 'suppressed') return null;
    if (rule.fd && call.ret >= 0n) return null; // executed as the placeholder eventfd2
    return this.opts.controls?.claimsEntry(t.tid) ? null : call;
  }

  /** What the recording makes of a call (the live checks at its entry may still refuse it). */
  private classOf(call: RecordedCall): { rule: ReplayRule; failed: boolean; cls: ReplayClass } {
    const rule: ReplayRule = replayTable[call.name] ?? unknownReplayRule;
    const failed = call.ret !== null && call.ret < 0n && call.ret > -4096n;
    let cls = replayClass(rule, (i) => call.arg(i), failed);
    // an open the program maps is made for real, unless the recording holds a copy of the file (see mappedCopy)
    if (rule.mappable && this.rec.mappedOpens.has(call.id) && !this.rec.copiedOpens.has(call.id) && !failed) cls = 'executed';
    if (call.ret === ENOSYS) cls = 'emulated'; // the kernel did nothing: known to us or not, the answer is the recorded one
    return { rule, failed, cls };
  }

  /** --until: the program is left stopped (SIGSTOP) and untraced, for a debugger. */
  private stopAndDetach(t: LiveThread, sig = 0): void {
    libc.tgkill(t.pid, t.tid, SIGSTOP);
    libc.ptraceInt(PTRACE_DETACH, t.tid, 0, sig === SIGSTOP ? 0 : sig);
    this.threads.delete(t.tid);
  }

  /**
   * --until reached, at the entry of the recorded call `call`: that call is undone (rip back on
   * the syscall instruction, which runs again when the program is continued), and every tracee
   * is left stopped at its next stop.
   */
  private stopHere(t: LiveThread, call: RecordedCall, regs: Buffer): void {
    this.stoppedAt = { seq: call.entrySeq ?? 0, tid: t.recTid, pid: t.pid, liveTid: t.tid, id: call.id };
    this.undoEntry(t, regs);
    this.stopAndDetach(t);
    for (const other of [...this.threads.values()]) {
      if (other.parked === 'entry') this.undoEntry(other, this.getRegs(other.tid));
      if (other.held || other.parked !== null) this.stopAndDetach(other);
      else libc.ptraceInt(PTRACE_INTERRUPT, other.tid, 0, 0);
    }
  }

  /** At an entry stop the program is left at: the call is not made now, but when the program is continued. */
  private undoEntry(t: LiveThread, regs: Buffer): void {
    setU64(regs, syscallRegs.ret, u64(regs, syscallRegs.nr));
    setU64(regs, syscallRegs.nr, -1n);
    setU64(regs, syscallRegs.ip, u64(regs, syscallRegs.ip) - 2n);
    this.setRegs(t.tid, regs);
  }

  private handle(tid: number, s: number): void {
    if (!WIFSTOPPED(s)) return this.ended(tid, s);
    let t = this.threads.get(tid);
    if (!t) t = this.newThread(tid);
    t.running = false;
    t.listening = false;
    t.sliceEnd = 0;
    if (this.divergence !== null || this.interrupted) {
      libc.kill(tid, SIGKILL);
      return this.resume(t);
    }
    const sig = WSTOPSIG(s);
    const event = s >>> 16;
    const targetExec = this.launching && tid === this.rootLive && this.execs.stop(event === PTRACE_EVENT_EXEC);
    if (this.stoppedAt !== null && t.recTid === 0 && !this.launching) return this.stopAndDetach(t);
    const first = t.fresh;
    if (t.fresh || t.held) {
      t.fresh = false;
      if (!this.launching && t.recTid === 0) {
        t.held = true; // its creator's event will name it
        return;
      }
    }
    if (sig === (SIGTRAP | 0x80)) return this.syscallStop(t);
    if (event === 0) return this.signalStop(t, sig);
    if (event === PTRACE_EVENT_STOP) {
      if (STOP_SIGNALS.has(sig)) {
        if (this.stoppedAt !== null) return this.stopAndDetach(t);
        if (!this.launching) this.opts.recorder?.groupStop(this.who(t), sig);
        libc.ptraceInt(PTRACE_LISTEN, tid, 0, 0);
        t.listening = true;
        return;
      }
      if (t.interrupting) {
        t.interrupting = false;
        return this.goOn(t); // its slice is over: it waits for its turn where it is
      }
      return first ? this.goOn(t) : this.resume(t);
    }
    libc.ptracePtr(PTRACE_GETEVENTMSG, tid, 0, this.msg);
    const msg = this.msg.readUInt32LE(0) + this.msg.readUInt32LE(4) * TWO32;
    if (event === PTRACE_EVENT_FORK || event === PTRACE_EVENT_VFORK || event === PTRACE_EVENT_CLONE) this.forked(t, msg, event);
    else if (event === PTRACE_EVENT_EXEC) this.execed(t, msg, targetExec);
    if (!this.launching) this.opts.recorder?.event(this.who(t), event, event === PTRACE_EVENT_EXEC ? t.recTid : (this.liveToRec.get(msg) ?? msg), this.getRegs(tid));
    if (event === PTRACE_EVENT_EXIT && this.serial && !this.launching && t.recTid !== 0) {
      // past this stop the thread clears its CLONE_CHILD_CLEARTID word and wakes its joiner: when its end comes in the recorded order
      t.passed = this.due(t);
      t.parked = 'exit';
      return;
    }
    return this.resume(t);
  }

  /**
   * Signals reach the program where the recording delivered them, not when they come live: a
   * live signal is withheld (its recorded twin is sent at the recorded place, see injectDue),
   * except a fault, which can only be delivered now.
   */
  private signalStop(t: LiveThread, sig: number): void {
    if (this.launching) return this.resume(t, this.opts.controls?.atLauncherSignal(t.tid, sig, this.getRegs(t.tid)) ? 0 : sig);
    if (this.opts.controls !== null && this.opts.controls.onSignal(t.tid, t.recTid, sig, this.getRegs(t.tid))) return this.resume(t);
    const have = libc.ptracePtr(PTRACE_GETSIGINFO, t.tid, 0, this.siginfo) === 0;
    const inj = t.injecting;
    if (t.armed && inj !== null && sig === SIGTRAP && have && this.siginfo.readInt32LE(8) === TRAP_HWBKPT) {
      // at the instruction the recording delivered it at: the trap becomes the recorded signal, with its siginfo
      clearBreaks(t.tid);
      t.armed = false;
      t.injecting = null;
      if (inj.siginfo !== null && inj.siginfo.length === SIGINFO_SIZE) libc.ptracePtr(PTRACE_SETSIGINFO, t.tid, 0, inj.siginfo);
      this.opts.recorder?.signal(this.who(t), inj.sig, this.getRegs(t.tid), inj.siginfo);
      this.injectDue(t);
      return this.resume(t, inj.sig);
    }
    if (inj !== null && inj.sig === sig) {
      if (inj.siginfo !== null && inj.siginfo.length === SIGINFO_SIZE) libc.ptracePtr(PTRACE_SETSIGINFO, t.tid, 0, inj.siginfo);
      t.injecting = null;
      this.opts.recorder?.signal(this.who(t), sig, this.getRegs(t.tid), inj.siginfo);
      this.injectDue(t);
      return this.resume(t, sig);
    }
    if (sig === SIGCONT) {
      t.lastSignal = sig;
      this.opts.recorder?.signal(this.who(t), sig, this.getRegs(t.tid), have ? this.siginfo : null);
      return this.resume(t, sig); // it acted when it was sent (see injectDue): its delivery goes with it
    }
    if (FAULTS.has(sig) && have && this.siginfo.readInt32LE(8) > 0) {
      const next = this.rec.signalsByTid.get(t.recTid)?.[t.sigNext];
      if (next !== undefined && next.sig === sig && next.pos === t.next) t.sigNext++;
      t.lastSignal = sig;
      this.opts.recorder?.signal(this.who(t), sig, this.getRegs(t.tid), this.siginfo);
      return this.resume(t, sig);
    }
    return this.resume(t);
  }

  /** Sends the thread the recorded signal due where it now is (after its last finished call), if any. */
  private injectDue(t: LiveThread): void {
    if (t.injecting !== null) return;
    const list = this.rec.signalsByTid.get(t.recTid);
    // SIGCONT continues a stopped process when it is sent, not when delivered: the live kill that sends it is the replay of it
    while (list?.[t.sigNext]?.sig === SIGCONT && list[t.sigNext].pos <= t.next) t.sigNext++;
    const next = list?.[t.sigNext];
    if (next === undefined || next.pos !== t.next) return;
    t.sigNext++;
    t.injecting = next;
    // delivered asynchronously in the recording (no syscall within a time slice): where the thread was then
    if (next.async !== undefined && breakAt(t.tid, next.async.regs.readBigUInt64LE(regOffset.rip))) t.armed = true;
    else libc.tgkill(t.pid, t.tid, next.sig);
  }

  /** The tracee as --record-to names it. */
  private who(t: LiveThread): Who {
    return { live: t.tid, tid: t.recTid || t.tid, pid: t.recPid || t.pid, ppid: t.ppid };
  }

  private newThread(tid: number): LiveThread {
    const t = liveThread(tid);
    const named = this.expected.get(tid);
    if (named !== undefined) {
      t.pid = named.pid; // a thread's tgid: its process's, for tgkill and /proc
      t.ppid = named.ppid;
      this.name(t, named.recTid, named.recPid, named.settid);
    }
    this.threads.set(tid, t);
    return t;
  }

  private name(t: LiveThread, recTid: number, recPid: number, settid: bigint | null): void {
    t.recTid = recTid;
    t.recPid = recPid;
    this.recToLive.set(recTid, t.tid);
    this.liveToRec.set(t.tid, recTid);
    this.expected.delete(t.tid);
    // The kernel wrote the live tid there (glibc's struct pthread): the program must see the recorded one.
    if (settid !== null) {
      const v = Buffer.alloc(4);
      v.writeInt32LE(recTid);
      this.mem.write(t.pid, settid, v);
    }
  }

  /** A fork/vfork/clone event: the new tracee is the recorded thread the call returned. */
  private forked(t: LiveThread, child: number, event: number): void {
    if (this.launching) {
      this.threads.set(child, this.threads.get(child) ?? liveThread(child));
      return;
    }
    const c = t.inCall?.call;
    if (c === undefined || c.ret === null || c.ret <= 0n) {
      throw this.diverge(t, c ?? null, `${event === PTRACE_EVENT_CLONE ? 'clone' : 'fork'}`, 'the live program made a process the recording does not have');
    }
    const recChild = Number(c.ret);
    const thread = event === PTRACE_EVENT_CLONE && (this.cloneFlags(c) & CLONE_THREAD) !== 0n;
    const settid = this.childSettid(c);
    const known = this.threads.get(child);
    if (known === undefined) {
      this.recToLive.set(recChild, child);
      this.liveToRec.set(child, recChild);
      this.expected.set(child, { recTid: recChild, recPid: thread ? t.recPid : recChild, pid: thread ? t.pid : child, settid, ppid: thread ? t.ppid : t.recPid });
      // in the schedule from now on: its first stop may come before its creator's next one in the recording
      this.newThread(child).running = true;
      return;
    }
    known.pid = thread ? t.pid : child;
    known.ppid = thread ? t.ppid : t.recPid;
    this.name(known, recChild, thread ? t.recPid : recChild, settid);
    if (known.held) {
      known.held = false;
      this.injectDue(known);
      this.goOn(known);
    }
  }

  /** clone's flags, or clone3's (the first field of its struct clone_args); 0 for fork and vfork. */
  private cloneFlags(c: RecordedCall): bigint {
    if (c.name === 'clone') return c.args[0];
    return c.name === 'clone3' ? (this.cloneArgs(c)?.readBigUInt64LE(0) ?? 0n) : 0n;
  }

  /** clone3's struct clone_args as recorded at its entry (flags, pidfd, child_tid, parent_tid: 8 bytes each). */
  private cloneArgs(c: RecordedCall): Buffer | null {
    const args = this.rec.memory(c.entrySeq).find((m) => m.arg === 0)?.data;
    return args !== undefined && args !== null && args.length >= 32 ? args : null;
  }

  /** Where CLONE_CHILD_SETTID made the kernel write the child's live tid, or null. */
  private childSettid(c: RecordedCall): bigint | null {
    if ((this.cloneFlags(c) & CLONE_CHILD_SETTID) === 0n) return null;
    return c.name === 'clone' ? c.args[3] : (this.cloneArgs(c)?.readBigUInt64LE(16) ?? null);
  }

  /** `targetExec`: the launcher's exec of the target (see LauncherExecs). */
  private execed(t: LiveThread, formerTid: number, targetExec: boolean): void {
    this.mem.forget(t.pid);
    if (formerTid !== t.tid) this.threads.delete(formerTid);
    if (this.launching) {
      if (!targetExec) return;
      // The target's exec: the replay starts here, inside the recorded execve (its entry passed while launching).
      this.launching = false;
      const root = this.rec.root;
      if (root === null || root.name !== 'execve') throw this.diverge(t, null, 'execve', 'the recording does not start with an execve');
      this.name(t, root.tid, root.pid, null);
      t.next = 1;
      t.inCall = { call: root, cls: 'executed', saved: null, placeholder: false, echo: null };
    }
    if (this.opts.controls !== null) this.opts.controls.afterExec(t.tid, t.recTid, this.rec.execSeq(t.inCall?.call.entrySeq ?? null), this.getRegs(t.tid));
  }

  private ended(tid: number, s: number): void {
    const t = this.threads.get(tid);
    if (!t) return;
    this.threads.delete(tid);
    if (tid === t.pid) this.mem.forget(t.pid);
    if (tid === this.rootLive) this.rootStatus = s;
    if (!this.launching) this.opts.recorder?.ended(this.who(t), WIFSIGNALED(s) ? WTERMSIG(s) : 0, s);
    if (this.launching || this.divergence !== null || this.interrupted) return;
    const left = this.rec.byTid.get(t.recTid)?.slice(t.next) ?? [];
    const inExit = t.inCall !== null && (t.inCall.call.name === 'exit_group' || t.inCall.call.name === 'exit');
    if (left.length > 0 || (t.inCall !== null && !inExit && t.inCall.call.ret !== null)) {
      const how = WIFSIGNALED(s) ? `was killed by ${signalName(WTERMSIG(s))}` : `exited with ${(s >> 8) & 0xff}`;
      const c = left[0] ?? t.inCall?.call ?? null;
      throw this.diverge(t, c, null, `the live process ${how} before its recorded end`);
    }
  }

  private isEntryStop(tid: number): boolean {
    return libc.ptracePtr(PTRACE_GET_SYSCALL_INFO, tid, SYSCALL_INFO_SIZE, this.info) > 0 && this.info[0] === PTRACE_SYSCALL_INFO_ENTRY;
  }

  private getRegs(tid: number): Buffer {
    libc.ptracePtr(PTRACE_GETREGS, tid, 0, this.regs);
    return this.regs;
  }

  private setRegs(tid: number, regs: Buffer): void {
    libc.ptracePtr(PTRACE_SETREGS, tid, 0, regs);
  }

  /** `scheduled`: called by the schedule for an entry parked until its turn. */
  private syscallStop(t: LiveThread, scheduled = false): void {
    if (this.launching) {
      if (this.opts.controls !== null && t.tid === this.rootLive && this.isEntryStop(t.tid) && this.opts.controls.atLauncherEntry(t.tid, this.getRegs(t.tid))) return this.resume(t);
      if (this.opts.recorder !== null && t.tid === this.rootLive) {
        const regs = this.getRegs(t.tid);
        const nr = Number(regs.readBigInt64LE(syscallRegs.nr));
        if ((nr === NR_EXECVE || nr === NR_EXECVEAT) && regs.readBigInt64LE(syscallRegs.ret) === ENOSYS) this.opts.recorder.launchExecve({ live: t.tid, tid: this.rec.root?.tid ?? t.tid, pid: this.rec.root?.pid ?? t.pid, ppid: this.rec.rootPpid }, Buffer.from(regs));
      }
      return this.resume(t);
    }
    // resumed with PTRACE_SYSEMU, a thread stops only at an entry
    const skipped = t.sysemu !== null;
    if (!skipped && libc.ptracePtr(PTRACE_GET_SYSCALL_INFO, t.tid, SYSCALL_INFO_SIZE, this.info) <= 0) return this.resume(t);
    const op = skipped ? PTRACE_SYSCALL_INFO_ENTRY : this.info[0];
    if (t.skipExit) {
      t.skipExit = false;
      if (op === PTRACE_SYSCALL_INFO_EXIT) return this.resume(t);
    }
    const regs = this.getRegs(t.tid);
    if (skipped && (this.rec.byTid.get(t.recTid)?.[t.next] !== t.sysemu || this.opts.controls?.claimsEntry(t.tid))) {
      // Not the call it was resumed for (cannot happen unless the recording and the checks disagree): back on its syscall instruction, for a real entry.
      t.atSkipped = true;
      setU64(regs, syscallRegs.ret, u64(regs, syscallRegs.nr));
      setU64(regs, syscallRegs.ip, u64(regs, syscallRegs.ip) - 2n);
      this.setRegs(t.tid, regs);
      return this.resume(t);
    }
    t.atSkipped = skipped;
    if (op === PTRACE_SYSCALL_INFO_ENTRY && this.stoppedAt !== null) {
      // another tracee, stopped before the call it was about to make (see stopHere)
      this.undoEntry(t, regs);
      return this.stopAndDetach(t);
    }
    if (op === PTRACE_SYSCALL_INFO_ENTRY && this.serial && !scheduled) {
      // handled when its recorded turn comes (see schedule)
      t.parked = 'entry';
      return;
    }
    const rec = this.opts.recorder;
    if (op === PTRACE_SYSCALL_INFO_ENTRY) {
      // a call the controls made first is theirs, not the program's: the thread is back before its own
      if (this.opts.controls === null || !this.opts.controls.atEntry(t.tid, regs)) {
        rec?.syscall(this.who(t), false, Buffer.from(regs));
        this.entry(t, regs, skipped);
        if (skipped && this.threads.has(t.tid)) {
          this.exit(t, regs);
          rec?.syscall(this.who(t), true, this.getRegs(t.tid), null);
        }
      }
    } else if (op === PTRACE_SYSCALL_INFO_EXIT) {
      const placeholder = t.inCall?.placeholder ? (this.rec.fdName(t.inCall.call.exitSeq, Number(t.inCall.call.ret)) ?? null) : null;
      this.exit(t, regs);
      rec?.syscall(this.who(t), true, this.getRegs(t.tid), placeholder);
    }
    if (this.threads.has(t.tid)) this.goOn(t);
  }

  // ---- entry ----

  /** `skipped`: a PTRACE_SYSEMU stop, for a call skippableNext chose: the kernel will not run it. */
  private entry(t: LiveThread, regs: Buffer, skipped: boolean): void {
    const nr = Number(BigInt.asIntN(64, u64(regs, syscallRegs.nr)));
    const list = this.rec.byTid.get(t.recTid) ?? [];
    const call = list[t.next];
    if (!isSyscallInstruction(regs === this.regs ? this.regsView : new DataView(regs.buffer, regs.byteOffset, REGS_SIZE))) {
      throw this.diverge(t, call ?? null, liveCallText(this.mem, t.pid, regs), 'an i386 (int $0x80) call: not replayed yet', 'refused');
    }
    if (call === undefined) throw this.diverge(t, null, liveCallText(this.mem, t.pid, regs), 'the live program made a call after its recorded last one');
    if (t.armed && t.injecting !== null) {
      const rip = `0x${t.injecting.async!.regs.readBigUInt64LE(regOffset.rip).toString(16)}`;
      throw this.diverge(t, call, liveCallText(this.mem, t.pid, regs), `the recording delivered ${signalName(t.injecting.sig)} asynchronously at ${rip} (stop ${t.injecting.seq}), which the live thread did not pass before this call; likely cause: a data race or spin-wait in tid ${t.recTid} after seq ${this.lastSeqOf(t)}`);
    }
    if (this.opts.until !== null && call.entrySeq !== null && call.entrySeq >= this.opts.until) return this.stopHere(t, call, regs);
    if (call.nr !== nr) throw this.diverge(t, call, liveCallText(this.mem, t.pid, regs), `a different syscall (${syscallName(nr)} instead of ${call.name})${this.signalHint(t)}`);
    const def = defs.get(nr);
    const nargs = def?.nargs ?? 6;
    for (let i = 0; i < nargs; i++) {
      if (!call.argDiffers(i, regs, syscallRegs.args[i])) continue;
      const live = u64(regs, syscallRegs.args[i]);
      throw this.diverge(t, call, liveCallText(this.mem, t.pid, regs), `${argName(nr, i)} differs (${fmt(live)}, recorded ${fmt(call.args[i])})${argHint(call.nr, i)}${this.signalHint(t)}`);
    }
    const entryMem = this.rec.memory(call.entrySeq);
    this.compareInputs(t, call, entryMem, regs);
    const { rule, failed, cls } = this.classOf(call);
    if (call.name === 'ioctl' && !failed && !ioctlRequests.has(Number(BigInt.asUintN(32, call.args[1])))) {
      throw this.diverge(t, call, liveCallText(this.mem, t.pid, regs), `ioctl request 0x${BigInt.asUintN(32, call.args[1]).toString(16)} is not one the recording captures the outputs of`, 'refused');
    }
    if (rule.mappable && this.rec.mappedOpens.has(call.id) && !failed && this.opensForWriting(call)) {
      throw this.diverge(t, call, liveCallText(this.mem, t.pid, regs), `${call.name} of a file the program then maps, opened for writing: a mapping could change it`, 'refused');
    }
    if (call.name === 'recvmsg' && this.receivedControl(call)) {
      throw this.diverge(t, call, liveCallText(this.mem, t.pid, regs), 'recvmsg received control messages (descriptors or credentials): not replayed yet', 'refused');
    }
    if (call.name === 'mmap' && (call.args[3] & MAP_ANONYMOUS) === 0n && !failed) this.checkMappable(t, call, regs);
    if (cls === 'refused') throw this.diverge(t, call, liveCallText(this.mem, t.pid, regs), `${call.name}: ${rule.why ?? 'not replayable'}`, 'refused');
    if (rule.copiesTo !== undefined && !failed && !this.opts.quiet && this.echo.ownFd(t.pid, int32(call.args[rule.copiesTo])) !== null) {
      throw this.diverge(t, call, liveCallText(this.mem, t.pid, regs), `${call.name} to trace-replay's own output: the bytes it copies are not in the recording`, 'refused');
    }
    t.next++;
    if (cls === 'executed') return this.enterExecuted(t, call, rule, regs);
    if (call.ret === null) {
      // The recorded thread never came back from this call: it was killed in it, and so is the live one.
      t.inCall = { call, cls, saved: Buffer.from(regs), placeholder: false, echo: null };
      setU64(regs, syscallRegs.nr, -1n);
      this.setRegs(t.tid, regs);
      const killer = this.rec.killedBy.get(t.recTid);
      if (killer !== undefined) {
        t.injecting = { seq: 0, sig: killer, siginfo: null, pos: t.next };
        libc.tgkill(t.pid, t.tid, killer);
      }
      return;
    }
    this.checkAnswerable(t, call, regs);
    const saved = skipped ? null : Buffer.from(regs);
    let placeholder = false;
    if (rule.fd && call.ret >= 0n) {
      // Executed as eventfd2(0, cloexec): the lowest free number, which must be the recorded one.
      placeholder = true;
      const where = placeholderCloexec[call.name];
      const cloexec = where !== undefined ? call.args[where[0]] & where[1] : 0n;
      setU64(regs, syscallRegs.nr, BigInt(NR_EVENTFD2));
      setU64(regs, syscallRegs.args[0], 0n);
      setU64(regs, syscallRegs.args[1], cloexec !== 0n ? 0o2000000n : 0n);
    } else if (!skipped) setU64(regs, syscallRegs.nr, -1n);
    if (!skipped) this.setRegs(t.tid, regs);
    const echo = cls === 'suppressed' && !this.opts.quiet ? this.echo.of(t.pid, call, entryMem, this.mem) : null;
    t.inCall = { call, cls, saved, placeholder, echo };
  }

  /** The entry's input bytes (paths, write buffers, structures passed in) against the recording. */
  private compareInputs(t: LiveThread, call: RecordedCall, mem: RecordedMemory[], regs: Buffer): void {
    const extents = inputExtent[call.name];
    for (const m of mem) {
      if (m.data === null || m.data.length === 0) continue;
      const extent = m.part === 0 ? extents?.[m.arg] : undefined;
      const want = extent !== undefined ? m.data.subarray(0, extent(m.data)) : m.data;
      if (this.mem.holds(t.pid, m.addr, want)) continue;
      const live = this.mem.read(t.pid, m.addr, want.length);
      const what = call.name === 'execve' && m.arg > 0 ? (m.arg === 1 ? 'argv' : 'environment') : argName(call.nr, m.arg);
      const isPath = pathArg[call.nr] === m.arg;
      const shown = live === null ? 'unreadable' : isPath ? `${quoteText(cString(live) ?? live)}, recorded ${quoteText(cString(want) ?? want)}` : `${firstDifference(live, want)}`;
      const cause = isPath ? 'a different path' : call.name.startsWith('write') || call.name.startsWith('send') || call.name.startsWith('pwrite') ? 'different bytes written' : 'different contents';
      throw this.diverge(t, call, liveCallText(this.mem, t.pid, regs), `${cause}: ${what} differs (${shown})${this.signalHint(t)}`);
    }
  }

  /** open/openat/openat2 with write access, O_CREAT or O_TRUNC (openat2's flags are the first field of its struct open_how). */
  private opensForWriting(call: RecordedCall): boolean {
    const flags =
      call.name === 'open' ? call.args[1]
      : call.name === 'openat' ? call.args[2]
      : (this.rec.memory(call.entrySeq).find((m) => m.arg === 2)?.data?.readBigUInt64LE(0) ?? O_ACCMODE);
    return (flags & O_ACCMODE) !== 0n || (flags & (O_CREAT | O_TRUNC)) !== 0n;
  }

  /** Whether a recorded recvmsg came back with control data (msghdr.msg_controllen, at offset 40). */
  private receivedControl(call: RecordedCall): boolean {
    const hdr = this.rec.memory(call.exitSeq).find((m) => m.arg === 1 && m.part === 0)?.data;
    return hdr !== undefined && hdr !== null && hdr.length >= 48 && hdr.readBigUInt64LE(40) !== 0n;
  }

  /** An emulated call needs all its recorded output memory. */
  private checkAnswerable(t: LiveThread, call: RecordedCall, regs: Buffer): void {
    for (const m of this.rec.memory(call.exitSeq)) {
      if (m.data === null || m.truncated || m.data.length < m.size) {
        const had = m.data === null ? 'not read' : `cut at ${m.data.length} of ${m.size} bytes`;
        throw this.diverge(t, call, liveCallText(this.mem, t.pid, regs), `the recording cannot answer this ${call.name}: its ${argName(call.nr, m.arg)} output was ${had} (recorded without --replayable; see --capture-bytes)`, 'refused');
      }
    }
  }

  /** A file mapping needs the real file behind the descriptor, not a placeholder. */
  private checkMappable(t: LiveThread, call: RecordedCall, regs: Buffer): void {
    const fd = int32(call.args[4]);
    let target: string;
    try {
      target = readlinkSync(`/proc/${t.pid}/fd/${fd}`);
    } catch {
      return; // not a descriptor: the live mmap fails as the recorded one must have
    }
    if (target.startsWith('anon_inode:[eventfd]') && this.rec.copyOf(call.exitSeq) === null) {
      throw this.diverge(t, call, liveCallText(this.mem, t.pid, regs), `mmap of a file the replay could not open for real (descriptor ${fd} is emulated): copies of mapped files come later`, 'refused');
    }
  }

  private enterExecuted(t: LiveThread, call: RecordedCall, rule: ReplayRule, regs: Buffer): void {
    let saved: Buffer | null = null;
    const change = (i: number, v: bigint): void => {
      saved ??= Buffer.from(regs);
      setU64(regs, syscallRegs.args[i], v);
    };
    if (call.name === 'wait4' && call.ret !== null && call.ret > 0n) {
      // Wait for the child the recording reaped, so that two children ending together are reaped in the recorded order.
      const live = this.recToLive.get(Number(call.ret));
      if (live !== undefined) change(0, BigInt(live));
      if ((call.args[2] & WNOHANG) !== 0n) change(2, call.args[2] & ~WNOHANG);
    } else {
      for (const i of rule.pids ?? []) {
        const v = int32(call.args[i]);
        const pid = Math.abs(v);
        if (v === 0 || v === -1) {
          // a signal to the program's process group or to every process would reach trace-replay (and more) too
          if (SENDS_SIGNAL.has(call.name)) throw this.diverge(t, call, liveCallText(this.mem, t.pid, regs), `${call.name} to ${v === 0 ? 'its process group' : 'every process'}: not replayed`, 'refused');
          continue;
        }
        if (call.name === 'waitid' && int32(call.args[0]) !== 1) continue;
        const live = this.recToLive.get(pid);
        if (live === undefined) {
          throw this.diverge(t, call, liveCallText(this.mem, t.pid, regs), `${call.name} names pid ${pid}, outside the recorded process tree: not replayed`, 'refused');
        }
        change(i, BigInt(v < 0 ? -live : live));
      }
    }
    if (call.name === 'futex' && FUTEX_TIMED_WAITS.has(Number(call.args[1] & FUTEX_CMD_MASK)) && call.args[3] !== 0n) {
      // Woken in the recording (a wait that timed out is answered from it): its waker wakes it again. The
      // timeout came from the recorded clock, which the live kernel's is past.
      change(3, 0n);
    }
    const copy = call.name === 'mmap' ? this.mappedCopy(t, call) : null;
    if (copy !== null) {
      // private anonymous memory at the recorded address instead, the copy's bytes written in at the exit
      change(0, call.ret!);
      change(3, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS);
      change(4, BigInt.asUintN(64, -1n));
      change(5, 0n);
    }
    if (saved !== null) this.setRegs(t.tid, regs);
    t.inCall = { call, cls: 'executed', saved, placeholder: false, echo: null, ...(copy !== null ? { copy } : {}) };
    if (rule.waitsForSignal) this.injectDue(t); // the signal that ended the wait in the recording ends it now
  }

  // ---- exit ----

  private exit(t: LiveThread, regs: Buffer): void {
    const c = t.inCall;
    t.inCall = null;
    if (c === null) return; // an exit the replay did not see enter (the launcher's last execve)
    const call = c.call;
    const liveRet = BigInt.asIntN(64, u64(regs, syscallRegs.ret));
    const out = c.saved !== null ? Buffer.from(c.saved) : regs;
    if (c.saved !== null) {
      // the program's registers as they were, but for what the kernel changes at any syscall
      for (const r of ['rcx', 'r11', 'rip', 'eflags', 'rsp'] as const) out.writeBigUInt64LE(u64(regs, regOffset[r]), regOffset[r]);
    }
    if (c.cls === 'executed') {
      const rule = replayTable[call.name];
      if (interruptedForRestart(liveRet) && call.ret === EINTR_RET && t.injecting !== null) {
        // interrupted by the recorded signal, sent as it waited: the program sees EINTR, as recorded
        setU64(out, syscallRegs.ret, EINTR_RET);
        this.setRegs(t.tid, out);
        return;
      }
      if (interruptedForRestart(liveRet) && !interruptedForRestart(call.ret)) {
        // Interrupted live by a signal that is withheld: the kernel restarts it, and it is expected again.
        setU64(out, syscallRegs.ret, liveRet);
        this.setRegs(t.tid, out);
        t.next--;
        return;
      }
      let got = liveRet;
      if (rule?.pidRet && got > 0n) got = BigInt(this.liveToRec.get(Number(got)) ?? -1);
      if (call.name === 'execve' && liveRet === 0n) this.mem.forget(t.pid);
      if (rule?.mappable && liveRet < 0n && call.ret !== null && call.ret >= 0n) {
        const path = readString(this.mem, t.pid, call.args[pathArg[call.nr]]);
        throw this.diverge(t, call, liveCallText(this.mem, t.pid, c.saved ?? regs), `${path === null ? 'a file' : quoteText(path)} that the program maps cannot be opened now (errno ${-liveRet}): copies of mapped files come later`, 'refused');
      }
      if (call.ret !== null && got !== call.ret && !rule?.unchecked) {
        const path = pathArg[call.nr] >= 0 ? readString(this.mem, t.pid, call.args[pathArg[call.nr]]) : null;
        const why = path !== null && liveRet < 0n && liveRet > -4096n ? `; likely cause: ${quoteText(path)} gives ${retText(liveRet).slice(3)} now (the file or the working directory changed)` : this.signalHint(t);
        throw this.diverge(t, call, liveCallText(this.mem, t.pid, c.saved ?? regs), `${call.name} returned ${retText(liveRet)}, recorded ${retText(call.ret)}${why}`);
      }
      if (rule?.mappable) this.checkMappedFile(t, call, regs);
      if (c.copy !== undefined) this.mem.write(t.pid, call.ret!, c.copy);
      if (rule?.pidRet && call.ret !== null && call.ret > 0n) this.parentSettid(t, call);
      for (const m of this.rec.memory(call.exitSeq)) if (m.data !== null && !m.truncated) this.mem.write(t.pid, m.addr, m.data);
      if (c.saved === null && !(rule?.pidRet && call.ret !== null)) return this.injectDue(t);
    } else {
      if (c.placeholder && liveRet !== call.ret) {
        throw this.diverge(t, call, liveCallText(this.mem, t.pid, c.saved!), `descriptor ${call.ret} could not be kept: the live program's next free descriptor is ${retText(liveRet)} (its descriptor table differs from the recorded one)`);
      }
      for (const m of this.rec.memory(call.exitSeq)) this.mem.write(t.pid, m.addr, m.data!);
      if (c.echo !== null) this.echo.write(c.echo.fd, c.echo.bytes);
    }
    const ret = call.ret !== null && !replayTable[call.name]?.unchecked ? call.ret : null;
    if (c.saved === null && c.cls !== 'executed') {
      // only the result changes (a call the kernel skipped): one register, not all of them
      if (ret !== null) libc.ptraceWord(PTRACE_POKEUSR, t.tid, syscallRegs.ret, BigInt.asUintN(64, ret));
    } else {
      if (ret !== null) setU64(out, syscallRegs.ret, ret);
      this.setRegs(t.tid, out);
    }
    this.injectDue(t);
  }

  /**
   * For an mmap of a descriptor the replay emulated because the recording holds a copy of the
   * file: the bytes of the copy the call maps (zeros past its end, as the kernel maps them).
   */
  private mappedCopy(t: LiveThread, call: RecordedCall): Buffer | null {
    if ((call.args[3] & MAP_ANONYMOUS) !== 0n || call.ret === null || call.ret < 0n) return null;
    let target = '';
    try {
      target = readlinkSync(`/proc/${t.pid}/fd/${int32(call.args[4])}`);
    } catch {
      return null;
    }
    if (!target.startsWith('anon_inode:[eventfd]')) return null;
    const file = this.rec.copyOf(call.exitSeq);
    if (file === null) return null;
    const off = Number(call.args[5]);
    const len = Number(call.args[1]);
    const bytes = Buffer.alloc(Math.min(len, Math.max(0, file.length - off)));
    file.copy(bytes, 0, off, off + bytes.length);
    return bytes;
  }

  /** CLONE_PARENT_SETTID: the kernel wrote the live tid where the program asked; it must read the recorded one. */
  private parentSettid(t: LiveThread, call: RecordedCall): void {
    if ((this.cloneFlags(call) & CLONE_PARENT_SETTID) === 0n) return;
    const where = call.name === 'clone' ? call.args[2] : this.cloneArgs(call)?.readBigUInt64LE(24);
    if (where === undefined) return;
    const v = Buffer.alloc(4);
    v.writeInt32LE(Number(call.ret));
    this.mem.write(t.pid, where, v);
  }

  /** A descriptor opened for real because the program maps it: it must be the recorded file. */
  private checkMappedFile(t: LiveThread, call: RecordedCall, regs: Buffer): void {
    if (call.ret === null || call.ret < 0n) return;
    const fd = Number(call.ret);
    const { path, problem } = this.files.check(t.pid, fd, this.recordedStat(t, fd));
    if (problem !== null) throw this.diverge(t, call, liveCallText(this.mem, t.pid, regs), `${quoteText(path)}: ${problem}`, 'refused');
  }

  /** The program's own recorded fstat of a descriptor it just opened (before mapping it). */
  private recordedStat(t: LiveThread, fd: number): Buffer | null {
    const list = this.rec.byTid.get(t.recTid) ?? [];
    for (let i = t.next; i < Math.min(list.length, t.next + 4); i++) {
      const c = list[i];
      const at = c.name === 'fstat' ? 1 : c.name === 'newfstatat' ? 2 : -1;
      if (at < 0 || int32(c.args[0]) !== fd || c.ret !== 0n) continue;
      return this.rec.memory(c.exitSeq).find((m) => m.arg === at)?.data ?? null;
    }
    return null;
  }

  // ---- reporting ----

  private diverge(t: LiveThread, call: RecordedCall | null, live: string | null, cause: string, kind: Divergence['kind'] = 'divergence'): DivergenceError {
    const list = this.rec.byTid.get(t.recTid) ?? [];
    const seq = call?.entrySeq ?? list[Math.max(0, t.next - 1)]?.exitSeq ?? null;
    const hint = kind === 'divergence' && !cause.includes('likely cause') ? this.scheduleHint(seq) : '';
    return new DivergenceError({ kind, seq, tid: t.recTid, recordedId: call?.id ?? null, live, cause: cause + hint });
  }

  /** What the recorded schedule could not fix, before the stop `seq`: the likely cause of a divergence in a threaded program. */
  private scheduleHint(seq: number | null): string {
    if (!this.serial) return '';
    const loose = this.loosePoints.find((p) => seq === null || p.seq < seq);
    if (loose !== undefined) {
      return `; likely cause: a data race or spin-wait in tid ${loose.tid} after seq ${loose.after} (the recording preempted it in user space at stop ${loose.seq}, at ${loose.rip}, where the replay could not bring it: ${loose.why}; it ran on to its next syscall)`;
    }
    const before = this.rec.unsynced.filter((u) => seq === null || u.seq < seq).at(-1);
    if (before !== undefined) {
      const what = before.kind === 'preemption' ? 'the recording preempted it in user space there' : 'a signal reached it there asynchronously';
      return `; likely cause: a data race or spin-wait in tid ${before.tid} after seq ${before.seq} (${what})`;
    }
    if (this.opts.serializedSchedule) return '';
    return "; likely cause: the recording did not serialize the program's threads, and their user code overlapped where a replay one thread at a time cannot (a lock found taken, a value read while another thread changed it)";
  }

  /** A fault or SIGCONT is delivered when it comes live, maybe elsewhere than in the recording. */
  private signalHint(t: LiveThread): string {
    return t.lastSignal !== null ? `; likely cause: ${signalName(t.lastSignal)}, delivered when it came live, perhaps at another point than in the recording` : '';
  }
}


/** A task's state letter from /proc (R running, S sleeping, t traced-stopped…); '?' when it is gone. */
function taskState(pid: number, tid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
    return stat.charAt(stat.lastIndexOf(')') + 2);
  } catch {
    return '?';
  }
}
