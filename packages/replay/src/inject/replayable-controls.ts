import type BetterSqlite3 from 'better-sqlite3';
import { regOffset, PTRACE_GETSIGINFO, PTRACE_SETREGS, SIGINFO_SIZE } from '@tracedb/native';
import { libc } from '@tracedb/native/libc';
import { cpuidAt, cpuidQuery, emulateCpuid, emulateTsc, FAULT_CPUID, hideVdso, hostCpuid, injectSyscall, isTrapFault, TRAP_TSC, traceeCpu, tscInstructionAt, writeAtRandom } from '@tracedb/native/tracee';
import type { CpuidResult, Injection } from '@tracedb/native/tracee';
import type { ReplayControls } from './replay-controls.js';

const SIGSEGV = 11;

interface Answers<T> {
  readonly byTid: Map<number, T[]>;
  readonly next: Map<number, number>;
}

/** What the recording says was in force (recording.options.replayable), as trace-rec wrote it. */
interface InForce {
  readonly vdso?: string;
  readonly tsc?: string;
  readonly cpuid?: string;
}

/**
 * The replay's side of trace-rec --replayable, with the same tracee controls the recorder used:
 * the launcher gets prctl(PR_SET_TSC, PR_TSC_SIGSEGV) before the program runs; each exec gets
 * its vDSO hidden, its recorded AT_RANDOM bytes, and cpuid faulting again at its first syscall;
 * each trapped rdtsc/rdtscp/cpuid is answered with the value the recording gave that thread at
 * that point (its next one, in order).
 */
export class ReplayableControls implements ReplayControls {
  private readonly tsc: Answers<{ tsc: bigint; aux: number }>;
  private readonly cpuid: Answers<CpuidResult>;
  private readonly atRandom: BetterSqlite3.Statement;
  private readonly pending = new Map<number, Injection[]>();
  private readonly siginfo = Buffer.alloc(SIGINFO_SIZE);
  private launcherDone = false;

  constructor(
    db: BetterSqlite3.Database,
    private readonly inForce: InForce,
  ) {
    const has = (t: string): boolean => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t) !== undefined;
    this.tsc = answers(has('tsc_reads') ? db.prepare('SELECT s.tid, r.tsc, r.aux FROM tsc_reads r JOIN stops s USING (seq) ORDER BY r.seq').safeIntegers(true).all() : [], (r) => ({
      tsc: BigInt(r.tsc as bigint),
      aux: Number((r.aux as bigint | null) ?? 0n),
    }));
    this.cpuid = answers(has('cpuid_reads') ? db.prepare('SELECT s.tid, r.eax, r.ebx, r.ecx, r.edx FROM cpuid_reads r JOIN stops s USING (seq) ORDER BY r.seq').safeIntegers(true).all() : [], (r): CpuidResult => [Number(r.eax as bigint), Number(r.ebx as bigint), Number(r.ecx as bigint), Number(r.edx as bigint)]);
    this.atRandom = db.prepare('SELECT at_random FROM execs WHERE seq = ?');
  }

  atLauncherEntry(tid: number, regs: Buffer): boolean {
    if (this.launcherDone || this.inForce.tsc !== 'trapped') return false;
    this.launcherDone = true;
    injectSyscall(tid, regs, TRAP_TSC.nr, TRAP_TSC.args);
    return true;
  }

  afterExec(tid: number, _recTid: number, execSeq: number | null, regs: Buffer): void {
    const rsp = Number(regs.readBigUInt64LE(regOffset.rsp));
    if (this.inForce.vdso === 'hidden') hideVdso(tid, rsp);
    const row = execSeq === null ? undefined : (this.atRandom.get(execSeq) as { at_random: Buffer | null } | undefined);
    if (row?.at_random) writeAtRandom(tid, rsp, row.at_random);
    if (this.inForce.cpuid === 'trapped') this.pending.set(tid, [FAULT_CPUID]);
  }

  atEntry(tid: number, regs: Buffer): boolean {
    const queue = this.pending.get(tid);
    if (queue === undefined) return false;
    const next = queue.shift()!;
    if (queue.length === 0) this.pending.delete(tid);
    injectSyscall(tid, regs, next.nr, next.args);
    return true;
  }

  claimsEntry(tid: number): boolean {
    return this.pending.has(tid);
  }

  onSignal(tid: number, recTid: number, sig: number, regs: Buffer): boolean {
    // more than were recorded: the program gets its SIGSEGV, and the replay names it
    return this.answerFault(tid, sig, regs, () => take(this.tsc, recTid), () => take(this.cpuid, recTid));
  }

  /**
   * The launcher's programs (setarch, env) run with rdtsc trapped too (the setting is inherited),
   * and the recording has none of theirs: they get the clock and the CPU's own answers, as
   * trace-rec gave them.
   */
  atLauncherSignal(tid: number, sig: number, regs: Buffer): boolean {
    const cpu = Math.max(traceeCpu(tid), 0);
    return this.answerFault(
      tid,
      sig,
      regs,
      () => ({ tsc: process.hrtime.bigint(), aux: cpu }),
      () => {
        const { leaf, subleaf } = cpuidQuery(regs);
        return hostCpuid(cpu, leaf, subleaf);
      },
    );
  }

  private answerFault(tid: number, sig: number, regs: Buffer, tsc: () => { tsc: bigint; aux: number } | null, cpuid: () => CpuidResult | null): boolean {
    if (sig !== SIGSEGV) return false;
    if (libc.ptracePtr(PTRACE_GETSIGINFO, tid, 0, this.siginfo) !== 0 || !isTrapFault(this.siginfo)) return false;
    const rip = Number(regs.readBigUInt64LE(regOffset.rip));
    const r = Buffer.from(regs);
    const insn = tscInstructionAt(tid, rip);
    if (insn !== null) {
      const a = tsc();
      if (a === null) return false;
      emulateTsc(r, insn, a.tsc, a.aux);
    } else if (cpuidAt(tid, rip)) {
      const a = cpuid();
      if (a === null) return false;
      emulateCpuid(r, a);
    } else return false;
    return libc.ptracePtr(PTRACE_SETREGS, tid, 0, r) === 0;
  }
}

function answers<T>(rows: unknown[], make: (r: Record<string, unknown>) => T): Answers<T> {
  const byTid = new Map<number, T[]>();
  for (const row of rows as Record<string, unknown>[]) {
    const tid = Number(row.tid as bigint);
    let list = byTid.get(tid);
    if (!list) byTid.set(tid, (list = []));
    list.push(make(row));
  }
  return { byTid, next: new Map() };
}

function take<T>(a: Answers<T>, recTid: number): T | null {
  const i = a.next.get(recTid) ?? 0;
  const v = a.byTid.get(recTid)?.[i];
  if (v === undefined) return null;
  a.next.set(recTid, i + 1);
  return v;
}
