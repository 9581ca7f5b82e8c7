import type BetterSqlite3 from 'better-sqlite3';
import { syscallTable, unknownSyscallName } from '@tracedb/native';
// not the package's index: the replay thread would load all of trace-q (0.1 s) for one function
import { eventStops, notTrapped } from '@tracedb/query/stop-reader';
import { exact } from './exact-column.js';
import type { FedMemory } from './fed-memory.js';
import { MEMORY_CHUNK, chunkStatement, readChunk } from './memory-chunk.js';
import type { ChunkRows } from './memory-chunk.js';

/** One recorded syscall, as the replay expects it. */
export interface RecordedCall {
  readonly id: number;
  readonly pid: number;
  readonly tid: number;
  readonly nr: number;
  readonly name: string;
  /** Its six argument registers (made when asked for: most calls only need `argDiffers`). */
  readonly args: readonly bigint[];
  /** Argument `i`. */
  arg(i: number): bigint;
  /** null: it never returned. */
  readonly ret: bigint | null;
  readonly entrySeq: number | null;
  readonly exitSeq: number | null;
  readonly i386: boolean;
  /** Whether argument `i` differs from the 64-bit value at `off` in a register buffer, without making BigInts. */
  argDiffers(i: number, regs: Buffer, off: number): boolean;
  /** The same call with the result the program saw (see resolveRestarts). */
  withResult(ret: bigint | null, exitSeq: number | null): RecordedCall;
}

/** A signal the recording delivered to a thread, and where: after `pos` of the thread's calls. */
export interface RecordedSignal {
  readonly seq: number;
  readonly sig: number;
  readonly siginfo: Buffer | null;
  readonly pos: number;
  /**
   * Delivered where the thread was, in user space, not after a syscall: a held signal trace-rec
   * sent after a time slice without one (signal_deliveries.async), with the registers it had there.
   */
  readonly async?: { readonly regs: Buffer };
}

/**
 * A point where a serialized recording (issue 13) switched threads or delivered a signal without a
 * syscall boundary: a preemption of a thread in user space, or a signal marked asynchronous. The
 * replay cannot place these exactly without hardware counters.
 */
export interface UnsyncedStop {
  readonly seq: number;
  readonly tid: number;
  readonly kind: 'preemption' | 'async signal';
  /** The thread's registers there (user_regs_struct), when recorded. */
  readonly regs: Buffer | null;
}

/** A memory row: what an argument pointed to at one stop. */
export interface RecordedMemory {
  readonly arg: number;
  readonly part: number;
  readonly addr: bigint;
  readonly size: number;
  readonly data: Buffer | null;
  readonly truncated: boolean;
}

const MEMORY_CHUNKS_KEPT = 16;
const ERESTART_FIRST = -516n; // ERESTART_RESTARTBLOCK
const ERESTART_LAST = -512n; // ERESTARTSYS
const MAP_ANONYMOUS = 0x20n;
const OPENS = new Set(['open', 'openat', 'openat2', 'creat']);
const FORKS = new Set(['fork', 'vfork', 'clone', 'clone3']);

const names = new Map(syscallTable.map((d) => [d.nr, d.name]));

const EINTR = -4n;


const TWO32 = 0x1_0000_0000;

/**
 * The recording's argument registers, six per call, as doubles where one holds the value exactly
 * (every pointer and almost every other argument), the rest as BigInts beside: 40,000 calls read
 * without a BigInt or a boxed number each, which dominated reading a recording.
 */
class ArgStore {
  private values: Float64Array;
  private readonly inexact = new Map<number, bigint>();

  constructor(calls: number) {
    this.values = new Float64Array(Math.max(6, calls * 6));
  }

  /** Stores call `at`'s argument `i` as SQLite gave it: a number, or decimal text when a double cannot hold it. */
  set(at: number, i: number, v: number | string | null): void {
    const k = at * 6 + i;
    if (k >= this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    if (typeof v === 'string') {
      this.values[k] = NaN;
      this.inexact.set(k, BigInt.asUintN(64, BigInt(v)));
    } else this.values[k] = v ?? 0;
  }

  get(at: number, i: number): bigint {
    const k = at * 6 + i;
    const v = this.values[k];
    return Number.isNaN(v) ? this.inexact.get(k)! : BigInt.asUintN(64, BigInt(v));
  }

  differs(at: number, i: number, regs: Buffer, off: number): boolean {
    const v = this.values[at * 6 + i];
    if (Number.isNaN(v)) return this.get(at, i) !== regs.readBigUInt64LE(off);
    // a live value beyond 2^53 rounds to a double of magnitude 2^53 or more, never equal to an exact one
    return v !== regs.readInt32LE(off + 4) * TWO32 + regs.readUInt32LE(off);
  }
}

class Call implements RecordedCall {
  constructor(
    private readonly store: ArgStore,
    private readonly at: number,
    readonly id: number,
    readonly pid: number,
    readonly tid: number,
    readonly nr: number,
    readonly name: string,
    readonly ret: bigint | null,
    readonly entrySeq: number | null,
    readonly exitSeq: number | null,
    readonly i386: boolean,
  ) {}

