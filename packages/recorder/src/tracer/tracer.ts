import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import {
  ErrnoError,
  i386SyscallArgs,
  isSyscallInstruction,
  syscallRegs,
  syscallTableI386,
  REGS_SIZE,
  SIGINFO_SIZE,
  SYSCALL_INFO_SIZE,
  WIFSTOPPED,
  WIFSIGNALED,
  WSTOPSIG,
  WTERMSIG,
  PTRACE_DETACH,
  PTRACE_EVENT_CLONE,
  PTRACE_EVENT_EXEC,
  PTRACE_EVENT_EXIT,
  PTRACE_EVENT_FORK,
  PTRACE_EVENT_SECCOMP,
  PTRACE_EVENT_STOP,
  PTRACE_EVENT_VFORK,
  PTRACE_GETEVENTMSG,
  PTRACE_GETREGS,
  PTRACE_GETSIGINFO,
  PTRACE_GET_SYSCALL_INFO,
  PTRACE_INTERRUPT,
  PTRACE_LISTEN,
  PTRACE_O_EXITKILL,
  PTRACE_O_TRACECLONE,
  PTRACE_O_TRACEEXEC,
  PTRACE_O_TRACEEXIT,
  PTRACE_O_TRACEFORK,
  PTRACE_O_TRACESECCOMP,
  PTRACE_O_TRACESYSGOOD,
  PTRACE_O_TRACEVFORK,
  PTRACE_CONT,
  PTRACE_SYSCALL,
  PTRACE_SYSCALL_INFO_ENTRY,
  RUSAGE_SIZE,
  rusageOffset,
  __WALL,
  makesDescriptors,
  fdArgs,
  newDescriptors,
  pidArgs,
  pidReturns,
  syscallTable,
} from '@tracedb/native';
import type { NewDescriptors } from '@tracedb/native';
import { errno, libc, ptrace } from '@tracedb/native/libc';
import { TraceeMemory, installSeccompFilter } from '@tracedb/native/tracee';
import { RecordType, ScheduleEvent, StopKind } from '../stream/stop-stream.js';
import { FdDetailReader } from './fd-detail-reader.js';
import { mappedFileNames } from './mapped-file-names.js';
import { SerialSchedule, SignalVerdict } from './serial-schedule.js';
import { spinCheck } from './spin-check.js';
import { Control } from './tracer-protocol.js';
import type { AffinityVirtualizer } from './affinity-virtualizer.js';
import type { ArgumentCapturer } from './argument-capturer.js';
import { LauncherExecs, type Launched } from './launcher.js';
import type { ReplayControls } from './replay-controls.js';
import type { TerminalGuard } from './terminal-guard.js';
import type { StopEncoder } from './stop-encoder.js';

const SIGTRAP = 5;
const SIGKILL = 9;
const SIGSEGV = 11;
const STOP_SIGNALS = new Set([19, 20, 21, 22]); // SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU
const EINTR = 4;
const ECHILD = 10;
const ESRCH = 3;
const EPERM = 1;
/**
 * How long the launcher shell is tried when another tracer holds it: `strace -f --detach-on=execve
 * trace-rec …` (or a debugger following forks) lets go of it at its exec, which posix_spawn may
 * return before. The shell waits at its gate meanwhile.
 */
const SEIZE_WAIT_MS = 500;
const ENOSYS = 38;
const NR_EXECVE = 59;
const NR_EXECVEAT = 322;
const NR_SCHED_SETAFFINITY = 203;
const NR_ACCEPT = 43;
const NR_ACCEPT4 = 288;
const NR_SCHED_GETAFFINITY = 204;
const i386Nr = (name: string): number => syscallTableI386.find((d) => d.name === name)!.nr;
const NR_I386_SOCKETCALL = i386Nr('socketcall');
const NR_I386_SCHED_SETAFFINITY = i386Nr('sched_setaffinity');
const NR_I386_ACCEPT4 = i386Nr('accept4');
const NR_I386_SCHED_GETAFFINITY = i386Nr('sched_getaffinity');
const TWO32 = 0x1_0000_0000;
const NUL = Buffer.of(0);
const MAX_BATCH_AGE_NS = 200e6;
/** A batch is handed over once it has this many bytes (or is MAX_BATCH_AGE_NS old). */
export const BATCH_BYTES = 1 << 18;
const IDLE_FLUSH_NS = 2e6;
/**
 * Syscalls that typically wait (sleeps, waits, polls, futex waits): when a tracee enters one,
 * what is pending is handed over first, so that the recording and the progress shown do not
 * lag behind a program that went quiet.
 */
