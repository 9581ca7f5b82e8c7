// renderStrace: a recording printed exactly as `strace -f -o FILE` prints the same run.
//
// The stops are replayed in recording order through a copy of strace's own output logic
// (strace.c: printleader, print_syscall_resume, print_event_exit, print_exited,
// maybe_switch_tcbs; syscall.c: syscall_exiting_trace): one open line at a time, owned by
// the thread that printed last ("printing_tcp"); another thread's output closes it with
// " <unfinished ...>", and the owner's syscall exit then starts a "<... NAME resumed>" line.
//
// Memory stays flat: stops and syscall rows are read with two cursors in id order, and the
// argument memory of each syscall is fetched by primary key when it enters.

import type BetterSqlite3 from 'better-sqlite3';
import type { CallDecoded } from '../decode/call.js';
import { Ctx, StopMemory } from '../decode/context.js';
import type { FdResolver, MemPart } from '../decode/context.js';
import { decodeCall, returnText, syscallName } from '../decode/decode-syscall.js';
import { format } from '../decode/decoded.js';
import { siginfo } from '../decode/signals.js';
import { sprintsigname } from '../decode/signals.js';
import { clockTime } from '../decode/time.js';
import { FdTracker } from './fd-tracker.js';
import type { RenderOptions } from './render-options.js';
import { SigmaskTracker } from './sigmask-tracker.js';
import type { SyscallRow } from './syscall-row.js';
import { rawSyscallRow, SYSCALL_COLUMNS } from './syscall-row.js';

export interface Selection {
  /** Which syscalls to print (by syscall.id); undefined = all. Unselected syscalls print nothing, as with strace -e trace=. */
  readonly syscall?: (row: SyscallRow) => boolean;
  /** Which signal-delivery stops to print (--- SIG… ---); undefined = all. */
  readonly signal?: (sig: number) => boolean;
  /** Print +++ exited/killed +++ lines (default true). */
  readonly exits?: boolean;
}

/** The stop columns the renderer reads (raw rows: arrays, in this order). */
const STOP_COLUMNS = 'seq, ts_ns, tid, kind, sig, event, event_msg, status, siginfo';
interface StopRow {
  seq: number;
  ts_ns: bigint;
  tid: number;
  kind: string;
  sig: number | null;
  event: string | null;
  event_msg: number | null;
  status: number | null;
  siginfo: Buffer | null;
  regs: Buffer | null;
}

function toStop(r: unknown[]): StopRow {
  return {
    seq: Number(r[0]),
    ts_ns: BigInt(r[1] as number | bigint),
    tid: Number(r[2]),
    kind: r[3] as string,
    sig: r[4] === null ? null : Number(r[4]),
    event: r[5] as string | null,
    event_msg: r[6] === null ? null : Number(r[6]),
    status: r[7] === null ? null : Number(r[7]),
    siginfo: r[8] as Buffer | null,
    regs: (r[9] as Buffer | undefined) ?? null,
  };
}

/**
 * The memory table read in seq order alongside the stops: memAt(seq) returns what was
 * captured at that stop (seqs must be asked for in increasing order).
 */
class MemoryCursor {
  private readonly it: IterableIterator<unknown[]>;
  private next: unknown[] | null | undefined;
  constructor(db: BetterSqlite3.Database) {
    this.it = db.prepare('SELECT seq, arg, part, addr, size, data, truncated FROM memory ORDER BY seq, arg, part').raw(true).iterate() as IterableIterator<unknown[]>;
  }
  private peek(): unknown[] | null {
    if (this.next === undefined) {
      const r = this.it.next();
      this.next = r.done ? null : (r.value as unknown[]);
    }
    return this.next;
  }
  memAt(seq: number): StopMemory {
    let r = this.peek();
    while (r !== null && Number(r[0]) < seq) {
      this.next = undefined;
      r = this.peek();
    }
    if (r === null || Number(r[0]) !== seq) return StopMemory.empty;
    const m = new Map<number, MemPart>();
    while (r !== null && Number(r[0]) === seq) {
      m.set(StopMemory.key(Number(r[1]), Number(r[2])), {
        addr: BigInt.asUintN(64, BigInt(r[3] as number | bigint)),
        size: Number(r[4]),
        data: r[5] as Buffer | null,
        truncated: Number(r[6]) !== 0,
      });
      this.next = undefined;
      r = this.peek();
    }
    return new StopMemory(m);
  }
  close(): void {
    this.it.return?.();
  }
}

