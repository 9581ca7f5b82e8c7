// renderStrace: a recording printed exactly as `strace -f -o FILE` prints the same run.
//
// The stops are replayed in recording order through a copy of strace's own output logic
// (strace.c: printleader, print_syscall_resume, print_event_exit, print_exited,
// maybe_switch_tcbs; syscall.c: syscall_exiting_trace): one open line at a time, owned by
// the thread that printed last ("printing_tcp"); another thread's output closes it with
// " <unfinished ...>", and the owner's syscall exit then starts a "<... NAME resumed>" line.
//
// The syscall rows drive the replay: a row stands for its entry and exit stops (the exits
// wait in an ExitQueue, since threads interleave), so the stops table is only read for the
// other stops (signals, events, exits). Rendering everything reads the syscall and memory
// tables once each, in order; memory stays flat. A selection by ids (Selection.ids) reads
// only the selected rows and the memory of their stops.

import { stopRegsAt } from './stop-regs.js';
import type { StopRegsAt } from './stop-regs.js';
import { withRecordedInterfaces } from './recorded-interfaces.js';
import type BetterSqlite3 from 'better-sqlite3';
import { SIGFRAME_MASK_FROM_SP, syscallRegs } from '@tracedb/native';
import type { CallDecoded } from '../decode/call.js';
import { Ctx, StopMemory } from '../decode/context.js';
import type { FdResolver, ImportedText } from '../decode/context.js';
import { callKey, decodeCall, returnText, syscallName } from '../decode/decode-syscall.js';
import { format } from '../decode/decoded.js';
import type { Decoded } from '../decode/decoded.js';
import { siginfo } from '../decode/signals.js';
import { sprintsigname } from '../decode/signals.js';
import { clockTime } from '../decode/time.js';
import { commText, pidText } from '../decode/context.js';
import { CLONE_THREAD, cloneFlags } from './clone-flags.js';
import { CommTracker } from './comm-tracker.js';
import { ExitQueue } from './exit-queue.js';
import { FdTracker } from './fd-tracker.js';
import { MemoryCursor, MemoryLookup } from './memory-reader.js';
import { RowPaths } from './row-paths.js';
import type { MemoryReader } from './memory-reader.js';
import { dumpIo } from './dump-io.js';
import { callOptions } from './render-options.js';
import type { RenderOptions } from './render-options.js';
import { SigmaskTracker } from './sigmask-tracker.js';
import { EventStops, GapStops } from './stop-reader.js';
import type { StopReader, StopRow } from './stop-reader.js';
import { SyscallReader } from './syscall-reader.js';
import type { SyscallRow } from './syscall-row.js';
import { AllSyscalls, IdCursor, SelectedSyscalls, selectsFew } from './syscall-source.js';
import type { IdQuery, SyscallSource } from './syscall-source.js';

export type { IdQuery };

export interface Selection {
  /** Which syscalls to print (by syscall.id); undefined = all. Unselected syscalls print nothing, as with strace -e trace=. */
  readonly syscall?: (row: SyscallRow) => boolean;
  /**
   * The syscalls to print as a query of their ids, which then are the only rows read (with
   * their stops' memory, the signal, event and exit stops, and the few syscalls -y and
   * rt_sigreturn's mask follow). `syscall`, if given too, is asked about these rows only.
   */
  readonly ids?: IdQuery;
  /** Which signal-delivery stops to print (--- SIG… ---); undefined = all. */
  readonly signal?: (sig: number) => boolean;
  /** Print +++ exited/killed +++ lines (default true). */
  readonly exits?: boolean;
  /**
   * Only this thread's lines, as `strace -ff -o FILE` writes FILE.TID: the other threads'
   * events print nothing, so they never cut this thread's lines in two.
   */
  readonly tid?: number;
  /**
   * Told each printed syscall's whole line (no prefix, never cut by another thread's), at its
   * exit, at the exit event that ended it (`= ?`), or at the end (`<unfinished ...>`).
   */
  readonly onCall?: (row: SyscallRow, line: string, entryMem: StopMemory, exitMem: StopMemory) => void;
  /** Told each printed signal delivery's `--- SIG… ---` text, by its stop's seq. */
  readonly onSignal?: (seq: number, line: string) => void;
}

