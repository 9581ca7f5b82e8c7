import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { InterfaceNames } from '@tracedb/native/libc';
import { bytesToString, errnoTable, splitNul, i386SyscallArgs, REGS_SIZE, storedStopKinds, stringToBytes, SIGINFO_SIZE, syscallRegs, syscallTable, syscallTableI386, WCOREDUMP, WEXITSTATUS, WIFEXITED, WIFSIGNALED, WTERMSIG } from '@tracedb/native';
import { createSchema } from '../store/create-schema.js';
import { BulkInsert } from './bulk-insert.js';
import { openClaimed } from './open-claimed.js';
import { exitRegs } from './exit-regs.js';
import { RegsDelta } from './regs-delta.js';
import type { PathColumns } from '../tracer/capture-plan.js';
import {
  BLOB_HEADER,
  MEM_HEADER,
  MemFlag,
  ptraceEventNames,
  RecordType,
  STOP_HEADER,
  StopFlag,
  StopKind,
  stopKindNames,
  THREAD_SIZE,
  TSC_SIZE,
  CPUID_SIZE,
  DELIVERY_SIZE,
  ScheduleEvent,
} from '../stream/stop-stream.js';

const PTRACE_EVENT_EXEC = 4;
/** stop.kind's code for each of the stream's kinds. */
const storedKind: Readonly<Record<number, number>> = Object.fromEntries(
  Object.entries(stopKindNames).map(([k, name]) => [k, storedStopKinds.indexOf(name)]),
);
const EXECVE = 59;
const EXECVEAT = 322;

/** What the recording row holds about the run, known before it starts. */
export interface RecordingContext {
  readonly mode: 'launch' | 'attach';
  readonly argv: readonly string[];
  readonly env: readonly string[];
  readonly cwd: string;
  readonly exePath: string | null;
  readonly arch: string;
  readonly kernel: string;
  readonly uname: Record<string, string>;
  readonly ids: { uid: number; gid: number; euid: number; egid: number };
  readonly rlimits: Record<string, [number | null, number | null]>;
  readonly fds: readonly { fd: number; target: string; type: string }[];
  readonly tracerVersion: string;
  readonly options: Record<string, unknown>;
  readonly startedNs: bigint;
}

export interface RecordingEnd {
  readonly endedNs: bigint;
  readonly exitStatus: number | null;
  readonly complete: boolean;
  readonly interruptedBy: string | null;
}

interface PendingSyscall {
  readonly id: number;
  readonly pid: number;
  readonly tid: number;
  readonly nr: number;
  /** 'i386' for an int $0x80 call, null for the x86_64 ABI. */
  readonly abi: 'i386' | null;
  readonly args: (number | bigint)[];
  readonly seq: number;
  readonly ts: number;
  /** The thread group's system time at the entry stop (ns), null when not known. */
  readonly stime: number | null;
  path: string | null;
  /** The path's bytes when they are not UTF-8 (then `path` is only readable), else null. */
  pathBytes: Buffer | null;
  /** The registers at the entry stop, to store the exit stop's as a delta against. */
  readonly regs?: Buffer;
  /** execve's argv and envp strings, for the execs table. */
  strv?: { argv: string[]; env: string[] };
}

/**
 * Turns the tracer's stop stream into the recording's tables: every stop as it came, and the
 * syscalls, threads, processes and execs derived from them.
 */
export class RecordingWriter {
  private readonly db: BetterSqlite3.Database;
  private seq = 0;
  private syscallId = 0;
  private readonly pending = new Map<number, PendingSyscall>();
  private readonly regsDelta = new RegsDelta();
  private readonly threadRows = new Map<number, number>();
  private readonly processRows = new Map<number, number>();
  private readonly lastExec = new Map<number, number>();
  /** --replayable: the 'signal-held' stops not yet delivered, by `tid:sig`, oldest first. */
  private readonly held = new Map<string, number[]>();
  /** The names of the files the processes mapped, in bytesToString's form. */
  readonly mappedPaths = new Set<string>();
  /** Counts for the summary line. */
  syscalls = 0;
  processes = 0;
  threads = 0;
  private readonly st: Record<string, BetterSqlite3.Statement>;
  private readonly stops: BulkInsert;
  private readonly memoryRows: BulkInsert;
  private readonly syscallRows: BulkInsert;
  private readonly fdNameRows: BulkInsert;
  private readonly commRows: BulkInsert;
  private current: { seq: number; tid: number; kind: number; pending: PendingSyscall | undefined } = { seq: 0, tid: 0, kind: 0, pending: undefined };
  private readonly consumeTx: (buf: ArrayBuffer, length: number) => void;