interface Pending {
  readonly row: SyscallRow;
  readonly filtered: boolean;
  readonly name: string;
  /** The memory captured at entry (for decoding the exit part). */
  readonly entryMem: StopMemory;
  /** strace's RVAL_DECODED at entry: nothing is left to print at exit. */
  readonly decodedAtEntry: boolean;
  readonly sigreturnMask?: string;
}

interface Tcb {
  tid: number;
  /** strace's curcol != 0: this thread's line is the open one. */
  open: boolean;
  pending: Pending | null;
  reprint: boolean;
  lastNr: number;
}

const IP_OFFSET = 16 * 8;

/** The text of a decoded call, split where strace splits it between entry and exit. */
export function splitCall(d: CallDecoded): { entry: string; exit: string; decodedAtEntry: boolean } {
  const a = d.args.map(format);
  const n = d.exitFrom;
  if (n >= a.length) return { entry: a.join(', '), exit: '', decodedAtEntry: d.decodedAtEntry ?? true };
  const head = a.slice(0, n).join(', ');
  const first = d.args[n];
  if (first.kind === 'changed') {
    const entry = (n > 0 ? head + ', ' : '') + format(first.before);
    const exit = (first.after !== null ? ' => ' + format(first.after) : '') + a.slice(n + 1).map((s) => ', ' + s).join('');
    return { entry, exit, decodedAtEntry: false };
  }
  if (d.exitSep) return { entry: head, exit: (n > 0 ? ', ' : '') + a.slice(n).join(', '), decodedAtEntry: false };
  return { entry: n > 0 ? head + ', ' : '', exit: a.slice(n).join(', '), decodedAtEntry: false };
}

