import { readFileSync } from 'node:fs';
import { regOffset, REGS_SIZE, syscallTable, PTRACE_SETREGS } from '@tracedb/native';
import { libc } from '@tracedb/native/libc';
import { FAULT_CPUID, isTrapFault, TRAP_TSC, cpuidAt, cpuidQuery, emulateCpuid, emulateTsc, hideVdso, hostCpuid, injectSyscall, readAtRandom, traceeCpu, tscInstructionAt } from '@tracedb/native/tracee';
import { RecordType } from '../stream/stop-stream.js';
import { CPUID_NO_DRIVER, CPUID_TRAPPED, intendedReplayable } from '../replayable-options.js';
import type { ReplayableOptions } from '../replayable-options.js';
import { MappedFiles } from './mapped-files.js';
import type { StopEncoder } from './stop-encoder.js';

const numberOf = (name: string): number => syscallTable.find((d) => d.name === name)!.nr;
const NR_PERSONALITY = numberOf('personality');
const NR_MMAP = numberOf('mmap');
const NR_RSEQ = numberOf('rseq');
const ADDR_NO_RANDOMIZE = 0x0040000;
const ENOSYS = 38;

interface Injection {
  readonly nr: number;
  readonly args: (tid: number) => number[];
  readonly done: (result: bigint) => void;
}

/**
 * The tracer's side of --replayable: it injects personality(ADDR_NO_RANDOMIZE) and
 * prctl(PR_SET_TSC, PR_TSC_SIGSEGV) into the launcher before the program runs (both survive
 * exec); at each exec it hides the vDSO, reads AT_RANDOM, hashes the files the kernel mapped and
 * makes cpuid fault again; it answers the trapped rdtsc/rdtscp/cpuid and records the answers,
 * hashes (and copies) the files the program mmaps, and answers rseq with ENOSYS (the kernel
 * would otherwise write the CPU number into the program's memory behind every syscall).
 */
export class ReplayControls {
  private readonly queue = new Map<number, Injection[]>();
  private readonly skipped = new Set<number>();
  private lastTsc = 0n;
  private readonly scratch = Buffer.alloc(REGS_SIZE);
  readonly outcome: ReplayableOptions;
  /** cpuid is made to fault only where trace-rec can answer it (the kernel's cpuid driver is there). */
  private readonly cpuidFaulting: boolean;
  private readonly files: MappedFiles;

  constructor(
    private readonly enc: StopEncoder,
    private readonly reported: (o: ReplayableOptions) => void,
    trapCpuid: boolean,
  ) {
    this.files = new MappedFiles(enc);
    this.outcome = intendedReplayable(trapCpuid);
    this.cpuidFaulting = trapCpuid && hostCpuid(libc.sched_getcpu(), 0, 0) !== null;
    if (trapCpuid && !this.cpuidFaulting) this.outcome.cpuid = CPUID_NO_DRIVER;
  }

  /** The launcher shell, seized and not yet run: what it must do before it execs anything. */
  launcher(pid: number): void {
    const errno = (r: bigint): string => `failed (errno ${-r})`;
    this.queue.set(pid, [
      {
        nr: NR_PERSONALITY,
        args: (tid) => [currentPersonality(tid) | ADDR_NO_RANDOMIZE],
        done: (r) => {
          if (r < 0n) this.outcome.aslr = `on: personality ${errno(r)}`;
        },
      },
      {
        nr: TRAP_TSC.nr,
        args: () => [...TRAP_TSC.args],
        done: (r) => {
          if (r < 0n) this.outcome.tsc = `not trapped: prctl(PR_SET_TSC) ${errno(r)}`;
          this.reported(this.outcome);
        },
      },
    ]);
  }

  /**
   * At a syscall-entry stop (`regs` read there): runs what is queued for the thread, one call
   * per entry stop. True when it did: the thread is back before its syscall instruction, to be
   * resumed, and this stop is not the program's.
   */
  inject(tid: number, regs: Buffer): boolean {
    const queue = this.queue.get(tid);
    if (queue === undefined) return false;
    const next = queue.shift()!;
    if (queue.length === 0) this.queue.delete(tid);
    const r = injectSyscall(tid, regs, next.nr, next.args(tid));
    next.done(r ?? -3n /* ESRCH */);
    return true;
  }