const MAY_WAIT = new Set([
  'nanosleep', 'clock_nanosleep', 'pause', 'wait4', 'waitid', 'rt_sigsuspend', 'rt_sigtimedwait', 'poll', 'ppoll',
  'select', 'pselect6', 'epoll_wait', 'epoll_pwait', 'epoll_pwait2', 'futex', 'accept', 'accept4', 'msgrcv', 'semtimedop',
]);

/**
 * Under --replayable's serialized schedule, calls that take or give back descriptors or address
 * space, and writes: their kernel part runs holding the token, as user code does, so that which
 * number or address each gets, and which of two writes to one pipe comes first, is decided in the
 * recorded order of stops (two threads opening and closing at once in the kernel gave numbers a
 * replay one thread at a time could not give). A call that has not returned after a time slice
 * (a write to a full pipe) goes on without the token. Calls that typically wait go into the
 * kernel without it.
 */
const SERIAL_IN_KERNEL = new Set([
  'write', 'writev', 'pwrite64', 'pwritev', 'pwritev2', 'sendto', 'sendmsg', 'sendmmsg',
  'open', 'openat', 'openat2', 'creat', 'close', 'close_range', 'dup', 'dup2', 'dup3', 'pipe', 'pipe2', 'socket', 'socketpair',
  'eventfd', 'eventfd2', 'epoll_create', 'epoll_create1', 'memfd_create', 'timerfd_create', 'signalfd', 'signalfd4',
  'inotify_init', 'inotify_init1', 'pidfd_open', 'pidfd_getfd', 'mmap', 'munmap', 'mremap', 'brk', 'mprotect',
]);

/** Calls after whose exit a socket's addresses are asked again (FdDetailReader): 1 always, 2 while it has none. */
const SOCKET_CHANGE: Readonly<Record<string, 1 | 2>> = { bind: 1, connect: 1, listen: 1, sendto: 2, sendmsg: 2, sendmmsg: 2 };

interface Thread {
  readonly tid: number;
  readonly pid: number;
  readonly ppid: number;
  announced: boolean;
  /** Known from its creator's fork/vfork/clone event (or from seizing it), not only from its own first stop. */
  claimed: boolean;
  /** Between a syscall's entry and exit stops; null: not known yet (attached mid-syscall). */
  inSyscall: boolean | null;
  /** The syscall it is in (or last made) is an i386 one (int $0x80): decided at its entry. */
  i386: boolean;
  /** Inside a write to trace-rec's terminal (see TerminalGuard). */
  terminalWrite?: boolean;
  /** Its comm was read (at its first syscall stop), for trace-q -Y. */
  named?: boolean;
}

export interface TraceOutcome {
  /** Wait status of the root process's end, null if it did not end under us (detached, interrupted). */
  readonly rootStatus: number | null;
  /** The target never started: the launcher ended before the target's execve succeeded. */
  readonly launchFailed: boolean;
}

export interface TracerHooks {
  /** Called when the encoder holds enough to hand over. */
  flush(): void;
  /** After the target's first successful exec (or attach): the root pid. */
  started(pid: number): void;
}

/**
 * The tracing loop: waits for every stop of every tracee, records it with its registers and
 * argument memory, and resumes the tracee exactly as it would have run untraced.
 */
