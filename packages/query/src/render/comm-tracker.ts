// Each task's comm (what /proc/PID/comm reads) and whether the task still exists, followed
// through the recording for -Y. The kernel's rules: a new task takes its creator's comm; a
// successful exec sets the basename of the file name given, cut to 15 bytes; prctl(PR_SET_NAME)
// sets the caller's, and a write to /proc/PID/comm or /proc/PID/task/TID/comm that task's (up
// to 15 bytes, up to a NUL). A thread is gone at its exit; a process once its parent reaped
// it. A task the recording does not see being made (the first process, attached ones) has the
// comm trace-rec read when it first stopped (table comms), and so does a process the program
// named that was not traced (kill(1, 0)), at the stop that named it.

import type BetterSqlite3 from 'better-sqlite3';
import type { CommResolver, FdResolver, StopMemory } from '../decode/context.js';
import type { SyscallRow } from './syscall-row.js';

const TASK_COMM_LEN = 16;
const PR_SET_NAME = 15;
const WNOWAIT = 0x01000000n;
const EMPTY: ReadonlyMap<number, Buffer | null> = new Map();
const PROC_COMM = /^\/proc\/(\d+)(?:\/task\/(\d+))?\/comm$/;

/** The comm the kernel keeps of `bytes`: at most 15 bytes, up to the first NUL. */
function kernelComm(bytes: Buffer): Buffer {
  const cut = bytes.subarray(0, TASK_COMM_LEN - 1);
  const nul = cut.indexOf(0);
  return Buffer.from(nul < 0 ? cut : cut.subarray(0, nul));
}

/** /proc/PID/comm as strace reads it: trailing newlines dropped (a comm written with echo keeps its "\n"). */
function readable(comm: Buffer): Buffer {
  let n = comm.length;
  while (n > 0 && comm[n - 1] === 0x0a) n--;
  return comm.subarray(0, n);
}

export class CommTracker implements CommResolver {
  static readonly syscalls: readonly string[] = ['prctl', 'write', 'pwrite64', 'wait4', 'waitid', 'execve', 'execveat'];

  /** tid → comm, for the tasks that exist. */
  private readonly comms = new Map<number, Buffer>();
  /** tid → its thread group, for the tasks seen. */
  private readonly tgids = new Map<number, number>();
  /** What trace-rec read in /proc, by stop: pid → comm (null: no such process). A few rows: read whole. */
  private readonly read = new Map<number, Map<number, Buffer | null>>();
  private seen: ReadonlyMap<number, Buffer | null> = new Map();

  static fromRecording(db: BetterSqlite3.Database): CommTracker {
    const t = new CommTracker();
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'comms'").get() === undefined) return t;
    for (const r of db.prepare('SELECT seq, pid, comm FROM comms').all() as { seq: number; pid: number; comm: Buffer | null }[]) {
      let m = t.read.get(r.seq);
      if (m === undefined) t.read.set(r.seq, (m = new Map()));
      m.set(r.pid, r.comm);
    }
    return t;
  }

  /** Every stop, before it is printed: what trace-rec read in /proc at it. */
  atStop(seq: number, tid: number): void {
    this.seen = this.read.get(seq) ?? EMPTY;
    const own = this.seen.get(tid);
    if (own !== undefined && own !== null && !this.comms.has(tid)) this.comms.set(tid, own);
  }

  comm(pid: number): Buffer | null {
    const c = this.comms.get(pid);
    if (c !== undefined) return readable(c);
    const r = this.seen.get(pid);
    return r === undefined || r === null ? null : readable(r);
  }

  /** A fork, vfork or clone event in `parent`: the new task has its comm. */
  onClone(parent: number, child: number, thread: boolean): void {
    if (!this.tgids.has(child)) this.tgids.set(child, thread ? (this.tgids.get(parent) ?? parent) : child);
    const c = this.comms.get(parent);
    if (c !== undefined && !this.comms.has(child)) this.comms.set(child, c);
  }

  /** The file an execve or execveat gives the kernel, whose basename becomes the comm (execveat(N, "", AT_EMPTY_PATH): "/dev/fd/N"). */
  static execFile(row: SyscallRow, entryMem: StopMemory): Buffer | null {
    const arg = row.name === 'execveat' ? 1 : row.name === 'execve' ? 0 : -1;
    const data = arg < 0 ? null : entryMem.get(arg)?.data;
    if (!data) return null;
    const nul = data.indexOf(0);
    const file = nul < 0 ? data : data.subarray(0, nul);
    return file.length === 0 && arg === 1 ? Buffer.from(`/dev/fd/${Number(BigInt.asIntN(32, row.a0 ?? 0n))}`) : file;
  }

  /** An exec event: thread `former` became `tid` (its thread group's leader) running the file `file`. */
  onExec(tid: number, former: number, file: Buffer | null): void {
    if (former !== tid) this.comms.delete(former);
    if (file === null) return;
    const slash = file.lastIndexOf(0x2f);
    this.comms.set(tid, kernelComm(file.subarray(slash + 1)));
  }

  /** A thread's end: a thread is gone, a process stays (a zombie) until reaped. */
  onExit(tid: number): void {
    const tgid = this.tgids.get(tid) ?? tid;
    if (tgid !== tid) this.comms.delete(tid);
  }

  onSyscallExit(row: SyscallRow, entryMem: StopMemory, exitMem: StopMemory, fds: FdResolver | null): void {
    const ret = row.ret;
    if (ret === null) return;
    const a = (i: number): bigint => BigInt.asUintN(64, [row.a0, row.a1, row.a2, row.a3, row.a4, row.a5][i] ?? 0n);
    switch (row.name) {
      case 'prctl': {
        const m = entryMem.get(1);
        if (Number(a(0) & 0xffffffffn) === PR_SET_NAME && ret === 0n && m?.data) this.comms.set(row.tid, kernelComm(m.data));
        return;
      }
      case 'write':
      case 'pwrite64': {
        if (ret <= 0n || fds === null) return;
        const target = PROC_COMM.exec(fds.path(row.tid, Number(BigInt.asIntN(32, a(0)))) ?? '');
        const m = entryMem.get(1);
        if (target === null || !m?.data) return;
        this.comms.set(Number(target[2] ?? target[1]), kernelComm(m.data.subarray(0, Number(ret))));
        return;
      }
      case 'wait4':
        if (ret > 0n) this.reaped(Number(ret));
        return;
      case 'waitid': {
        const si = exitMem.get(2);
        if (ret === 0n && !(a(3) & WNOWAIT) && si?.data && si.data.length >= 20) {
          const pid = si.data.readInt32LE(16);
          if (pid > 0) this.reaped(pid);
        }
        return;
      }
    }
  }

  /** A process reaped: it and whatever is left of its threads are gone. */
  private reaped(pid: number): void {
    for (const [tid, tgid] of this.tgids) if (tgid === pid) this.comms.delete(tid);
    this.comms.delete(pid);
  }
}
