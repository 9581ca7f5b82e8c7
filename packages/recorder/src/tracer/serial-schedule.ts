import { readFileSync, writeSync } from 'node:fs';
import { regOffset, PTRACE_CONT, PTRACE_INTERRUPT, PTRACE_SEIZE, PTRACE_SETSIGINFO, PTRACE_SYSCALL } from '@tracedb/native';
import { libc } from '@tracedb/native/libc';
import { PREEMPT_COMPUTE_MS, PREEMPT_SLICE_MS } from '../replayable-options.js';
import { spawnTicker } from './launcher.js';

const SLICE_NS = PREEMPT_SLICE_MS * 1e6;
const COMPUTE_NS = PREEMPT_COMPUTE_MS * 1e6;
const SIGURG = 23;
const SIGKILL = 9;
const SI_TKILL = -6;
/** Signals a fault raises in the thread that faulted (si_code > 0 then): they recur by themselves. */
const FAULTS = new Set([4, 5, 7, 8, 11, 31]); // SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV, SIGSYS

/** The CPU time a thread has had (ns), from /proc/TID/schedstat; 0 if it is gone. */
function cpuNs(tid: number): number {
  try {
    return Number(readFileSync(`/proc/${tid}/schedstat`, 'latin1').split(' ')[0]);
  } catch {
    return 0;
  }
}

/** What to do at a signal-delivery stop. */
export const SignalVerdict = {
  /** Deliver it here, as a default recording does. */
  Deliver: 0,
  /** Not here: resume without it; record the stop as a 'signal-held' event. */
  Hold: 1,
  /** A held signal raised again: the stop's siginfo is now the original; record the delivery. */
  DeliverHeld: 2,
} as const;
export type SignalVerdict = (typeof SignalVerdict)[keyof typeof SignalVerdict];

interface HeldSignal {
  readonly sig: number;
  readonly siginfo: Buffer;
  readonly sinceNs: number;
  async: boolean;
}

interface Tracee {
  /** rip and rsp at its last syscall-exit stop: a signal stop there follows a syscall boundary. */
  exitRip: number;
  exitRsp: number;
  readonly held: HeldSignal[];
  /** Held signals sent again (tgkill), to be delivered with their own siginfo at their next signal stop. */
  readonly raised: HeldSignal[];
  /** PTRACE_INTERRUPT sent: its next PTRACE_EVENT_STOP is a preemption. */
  interrupted: boolean;
}

/**
 * --replayable's schedule: at most one tracee runs user code at a time, so that the order of
 * the stops is the order of everything the threads did. A tracee resumed from a syscall-entry
 * stop (or an event inside a syscall) goes into the kernel and needs nothing; one resumed into
 * user space needs the token, and waits at its stop (first come, first served) while another
 * holds it. Any stop of the holder frees it. A holder that makes no syscall for a time slice
 * while others wait is interrupted; if it spins (see spinCheck) it is preempted there (a 'preempt'
 * stop), if it computes it goes on (see computeOn). An asynchronous signal that comes while its
 * thread runs user code is held and sent again when the thread next stops at a syscall, so that
 * it lands right after that syscall; after a time slice without one it is sent at once and its
 * delivery marked asynchronous.
 */
export class SerialSchedule {
  private holder = 0;
  private grantedNs = 0;
  /** When the watchdog next looks at the holder (a slice after the grant; later while it computes, see computeOn). */
  private checkNs = 0;
  /** The holder's CPU time (ns) when its grant began, as its first check estimates it; -1 before that check. */
  private cpuBase = -1;
  private readonly waiting: { tid: number; sig: number; inKernel: boolean }[] = [];
  /** The holder was let into the kernel for a call (see Tracer's SERIAL_IN_KERNEL), not into user space. */
  private holderInKernel = false;
  private readonly tracees = new Map<number, Tracee>();
  private heldCount = 0;
  private ticker: { pid: number; fd: number } | null = null;
  private tickArmed = false;
  private readonly siginfoOut = Buffer.alloc(128);
  /** The ticker's pid (0 until a deadline first needs it): its stops are the watchdog's ticks. */
  tickerPid = 0;
  /** Whether the last DeliverHeld was sent after a time slice without a syscall. */
  lastAsync = false;

  constructor(
    private readonly clock: () => number,
    /** The tgid of each traced thread (tgkill needs it). */
    private readonly pidOf: (tid: number) => number,
  ) {}

  private tracee(tid: number): Tracee {
    let t = this.tracees.get(tid);
    if (t === undefined) this.tracees.set(tid, (t = { exitRip: -1, exitRsp: -1, held: [], raised: [], interrupted: false }));
    return t;
  }