  // not kept: 40,000 calls holding their arguments as BigInts would be what the store avoids
  get args(): readonly bigint[] {
    return [0, 1, 2, 3, 4, 5].map((i) => this.store.get(this.at, i));
  }

  arg(i: number): bigint {
    return this.store.get(this.at, i);
  }

  argDiffers(i: number, regs: Buffer, off: number): boolean {
    return this.store.differs(this.at, i, regs, off);
  }

  withResult(ret: bigint | null, exitSeq: number | null): RecordedCall {
    return new Call(this.store, this.at, this.id, this.pid, this.tid, this.nr, this.name, ret, this.entrySeq, exitSeq, this.i386);
  }
}

const NO_MEMORY: RecordedMemory[] = Object.freeze([]) as unknown as RecordedMemory[];

/**
 * A thread's calls as the program saw them. A call a signal interrupted shows ERESTART* at its
 * exit stop; what became of it shows in the calls that follow:
 * - a handler ran (a signal stop, its calls, rt_sigreturn) and rt_sigreturn gave back -EINTR:
 *   the program saw EINTR, so the call stays, returning EINTR;
 * - restart_syscall came (ERESTART_RESTARTBLOCK, no handler): it finished the call, whose result
 *   and output it supplies; it stays as the one call the program made;
 * - otherwise the kernel made the call again (the same call enters anew): the interrupted one is
 *   dropped, the program never saw it.
 */
function resolveRestarts(list: readonly RecordedCall[]): RecordedCall[] {
  const out: RecordedCall[] = [];
  const skip = new Set<number>();
  for (let i = 0; i < list.length; i++) {
    if (skip.has(i)) continue;
    const c = list[i];
    if (!interruptedForRestart(c.ret)) {
      out.push(c);
      continue;
    }
    for (let k = i + 1; k < list.length; k++) {
      const n = list[k];
      if (n.name === 'rt_sigreturn') {
        if (n.ret === EINTR) out.push(c.withResult(EINTR, c.exitSeq));
        break;
      }
      if (n.name === 'restart_syscall') {
        out.push(c.withResult(n.ret, n.exitSeq));
        skip.add(k);
        break;
      }
      if (n.nr === c.nr) break; // entered again: the restart
    }
  }
  return out;
}

/** A return the program never saw: the kernel restarted the call (its next entry is the same call, or restart_syscall). */
export function interruptedForRestart(ret: bigint | null): boolean {
  return ret !== null && ret >= ERESTART_FIRST && ret <= ERESTART_LAST;
}

/**
 * The recording's syscalls per thread, in the order each thread made them, with the
 * ERESTART* returns left out; and which opens made a descriptor that the process later maps.
 */
export class RecordedCalls {
  readonly byTid = new Map<number, RecordedCall[]>();
  /** Ids of opens whose descriptor is mmapped before it is closed. */
  readonly mappedOpens = new Set<number>();
  /**
   * Of those, the ones a mapping of which the recording holds a copy of (--replayable copies files
   * that are not system files): replayed from the copy, without opening the live file.
   */
  readonly copiedOpens = new Set<number>();
  /** Exit stops of mmaps whose file the recording copied (file_maps.copied). */
  private readonly copiedMaps: Set<number>;
  readonly root: RecordedCall | null;
  /** The recorded program's parent (trace-rec). */
  readonly rootPpid: number;
  readonly signalsByTid = new Map<number, RecordedSignal[]>();
  /** The signal that ended each recorded thread, if one did. */
  readonly killedBy = new Map<number, number>();
  /** Each thread's recorded stops other than syscall entries and exits (signals, group stops, events, its end), in seq order. */
  readonly otherStops = new Map<number, number[]>();
  /** Preemptions and asynchronous signal deliveries, in seq order (none in a recording made before trace-rec serialized threads). */
  readonly unsynced: UnsyncedStop[] = [];
  /** The preemptions among them, by seq. */
  readonly preemptions = new Map<number, UnsyncedStop>();
  private readonly memoryIn: BetterSqlite3.Statement;
  /** Memory rows by seq, a chunk of seqs at a time. */
  private readonly chunks = new Map<number, ChunkRows>();