interface Pending {
  readonly row: SyscallRow;
  readonly filtered: boolean;
  readonly name: string;
  /** The line's start as printed at entry: `name(` and the arguments known then. */
  readonly head: string;
  /** The memory captured at entry (for decoding the exit part). */
  readonly entryMem: StopMemory;
  /** strace's RVAL_DECODED at entry: nothing is left to print at exit. */
  readonly decodedAtEntry: boolean;
  readonly sigreturnMask: string | undefined;
  /** The decoding done at entry, when exit memory cannot change it (see Ctx.exitRead). */
  readonly once: { readonly c: Ctx; readonly d: CallDecoded; readonly exit: string } | undefined;
}

interface Tcb {
  tid: number;
  /** strace's curcol != 0: this thread's line is the open one. */
  open: boolean;
  pending: Pending | null;
  reprint: boolean;
  lastNr: number;
  /** strace's tcp->comm (-Y): read when the thread is first seen, and again after an exec and a prctl(PR_SET_NAME). */
  comm: Buffer | null;
}

const IP_OFFSET = 16 * 8;

/** args[from..to) formatted and joined with ", ". */
function joined(args: readonly Decoded[], from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += i > from ? ', ' + format(args[i]) : format(args[i]);
  return s;
}

/** The text of a decoded call, split where strace splits it between entry and exit. */
export function splitCall(d: CallDecoded): { entry: string; exit: string; decodedAtEntry: boolean } {
  if (d.text !== undefined) return { ...d.text, decodedAtEntry: d.text.exit === '' };
  const args = d.args;
  const n = d.exitFrom;
  if (n >= args.length) return { entry: joined(args, 0, args.length), exit: '', decodedAtEntry: d.decodedAtEntry ?? true };
  const head = joined(args, 0, n);
  const first = args[n];
  if (first.kind === 'changed') {
    const entry = (n > 0 ? head + ', ' : '') + format(first.before);
    const rest = n + 1 < args.length ? ', ' + joined(args, n + 1, args.length) : '';
    const exit = (first.after !== null ? ' => ' + format(first.after) : '') + rest;
    return { entry, exit, decodedAtEntry: false };
  }
  if (d.exitGlued) return { entry: head, exit: joined(args, n, args.length), decodedAtEntry: false };
  if (d.exitSep) return { entry: head, exit: (n > 0 ? ', ' : '') + joined(args, n, args.length), decodedAtEntry: false };
  return { entry: n > 0 ? head + ', ' : '', exit: joined(args, n, args.length), decodedAtEntry: false };
}

/**
 * For a selection by ids: the unselected syscalls that must be read all the same (they print
 * nothing but change what the selected ones print), or null when one pass over every row is
 * the better way: for a selection of a quarter of the rows or more, and when every row matters.
 * -n prints the number of a thread's last syscall, selected or not, on its signal and exit
 * lines; the {mask=[...]} of rt_sigreturn comes from every syscall's view of the thread's
 * process (SigmaskTracker.pidOf), not only from the ones that change masks.
 */
function alsoRead(db: BetterSqlite3.Database, reader: SyscallReader, opts: RenderOptions, ids: IdQuery): { count: number; also: number[] } | null {
  if (opts.numbers) return null;
  const s = selectsFew(db, ids, reader.numbers(['rt_sigreturn']));
  if (!s.few || s.any) return null;
  // A thread that execs must be known by then: its "+++ superseded by execve" line needs it.
  const names = new Set(['execve', 'execveat']);
  if (opts.decodeFds || opts.decodePids || FdTracker.forNetlink(db) !== null) for (const n of FdTracker.syscalls) names.add(n);
  if (opts.decodePids) for (const n of CommTracker.syscalls) names.add(n);
  return { count: s.count, also: reader.numbers(names) };
}

/** Lookups of the text an imported strace log had (tables syscall_text and signal_text). */
function importedTexts(db: BetterSqlite3.Database): { call(id: number): ImportedText | undefined; signal(seq: number): string | undefined } {
  const call = db.prepare('SELECT args, split, ret FROM syscall_text WHERE id = ?');
  const signal = db.prepare('SELECT info FROM signal_text WHERE seq = ?').pluck();
  return { call: (id) => call.get(id) as ImportedText | undefined, signal: (seq) => signal.get(seq) as string | undefined };
}