  /**
   * Any stop of `tid`: it no longer runs user code, nor waits at an earlier stop. The token is
   * given to the next tracee only by `settle`, once the stop is recorded: a tracee let run before
   * would change memory the stop's arguments point to before they are read.
   */
  stopped(tid: number): void {
    if (this.holder === tid) this.holder = 0;
    else if (this.waiting.length > 0) this.unqueue(tid);
  }

  /** After a stop is recorded (and its tracee resumed or queued): the token to the first tracee waiting, if it is free. */
  settle(): void {
    if (this.holder === 0 && this.waiting.length > 0) this.grantNext();
  }

  /** `tid` ended (or became another tid at an exec). */
  gone(tid: number): void {
    this.stopped(tid);
    const t = this.tracees.get(tid);
    if (t !== undefined) this.heldCount -= t.held.length;
    this.tracees.delete(tid);
  }

  /** Resumes `tid` into user space now if no other tracee is there, or when its turn comes. */
  resumeUser(tid: number, sig: number, inKernel = false): void {
    if (this.holder === 0 && this.waiting.length === 0) {
      this.grant(tid, sig, inKernel);
      return;
    }
    this.waiting.push({ tid, sig, inKernel });
    if (this.waiting.length === 1 && this.holder !== 0) this.arm(this.checkNs);
  }

  private grant(tid: number, sig: number, inKernel: boolean): boolean {
    if (libc.ptraceInt(PTRACE_SYSCALL, tid, 0, sig) !== 0) return false; // killed meanwhile: its end is on its way
    this.holder = tid;
    this.holderInKernel = inKernel;
    this.grantedNs = this.clock();
    this.checkNs = this.grantedNs + SLICE_NS;
    this.cpuBase = -1;
    if (this.waiting.length > 0) this.arm(this.checkNs);
    return true;
  }

  /**
   * The holder, interrupted at the end of its slice, computes (see spinCheck) or is about to stop
   * by itself: it goes on holding the token, and is looked at again after as long again as it has
   * run (at most when its CPU time would reach the limit). False, and nothing done, when it has
   * computed for PREEMPT_COMPUTE_MS of CPU time (unless `stops`): it is preempted there.
   */
  computeOn(tid: number, stops: boolean): boolean {
    const now = this.clock();
    // CPU time, not wall time: on a loaded machine a thread gets less of it per slice
    const cpu = cpuNs(tid);
    if (this.cpuBase < 0) this.cpuBase = cpu - SLICE_NS;
    if (!stops && cpu - this.cpuBase >= COMPUTE_NS) return false;
    if (libc.ptraceInt(PTRACE_SYSCALL, tid, 0, 0) !== 0) return true; // killed meanwhile: its end is on its way
    this.holder = tid;
    this.holderInKernel = false;
    this.checkNs = now + Math.max(SLICE_NS, Math.min(now - this.grantedNs, COMPUTE_NS - (cpu - this.cpuBase)));
    if (this.waiting.length > 0) this.arm(this.checkNs);
    return true;
  }

  private grantNext(): void {
    for (let w = this.waiting.shift(); w !== undefined; w = this.waiting.shift()) if (this.grant(w.tid, w.sig, w.inKernel)) return;
  }