export class Tracer {
  private readonly threads = new Map<number, Thread>();
  private readonly status = new Int32Array(1);
  private readonly regs = Buffer.alloc(REGS_SIZE);
  private readonly regsView = new DataView(this.regs.buffer, this.regs.byteOffset, REGS_SIZE);
  private readonly info = Buffer.alloc(SYSCALL_INFO_SIZE);
  private readonly siginfo = Buffer.alloc(SIGINFO_SIZE);
  private readonly msg = Buffer.alloc(8);
  private readonly args = new Float64Array(6);
  private readonly argsLo = new Uint32Array(6);
  private live = 0;
  private rootPid = 0;
  private rootStatus: number | null = null;
  /** Until the target's execve succeeds, stops belong to the launcher and are not recorded. */
  private launching: boolean;
  /** Which exec of the launcher is the target's (see launcher.ts). */
  private execs = new LauncherExecs(2);
  private stopping = 0;
  private detaching = false;
  private mapsRead = new Set<number>();
  /**
   * Tracees that reported and ended before their creator's fork/clone event was seen: that event
   * must not bring them back (they would be waited for forever).
   */
  private readonly endedUnclaimed = new Set<number>();
  private lastFlush = 0;
  private readonly mayWait = new Uint8Array(1024);
  /** SERIAL_IN_KERNEL by number. */
  private readonly serialInKernel = new Uint8Array(1024);
  private guard: TerminalGuard | null = null;
  /** By syscall number: where the descriptors it makes are, if it makes any. */
  private readonly makesFds: (NewDescriptors | undefined)[] = [];
  private readonly makesFdsI386: (NewDescriptors | undefined)[] = [];
  /** --replayable's schedule (one tracee in user space at a time), null for a default recording. */
  private readonly schedule: SerialSchedule | null;
  /** Reads the instruction a thread the watchdog interrupted is at (see spinCheck). */
  private readonly spinMemory = new TraceeMemory();
  /** What the tracer sleeps on between tries to seize (see SEIZE_WAIT_MS). */
  private readonly pause = new Int32Array(new SharedArrayBuffer(4));
  /**
   * -e trace=: the seccomp filter is in the launcher (installed at the target's execve): every
   * tracee stops only at the selected calls' entries (PTRACE_EVENT_SECCOMP), is resumed with
   * PTRACE_SYSCALL to its exit, and with PTRACE_CONT elsewhere.
   */
  private filtered = false;
  /**
   * With a filter, by syscall number: its descriptor arguments, named at the call's entry (the
   * calls that made them may not have stopped: trace-q -y then has the name from here).
   */
  private readonly fdArgs: (readonly number[] | undefined)[];
  /** By syscall number: the pids its arguments name, whose comm (-Y) is read when they are not traced. */
  private readonly pidArgs = pidArgs(syscallTable);
  private readonly pidReturns = pidReturns(syscallTable);
  /** -yy's details of the descriptors named, and of sockets after the calls that give them addresses. */
  private readonly details: FdDetailReader;
  /** By syscall number: 1 after which a socket's addresses may have changed (bind, connect, listen), 2 a send that may bind it. */
  private readonly socketChange = new Uint8Array(1024);
  private readonly socketChangeI386 = new Uint8Array(1024);
  /** The sockets the program started with are asked about at its first recorded stop (-yy). */
  private inheritedToAsk: boolean;

  constructor(
    private readonly enc: StopEncoder,
    private readonly capturer: ArgumentCapturer,
    private readonly control: Int32Array,
    private readonly hooks: TracerHooks,
    private readonly clock: () => number,
    private readonly wakerPid: number,
    private readonly mode: 'launch' | 'attach',
    /** Pinned tracees whose sched_getaffinity must not show it; null when not pinned. */
    private readonly affinity: AffinityVirtualizer | null = null,
    private readonly flushBytes = BATCH_BYTES,
    /** --replayable's controls, null for a default recording. */
    private readonly controls: ReplayControls | null = null,
    /** -e trace=: the seccomp-bpf program (encodeBpf's bytes) to install at the target's execve; null: every syscall stops. */
    private readonly seccomp: Buffer | null = null,
  ) {
    this.launching = mode === 'launch';
    this.schedule = controls !== null ? new SerialSchedule(clock, (tid) => this.threads.get(tid)?.pid ?? tid) : null;
    for (const d of syscallTable) {
      if (MAY_WAIT.has(d.name)) this.mayWait[d.nr] = 1;
      if (SERIAL_IN_KERNEL.has(d.name)) this.serialInKernel[d.nr] = 1;
      this.makesFds[d.nr] = newDescriptors[d.name];
    }
    for (const d of syscallTableI386) this.makesFdsI386[d.nr] = newDescriptors[d.name];
    this.fdArgs = seccomp !== null ? fdArgs(syscallTable) : [];
    this.details = new FdDetailReader(enc);
    for (const d of syscallTable) this.socketChange[d.nr] = SOCKET_CHANGE[d.name] ?? 0;
    for (const d of syscallTableI386) this.socketChangeI386[d.nr] = SOCKET_CHANGE[d.name] ?? 0;
    this.inheritedToAsk = mode === 'attach';
  }

  private options(): number {
    const base =
      PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT;
    const seccomp = this.seccomp !== null ? PTRACE_O_TRACESECCOMP : 0;
    return this.mode === 'launch' ? base | seccomp | PTRACE_O_EXITKILL : base;
  }

  /** Keeps the progress line off the program's output on the terminal. */
  guardTerminal(guard: TerminalGuard): void {
    this.guard = guard;
  }

  /** Seizes the launcher shell (held at its gate, or stopped) and lets it run on to the target's execve. */
  seizeLaunched({ pid, targetExec, release }: Launched): void {
    this.execs = new LauncherExecs(targetExec);
    for (const until = Date.now() + SEIZE_WAIT_MS; ; ) {
      try {
        ptrace.seize(pid, this.options());
        break;
      } catch (e) {
        if (!(e instanceof ErrnoError && e.errno === EPERM) || Date.now() >= until) throw e;
        Atomics.wait(this.pause, 0, 0, 1);
      }
    }
    this.rootPid = pid;
    this.addThread(pid, pid, process.pid);
    this.controls?.launcher(pid);
    release();
  }