export function* renderStrace(db: BetterSqlite3.Database, opts: RenderOptions, sel: Selection = {}): IterableIterator<string> {
  opts = withRecordedInterfaces(db, opts);
  const rec = db.prepare('SELECT started_ns, mode FROM recording').safeIntegers(true).get() as { started_ns: bigint; mode: string } | undefined;
  const startedNs = rec?.started_ns ?? 0n;
  // A recording imported from a strace log holds what strace printed, not registers and memory.
  const imported = rec?.mode === 'import' ? importedTexts(db) : null;
  const reader = new SyscallReader(db);
  let chosen = sel.syscall;
  let source: SyscallSource;
  let memory: MemoryReader;
  let stops: StopReader;
  let idCursor: IdCursor | undefined;
  let rowPaths: RowPaths | null = null;
  const few = sel.ids !== undefined ? alsoRead(db, reader, opts, sel.ids) : null;
  if (sel.ids !== undefined && few !== null) {
    source = new SelectedSyscalls(db, reader, sel.ids, few.count, few.also);
    memory = new MemoryLookup(db);
    rowPaths = new RowPaths(db);
    stops = new EventStops(db, opts.instructionPointer);
  } else {
    if (sel.ids !== undefined) {
      const ids = (idCursor = new IdCursor(db, sel.ids));
      const asked = sel.syscall;
      chosen = asked === undefined ? (row) => ids.has(row.id) : (row) => ids.has(row.id) && asked(row);
    }
    source = new AllSyscalls(db, reader);
    memory = new MemoryCursor(db);
    stops = new GapStops(db, opts.instructionPointer);
  }
  let regsAt: StopRegsAt | null = opts.instructionPointer ? stopRegsAt(db) : null;
  const tidAt = db.prepare('SELECT tid FROM stops WHERE seq = ?').pluck();
  // An imported log's <... resumed> line keeps the time strace printed it at, which its exit_ns
  // (entry + -T's duration) does not give.
  const exitTs = imported !== null ? db.prepare('SELECT ts_ns FROM stop WHERE seq = ?').pluck() : null;
  /** With -e verbose= off, rt_sigreturn's {mask=ADDR}: where the frame's mask is. */
  const sigframeMaskAddr = (seq: number): string | undefined => {
    const regs = (regsAt ??= stopRegsAt(db))(seq);
    if (!regs || regs.length < syscallRegs.sp + 8) return undefined;
    return `0x${(regs.readBigUInt64LE(syscallRegs.sp) + BigInt(SIGFRAME_MASK_FROM_SP)).toString(16)}`;
  };
  const exits = new ExitQueue();

  // -Y follows the descriptors too: a write renames a task through /proc/PID/comm.
  const fds = opts.decodeFds || opts.decodePids ? FdTracker.fromRecording(db) : FdTracker.forNetlink(db);
  const comms = opts.decodePids ? CommTracker.fromRecording(db) : null;
  const dumps = opts.readFds !== null || opts.writeFds !== null;
  /** Whether thread `tid`'s events print (Selection.tid). */
  const mine = sel.tid === undefined ? (): boolean => true : (tid: number): boolean => tid === sel.tid;
  const masks = new SigmaskTracker();
  const tcbs = new Map<number, Tcb>();
  let printing: Tcb | null = null;
  let buf = '';
  /** Where strace's curcol counts from: the start of the current printleader output. */
  let colStart = 0;
  const out: string[] = [];
  let lastTs: bigint | null = null;
  /** The stop being replayed: its seq, time, and registers (undefined: not read yet). */
  let curSeq = 0;
  let curTs = 0;
  let curRegs: Buffer | null | undefined;

  const tcbOf = (tid: number): Tcb => {
    let t = tcbs.get(tid);
    if (!t) {
      t = { tid, open: false, pending: null, reprint: false, lastNr: 0, comm: comms?.comm(tid) ?? null };
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
  const prefix = (t: Tcb): string => {
    let p = '';
    if (opts.pidColumn) p += t.comm !== null && t.comm.length > 0 ? `${t.tid}${commText(t.comm, opts)} ` : `${String(t.tid).padEnd(5)} `;
    if (opts.timestamps) p += `${clockTime(startedNs + BigInt(curTs), opts.timestamps)} `;
    if (opts.relative) {
      const ts = BigInt(curTs);
      const d = lastTs === null ? 0n : ts - lastTs;
      lastTs = ts;
      p += `${opts.timestamps ? '(+' : ''}${seconds(d, opts.relativeDigits, 6)}${opts.timestamps ? ') ' : ' '}`;
    }
    if (opts.numbers) p += `[${String(t.lastNr).padStart(4)}] `;
    if (opts.instructionPointer) {
      if (curRegs === undefined) curRegs = regsAt!(curSeq);
      const regs = curRegs;
      const ip = regs && regs.length >= IP_OFFSET + 8 ? regs.readBigUInt64LE(IP_OFFSET).toString(16).padStart(16, '0') : '????????????????';
      p += `[${ip}] `;
    }
    return p;
  };
  const printleader = (t: Tcb): void => {
    if (printing && printing.open) {
      buf += ' <unfinished ...>';
      newline();
      printing.open = false;
    }
    printing = t;
    t.open = true;
    colStart = buf.length;
    buf += prefix(t);
  };
  const tabto = (): void => {
    const col = buf.length - colStart;
    if (col < opts.align) buf += ' '.repeat(opts.align - col);
  };
  const resume = (t: Tcb, p: Pending): void => {
    if (printing !== t || t.reprint) {
      t.reprint = false;
      printleader(t);
      buf += `<... ${p.name} resumed>`;
    }
  };
  const at = (seq: number, ts: number, regs: Buffer | null | undefined): void => {
    curSeq = seq;
    curTs = ts;
    curRegs = regs;
  };

  /** A syscall-entry stop, for its row. */
  const syscallEntry = (row: SyscallRow, selected: boolean): void => {
    const seq = row.entry_seq!;
    comms?.atStop(seq, row.tid);
    const t = tcbOf(row.tid);
    t.lastNr = row.nr;
    fds?.onSyscallEntry(row);
    const filtered = !selected || (chosen !== undefined && !chosen(row)) || !mine(row.tid);
    const entryMem = memory.at(seq, rowPaths?.known(row));
    const name = syscallName(row);
    if (filtered) {
      t.pending = { row, filtered, name, head: '', entryMem, decodedAtEntry: false, sigreturnMask: undefined, once: undefined };
      return;
    }
    const o = callOptions(opts, callKey(row, entryMem));
    const sigreturnMask = row.name === 'rt_sigreturn' ? (o.deref ? masks.sigreturnText(row.tid, opts) : sigframeMaskAddr(seq)) : undefined;
    // The entry part is decoded from what was known at entry; the rest again at exit.
    const c = new Ctx(row, entryMem, StopMemory.empty, o, fds, comms);
    if (sigreturnMask !== undefined) c.sigreturnMask = sigreturnMask;
    if (imported !== null) c.imported = imported.call(row.id);
    const d = decodeCall(c);
    const parts = splitCall(d);
    // With -y the fd table changes at exit, with -Y the tasks and their names: the exit part must
    // see them, so it is decoded again then.
    const once = !opts.decodeFds && !opts.decodePids && !c.exitRead ? { c, d, exit: parts.exit } : undefined;
    // (an i386 socketcall or ipc prints as its subcall)
    const shown = d.name ?? name;
    const head = `${shown}(${parts.entry}`;
    t.pending = { row, filtered, name: shown, head, entryMem, decodedAtEntry: parts.decodedAtEntry, sigreturnMask, once };
    printleader(t);
    buf += head;
  };

  /** A syscall-exit stop of thread `tid`: it ends whatever that thread's pending syscall is. */
  const syscallExit = (tid: number, seq: number): void => {
    comms?.atStop(seq, tid);
    const t = tcbOf(tid);
    const p = t.pending;
    const exitMem = memory.at(seq);
    // No pending syscall: it was running when tracing began (attach) and only its exit was
    // seen; such rows (entry_seq NULL) are not printed.
    if (p === null) return;
    t.pending = null;
    masks.onSyscallExit(p.row, p.entryMem, exitMem);
    fds?.onSyscallExit(p.row, p.entryMem, exitMem);
    comms?.onSyscallExit(p.row, p.entryMem, exitMem, fds);
    if (p.filtered) {
      reloadComm(t, p.row);
      return;
    }
    let exitText: string;
    let retText: string;
    if (p.once !== undefined) {
      exitText = p.once.exit;
      retText = returnText(p.once.c, p.once.d);
    } else {
      const c = new Ctx(p.row, p.entryMem, exitMem, callOptions(opts, callKey(p.row, p.entryMem)), fds, comms);
      if (p.sigreturnMask !== undefined) c.sigreturnMask = p.sigreturnMask;
      if (imported !== null) c.imported = imported.call(p.row.id);
      const d = decodeCall(c);
      exitText = splitCall(d).exit;
      retText = returnText(c, d);
    }
    resume(t, p);
    printing = t;
    buf += `${exitText}) `;
    tabto();
    let ret = `= ${retText}`;
    if (opts.syscallTimes && p.row.entry_ns !== null && p.row.exit_ns !== null) {
      ret += ` <${seconds(BigInt(p.row.exit_ns - p.row.entry_ns), opts.syscallTimesDigits, 0)}>`;
    }
    buf += ret;
    if (sel.onCall) sel.onCall(p.row, wholeLine(`${p.head}${exitText}) `, ret, opts.align), p.entryMem, exitMem);
    newline();
    if (dumps) for (const l of dumpIo(p.row, p.entryMem, exitMem, opts)) out.push(l);
    lineEnded();
    reloadComm(t, p.row);
  };

  const sigPid = (pid: number): Decoded => ({ kind: 'int', value: BigInt(pid), text: pidText(pid, 'tgid', opts, comms) });

  /** strace reads the comm again after prctl(PR_SET_NAME), whatever it returned. */
  const reloadComm = (t: Tcb, row: SyscallRow): void => {
    if (comms !== null && row.name === 'prctl' && Number(BigInt.asUintN(32, row.a0 ?? 0n)) === 15) t.comm = comms.comm(t.tid);
  };

  /** Any other stop (and, in an interrupted recording, a syscall stop without a row). */
  const otherStop = (s: StopRow): void => {
    const tid = s.tid;
    comms?.atStop(s.seq, tid);
    switch (s.kind) {
      case 'syscall-entry':
        // the recorder wrote no row for it: nothing to print
        break;
      case 'syscall-exit':
        syscallExit(tid, s.seq);
        break;
      case 'signal': {
        const sig = s.sig ?? 0;
        masks.onSignal(tid, sig);
        if ((sel.signal !== undefined && !sel.signal(sig)) || !mine(tid)) break;
        const t = tcbOf(tid);
        printleader(t);
        let text: string;
        if (s.siginfo) text = `--- ${sprintsigname(sig)} ${format(siginfo(s.siginfo, { verbosity: opts.consts }, undefined, comms === null ? undefined : sigPid))} ---`;
        else if (imported !== null) text = `--- ${sprintsigname(sig)} ${imported.signal(s.seq) ?? '{}'} ---`;
        else text = `--- stopped by ${sprintsigname(sig)} ---`;
        buf += text;
        if (sel.onSignal) sel.onSignal(s.seq, text);
        newline();
        lineEnded();
        break;
      }
      case 'group-stop': {
        const sig = s.sig ?? 0;
        if ((sel.signal !== undefined && !sel.signal(sig)) || !mine(tid)) break;
        const t = tcbOf(tid);
        printleader(t);
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
          resume(t, p);
          const cut = p.decodedAtEntry ? '' : ' <unfinished ...>';
          buf += cut;
          printing = t;
          buf += ') ';
          tabto();
          buf += '= ?';
          if (sel.onCall) sel.onCall(p.row, wholeLine(`${p.head}${cut}) `, '= ?', opts.align), p.entryMem, StopMemory.empty);
          newline();
          lineEnded();
          t.pending = null;
        } else if (s.event === 'exec') {
          const former = s.event_msg ?? tid;
          masks.onExec(tid, former);
          fds?.onExec(tid, former);
          if (comms !== null) {
            const p = tcbs.get(former)?.pending;
            comms.onExec(tid, former, p ? CommTracker.execFile(p.row, p.entryMem) : null);
          }
          if (former === tid) {
            const t = tcbs.get(tid);
            if (t && comms) t.comm = comms.comm(tid);
            break;
          }
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
          if (sel.exits !== false && !opts.quiet.has('thread-execve') && mine(tid)) {
            printleader(execThread);
            buf += `+++ superseded by execve in pid ${former} +++`;
            newline();
            lineEnded();
          }
          execThread.reprint = true;
          execThread.comm = comms?.comm(tid) ?? null;
        } else if ((s.event === 'clone' || s.event === 'fork' || s.event === 'vfork') && s.event_msg !== null) {
          masks.onClone(tid, s.event_msg);
          const p = tcbs.get(tid)?.pending;
          const flags = cloneFlags(p?.row, p?.entryMem);
          // the new task may run before its creator's clone returns: its fd table is made now
          fds?.onClone(tid, s.event_msg, flags);
          comms?.onClone(tid, s.event_msg, (flags & CLONE_THREAD) !== 0n);
        }
        break;
      }
      case 'exit': {
        const t = tcbOf(tid);
        const status = s.status ?? 0;
        const termsig = status & 0x7f;
        if (sel.exits !== false && mine(tid)) {
          if (termsig !== 0 && termsig !== 0x7f) {
            if (sel.signal === undefined || sel.signal(termsig)) {
              printleader(t);
              buf += exitLine(status);
              newline();
              lineEnded();
            }
          } else if (!opts.quiet.has('exit')) {
            printleader(t);
            buf += exitLine(status);
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
        comms?.onExit(tid);
        break;
      }
    }
  };

  try {
    let next = source.next();
    let lastSeq = -Infinity;
    for (;;) {
      // Rows without an entry stop (already running at attach) are not printed; nor are rows
      // whose entry stop lies behind (an inconsistent recording).
      while (next !== null && (next.entry_seq === null || next.entry_seq <= lastSeq)) next = source.next();
      const entry = next === null ? Infinity : next.entry_seq!;
      const exit = exits.peek();
      const seq = entry < exit ? entry : exit;
      for (let s = stops.before(seq); s !== null; s = stops.before(seq)) {
        at(s.seq, s.ts_ns, s.regs);
        otherStop(s);
        lastSeq = s.seq;
        for (let i = 0; i < out.length; i++) yield out[i];
        out.length = 0;
      }
      if (seq === Infinity) break;
      if (exit < entry) {
        const row = exits.pop();
        at(exit, exitTs !== null ? ((exitTs.get(exit) as number | undefined) ?? row.exit_ns!) : row.exit_ns!, undefined);
        // An execve from another thread returns in the leader's tid (the row keeps the caller's).
        const tid = row.name === 'execve' || row.name === 'execveat' ? ((tidAt.get(exit) as number | undefined) ?? row.tid) : row.tid;
        syscallExit(tid, exit);
      } else {
        const row = next!;
        at(entry, row.entry_ns!, undefined);
        syscallEntry(row, source.selected);
        if (row.exit_seq !== null) exits.push(row.exit_seq, row);
        next = source.next();
      }
      stops.passed(seq);
      lastSeq = seq;
      for (let i = 0; i < out.length; i++) yield out[i];
      out.length = 0;
    }
    if (sel.onCall) {
      for (const t of tcbs.values()) if (t.pending !== null && !t.pending.filtered) sel.onCall(t.pending.row, `${t.pending.head} <unfinished ...>`, t.pending.entryMem, StopMemory.empty);
    }
    if (buf.length) {
      // strace leaves an unterminated line when it stops in the middle of one.
      yield buf;
      buf = '';
    }
  } finally {
    // Closes the cursors when the caller stops early, or when the stops ran out first.
    source.close();
    memory.close();
    stops.close();
    idCursor?.close();
  }
}

export type { FdResolver };

/** The +++ line of a thread's end, from its wait status. */
export function exitLine(status: number): string {
  const termsig = status & 0x7f;
  if (termsig !== 0 && termsig !== 0x7f) return `+++ killed by ${sprintsigname(termsig)} ${status & 0x80 ? '(core dumped) ' : ''}+++`;
  return `+++ exited with ${(status >> 8) & 0xff} +++`;
}

/** A syscall's line as one thread alone prints it (strace -ff): the call, padded to `align`, its return. */
function wholeLine(call: string, ret: string, align: number): string {
  return call.length < align ? call + ' '.repeat(align - call.length) + ret : call + ret;
}

/** A duration in ns as strace prints -r and -T: the seconds (padded to `width`), then `digits` of the fraction. */
function seconds(ns: bigint, digits: 0 | 3 | 6 | 9, width: number): string {
  const sec = String(ns / 1_000_000_000n).padStart(width);
  if (digits === 0) return sec;
  return `${sec}.${String((ns % 1_000_000_000n) / 10n ** BigInt(9 - digits)).padStart(digits, '0')}`;
}