  private unqueue(tid: number): void {
    const i = this.waiting.findIndex((w) => w.tid === tid);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  /** At a syscall-exit stop (`regs` read there). */
  syscallExit(tid: number, regs: Buffer): void {
    const t = this.tracee(tid);
    t.exitRip = userAddress(regs, regOffset.rip);
    t.exitRsp = userAddress(regs, regOffset.rsp);
    if (t.held.length > 0) this.raise(tid, t, false);
  }

  /** At a syscall-entry stop: held signals are sent now, to be delivered when the call returns (a blocking call is cut short, as by any signal). */
  syscallEntry(tid: number): void {
    if (this.heldCount === 0) return;
    const t = this.tracees.get(tid);
    if (t !== undefined && t.held.length > 0) this.raise(tid, t, false);
  }

  /**
   * Sends the held signals again, one of each signal number: a second one sent while the first is
   * still pending would merge with it (one delivery where the program got two); it waits for the
   * next boundary.
   */
  private raise(tid: number, t: Tracee, async: boolean): void {
    const later: HeldSignal[] = [];
    for (const h of t.held) {
      if (t.raised.some((r) => r.sig === h.sig)) {
        later.push(h);
        continue;
      }
      h.async = async;
      t.raised.push(h);
      libc.tgkill(this.pidOf(tid), tid, h.sig);
    }
    this.heldCount -= t.held.length - later.length;
    t.held.length = 0;
    t.held.push(...later);
  }

  /**
   * A signal-delivery stop (`siginfo` and `regs` read there). DeliverHeld leaves the original
   * siginfo in `siginfo` (and gives it to the thread); `lastAsync` says how it was sent again.
   */
  signalStop(tid: number, sig: number, siginfo: Buffer, regs: Buffer): SignalVerdict {
    const t = this.tracee(tid);
    const code = siginfo.readInt32LE(8);
    if (t.raised.length > 0 && code === SI_TKILL && siginfo.readInt32LE(16) === process.pid) {
      const i = t.raised.findIndex((h) => h.sig === sig);
      if (i >= 0) {
        const h = t.raised.splice(i, 1)[0];
        h.siginfo.copy(siginfo);
        h.siginfo.copy(this.siginfoOut);
        libc.ptracePtr(PTRACE_SETSIGINFO, tid, 0, this.siginfoOut);
        this.lastAsync = h.async;
        return SignalVerdict.DeliverHeld;
      }
    }
    if (code > 0 && FAULTS.has(sig)) return SignalVerdict.Deliver;
    if (userAddress(regs, regOffset.rip) === t.exitRip && userAddress(regs, regOffset.rsp) === t.exitRsp) return SignalVerdict.Deliver;
    const now = this.clock();
    t.held.push({ sig, siginfo: Buffer.from(siginfo), sinceNs: now, async: false });
    this.heldCount++;
    this.arm(now + SLICE_NS);
    return SignalVerdict.Hold;
  }

  /** A PTRACE_EVENT_STOP of `tid`: true when it is the watchdog's preemption. */
  preempted(tid: number): boolean {
    const t = this.tracees.get(tid);
    if (t === undefined || !t.interrupted) return false;
    t.interrupted = false;
    return true;
  }

  /** A stop of the ticker (wait status `s`): the watchdog's turn. */
  tick(s: number): void {
    if ((s & 0xff) !== 0x7f) return; // ended (killed): no more ticks
    const sig = (s >> 8) & 0xff;
    libc.ptraceInt(PTRACE_CONT, this.tickerPid, 0, sig === SIGURG ? 0 : sig);
    if (sig !== SIGURG) return;
    this.tickArmed = false;
    const now = this.clock();
    let next = Infinity;
    if (this.holder !== 0 && this.waiting.length > 0) {
      const due = this.checkNs;
      // a call that did not return within the slice waits for something: it goes on without the token
      if (due <= now && this.holderInKernel) {
        this.holder = 0;
        this.grantNext();
      } else if (due <= now) this.preempt(this.holder);
      else next = due;
    }
    if (this.heldCount > 0) {
      for (const [tid, t] of this.tracees) {
        if (t.held.length === 0) continue;
        const due = t.held[0].sinceNs + SLICE_NS;
        if (due <= now) this.raise(tid, t, true);
        else next = Math.min(next, due);
      }
    }
    if (next !== Infinity) this.arm(next);
  }

  /** Interrupts the holder unless it has stopped already (its stop not yet waited for). */
  private preempt(tid: number): void {
    const t = this.tracee(tid);
    if (t.interrupted || traceStopped(this.pidOf(tid), tid)) return;
    if (libc.ptraceInt(PTRACE_INTERRUPT, tid, 0, 0) === 0) t.interrupted = true;
  }

  /** Makes the ticker wake the tracer at `dueNs` (or soon after), unless it will already. */
  private arm(dueNs: number): void {
    if (this.tickArmed) return;
    if (this.ticker === null) {
      this.ticker = spawnTicker();
      this.tickerPid = this.ticker.pid;
      libc.ptraceInt(PTRACE_SEIZE, this.tickerPid, 0, 0);
    }
    const s = Math.max(dueNs - this.clock(), 1e6) / 1e9;
    writeSync(this.ticker.fd, `${s.toFixed(3)}\n`);
    this.tickArmed = true;
  }

  /** Ends the ticker, if there is one. */
  close(): void {
    if (this.ticker === null) return;
    libc.kill(this.ticker.pid, SIGKILL);
    libc.close(this.ticker.fd);
    this.ticker = null;
  }
}

/** A user-space address held in a register, as a number (exact below 2^53: any user address, no BigInt made). */
function userAddress(regs: Buffer, off: number): number {
  return regs.readUInt32LE(off) + regs.readUInt32LE(off + 4) * 0x1_0000_0000;
}

/** In a ptrace stop ('t' in /proc/PID/task/TID/stat). */
function traceStopped(pid: number, tid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
    return stat[stat.lastIndexOf(')') + 2] === 't';
  } catch {
    return true;
  }
}