  /** `fed`: the memory rows as the main thread reads them (MemoryFeed); the rest is read here. */
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly fed: FedMemory | null = null,
  ) {
    this.memoryIn = chunkStatement(db);
    const store = new ArgStore(db.prepare('SELECT count(*) FROM syscall').pluck().get() as number);
    const rows = db.prepare(`SELECT id, pid, tid, nr, ${exact('a0')}, ${exact('a1')}, ${exact('a2')}, ${exact('a3')}, ${exact('a4')}, ${exact('a5')}, ${exact('ret')}, entry_seq, exit_seq, abi IS 'i386' FROM syscall ORDER BY id`).raw().iterate() as IterableIterator<unknown[]>;
    const hasCopies = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'file_maps'").get() !== undefined;
    this.copiedMaps = new Set(hasCopies ? (db.prepare('SELECT seq FROM file_maps WHERE copied = 1').pluck().all() as number[]) : []);
    let first: RecordedCall | null = null;
    const fdsOf = new Map<number, Map<number, number>>();
    let at = 0;
    for (const r of rows) {
      const nr = r[3] as number;
      const i386 = r[13] === 1;
      for (let i = 0; i < 6; i++) store.set(at, i, r[4 + i] as number | string | null);
      const ret = r[10] === null ? null : BigInt(r[10] as number | string);
      const name = i386 ? `i386 syscall ${nr}` : (names.get(nr) ?? unknownSyscallName(nr));
      const call = new Call(store, at++, r[0] as number, r[1] as number, r[2] as number, nr, name, ret, r[11] as number | null, r[12] as number | null, i386);
      first ??= call;
      this.followFds(call, fdsOf);
      let list = this.byTid.get(call.tid);
      if (!list) this.byTid.set(call.tid, (list = []));
      list.push(call);
    }
    for (const [tid, list] of this.byTid) this.byTid.set(tid, resolveRestarts(list));
    this.root = first;
    this.rootPpid = first === null ? 0 : ((db.prepare('SELECT ppid FROM processes WHERE pid = ? ORDER BY id LIMIT 1').pluck().get(first.pid) as number | null | undefined) ?? 0);
    this.placeSignals(db);
    this.readUnsynced(db);
    // a 'signal-held' event is trace-rec's own stop (the signal is delivered later, at its recorded signal stop): the replay has none
    for (const r of db.prepare(`SELECT seq, tid FROM stops WHERE ${eventStops(db)} AND event IS NOT 'signal-held' ORDER BY seq`).raw().iterate() as IterableIterator<[number, number]>) {
      let list = this.otherStops.get(r[1]);
      if (!list) this.otherStops.set(r[1], (list = []));
      list.push(r[0]);
    }
  }