  /** Seizes every thread of a running process and interrupts them so that tracing starts now. */
  attach(pid: number): void {
    this.rootPid = pid;
    const ppid = readStatusField(pid, 'PPid') ?? 0;
    for (let round = 0; round < 10; round++) {
      let added = 0;
      for (const name of readdirSync(`/proc/${pid}/task`)) {
        const tid = Number(name);
        if (this.threads.has(tid)) continue;
        try {
          ptrace.seize(tid, this.options());
        } catch (e) {
          if (e instanceof ErrnoError && e.errno === ESRCH && tid !== pid) continue; // a thread that just ended
          throw e;
        }
        libc.ptraceInt(PTRACE_INTERRUPT, tid, 0, 0);
        this.addThread(tid, pid, ppid);
        added++;
      }
      if (added === 0) break;
    }
    this.hooks.started(pid);
  }

  private addThread(tid: number, pid: number, ppid: number, claimed = true): Thread {
    const t: Thread = { tid, pid, ppid, announced: false, claimed, inSyscall: this.mode === 'attach' ? null : false, i386: false };
    this.threads.set(tid, t);
    this.live++;
    return t;
  }

  private thread(tid: number): Thread {
    const known = this.threads.get(tid);
    if (known) return known;
    // A new tracee can report before its parent's fork/clone event does.
    const pid = readStatusField(tid, 'Tgid') ?? tid;
    return this.addThread(tid, pid, readStatusField(pid, 'PPid') ?? 0, false);
  }

  private announce(t: Thread): void {
    t.announced = true;
    this.enc.thread(t.tid, t.pid, t.ppid);
  }

  run(): TraceOutcome {
    const st = this.status;
    // strace -c's system time per syscall: wait4's rusage of the stopped thread group, kept with each stop
    const rusage = Buffer.alloc(RUSAGE_SIZE);
    const ru = new DataView(rusage.buffer, rusage.byteOffset, RUSAGE_SIZE);
    this.lastFlush = this.clock();
    while (this.live > 0) {
      const stop = Atomics.load(this.control, Control.Stop);
      if (stop !== 0 && this.stopping === 0) this.beginStopping(stop);
      const tid = libc.wait4(-1, st, __WALL, rusage);
      if (tid < 0) {
        const e = errno();
        if (e === EINTR) continue;
        if (e === ECHILD) break;
        throw new Error(`wait4: errno ${e}`);
      }
      if (tid === this.wakerPid) continue;
      if (this.schedule !== null && tid === this.schedule.tickerPid) {
        this.schedule.tick(st[0]);
        continue;
      }
      const ts = this.clock();
      this.enc.stimeNs = ru.getUint32(rusageOffset.stimeSec, true) * 1e9 + ru.getUint32(rusageOffset.stimeUsec, true) * 1e3;
      this.handle(tid, st[0], ts);
      this.schedule?.settle();
      if (!this.launching && (this.enc.length >= this.flushBytes || ts - this.lastFlush > MAX_BATCH_AGE_NS)) this.flush(ts);
    }
    this.schedule?.close();
    return { rootStatus: this.rootStatus, launchFailed: this.launching };
  }

  private flush(ts: number): void {
    this.hooks.flush();
    this.lastFlush = ts;
  }

  private beginStopping(reason: number): void {
    this.stopping = reason;
    if (this.mode === 'launch') {
      for (const t of this.threads.values()) libc.kill(t.pid, SIGKILL);
      return;
    }
    this.detaching = true;
    for (const t of this.threads.values()) libc.ptraceInt(PTRACE_INTERRUPT, t.tid, 0, 0);
  }

  /** `intoKernel`: resumed from a stop inside a syscall (its entry, or an event during it), not into user code. */
  private resume(t: Thread, sig: number, intoKernel = false): void {
    if (!this.detaching) {
      if (this.filtered) libc.ptraceInt(t.inSyscall === true ? PTRACE_SYSCALL : PTRACE_CONT, t.tid, 0, sig);
      else if (this.schedule === null || intoKernel) libc.ptraceInt(PTRACE_SYSCALL, t.tid, 0, sig);
      else this.schedule.resumeUser(t.tid, sig);
      return;
    }
    libc.ptraceInt(PTRACE_DETACH, t.tid, 0, sig);
    this.threads.delete(t.tid);
    this.live--;
  }