  /** At rseq's entry: the kernel is told to skip it (the stop itself is recorded as the program made it). */
  skipRseq(tid: number, nr: number, regs: Buffer): void {
    if (nr !== NR_RSEQ) return;
    const r = this.scratch;
    regs.copy(r);
    r.writeBigInt64LE(-1n, regOffset.orig_rax);
    if (libc.ptracePtr(PTRACE_SETREGS, tid, 0, r) === 0) this.skipped.add(tid);
  }

  /** At a syscall's exit stop (recorded): a file mmap has its file hashed (and copied). */
  afterExit(tid: number, pid: number, nr: number, argsLo: Uint32Array, ret: number): void {
    if (nr === NR_MMAP) this.files.mmap(tid, pid, argsLo, ret);
  }

  /** At the exit stop of a skipped rseq: it returns -ENOSYS, and `regs` say so with rseq's number. */
  answerRseq(tid: number, regs: Buffer): void {
    if (!this.skipped.delete(tid)) return;
    regs.writeBigInt64LE(BigInt(NR_RSEQ), regOffset.orig_rax);
    regs.writeBigInt64LE(BigInt(-ENOSYS), regOffset.rax);
    libc.ptracePtr(PTRACE_SETREGS, tid, 0, regs);
  }

  /**
   * At the exec event: the new image gets no vDSO, its AT_RANDOM bytes go to the recording, and
   * cpuid faulting (which execve reset) is set again at its first syscall: measured here, ld.so
   * reads the CPU's features with cpuid after its first syscall (brk), so those are trapped too.
   */
  exec(pid: number, regs: Buffer | null): void {
    if (regs === null) return;
    const rsp = Number(regs.readBigUInt64LE(regOffset.rsp));
    hideVdso(pid, rsp);
    const random = readAtRandom(pid, rsp);
    if (random) this.enc.blob(RecordType.AtRandom, pid, random);
    this.files.exec(pid);
    if (!this.cpuidFaulting) return;
    this.queue.set(pid, [
      {
        nr: FAULT_CPUID.nr,
        args: () => [...FAULT_CPUID.args],
        done: (r) => {
          if (r >= 0n || this.outcome.cpuid !== CPUID_TRAPPED) return;
          this.outcome.cpuid = `not trapped: arch_prctl(ARCH_SET_CPUID) failed (errno ${-r})`;
          this.reported(this.outcome);
        },
      },
    ]);
  }

  /**
   * A SIGSEGV stop (`regs` and `siginfo` read there; left as they are): when the kernel sent it
   * for a trapped rdtsc, rdtscp or cpuid, the thread is given what the instruction would have
   * given and set past it, and the answer is recorded if `record` (after the stop itself). True:
   * answered, resume without the signal; false: a real SIGSEGV.
   */
  answerFault(tid: number, regs: Buffer, siginfo: Buffer, record: boolean): boolean {
    if (!isTrapFault(siginfo)) return false;
    const rip = Number(regs.readBigUInt64LE(regOffset.rip));
    const r = this.scratch;
    regs.copy(r);
    // the tracee's own CPU: the tracer's when pinned together (the default), any with --no-pin
    const cpu = Math.max(traceeCpu(tid), 0);
    const insn = tscInstructionAt(tid, rip);
    if (insn !== null) {
      // A counter that only goes up, from the monotonic clock (a 1 GHz TSC).
      const now = process.hrtime.bigint();
      this.lastTsc = now > this.lastTsc ? now : this.lastTsc + 1n;
      const aux = insn === 'rdtscp' ? cpu : null;
      emulateTsc(r, insn, this.lastTsc, aux ?? 0);
      if (libc.ptracePtr(PTRACE_SETREGS, tid, 0, r) !== 0) return false;
      if (record) this.enc.tscRead(this.lastTsc, aux);
      return true;
    }
    if (!this.cpuidFaulting || !cpuidAt(tid, rip)) return false;
    const { leaf, subleaf } = cpuidQuery(regs);
    const result = hostCpuid(cpu, leaf, subleaf);
    if (result === null) return false;
    emulateCpuid(r, result);
    if (libc.ptracePtr(PTRACE_SETREGS, tid, 0, r) !== 0) return false;
    if (record) this.enc.cpuidRead(leaf, subleaf, result);
    return true;
  }

  forget(tid: number): void {
    this.queue.delete(tid);
    this.skipped.delete(tid);
  }
}

function currentPersonality(pid: number): number {
  try {
    return parseInt(readFileSync(`/proc/${pid}/personality`, 'utf8'), 16) || 0;
  } catch {
    return 0;
  }
}