  /** The seq of the first recorded stop of `tid` after `seq` that is not a syscall entry or exit, or Infinity. */
  otherStopAfter(tid: number, seq: number): number {
    const list = this.otherStops.get(tid);
    if (list === undefined) return Infinity;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] <= seq) lo = mid + 1;
      else hi = mid;
    }
    return list[lo] ?? Infinity;
  }

  /**
   * What trace-rec's serialized schedule records of its own (migration 0012): the watchdog's
   * preemptions (event 'preempt'), and the held signals it delivered wherever the thread was,
   * after a time slice without a syscall (signal_deliveries.async).
   */
  private readUnsynced(db: BetterSqlite3.Database): void {
    const hasDeliveries = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'signal_deliveries'").get() !== undefined;
    const preempt = `${eventStops(db)} AND kind = 'event' AND event = 'preempt'`;
    const where = hasDeliveries ? `(${preempt}) OR seq IN (SELECT seq FROM signal_deliveries WHERE async = 1)` : preempt;
    for (const r of db.prepare(`SELECT seq, tid, kind, regs FROM stops WHERE ${where} ORDER BY seq`).all() as { seq: number; tid: number; kind: string; regs: Buffer | null }[]) {
      const u: UnsyncedStop = { seq: r.seq, tid: r.tid, kind: r.kind === 'event' ? 'preemption' : 'async signal', regs: r.regs };
      this.unsynced.push(u);
      if (u.kind === 'preemption') this.preemptions.set(u.seq, u);
    }
  }

  /** Each recorded signal-delivery stop, placed after the calls its thread had finished by then. */
  private placeSignals(db: BetterSqlite3.Database): void {
    // the SIGSEGVs of trapped rdtsc/rdtscp/cpuid (--replayable) are answered by the controls, not sent again
    const hasDeliveries = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'signal_deliveries'").get() !== undefined;
    const async = hasDeliveries ? "(SELECT async FROM signal_deliveries d WHERE d.seq = stops.seq)" : '0';
    const stops = db.prepare(`SELECT seq, tid, sig, siginfo, ${async} AS async, CASE WHEN ${async} = 1 THEN regs END AS regs FROM stops WHERE ${eventStops(db)} AND kind = 'signal'${notTrapped(db)} ORDER BY seq`).all() as { seq: number; tid: number; sig: number; siginfo: Buffer | null; async: number | null; regs: Buffer | null }[];
    for (const s of stops) {
      const calls = this.byTid.get(s.tid) ?? [];
      // the number of calls finished before it (their stops grow with their order)
      let pos = 0;
      for (let hi = calls.length; pos < hi; ) {
        const mid = (pos + hi) >>> 1;
        if ((calls[mid].exitSeq ?? calls[mid].entrySeq ?? 0) < s.seq) pos = mid + 1;
        else hi = mid;
      }
      let list = this.signalsByTid.get(s.tid);
      if (!list) this.signalsByTid.set(s.tid, (list = []));
      list.push({ seq: s.seq, sig: s.sig, siginfo: s.siginfo, pos, ...(s.async === 1 && s.regs !== null ? { async: { regs: s.regs } } : {}) });
    }
    for (const r of db.prepare('SELECT tid, exit_signal FROM threads WHERE exit_signal IS NOT NULL').all() as { tid: number; exit_signal: number }[]) {
      this.killedBy.set(r.tid, r.exit_signal);
    }
  }

  /** Which opens' descriptors get mapped: each process's table followed through opens, closes, forks and mmaps. */
  private followFds(c: RecordedCall, fdsOf: Map<number, Map<number, number>>): void {
    if (c.ret === null || c.ret < 0n || c.i386) return;
    let fds = fdsOf.get(c.pid);
    if (!fds) fdsOf.set(c.pid, (fds = new Map()));
    if (OPENS.has(c.name)) fds.set(Number(c.ret), c.id);
    else if (c.name === 'close') fds.delete(Number(BigInt.asIntN(32, c.args[0])));
    else if (FORKS.has(c.name) && c.ret > 0n) fdsOf.set(Number(c.ret), new Map(fds));
    else if (c.name === 'mmap' && (c.args[3] & MAP_ANONYMOUS) === 0n) {
      const open = fds.get(Number(BigInt.asIntN(32, c.args[4])));
      if (open !== undefined) this.mappedOpens.add(open);
      if (open !== undefined && c.exitSeq !== null && this.copiedMaps.has(c.exitSeq)) this.copiedOpens.add(open);
    }
  }

  /** The recorded copy of the file an mmap (by its exit stop) mapped, or null. */
  copyOf(exitSeq: number | null): Buffer | null {
    if (exitSeq === null || !this.copiedMaps.has(exitSeq)) return null;
    return (this.db.prepare('SELECT c.data FROM file_maps m JOIN file_copies c USING (sha256) WHERE m.seq = ? AND m.copied = 1 LIMIT 1').pluck().get(exitSeq) as Buffer | undefined) ?? null;
  }

  memory(seq: number | null): RecordedMemory[] {
    if (seq === null) return NO_MEMORY;
    const chunk = Math.floor(seq / MEMORY_CHUNK);
    let rows = this.chunks.get(chunk);
    if (rows === undefined) {
      rows = this.fed?.chunk(chunk) ?? readChunk(this.memoryIn, chunk);
      if (this.chunks.size >= MEMORY_CHUNKS_KEPT) this.chunks.delete(this.chunks.keys().next().value!);
      this.chunks.set(chunk, rows);
    }
    return rows.get(seq) ?? NO_MEMORY;
  }

  /** The hash the recording took of a mapped file, by the path /proc showed. */
  mappedFileHash(path: string): string | null {
    const r = this.db.prepare('SELECT sha256 FROM mapped_files WHERE path = ?').get(path) as { sha256: string | null } | undefined;
    return r?.sha256 ?? null;
  }

  /** The recorded exec event stop that follows an execve entry. */
  execSeq(after: number | null): number | null {
    const r = this.db
      .prepare("SELECT seq FROM stops WHERE kind = 'event' AND event = 'exec' AND seq > ? ORDER BY seq LIMIT 1")
      .get(after ?? 0) as { seq: number } | undefined;
    return r?.seq ?? null;
  }

  /** The name the recording gave a descriptor made at `exitSeq` (fd_names), if any. */
  fdName(exitSeq: number | null, fd: number): string | null {
    if (exitSeq === null) return null;
    const r = this.db.prepare('SELECT target FROM fd_names WHERE seq = ? AND fd = ?').get(exitSeq, fd) as { target: string } | undefined;
    return r?.target ?? null;
  }
}