  private handle(tid: number, s: number, ts: number): void {
    const enc = this.enc;
    if (!WIFSTOPPED(s)) {
      const t = this.threads.get(tid);
      if (!t) return; // not ours (a launcher child, or reaped after detaching)
      if (!this.launching) {
        if (!t.announced) this.announce(t);
        enc.stop(StopKind.Exit, t.pid, tid, ts, -1, WIFSIGNALED(s) ? WTERMSIG(s) : 0, 0, 0, s, null, null);
      }
      this.threads.delete(tid);
      this.schedule?.gone(tid);
      if (!t.claimed) this.endedUnclaimed.add(tid);
      this.affinity?.forget(tid);
      this.controls?.forget(tid);
      this.live--;
      if (tid === this.rootPid) this.rootStatus = s;
      if (this.guard !== null) {
        if (t.terminalWrite) this.guard.afterWrite();
        if (tid === t.pid) this.guard.forget(t.pid);
      }
      return;
    }
    const t = this.thread(tid);
    this.schedule?.stopped(tid);
    const sig = WSTOPSIG(s);
    const event = s >>> 16;
    if (this.launching && tid === this.rootPid && this.execs.stop(event === PTRACE_EVENT_EXEC)) this.launched(t);
    if (sig === (SIGTRAP | 0x80)) return this.syscallStop(t, ts);
    if (event === PTRACE_EVENT_SECCOMP) return this.syscallStop(t, ts, true);
    if (event === 0) {
      const ok = libc.ptracePtr(PTRACE_GETSIGINFO, tid, 0, this.siginfo) === 0;
      const regs = this.getRegs(tid);
      const verdict = this.schedule !== null && ok && regs !== null && !this.launching ? this.schedule.signalStop(tid, sig, this.siginfo, regs) : SignalVerdict.Deliver;
      if (!this.launching) {
        if (!t.announced) this.announce(t);
        if (verdict === SignalVerdict.Hold) {
          enc.stop(StopKind.Event, t.pid, tid, ts, -1, sig, ScheduleEvent.SignalHeld, 0, 0, regs, this.siginfo);
          return this.resume(t, 0);
        }
        enc.stop(StopKind.Signal, t.pid, tid, ts, -1, sig, 0, 0, 0, regs, ok ? this.siginfo : null);
        if (verdict === SignalVerdict.DeliverHeld) enc.signalDelivery(sig, this.schedule!.lastAsync);
      }
      // --replayable: a trapped rdtsc/rdtscp/cpuid is answered (and recorded after its stop), never delivered
      const answered = sig === SIGSEGV && ok && regs !== null && this.controls !== null && this.controls.answerFault(tid, regs, this.siginfo, !this.launching);
      return this.resume(t, answered ? 0 : sig);
    }
    if (event === PTRACE_EVENT_STOP) {
      if (STOP_SIGNALS.has(sig)) {
        if (!this.launching) {
          if (!t.announced) this.announce(t);
          enc.stop(StopKind.GroupStop, t.pid, tid, ts, -1, sig, 0, 0, 0, this.getRegs(tid), null);
        }
        if (this.detaching) return this.resume(t, 0);
        libc.ptraceInt(PTRACE_LISTEN, tid, 0, 0);
        return;
      }
      const preempted = this.schedule !== null && this.schedule.preempted(tid);
      const spin = preempted && !this.launching ? spinCheck(t.pid, tid, this.spinMemory) : null;
      if (spin !== null && (spin.kind === 'gone' || ((spin.kind === 'stops' || spin.kind === 'computes') && this.schedule!.computeOn(tid, spin.kind === 'stops')))) return;
      if (!this.launching) {
        if (!t.announced) this.announce(t);
        if (preempted) enc.stop(StopKind.Event, t.pid, tid, ts, -1, 0, ScheduleEvent.Preempt, 0, 0, this.getRegs(tid), null);
        else enc.stop(StopKind.Event, t.pid, tid, ts, -1, sig, event, 0, 0, null, null);
      }
      // a signal or its end came while it was stepped: that stop, after the preemption
      if (spin?.kind === 'other') return this.handle(tid, spin.status, ts);
      return this.resume(t, 0);
    }
    libc.ptracePtr(PTRACE_GETEVENTMSG, tid, 0, this.msg);
    const msg = this.msg.readUInt32LE(0) + this.msg.readUInt32LE(4) * TWO32;
    if (event === PTRACE_EVENT_FORK || event === PTRACE_EVENT_VFORK || event === PTRACE_EVENT_CLONE) {
      this.claim(msg, event === PTRACE_EVENT_CLONE ? null : msg, t.pid);
      this.affinity?.inherit(tid, msg);
    } else if (event === PTRACE_EVENT_EXEC) {
      this.exec(t, msg);
    } else if (event === PTRACE_EVENT_EXIT && !this.launching) {
      this.readMaps(t.pid);
    }
    if (!this.launching) {
      if (!t.announced) this.announce(t);
      const regs = this.getRegs(tid);
      enc.stop(StopKind.Event, t.pid, tid, ts, -1, 0, event, msg, 0, regs, null);
      if (event === PTRACE_EVENT_EXEC) {
        this.readAuxv(t.pid);
        this.controls?.exec(t.pid, regs);
      }
    }
    // A thread's end clears its CLONE_CHILD_CLEARTID word and wakes its joiner: with the token, so
    // that a joiner sees the word as the recorded order of stops says (see SERIAL_IN_KERNEL).
    if (event === PTRACE_EVENT_EXIT && this.schedule !== null && !this.detaching && !this.launching) return this.schedule.resumeUser(tid, 0, true);
    return this.resume(t, 0, true);
  }