  private constructor(
    db: BetterSqlite3.Database,
    private readonly plan: PathColumns,
  ) {
    this.db = db;
    this.st = {
      thread: db.prepare('INSERT INTO threads (tid, pid, start_seq) VALUES (?,?,?)'),
      threadEnd: db.prepare('UPDATE threads SET end_seq = ?, exit_status = ?, exit_signal = ? WHERE id = ?'),
      process: db.prepare('INSERT INTO processes (pid, ppid, start_seq) VALUES (?,?,?)'),
      processParent: db.prepare('UPDATE processes SET ppid = ? WHERE id = ?'),
      processEnd: db.prepare('UPDATE processes SET end_seq = ?, exit_status = ?, exit_signal = ?, core_dumped = ? WHERE id = ?'),
      exec: db.prepare('INSERT INTO execs (pid, tid, seq, path, path_bytes, argv, env) VALUES (?,?,?,?,?,?,?)'),
      auxv: db.prepare('UPDATE execs SET auxv = ? WHERE id = ?'),
      atRandom: db.prepare('UPDATE execs SET at_random = ? WHERE id = ?'),
      tsc: db.prepare('INSERT INTO tsc_reads (seq, tsc, aux) VALUES (?,?,?)'),
      cpuid: db.prepare('INSERT INTO cpuid_reads (seq, leaf, subleaf, eax, ebx, ecx, edx) VALUES (?,?,?,?,?,?,?)'),
      fileMap: db.prepare('INSERT INTO file_maps (seq, pid, path, path_bytes, size, sha256, copied) VALUES (?,?,?,?,?,?,?)'),
      fileCopy: db.prepare('INSERT OR IGNORE INTO file_copies (sha256, data) VALUES (?,?)'),
      delivery: db.prepare('INSERT INTO signal_deliveries (seq, held_seq, async) VALUES (?,?,?)'),
      fdDetail: db.prepare('INSERT INTO fd_details (seq, fd, kind, rdev, inode, proto, diag, pid) VALUES (?,?,?,?,?,?,?,?)'),
    };
    this.stops = new BulkInsert(db, 'stop', ['seq', 'ts_ns', 'pid', 'tid', 'kind', 'nr', 'regs', 'base_seq', 'regs_changed', 'siginfo', 'sig', 'event', 'event_msg', 'status', 'entry_seq', 'stime_ns', 'abi']);
    this.memoryRows = new BulkInsert(db, 'memory', ['seq', 'arg', 'part', 'addr', 'size', 'data', 'truncated']);
    this.syscallRows = new BulkInsert(db, 'syscall', [
      'id', 'pid', 'tid', 'nr', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'ret', 'entry_seq', 'exit_seq', 'entry_ns', 'exit_ns', 'path', 'sys_ns', 'path_bytes', 'abi',
    ]);
    this.fdNameRows = new BulkInsert(db, 'fd_names', ['seq', 'fd', 'target', 'target_bytes']);
    this.commRows = new BulkInsert(db, 'comms', ['seq', 'pid', 'comm']);
    this.consumeTx = db.transaction((buf: ArrayBuffer, length: number) => {
      this.decode(buf, length);
      this.flushRows();
    });
  }