export function* renderStrace(db: BetterSqlite3.Database, opts: RenderOptions, sel: Selection = {}): IterableIterator<string> {
  const rec = db.prepare('SELECT started_ns FROM recording').safeIntegers(true).get() as { started_ns: bigint } | undefined;
  const startedNs = rec?.started_ns ?? 0n;
  // Raw rows (arrays) and plain numbers where they are exact: this loop reads every stop of
  // recordings of millions of syscalls.
  const stops = db.prepare(`SELECT ${STOP_COLUMNS}${opts.instructionPointer ? ', regs' : ''} FROM stops ORDER BY seq`).raw(true).iterate() as IterableIterator<unknown[]>;
  const sysIter = db.prepare(`SELECT ${SYSCALL_COLUMNS} FROM syscalls ORDER BY id`).raw(true).safeIntegers(true).iterate() as IterableIterator<unknown[]>;
  const memory = new MemoryCursor(db);
  let nextRow: SyscallRow | null | undefined;
  const peekRow = (): SyscallRow | null => {
    if (nextRow === undefined) {
      const r = sysIter.next();
      nextRow = r.done ? null : rawSyscallRow(r.value);
    }
    return nextRow;
  };
  const takeRow = (): SyscallRow | null => {
    const r = peekRow();
    nextRow = undefined;
    return r;
  };
  /** Syscalls that were already running when tracing began (entry_seq NULL), by exit_seq. */
  const inProgress = new Map<number, SyscallRow>();

  const fds = opts.decodeFds ? FdTracker.fromRecording(db) : null;
  const masks = new SigmaskTracker();
  const tcbs = new Map<number, Tcb>();
  let printing: Tcb | null = null;
  let buf = '';
  /** Where strace's curcol counts from: the start of the current printleader output. */
  let colStart = 0;
  const out: string[] = [];
  let lastTs: bigint | null = null;

  const tcbOf = (tid: number): Tcb => {
    let t = tcbs.get(tid);
    if (!t) {
      t = { tid, open: false, pending: null, reprint: false, lastNr: 0 };
      tcbs.set(tid, t);
    }
    return t;
  };
  const newline = (): void => {
    out.push(buf);
    buf = '';
    colStart = 0;
  };
  const lineEnded = (): void => {
    if (printing) printing.open = false;
    printing = null;
  };
  const prefix = (t: Tcb, s: StopRow): string => {
    let p = '';
    if (opts.pidColumn) p += `${String(t.tid).padEnd(5)} `;
    const ts = startedNs + s.ts_ns;
    if (opts.timestamps) p += `${clockTime(ts, opts.timestamps)} `;
    if (opts.relative) {
      const d = lastTs === null ? 0n : s.ts_ns - lastTs;
      lastTs = s.ts_ns;
      const sec = d / 1_000_000_000n;
      const us = (d % 1_000_000_000n) / 1000n;
      p += `${opts.timestamps ? '(+' : ''}${String(sec).padStart(6)}.${String(us).padStart(6, '0')}${opts.timestamps ? ') ' : ' '}`;
    }
    if (opts.numbers) p += `[${String(t.lastNr).padStart(4)}] `;
    if (opts.instructionPointer) {
      const ip = s.regs && s.regs.length >= IP_OFFSET + 8 ? s.regs.readBigUInt64LE(IP_OFFSET).toString(16).padStart(16, '0') : '????????????????';
      p += `[${ip}] `;
    }
    return p;
  };
  const printleader = (t: Tcb, s: StopRow): void => {
    if (printing && printing.open) {
      buf += ' <unfinished ...>';
      newline();
      printing.open = false;
    }
    printing = t;
    t.open = true;
    colStart = buf.length;
    buf += prefix(t, s);
  };
  const tabto = (): void => {
    const col = buf.length - colStart;
    if (col < opts.align) buf += ' '.repeat(opts.align - col);
  };
  const resume = (t: Tcb, p: Pending, s: StopRow): void => {
    if (printing !== t || t.reprint) {
      t.reprint = false;
      printleader(t, s);
      buf += `<... ${p.name} resumed>`;
    }
  };

  try {
  for (const raw of stops) {
    const s = toStop(raw);
    const tid = s.tid;
    const seq = s.seq;
    switch (s.kind) {
      case 'syscall-entry': {
        let row = peekRow();
        while (row !== null && row.entry_seq === null) {
          if (row.exit_seq !== null) inProgress.set(row.exit_seq, row);
          takeRow();
          row = peekRow();
        }
        while (row !== null && row.entry_seq !== null && row.entry_seq < seq) {
          takeRow();
          row = peekRow();
        }
        if (row === null || row.entry_seq !== seq) break;
        takeRow();
        const t = tcbOf(tid);
        t.lastNr = row.nr;
        const filtered = sel.syscall !== undefined && !sel.syscall(row);
        const entryMem = memory.memAt(seq);
        const sigreturnMask = row.name === 'rt_sigreturn' ? masks.sigreturnText(tid, opts) : undefined;
        // The entry part is decoded from what was known at entry; the rest again at exit.
        const c = new Ctx(row, entryMem, StopMemory.empty, opts, fds);
        if (sigreturnMask !== undefined) c.sigreturnMask = sigreturnMask;
        const parts = splitCall(decodeCall(c));
        t.pending = { row, filtered, name: syscallName(row), entryMem, decodedAtEntry: parts.decodedAtEntry, ...(sigreturnMask !== undefined ? { sigreturnMask } : {}) };
        if (filtered) break;
        printleader(t, s);
        buf += `${syscallName(row)}(${parts.entry}`;
        break;
      }
      case 'syscall-exit': {
        const t = tcbOf(tid);
        let p = t.pending;
        const exitMem = memory.memAt(seq);
        if (p === null) {
          // A syscall that was running when tracing began (attach): only its exit was seen.
          const row = inProgress.get(seq);
          if (!row) break;
          inProgress.delete(seq);
          p = { row, filtered: sel.syscall !== undefined && !sel.syscall(row), name: syscallName(row), entryMem: StopMemory.empty, decodedAtEntry: false };
        }
        t.pending = null;
        masks.onSyscallExit(p.row, p.entryMem, exitMem);
        fds?.onSyscallExit(p.row, p.entryMem, exitMem);
        if (p.filtered) break;
        const c = new Ctx(p.row, p.entryMem, exitMem, opts, fds);
        if (p.sigreturnMask !== undefined) c.sigreturnMask = p.sigreturnMask;
        const d = decodeCall(c);
        const exitText = splitCall(d).exit;
        const retText = returnText(c, d);
        if (p.filtered) break;
        resume(t, p, s);
        printing = t;
        buf += `${exitText}) `;
        tabto();
        buf += `= ${retText}`;
        if (opts.syscallTimes && p.row.entry_ns !== null && p.row.exit_ns !== null) {
          const d = BigInt(p.row.exit_ns - p.row.entry_ns);
          buf += ` <${d / 1_000_000_000n}.${String((d % 1_000_000_000n) / 1000n).padStart(6, '0')}>`;
        }
        newline();
        lineEnded();
        break;
      }
      case 'signal': {
        const sig = s.sig ?? 0;
        masks.onSignal(tid, sig);
        if (sel.signal !== undefined && !sel.signal(sig)) break;
        const t = tcbOf(tid);
        printleader(t, s);
        if (s.siginfo) buf += `--- ${sprintsigname(sig)} ${format(siginfo(s.siginfo, { verbosity: opts.consts }))} ---`;
        else buf += `--- stopped by ${sprintsigname(sig)} ---`;
        newline();
        lineEnded();
        break;
      }
      case 'group-stop': {
        const sig = s.sig ?? 0;
        if (sel.signal !== undefined && !sel.signal(sig)) break;
        const t = tcbOf(tid);
        printleader(t, s);
        buf += `--- stopped by ${sprintsigname(sig)} ---`;
        newline();
        lineEnded();
        break;
      }
      case 'event': {
        if (s.event === 'exit') {
          const t = tcbs.get(tid);
          const p = t?.pending;
          if (!t || !p || p.filtered) break;
          if (printing && printing !== t && printing.open) {
            buf += ' <unfinished ...>';
            newline();
            printing.open = false;
          }
          resume(t, p, s);
          if (!p.decodedAtEntry) buf += ' <unfinished ...>';
          printing = t;
          buf += ') ';
          tabto();
          buf += '= ?';
          newline();
          lineEnded();
          t.pending = null;
        } else if (s.event === 'exec') {
          const former = s.event_msg ?? tid;
          masks.onExec(tid, former);
          fds?.onExec(tid, former);
          if (former === tid) break;
          const execThread = tcbs.get(former);
          if (!execThread) break;
          const leader = tcbs.get(tid);
          if (execThread.open) {
            buf += ` <pid changed to ${tid} ...>`;
            newline();
          }
          execThread.open = leader?.open ?? false;
          if (leader) {
            leader.open = false;
            if (printing === leader) printing = null;
          }
          tcbs.delete(former);
          execThread.tid = tid;
          tcbs.set(tid, execThread);
          if (sel.exits !== false) {
            printleader(execThread, s);
            buf += `+++ superseded by execve in pid ${former} +++`;
            newline();
            lineEnded();
          }
          execThread.reprint = true;
        } else if ((s.event === 'clone' || s.event === 'fork' || s.event === 'vfork') && s.event_msg !== null) {
          masks.onClone(tid, s.event_msg);
        }
        break;
      }
      case 'exit': {
        const t = tcbOf(tid);
        const status = s.status ?? 0;
        const termsig = status & 0x7f;
        if (sel.exits !== false) {
          if (termsig !== 0 && termsig !== 0x7f) {
            if (sel.signal === undefined || sel.signal(termsig)) {
              printleader(t, s);
              buf += `+++ killed by ${sprintsigname(termsig)} ${status & 0x80 ? '(core dumped) ' : ''}+++`;
              newline();
              lineEnded();
            }
          } else {
            printleader(t, s);
            buf += `+++ exited with ${(status >> 8) & 0xff} +++`;
            newline();
            lineEnded();
          }
        }
        if (printing === t && t.open) {
          buf += ' <detached ...>';
          newline();
        }
        if (printing === t) printing = null;
        tcbs.delete(tid);
        masks.onThreadExit(tid);
        fds?.onThreadExit(tid);
        break;
      }
    }
    while (out.length) yield out.shift()!;
  }
  if (buf.length) {
    // strace leaves an unterminated line when it stops in the middle of one.
    out.push(buf);
    buf = '';
  }
  while (out.length) yield out.shift()!;
  } finally {
    // Closes the cursors when the caller stops early, or when the stops ran out first.
    stops.return?.();
    sysIter.return?.();
    memory.close();
  }
}

export type { FdResolver };
