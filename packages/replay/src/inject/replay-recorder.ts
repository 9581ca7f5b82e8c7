import { readFileSync, readlinkSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { makesDescriptors, newDescriptors, syscallRegs, syscallTable } from '@tracedb/native';
import type { NewDescriptors } from '@tracedb/native';
import { CapturePlan, RecordType, StopKind } from '@tracedb/recorder';
import { ArgumentCapturer, MemoryReader, StopEncoder } from '@tracedb/recorder/tracer';

const TWO32 = 0x1_0000_0000;

/** A tracee as the new recording names it (the recorded tid, pid and parent the program sees) and the live tid its memory is read through. */
export interface Who {
  readonly live: number;
  readonly tid: number;
  readonly pid: number;
  readonly ppid: number;
}
const FLUSH_BYTES = 1 << 18;

/**
 * --record-to: the stops of the replayed run, encoded as trace-rec encodes its own (StopEncoder,
 * ArgumentCapturer) and handed to the main thread's RecordingWriter in batches. Syscall stops are
 * taken with the registers and memory the program sees: an emulated call's exit after its
 * recorded outputs were written back.
 */
export class ReplayRecorder {
  private readonly enc = new StopEncoder();
  private readonly capturer: ArgumentCapturer;
  private readonly args = new Float64Array(6);
  private readonly lo = new Uint32Array(6);
  private readonly announced = new Set<number>();
  private readonly makesFds: (NewDescriptors | undefined)[] = [];
  private readonly t0 = performance.now();

  constructor(
    captureBytes: number,
    private readonly post: (buf: ArrayBuffer) => void,
  ) {
    this.capturer = new ArgumentCapturer(new CapturePlan(syscallTable), new MemoryReader(captureBytes + 8192), this.enc, captureBytes);
    for (const d of syscallTable) this.makesFds[d.nr] = newDescriptors[d.name];
  }

  private ts(): number {
    return Math.round((performance.now() - this.t0) * 1e6);
  }

  private announce(w: Who): void {
    if (this.announced.has(w.tid)) return;
    this.announced.add(w.tid);
    this.enc.thread(w.tid, w.pid, w.ppid);
  }

  /** `fdName`: what a descriptor the call made stands for, when the live one is a placeholder. */
  syscall(w: Who, exit: boolean, regs: Buffer, fdName: string | null = null): void {
    this.announce(w);
    const nr = Number(regs.readBigInt64LE(syscallRegs.nr));
    for (let i = 0; i < 6; i++) {
      const off = syscallRegs.args[i];
      this.lo[i] = regs.readUInt32LE(off);
      this.args[i] = this.lo[i] + regs.readUInt32LE(off + 4) * TWO32;
    }
    const ret = exit ? regs.readInt32LE(syscallRegs.ret + 4) * TWO32 + regs.readUInt32LE(syscallRegs.ret) : 0;
    this.enc.stop(exit ? StopKind.SyscallExit : StopKind.SyscallEntry, w.pid, w.tid, this.ts(), nr, 0, 0, 0, 0, regs, null);
    this.capturer.capture(w.live, exit, nr, this.args, this.lo, ret);
    const made = this.makesFds[nr];
    if (exit && ret >= 0 && made?.at === 'ret' && makesDescriptors(made, (i) => this.args[i])) {
      if (fdName !== null) this.enc.blob(RecordType.FdName, ret, Buffer.from(fdName));
      else this.fdName(w.live, ret);
    }
    this.maybeFlush();
  }

  /** An execve entry of the launcher: only the last one before the program's own exec is kept (as trace-rec does). */
  launchExecve(w: Who, regs: Buffer): void {
    this.enc.truncate(0);
    this.announced.clear();
    this.syscall(w, false, regs);
  }

  signal(w: Who, sig: number, regs: Buffer | null, siginfo: Buffer | null): void {
    this.announce(w);
    this.enc.stop(StopKind.Signal, w.pid, w.tid, this.ts(), -1, sig, 0, 0, 0, regs, siginfo);
  }

  groupStop(w: Who, sig: number): void {
    this.announce(w);
    this.enc.stop(StopKind.GroupStop, w.pid, w.tid, this.ts(), -1, sig, 0, 0, 0, null, null);
  }

  /** `msg`: the event's message with live tids already turned into recorded ones. */
  event(w: Who, event: number, msg: number, regs: Buffer | null): void {
    this.announce(w);
    this.enc.stop(StopKind.Event, w.pid, w.tid, this.ts(), -1, 0, event, msg, 0, regs, null);
    try {
      if (event === 4 /* PTRACE_EVENT_EXEC */) this.enc.blob(RecordType.Auxv, w.pid, readFileSync(`/proc/${w.live}/auxv`));
      if (event === 6 /* PTRACE_EVENT_EXIT */ && w.tid === w.pid) this.enc.blob(RecordType.Maps, w.pid, Buffer.from(JSON.stringify(mappedPaths(w.live))));
    } catch {
      // gone
    }
  }

  ended(w: Who, killedBy: number, status: number): void {
    this.announce(w);
    this.enc.stop(StopKind.Exit, w.pid, w.tid, this.ts(), -1, killedBy, 0, 0, status, null, null);
  }

  private fdName(tid: number, fd: number): void {
    try {
      this.enc.blob(RecordType.FdName, fd, readlinkSync(`/proc/${tid}/fd/${fd}`, { encoding: 'buffer' }));
    } catch {
      // closed meanwhile
    }
  }

  private maybeFlush(): void {
    if (this.enc.length >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.enc.length > 0) this.post(this.enc.take());
  }
}

/** The files a process has mapped (trace-rec's Maps record, for mapped_files). */
function mappedPaths(pid: number): string[] {
  const paths = new Set<string>();
  for (const line of readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
    const i = line.indexOf('/');
    if (i > 0 && !line.endsWith(' (deleted)')) paths.add(line.slice(i));
  }
  return [...paths];
}