  /** The creator's event for a new tracee, which may have reported (or even ended) before it. */
  private claim(tid: number, pid: number | null, ppid: number): void {
    const known = this.threads.get(tid);
    if (known) known.claimed = true;
    else if (!this.endedUnclaimed.delete(tid)) this.addThread(tid, pid ?? readStatusField(tid, 'Tgid') ?? tid, ppid);
  }

  private exec(t: Thread, formerTid: number): void {
    if (formerTid !== t.tid && this.threads.delete(formerTid)) {
      this.live--;
      this.schedule?.gone(formerTid);
    }
  }

  /** The shell execs env (or setpriv, which execs env), env execs the target: the recording starts there. */
  private launched(t: Thread): void {
    this.launching = false;
    this.inheritedToAsk = true;
    this.hooks.started(t.pid);
  }

  /** The registers at a stop that is not a syscall stop (rare: signals, events), null if gone. */
  private getRegs(tid: number): Buffer | null {
    return libc.ptracePtr(PTRACE_GETREGS, tid, 0, this.regs) === 0 ? this.regs : null;
  }

  /**
   * Entry or exit? At an entry stop the kernel has set rax to -ENOSYS, so any other rax is an
   * exit. rax = -ENOSYS is an entry unless the thread is inside a syscall (one that returned
   * ENOSYS, or tracing began mid-syscall): only then is PTRACE_GET_SYSCALL_INFO asked, saving a
   * ptrace request on almost every stop without ever mistaking one stop for the other.
   */
  private isEntry(t: Thread): boolean {
    if (this.regsView.getInt32(syscallRegs.ret + 4, true) !== -1 || this.regsView.getInt32(syscallRegs.ret, true) !== -ENOSYS) return false;
    if (t.inSyscall === false) return true;
    libc.ptracePtr(PTRACE_GET_SYSCALL_INFO, t.tid, SYSCALL_INFO_SIZE, this.info);
    return this.info[0] === PTRACE_SYSCALL_INFO_ENTRY;
  }