  /**
   * Creates a new recording file with the latest schema and its context row. `path`: the file's
   * name for SQLite, or what gives it at each try to open it (see openClaimed). `isOurs`: asked
   * once the file is open and before anything is written to it. Strings of the context are
   * bytes in bytesToString's form: JSON keeps them exactly (\udcXX), cwd has cwd_bytes beside.
   */
  static create(path: string | (() => string), plan: PathColumns, ctx: RecordingContext, isOurs: () => boolean = () => true): RecordingWriter {
    const db = openClaimed(typeof path === 'string' ? () => path : path, isOurs);
    // first: the switch to WAL is a transaction of its own, made with four fsyncs otherwise
    db.pragma('synchronous = OFF');
    db.pragma('journal_mode = WAL');
    // a multi-row INSERT keeps a statement journal (to undo its own rows if one fails): in a temp
    // file under /var/tmp by default, half of the writer's pwrites (100 × /bin/true: 7000 → 3400)
    db.pragma('temp_store = MEMORY');
    // better-sqlite3 builds SQLite with a 16 MB page cache, which the writer filled over a long run;
    // appending touches only the B-trees' last pages (and one per syscall number in its index)
    db.pragma('cache_size = -2048');
    const version = createSchema(db);
    db.transaction(() => {
      const name = db.prepare('INSERT INTO syscall_names (nr, name) VALUES (?, ?)');
      for (const s of syscallTable) name.run(s.nr, s.name);
      const abiName = db.prepare("INSERT INTO syscall_abi_names (abi, nr, name) VALUES ('i386', ?, ?)");
      for (const s of syscallTableI386) abiName.run(s.nr, s.name);
      const err = db.prepare('INSERT INTO errno_names (num, name, message) VALUES (?, ?, ?)');
      for (const e of errnoTable) err.run(e.num, e.name, e.message);
      db.prepare(
        `INSERT INTO recording (id, schema_version, mode, argv, env, cwd, exe_path, arch, kernel, uname, uid, gid, euid, egid,
           rlimits, fds, tracer_version, options, started_ns, complete, cwd_bytes, exe_path_bytes, recording_id, host)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
      ).run(
        version,
        ctx.mode,
        JSON.stringify(ctx.argv),
        JSON.stringify(ctx.env),
        textOf(ctx.cwd),
        ctx.exePath === null ? null : textOf(ctx.exePath),
        ctx.arch,
        ctx.kernel,
        JSON.stringify(ctx.uname),
        ctx.ids.uid,
        ctx.ids.gid,
        ctx.ids.euid,
        ctx.ids.egid,
        JSON.stringify(ctx.rlimits),
        JSON.stringify(ctx.fds),
        ctx.tracerVersion,
        JSON.stringify(ctx.options),
        ctx.startedNs,
        bytesOf(ctx.cwd),
        ctx.exePath === null ? null : bytesOf(ctx.exePath),
        randomUUID(),
        ctx.uname.nodename ?? null,
      );
    })();
    return new RecordingWriter(db, plan);
  }

  /** Writes one batch of the stream (the first `length` bytes of `buf`) in one transaction; nothing refers to `buf` afterwards. */
  consume(buf: ArrayBuffer, length = buf.byteLength): void {
    this.consumeTx(buf, length);
  }

  /** Rows hold views into the batch's buffer: they must be written before the batch ends. */
  private flushRows(): void {
    this.stops.flush();
    this.memoryRows.flush();
    this.syscallRows.flush();
    this.fdNameRows.flush();
    this.commRows.flush();
  }

  private decode(buf: ArrayBuffer, length: number): void {
    const v = new DataView(buf, 0, length);
    const bytes = Buffer.from(buf, 0, length);
    let p = 0;
    while (p < length) {
      const type = v.getUint8(p);
      if (type === RecordType.Stop) p = this.stop(v, bytes, p);
      else if (type === RecordType.Memory) p = this.memory(v, bytes, p);
      else if (type === RecordType.Thread) {
        this.threadInfo(v.getInt32(p + 4, true), v.getInt32(p + 8, true), v.getInt32(p + 12, true));
        p += THREAD_SIZE;
      } else if (type === RecordType.TscRead) {
        this.st.tsc.run(this.current.seq, v.getBigUint64(p + 8, true), v.getUint8(p + 1) === 1 ? v.getUint32(p + 4, true) : null);
        p += TSC_SIZE;
      } else if (type === RecordType.SignalDelivery) {
        const held = this.held.get(`${this.current.tid}:${v.getInt32(p + 4, true)}`)?.shift();
        if (held !== undefined) this.st.delivery.run(this.current.seq, held, v.getUint8(p + 1));
        p += DELIVERY_SIZE;
      } else if (type === RecordType.CpuidRead) {
        const u = (off: number): number => v.getUint32(p + off, true);
        this.st.cpuid.run(this.current.seq, u(4), u(8), u(12), u(16), u(20), u(24));
        p += CPUID_SIZE;
      } else if (type === RecordType.Comm) {
        const len = v.getUint32(p + 8, true);
        this.commRows.add(this.current.seq, v.getInt32(p + 4, true), Buffer.from(bytes.subarray(p + BLOB_HEADER, p + BLOB_HEADER + len)));
        p += BLOB_HEADER + len;
      } else if (type === RecordType.FdDetail) {
        const len = v.getUint32(p + 8, true);
        this.fdDetail(v.getInt32(p + 4, true), bytes.subarray(p + BLOB_HEADER, p + BLOB_HEADER + len));
        p += BLOB_HEADER + len;
      } else if (type === RecordType.AtRandom || type === RecordType.MappedFile) {
        const pid = v.getInt32(p + 4, true);
        const len = v.getUint32(p + 8, true);
        const data = bytes.subarray(p + BLOB_HEADER, p + BLOB_HEADER + len);
        if (type === RecordType.AtRandom) {
          const exec = this.lastExec.get(pid);
          if (exec !== undefined) this.st.atRandom.run(Buffer.from(data), exec);
        } else this.mappedFile(pid, data);
        p += BLOB_HEADER + len;
      } else if (type === RecordType.Auxv || type === RecordType.Maps || type === RecordType.FdName) {
        const pid = v.getInt32(p + 4, true);
        const len = v.getUint32(p + 8, true);
        const data = bytes.subarray(p + BLOB_HEADER, p + BLOB_HEADER + len);
        if (type === RecordType.FdName) {
          this.fdNameRows.add(this.current.seq, pid, data.toString('utf8'), isUtf8(data) ? null : Buffer.from(data));
        } else if (type === RecordType.Auxv) {
          const exec = this.lastExec.get(pid);
          if (exec !== undefined) this.st.auxv.run(Buffer.from(data), exec);
        } else {
          for (const name of splitNul(data)) this.mappedPaths.add(bytesToString(name));
        }
        p += BLOB_HEADER + len;
      } else {
        throw new Error(`corrupt stop stream: record type ${type} at ${p}`);
      }
    }
  }

  /** An FdDetail record (fd -1: a socket asked about by inode): its JSON line, then the sock_diag message if the kernel gave one. */
  private fdDetail(fd: number, data: Buffer): void {
    const nl = data.indexOf(0x0a);
    const h = JSON.parse(data.subarray(0, nl).toString('latin1')) as { kind: string; rdev?: number; inode?: number; proto?: string | null; pid?: number };
    const diag = nl + 1 < data.length ? Buffer.from(data.subarray(nl + 1)) : null;
    this.st.fdDetail.run(this.current.seq, fd < 0 ? null : fd, h.kind, h.rdev ?? null, h.inode ?? null, h.proto ?? null, diag, h.pid ?? null);
  }

  /** A MappedFile record: its JSON header line, then (when copied) the file's bytes. */
  private mappedFile(pid: number, data: Buffer): void {
    const nl = data.indexOf(0x0a);
    const h = JSON.parse(data.subarray(0, nl).toString('utf8')) as { path: string; size: number; sha256: string; copied: boolean };
    const path = stringToBytes(h.path);
    this.st.fileMap.run(this.current.seq, pid, path.toString('utf8'), isUtf8(path) ? null : path, h.size, h.sha256, h.copied ? 1 : 0);
    if (h.copied) this.st.fileCopy.run(h.sha256, data.subarray(nl + 1));
  }

  private stop(v: DataView, bytes: Buffer, p: number): number {
    const kind = v.getUint8(p + 1);
    const flags = v.getUint8(p + 2);
    const event = v.getUint8(p + 3);
    const pid = v.getInt32(p + 4, true);
    const tid = v.getInt32(p + 8, true);
    const nr = v.getInt32(p + 12, true);
    const sig = v.getInt32(p + 16, true);
    const status = v.getInt32(p + 20, true);
    const ts = v.getFloat64(p + 24, true);
    const eventMsg = v.getFloat64(p + 32, true);
    const stime = v.getFloat64(p + 40, true);
    let q = p + STOP_HEADER;
    let regs: Buffer | null = null;
    let siginfo: Buffer | null = null;
    if (flags & StopFlag.Regs) {
      regs = bytes.subarray(q, q + REGS_SIZE);
      q += REGS_SIZE;
    }
    if (flags & StopFlag.Siginfo) {
      siginfo = bytes.subarray(q, q + SIGINFO_SIZE);
      q += SIGINFO_SIZE;
    }
    const seq = ++this.seq;
    const isSyscall = kind === StopKind.SyscallEntry || kind === StopKind.SyscallExit;
    const abi = isSyscall && flags & StopFlag.I386 ? 'i386' : null;
    const entry = kind === StopKind.SyscallExit ? this.pending.get(tid) : undefined;
    const stored = kind === StopKind.SyscallEntry && regs ? this.regsDelta.encode(tid, seq, regs) : null;
    this.stops.add(
      seq,
      ts,
      entry ? null : pid, // an exit stop's pid is its entry's (migrations/0018)
      tid,
      storedKind[kind],
      isSyscall ? nr : null,
      stored ? stored.regs : entry?.regs && regs ? exitRegs(regs, entry.regs) : regs,
      stored?.base ?? null,
      stored?.changed ?? null,
      siginfo,
      sig || null,
      kind === StopKind.Event ? (ptraceEventNames[event] ?? String(event)) : null,
      kind === StopKind.Event && event < 128 ? eventMsg : null, // PTRACE_EVENT_STOP and the schedule's stops have none
      kind === StopKind.Exit ? status : null,
      entry ? entry.seq : null,
      stime < 0 ? null : !entry ? stime : entry.stime === null ? null : stime - entry.stime, // an exit's: since its entry
      abi,
    );
    const stimeNs = stime < 0 ? null : stime;
    this.seen(tid, pid, seq);
    this.current = { seq, tid, kind, pending: undefined };
    if (kind === StopKind.SyscallEntry && regs) {
      const old = this.pending.get(tid);
      if (old) this.finishSyscall(old, null, null, null);
      const args = readArgs(regs, abi);
      const pending: PendingSyscall = { id: ++this.syscallId, pid, tid, nr, abi, args, seq, ts, stime: stimeNs, path: null, pathBytes: null, regs: stored!.entry };
      if (abi === null && (nr === EXECVE || nr === EXECVEAT)) pending.strv = { argv: [], env: [] };
      this.pending.set(tid, pending);
      this.current.pending = pending;
    } else if (kind === StopKind.SyscallExit && regs) {
      this.pending.delete(tid);
      const ret = readI64(regs, syscallRegs.ret);
      if (entry) this.finishSyscall(entry, ret, seq, ts, stimeNs);
      else this.finishSyscall({ id: ++this.syscallId, pid, tid, nr, abi, args: readArgs(regs, abi), seq: 0, ts: 0, stime: null, path: null, pathBytes: null }, ret, seq, ts, null, true);
    } else if (kind === StopKind.Event && event === ScheduleEvent.SignalHeld) {
      const key = `${tid}:${sig}`;
      const list = this.held.get(key);
      if (list) list.push(seq);
      else this.held.set(key, [seq]);
    } else if (kind === StopKind.Event && event === PTRACE_EVENT_EXEC) {
      this.exec(pid, tid, eventMsg, seq);
    } else if (kind === StopKind.Exit) {
      this.threadEnded(pid, tid, status, seq);
    }
    return q;
  }

  private finishSyscall(s: PendingSyscall, ret: number | bigint | null, exitSeq: number | null, exitNs: number | null, exitStime: number | null = null, noEntry = false): void {
    const a = s.args;
    const sysNs = exitStime !== null && s.stime !== null ? exitStime - s.stime : null;
    this.syscallRows.add(s.id, s.pid, s.tid, s.nr, a[0], a[1], a[2], a[3], a[4], a[5], ret, noEntry ? null : s.seq, exitSeq, noEntry ? null : s.ts, exitNs, s.path, sysNs, s.pathBytes, s.abi);
    this.syscalls++;
  }

  private exec(pid: number, tid: number, formerTid: number, seq: number): void {
    // execve from a non-leader thread: it takes the leader's tid, and the leader's own syscall never returns.
    if (formerTid !== tid) {
      const leader = this.pending.get(tid);
      if (leader) this.finishSyscall(leader, null, null, null);
      const moved = this.pending.get(formerTid);
      this.pending.delete(formerTid);
      // The row keeps the tid that called execve; its exit stop comes under the leader's tid.
      if (moved) this.pending.set(tid, moved);
      this.endThread(formerTid, seq, 0, null);
    }
    const call = this.pending.get(tid);
    const r = this.st.exec.run(
      pid,
      formerTid,
      seq,
      call?.path ?? null,
      call?.pathBytes ?? null,
      call?.strv ? JSON.stringify(call.strv.argv) : null,
      call?.strv ? JSON.stringify(call.strv.env) : null,
    );
    this.lastExec.set(pid, Number(r.lastInsertRowid));
  }

  private memory(v: DataView, bytes: Buffer, p: number): number {
    const arg = v.getUint8(p + 1);
    const flags = v.getUint8(p + 2);
    const part = v.getUint32(p + 4, true);
    const addr = v.getFloat64(p + 8, true);
    const size = v.getFloat64(p + 16, true);
    const len = v.getUint32(p + 24, true);
    const data = flags & MemFlag.Unreadable ? null : bytes.subarray(p + MEM_HEADER, p + MEM_HEADER + len);
    this.memoryRows.add(this.current.seq, arg, part, addr, size, data, flags & MemFlag.Truncated ? 1 : 0);
    const pending = this.current.pending;
    if (pending && data) {
      if (part === 0 && arg === (pending.abi === null ? this.plan : this.plan.i386!).pathArg[pending.nr]) {
        pending.path = data.toString('utf8');
        pending.pathBytes = isUtf8(data) ? null : Buffer.from(data); // a copy: data is a view into the batch
      }
      const strv = pending.strv;
      const argvArg = pending.nr === EXECVEAT ? 2 : 1;
      if (strv && part > 0 && (arg === argvArg || arg === argvArg + 1)) (arg === argvArg ? strv.argv : strv.env).push(bytesToString(data));
    }
    return p + MEM_HEADER + len;
  }

  private seen(tid: number, pid: number, seq: number): void {
    if (this.threadRows.has(tid)) return;
    this.threadRows.set(tid, Number(this.st.thread.run(tid, pid, seq).lastInsertRowid));
    this.threads++;
    if (!this.processRows.has(pid)) {
      this.processRows.set(pid, Number(this.st.process.run(pid, null, seq).lastInsertRowid));
      this.processes++;
    }
  }

  private threadInfo(tid: number, pid: number, ppid: number): void {
    this.seen(tid, pid, this.seq);
    const row = this.processRows.get(pid);
    if (row !== undefined && tid === pid) this.st.processParent.run(ppid || null, row);
  }

  private threadEnded(pid: number, tid: number, status: number, seq: number): void {
    const pending = this.pending.get(tid);
    this.pending.delete(tid);
    if (pending) this.finishSyscall(pending, null, null, null);
    this.endThread(tid, seq, WIFEXITED(status) ? WEXITSTATUS(status) : null, WIFSIGNALED(status) ? WTERMSIG(status) : null);
    if (tid === pid) {
      const row = this.processRows.get(pid);
      if (row !== undefined) {
        this.st.processEnd.run(
          seq,
          WIFEXITED(status) ? WEXITSTATUS(status) : null,
          WIFSIGNALED(status) ? WTERMSIG(status) : null,
          WIFSIGNALED(status) ? (WCOREDUMP(status) ? 1 : 0) : null,
          row,
        );
        this.processRows.delete(pid);
      }
    }
  }

  private endThread(tid: number, seq: number, code: number | null, signal: number | null): void {
    this.regsDelta.forget(tid); // a pending execve moved to the leader keeps its entry's registers; a reused tid starts anew
    const row = this.threadRows.get(tid);
    if (row === undefined) return;
    this.st.threadEnd.run(seq, code, signal, row);
    this.threadRows.delete(tid);
  }

  /** Writes syscalls that never returned (the run was cut short) and the end of the run. */
  finish(end: RecordingEnd, hashes: { exe: string | null; files: Map<string, { size: number; sha256: string }> }): void {
    this.db.transaction(() => {
      for (const p of this.pending.values()) this.finishSyscall(p, null, null, null);
      this.pending.clear();
      this.flushRows();
      const file = this.db.prepare('INSERT OR REPLACE INTO mapped_files (path, path_bytes, size, sha256) VALUES (?, ?, ?, ?)');
      for (const [path, h] of hashes.files) file.run(textOf(path), bytesOf(path), h.size, h.sha256);
      this.db
        .prepare('UPDATE execs SET exe_sha256 = (SELECT sha256 FROM mapped_files m WHERE m.path = execs.path AND m.path_bytes IS execs.path_bytes)')
        .run();
      this.db
        .prepare('UPDATE recording SET ended_ns = ?, exit_status = ?, complete = ?, interrupted_by = ?, exe_sha256 = ? WHERE id = 1')
        .run(end.endedNs, end.exitStatus, end.complete ? 1 : 0, end.interruptedBy, hashes.exe);
    })();
  }

  /** What the program had when it started: open descriptors and resource limits. */
  /** The C library's version, as the tracing thread found it. */
  setLibc(libc: string): void {
    this.db.prepare('UPDATE recording SET libc = ? WHERE id = 1').run(libc);
  }

  setStartState(fds: readonly { fd: number; target: string; type: string }[], rlimits: Record<string, unknown>): void {
    if (fds.length === 0) return; // gone before it could be looked at: keep what trace-rec passed on
    this.db.prepare('UPDATE recording SET fds = ?, rlimits = ? WHERE id = 1').run(JSON.stringify(fds), JSON.stringify(rlimits));
  }

  /** The interfaces of trace-rec's network namespace (a name already there for the index stays). */
  addInterfaceNames(ifs: InterfaceNames): void {
    const row = this.db.prepare('INSERT OR IGNORE INTO ifnames (ifindex, name, netns) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const [index, name] of ifs.names) row.run(index, Buffer.from(name, 'latin1'), ifs.netns);
    })();
  }

  /** --replayable: what was in force, as the tracer found it (recording.options.replayable). */
  setReplayable(options: object): void {
    this.db.prepare("UPDATE recording SET options = json_set(options, '$.replayable', json(?)) WHERE id = 1").run(JSON.stringify(options));
  }

  /** Marks the recording as cut short without touching anything else (after a write error). */
  markInterrupted(reason: string, endedNs: bigint): void {
    this.db.prepare('UPDATE recording SET ended_ns = ?, complete = 0, interrupted_by = ? WHERE id = 1').run(endedNs, reason);
  }

  /**
   * Leaves WAL mode first, so that the finished file is one file: readers then open it read-only
   * without making -wal/-shm files beside it, even where they cannot write (a read-only mount).
   */
  close(): void {
    try {
      this.db.pragma('journal_mode = DELETE');
    } catch {
      // a reader holds it, or the disk is full: the file stays in WAL mode, still valid
    }
    this.db.close();
  }
}

/** A name in bytesToString's form as TEXT: UTF-8, with U+FFFD where its bytes are not. */
function textOf(s: string): string {
  return stringToBytes(s).toString('utf8');
}

/** The exact bytes of a name whose bytes are not UTF-8 (the `*_bytes` columns), else null. */
function bytesOf(s: string): Buffer | null {
  const b = stringToBytes(s);
  return isUtf8(b) ? null : b;
}

/** A signed 64-bit register as a number when it is exact as one (almost always), else a BigInt. */
function readI64(buf: Buffer, off: number): number | bigint {
  const hi = buf.readInt32LE(off + 4);
  if (hi >= -0x200000 && hi < 0x200000) return hi * 0x1_0000_0000 + buf.readUInt32LE(off);
  return buf.readBigInt64LE(off);
}

function readArgs(regs: Buffer, abi: 'i386' | null): (number | bigint)[] {
  const a = abi === null ? syscallRegs.args : i386SyscallArgs;
  return [readI64(regs, a[0]), readI64(regs, a[1]), readI64(regs, a[2]), readI64(regs, a[3]), readI64(regs, a[4]), readI64(regs, a[5])];
}