  /** `seccomp`: a PTRACE_EVENT_SECCOMP stop, which is a selected call's entry. */
  private syscallStop(t: Thread, ts: number, seccomp = false): void {
    const tid = t.tid;
    if (libc.ptracePtr(PTRACE_GETREGS, tid, 0, this.regs) !== 0) return; // killed meanwhile
    const entry = seccomp || this.isEntry(t);
    t.inSyscall = entry;
    const v = this.regsView;
    if (this.controls !== null) {
      if (entry && this.controls.inject(tid, this.regs)) {
        t.inSyscall = false; // back before its syscall instruction
        return this.resume(t, 0);
      }
      if (!entry && !this.launching) this.controls.answerRseq(tid, this.regs);
    }
    if (entry) t.i386 = !isSyscallInstruction(v);
    const nr = v.getInt32(syscallRegs.nr, true);
    if (entry && this.controls !== null && !this.launching && !t.i386) this.controls.skipRseq(tid, nr, this.regs);
    if (this.launching) {
      if (!entry || t.i386 || (nr !== NR_EXECVE && nr !== NR_EXECVEAT)) return this.resume(t, 0, entry);
      if (this.seccomp !== null && !this.filtered && tid === this.rootPid && this.execs.beforeTarget) return this.installFilter(t);
      this.enc.truncate(0); // only the last execve entry before the target's exec is kept
    }
    if (t.i386) return this.i386Stop(t, ts, entry, nr);
    const args = this.args;
    const lo = this.argsLo;
    for (let i = 0; i < 6; i++) {
      const off = syscallRegs.args[i];
      lo[i] = v.getUint32(off, true);
      args[i] = lo[i] + v.getUint32(off + 4, true) * TWO32;
    }
    const ret = entry ? 0 : v.getInt32(syscallRegs.ret + 4, true) * TWO32 + v.getUint32(syscallRegs.ret, true);
    if (!t.announced && !this.launching) this.announce(t);
    if (!entry && this.affinity !== null && (nr === NR_SCHED_GETAFFINITY || nr === NR_SCHED_SETAFFINITY)) this.virtualAffinity(tid, nr, args, ret);
    this.enc.stop(entry ? StopKind.SyscallEntry : StopKind.SyscallExit, t.pid, tid, ts, nr, 0, 0, 0, 0, this.regs, null);
    this.capturer.capture(tid, !entry, nr, args, lo, ret);
    if (this.inheritedToAsk && !this.launching) {
      this.inheritedToAsk = false;
      this.details.inherited(tid, t.pid);
    }
    // a task's own comm at its first syscall stop (the first process's: the launcher's, at the target's execve entry)
    if (this.launching ? entry && nr === NR_EXECVE : t.named !== true) {
      t.named = !this.launching;
      this.comm(tid);
    }
    if (nr >= 0) this.namedPids(entry, nr, lo, ret);
    if (entry && this.filtered && !this.launching && nr >= 0 && this.fdArgs[nr] !== undefined) for (const i of this.fdArgs[nr]!) if ((lo[i] | 0) >= 0) this.fdName(t, lo[i] | 0);
    if (this.schedule !== null) this.scheduleAt(tid, entry);
    if (!entry && this.controls !== null) this.controls.afterExit(tid, t.pid, nr, lo, ret);
    if (!entry && ret >= 0 && nr >= 0 && this.makesFds[nr] !== undefined) this.fdNames(t, this.makesFds[nr]!, args, ret, nr === NR_ACCEPT || nr === NR_ACCEPT4);
    if (!entry && nr >= 0 && this.socketChange[nr] !== 0 && (lo[0] | 0) >= 0) this.details.afterSocketCall(tid, t.pid, lo[0] | 0, this.socketChange[nr]);
    if (entry && this.mayWait[nr] === 1 && ts - this.lastFlush > IDLE_FLUSH_NS && !this.launching) this.flush(ts);
    if (this.guard !== null && !this.launching) this.terminalWrite(t, entry, nr);
    if (entry && this.schedule !== null && !this.detaching && this.serialInKernel[nr] === 1) return this.schedule.resumeUser(t.tid, 0, true);
    this.resume(t, 0, entry);
  }

  /**
   * At the launcher's first execve toward the target: the filter goes in, and the execve is made
   * again under it (its entry then stops only if it is selected).
   */
  private installFilter(t: Thread): void {
    this.enc.truncate(0); // the launcher's execve entries kept so far are not the target's
    installSeccompFilter(t.tid, this.regs, this.seccomp!);
    this.filtered = true;
    t.inSyscall = false;
    this.resume(t, 0);
  }

  /** A syscall stop is a sync point: where the thread's held signals are sent again. */
  private scheduleAt(tid: number, entry: boolean): void {
    if (entry) this.schedule!.syscallEntry(tid);
    else this.schedule!.syscallExit(tid, this.regs);
  }

  /**
   * An i386 call's stop (int $0x80): recorded with its registers like any other and marked as
   * such; its memory is read by the i386 plan at the addresses the kernel uses (the arguments'
   * low 32 bits). The descriptors it makes are named and the CPU mask it reads is virtualized as
   * an x86_64 call's are (socketcall's descriptors: its subcall's); terminal writes are not
   * guarded.
   */
  private i386Stop(t: Thread, ts: number, entry: boolean, nr: number): void {
    const v = this.regsView;
    const args = this.args;
    const lo = this.argsLo;
    for (let i = 0; i < 6; i++) args[i] = lo[i] = v.getUint32(i386SyscallArgs[i], true);
    const ret = entry ? 0 : v.getInt32(syscallRegs.ret + 4, true) * TWO32 + v.getUint32(syscallRegs.ret, true);
    if (!t.announced) this.announce(t);
    if (!entry && this.affinity !== null && (nr === NR_I386_SCHED_GETAFFINITY || nr === NR_I386_SCHED_SETAFFINITY)) {
      this.virtualAffinity(t.tid, nr === NR_I386_SCHED_GETAFFINITY ? NR_SCHED_GETAFFINITY : NR_SCHED_SETAFFINITY, args, ret);
    }
    this.enc.stop(entry ? StopKind.SyscallEntry : StopKind.SyscallExit, t.pid, t.tid, ts, nr, 0, 0, 0, 0, this.regs, null, true);
    this.capturer.capture(t.tid, !entry, nr, args, lo, ret, true);
    if (!entry) {
      const sub = nr === NR_I386_SOCKETCALL ? this.capturer.socketcallArgs(t.tid, args) : null;
      const made = sub !== null ? newDescriptors[sub.name] : this.makesFdsI386[nr];
      if (ret >= 0 && made !== undefined) this.fdNames(t, made, sub !== null ? sub.args : args, ret, sub !== null ? sub.name.startsWith('accept') : nr === NR_I386_ACCEPT4);
      // bind, connect, listen and the sends, direct or through socketcall, as on x86_64
      const change = sub !== null ? (SOCKET_CHANGE[sub.name] ?? 0) : (this.socketChangeI386[nr] ?? 0);
      const fd = (sub !== null ? sub.args[0] : lo[0]) | 0;
      if (change !== 0 && fd >= 0) this.details.afterSocketCall(t.tid, t.pid, fd, change);
    }
    if (this.schedule !== null) this.scheduleAt(t.tid, entry);
    this.resume(t, 0, entry);
  }

  /** Before the exit stop is recorded: the program sees (and the recording keeps) the mask it would have untraced. */
  private virtualAffinity(tid: number, nr: number, args: Float64Array, ret: number): void {
    const pid = this.argsLo[0] | 0; // pid_t
    const target = pid === 0 ? tid : pid;
    if (!this.threads.has(target)) return; // a process we do not trace sees its real mask
    if (nr === NR_SCHED_GETAFFINITY && ret > 0) this.affinity!.afterGet(tid, target, args[2], ret);
    else if (nr === NR_SCHED_SETAFFINITY && ret === 0) this.affinity!.afterSet(target);
  }

  private terminalWrite(t: Thread, entry: boolean, nr: number): void {
    const g = this.guard!;
    if (entry) {
      if (g.writes[nr] === 1) t.terminalWrite = g.beforeWrite(t.tid, t.pid, nr, this.args);
      return;
    }
    if (t.terminalWrite) {
      t.terminalWrite = false;
      g.afterWrite();
    }
    if (g.renumbers[nr] === 1) g.forget(t.pid);
  }

  /** What the descriptors a syscall just made refer to, as /proc names them (strace -y's names). */
  /** `accepted`: by accept or accept4 (FdDetailReader asks about a unix peer again). */
  private fdNames(t: Thread, made: NewDescriptors, args: Float64Array, ret: number, accepted = false): void {
    if (!makesDescriptors(made, (i) => args[i])) return;
    if (made.at === 'ret') return this.fdName(t, ret, accepted);
    const fds = made.at === 'pair' ? this.capturer.readFdPair(t.tid, args[made.arg]) : this.capturer.readReceivedFds(t.tid, args[made.arg]);
    if (fds) for (const fd of fds) this.fdName(t, fd);
  }

  /** The processes a call names that are not traced: their comm now, for trace-q -Y (kill(1, 0) prints 1<systemd>). */
  private namedPids(entry: boolean, nr: number, lo: Uint32Array, ret: number): void {
    if (!entry) {
      if (this.pidReturns[nr] === 1 && ret > 0 && !this.threads.has(ret)) this.comm(ret);
      return;
    }
    const named = this.pidArgs[nr];
    if (named !== undefined) for (const pid of named(lo)) if (pid > 0 && !this.threads.has(pid)) this.comm(pid);
  }

  /** /proc/PID/comm without the newline the kernel adds; nothing when there is no such task. */
  private comm(pid: number): void {
    try {
      const c = readFileSync(`/proc/${pid}/comm`);
      this.enc.blob(RecordType.Comm, pid, c.at(-1) === 0x0a ? c.subarray(0, -1) : c);
    } catch {
      // no such task
    }
  }

  private fdName(t: Thread, fd: number, accepted = false): void {
    let target: Buffer;
    try {
      target = readlinkSync(`/proc/${t.tid}/fd/${fd}`, { encoding: 'buffer' });
    } catch {
      return; // closed by another thread already
    }
    this.enc.blob(RecordType.FdName, fd, target);
    this.details.named(t.tid, t.pid, fd, target, accepted);
  }

  private readAuxv(pid: number): void {
    try {
      this.enc.blob(RecordType.Auxv, pid, readFileSync(`/proc/${pid}/auxv`));
    } catch {
      // the process is gone; nothing to record
    }
  }

  /** The files a process has mapped, read once per process just before it exits. */
  private readMaps(pid: number): void {
    if (this.mapsRead.has(pid)) return;
    this.mapsRead.add(pid);
    try {
      // NUL-separated: a file name holds any byte but NUL
      const names = mappedFileNames(readFileSync(`/proc/${pid}/maps`));
      this.enc.blob(RecordType.Maps, pid, Buffer.concat(names.flatMap((n) => [n, NUL])));
    } catch {
      // the process is gone
    }
  }
}

function readStatusField(pid: number, field: string): number | null {
  try {
    const m = new RegExp(`^${field}:\\s*(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
