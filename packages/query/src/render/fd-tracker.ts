// The fd table of each process, followed through the recording, for -y (fd<path>).
// Starts from recording.fds (what was open when the program started) and applies every
// successful call that creates, duplicates or closes descriptors; fork copies the table,
// CLONE_FILES shares it, execve drops the close-on-exec ones.

import type BetterSqlite3 from 'better-sqlite3';
import { bytesToString, fsName, makesDescriptors, newDescriptors, socketInode, syscallTable, syscallTableI386 } from '@tracedb/native';
import { exactText, hasColumn, recordingCwd } from '../recording/exact-paths.js';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { FdDetail, FdResolver } from '../decode/context.js';
import type { StopMemory } from '../decode/context.js';
import type { HexLevel } from '../decode/quote.js';
import { device, FdDetails } from './fd-details.js';
import type { NamedDetail } from './fd-details.js';
import type { SyscallRow } from './syscall-row.js';
import { socketSubcall } from '../decode/subcall.js';
import { CLONE_FILES, CLONE_FS, cloneFlags } from './clone-flags.js';
import { recordedFilter } from '../recording/open-recording.js';
import { genlFamiliesIn } from '../decode/netlink/genl-families.js';

interface Entry {
  path: string;
  cloexec: boolean;
  /** A netlink socket: its protocol, and whether the kernel names it yet (bound: see netlinkProtocol). */
  netlink?: { readonly protocol: number; bound: boolean };
  /** -yy: the device or pidfd trace-rec found when it named the descriptor. */
  named?: NamedDetail;
}

type Table = Map<number, Entry>;

const O_CLOEXEC = 0o2000000n;
const AT_FDCWD = -100;
const AF_NETLINK = 16n;
/** The calls after which a netlink socket has a port id: bind, connect, and a send's autobind. */
const BINDS: ReadonlySet<string> = new Set(['bind', 'connect', 'sendto', 'sendmsg', 'sendmmsg']);
/** A send that failed before the kernel autobinds (netlink_sendmsg's first checks, a bad fd). */
const NOT_BOUND_BY: ReadonlySet<bigint> = new Set([-1n, -9n, -22n, -95n]);
const EFAULT = -14n;
const NETLINK_GENERIC = 16;

const nrOf = (table: readonly { nr: number; name: string }[], name: string): number => table.find((d) => d.name === name)!.nr;
const SOCKET_NR = nrOf(syscallTable, 'socket');
const SOCKETCALL_NR = nrOf(syscallTableI386, 'socketcall');

/** Whether the program called socket(AF_NETLINK, ...), or i386's socketcall (whose subcall the rows do not say). */
function madeNetlinkSocket(db: BetterSqlite3.Database): boolean {
  // the table and its nr index, not the view, whose name costs a join per row
  if (hasColumn(db, 'syscall', 'abi')) {
    const q = 'SELECT 1 FROM syscall WHERE (nr = ? AND a0 = ? AND abi IS NULL) OR (nr = ? AND abi = ?) LIMIT 1';
    return db.prepare(q).get(SOCKET_NR, AF_NETLINK, SOCKETCALL_NR, 'i386') !== undefined;
  }
  return db.prepare("SELECT 1 FROM syscalls WHERE (name = 'socket' AND a0 = ?) OR name = 'socketcall' LIMIT 1").get(AF_NETLINK) !== undefined;
}

export class FdTracker implements FdResolver {
  /** The syscalls trace-rec records fd_names for: the others need no lookup. */
  private static readonly named: ReadonlySet<string> = new Set(Object.keys(newDescriptors));

  /**
   * The syscalls onSyscallExit looks at (a filtered rendering reads only these among the
   * unselected ones): the ones track() follows, and the ones with fd_names.
   */
  static readonly syscalls: readonly string[] = [
    ...FdTracker.named, 'close', 'close_range', 'dup', 'dup2', 'dup3', 'fcntl', 'chdir', 'fchdir', 'clone', 'clone3', 'fork', 'vfork',
    'fcntl64', 'socketcall', 'unlink', 'unlinkat', 'rmdir', ...BINDS, 'recvfrom',
  ];

  /** NETLINK_GENERIC family ids → names, from the nlctrl replies the program received so far. */
  private readonly genl = new Map<number, string>();

  genlFamily(id: number): string | null {
    return this.genl.get(id) ?? null;
  }

  /** tid → its table (threads of a process, and CLONE_FILES children, share one). */
  private readonly tables = new Map<number, Table>();
  private readonly cwds = new Map<number, { cwd: string }>();
  private initial: Table = new Map();
  /** The tasks whose table was made from their creator's (at its clone event or clone's return). */
  private readonly cloned = new Set<number>();
  private initialCwd = '/';
  /** Paths resolved as /proc/PID/fd shows them (-y); false: only sockets' protocols are followed. */
  private paths = true;

  /**
   * A recording made with trace-rec -e trace=SET: the calls that made descriptors may be missing,
   * so trace-rec named the descriptor arguments of each call at its entry too.
   */
  private partial = false;

  /** What trace-rec read in /proc/PID/fd for the descriptors a syscall made (schema 3's fd_names). */
  private names: ((exitSeq: number) => { fd: number; target: string }[]) | null = null;

  /**
   * Without -y: a tracker of netlink sockets alone (strace decodes their messages), or null when
   * the program made none.
   */
  static forNetlink(db: BetterSqlite3.Database): FdTracker | null {
    if (!madeNetlinkSocket(db)) return null;
    const t = FdTracker.fromRecording(db);
    t.paths = false;
    t.names = null;
    return t;
  }

  /**
   * The protocol of a netlink socket, as strace learns it from the kernel (sock_diag): known once
   * the socket is bound (an unbound one is not in the kernel's table); null: not a netlink
   * socket trace-q knows of; -1: one the kernel would not name yet.
   */
  netlinkProtocol(tid: number, fd: number): number | null {
    const nl = this.table(tid).get(fd)?.netlink;
    if (nl === undefined) return null;
    return nl.bound ? nl.protocol : -1;
  }
  /** What -yy adds (schema 14), null in older recordings. */
  private learnt: FdDetails | null = null;

  static fromRecording(db: BetterSqlite3.Database): FdTracker {
    const t = new FdTracker();
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fd_names'").get() !== undefined) {
      const exact = hasColumn(db, 'fd_names', 'target_bytes');
      const q = db.prepare(`SELECT fd, target${exact ? ', target_bytes' : ''} FROM fd_names WHERE seq = ?`);
      t.names = (seq) => (q.all(seq) as { fd: number; target: string; target_bytes?: Buffer | null }[]).map((n) => ({ fd: n.fd, target: exactText(n.target, n.target_bytes) }));
    }
    t.learnt = FdDetails.fromRecording(db);
    const r = db.prepare('SELECT fds, cwd, options FROM recording').get() as { fds: string | null; cwd: string; options: string | null } | undefined;
    if (r) {
      t.partial = recordedFilter(r.options) !== null;
      t.initialCwd = recordingCwd(db);
      try {
        for (const f of JSON.parse(r.fds ?? '[]') as { fd: number; target: string; rdev?: number; block?: boolean }[]) {
          const named = f.rdev !== undefined && t.learnt !== null ? { dev: device(f.block === true, BigInt(f.rdev)) } : undefined;
          t.initial.set(f.fd, { path: f.target, cloexec: false, named });
        }
      } catch {
        // no usable fd list
      }
    }
    return t;
  }

  private table(tid: number): Table {
    let t = this.tables.get(tid);
    if (!t) {
      t = new Map(this.initial);
      this.tables.set(tid, t);
    }
    return t;
  }

  private cwd(tid: number): { cwd: string } {
    let c = this.cwds.get(tid);
    if (!c) {
      c = { cwd: this.initialCwd };
      this.cwds.set(tid, c);
    }
    return c;
  }

  path(tid: number, fd: number): string | null {
    if (fd === AT_FDCWD) return this.cwd(tid).cwd;
    return this.table(tid).get(fd)?.path ?? null;
  }

  details(tid: number, fd: number, seq: number, hex: HexLevel): FdDetail | null {
    const e = this.table(tid).get(fd);
    if (!e || this.learnt === null) return null;
    const inode = socketInode(e.path);
    if (inode !== null) {
      const socket = this.learnt.socket(inode, seq, hex);
      return socket === null ? null : { socket };
    }
    return e.named ?? null;
  }

  /** The names trace-rec read at stop `seq`, with what -yy adds. */
  private applyNames(t: Table, seq: number): void {
    for (const n of this.names!(seq)) {
      const named = this.learnt?.namedAt(seq, n.fd);
      const e = t.get(n.fd);
      if (e) {
        e.path = n.target;
        e.named = named;
      } else t.set(n.fd, { path: n.target, cloexec: false, named });
    }
  }

  private readonly real = new Map<string, string>();

  /**
   * The path the kernel would show in /proc/PID/fd: absolute, with symlinks resolved. The
   * recording does not keep how symlinks resolved, so they are resolved on this machine
   * now (a best effort: right when rendered where it was recorded and nothing moved).
   */
  private resolve(tid: number, dirfd: number, p: string): string {
    if (!this.paths) return p;
    const base = dirfd === AT_FDCWD ? this.cwd(tid).cwd : (this.path(tid, dirfd) ?? this.cwd(tid).cwd);
    const abs = p.startsWith('/') ? path.normalize(p) : path.normalize(path.join(base, p));
    let r = this.real.get(abs);
    if (r === undefined) {
      try {
        r = bytesToString(realpathSync.native(fsName(abs), 'buffer'));
      } catch {
        r = abs;
      }
      this.real.set(abs, r);
    }
    return r;
  }

  /**
   * A name removed: every descriptor opened through it now reads, in /proc/PID/fd, as that path
   * followed by " (deleted)" (printed `<path>(deleted)`, see context.ts). The name is gone, so its
   * directory is resolved and the name joined to it.
   */
  private removed(tid: number, dirfd: number, p: string): void {
    const gone = path.posix.join(this.resolve(tid, dirfd, path.posix.dirname(p)), path.posix.basename(p));
    for (const t of new Set(this.tables.values())) for (const e of t.values()) if (e.path === gone) e.path = `${gone} (deleted)`;
  }

  /** Before a call's entry is shown: in a partial recording, the names trace-rec read for its descriptor arguments. */
  onSyscallEntry(row: SyscallRow): void {
    if (!this.partial || this.names === null || row.entry_seq === null) return;
    this.applyNames(this.table(row.tid), row.entry_seq);
  }

  onSyscallExit(call: SyscallRow, callEntryMem: StopMemory, callExitMem: StopMemory): void {
    // an i386 socketcall makes and names descriptors as its subcall does
    const sub = socketSubcall(call, callEntryMem, callExitMem);
    const { row, entryMem, exitMem } = sub ?? { row: call, entryMem: callEntryMem, exitMem: callExitMem };
    this.track(row, entryMem, exitMem);
    if (this.names === null || row.exit_seq === null || row.ret === null || row.ret < 0n) return;
    if (row.name === null || !FdTracker.named.has(row.name)) return;
    const args = [row.a0, row.a1, row.a2, row.a3, row.a4, row.a5];
    if (!makesDescriptors(newDescriptors[row.name], (i) => BigInt.asUintN(64, args[i] ?? 0n))) return;
    // The kernel's own name for what was made (pipe:[INODE], the resolved path) beats the guess.
    this.applyNames(this.table(row.tid), row.exit_seq);
  }

  private learnGenl(row: SyscallRow, exitMem: StopMemory): void {
    if (this.netlinkProtocol(row.tid, Number(BigInt.asIntN(32, row.a0 ?? 0n))) !== NETLINK_GENERIC) return;
    const data = exitMem.get(1)?.data;
    if (data) for (const [id, name] of genlFamiliesIn(data)) this.genl.set(id, name);
  }

  private track(row: SyscallRow, entryMem: StopMemory, exitMem: StopMemory): void {
    const ret = row.ret;
    // sendto's EFAULT is its data's, read after the autobind; sendmsg's may be its msghdr's
    if (row.name !== null && BINDS.has(row.name) && ret !== null && !NOT_BOUND_BY.has(ret) && !(ret === EFAULT && row.name !== 'sendto')) {
      const nl = this.table(row.tid).get(Number(BigInt.asIntN(32, row.a0 ?? 0n)))?.netlink;
      if (nl !== undefined && (ret >= 0n || row.name.startsWith('send'))) nl.bound = true;
    }
    if (ret === null || (ret < 0n && ret >= -4095n)) return;
    if (row.name === 'recvfrom' && ret > 0n) this.learnGenl(row, exitMem);
    const tid = row.tid;
    const t = this.table(tid);
    const a = (i: number): bigint => [row.a0, row.a1, row.a2, row.a3, row.a4, row.a5][i] ?? 0n;
    const int = (i: number): number => Number(BigInt.asIntN(32, a(i)));
    const fd = Number(ret);
    switch (row.name) {
      case 'open':
      case 'creat':
        if (row.path !== null) t.set(fd, { path: this.resolve(tid, AT_FDCWD, row.path), cloexec: row.name === 'open' && !!(a(1) & O_CLOEXEC) });
        return;
      case 'openat':
      case 'openat2':
        if (row.path !== null) t.set(fd, { path: this.resolve(tid, int(0), row.path), cloexec: row.name === 'openat' && !!(a(2) & O_CLOEXEC) });
        return;
      case 'close':
        t.delete(int(0));
        return;
      case 'close_range': {
        const lo = Number(BigInt.asUintN(32, a(0)));
        const hi = Number(BigInt.asUintN(32, a(1)));
        for (const k of [...t.keys()]) if (k >= lo && k <= hi) t.delete(k);
        return;
      }
      case 'dup':
      case 'dup2':
      case 'dup3': {
        const e = t.get(int(0));
        if (e) t.set(fd, { ...e, cloexec: row.name === 'dup3' && !!(a(2) & O_CLOEXEC) });
        return;
      }
      case 'fcntl':
      case 'fcntl64': {
        const cmd = int(1);
        if (cmd === 0 || cmd === 1030) {
          const e = t.get(int(0));
          if (e) t.set(fd, { ...e, cloexec: cmd === 1030 });
        } else if (cmd === 2) {
          const e = t.get(int(0));
          if (e) e.cloexec = !!(a(2) & 1n);
        }
        return;
      }
      case 'pipe':
      case 'pipe2':
      case 'socketpair': {
        const arg = row.name === 'socketpair' ? 3 : 0;
        const m = exitMem.get(arg);
        if (!m || !m.data || m.data.length < 8) return;
        const kind = row.name === 'socketpair' ? 'socket' : 'pipe';
        const cloexec = row.name === 'pipe2' && !!(a(1) & O_CLOEXEC);
        t.set(m.data.readInt32LE(0), { path: `${kind}:[?]`, cloexec });
        t.set(m.data.readInt32LE(4), { path: `${kind}:[?]`, cloexec });
        return;
      }
      case 'socket':
        t.set(fd, { path: 'socket:[?]', cloexec: !!(a(1) & O_CLOEXEC), ...((a(0) & 0xffffffffn) === AF_NETLINK ? { netlink: { protocol: int(2), bound: false } } : {}) });
        return;
      case 'accept':
      case 'accept4':
        t.set(fd, { path: 'socket:[?]', cloexec: row.name === 'accept4' && !!(a(3) & O_CLOEXEC) });
        return;
      case 'eventfd':
      case 'eventfd2':
        t.set(fd, { path: 'anon_inode:[eventfd]', cloexec: row.name === 'eventfd2' && !!(a(1) & O_CLOEXEC) });
        return;
      case 'epoll_create':
      case 'epoll_create1':
        t.set(fd, { path: 'anon_inode:[eventpoll]', cloexec: row.name === 'epoll_create1' && !!(a(0) & O_CLOEXEC) });
        return;
      case 'timerfd_create':
        t.set(fd, { path: 'anon_inode:[timerfd]', cloexec: !!(a(1) & O_CLOEXEC) });
        return;
      case 'signalfd':
      case 'signalfd4':
        if (int(0) === -1) t.set(fd, { path: 'anon_inode:[signalfd]', cloexec: row.name === 'signalfd4' && !!(a(3) & O_CLOEXEC) });
        return;
      case 'pidfd_open':
        t.set(fd, { path: 'anon_inode:[pidfd]', cloexec: true });
        return;
      case 'inotify_init':
      case 'inotify_init1':
        t.set(fd, { path: 'anon_inode:inotify', cloexec: row.name === 'inotify_init1' && !!(a(0) & O_CLOEXEC) });
        return;
      case 'memfd_create': {
        const m = entryMem.get(0);
        const name = m && m.data ? m.data.toString('latin1') : '?';
        t.set(fd, { path: `/memfd:${name} (deleted)`, cloexec: !!(a(1) & 1n) });
        return;
      }
      case 'unlink':
      case 'rmdir':
        if (row.path !== null) this.removed(tid, AT_FDCWD, row.path);
        return;
      case 'unlinkat':
        if (row.path !== null) this.removed(tid, int(0), row.path);
        return;
      case 'chdir':
        if (row.path !== null) this.cwd(tid).cwd = this.resolve(tid, AT_FDCWD, row.path);
        return;
      case 'fchdir': {
        const p = t.get(int(0));
        if (p) this.cwd(tid).cwd = p.path;
        return;
      }
      case 'clone':
      case 'clone3':
      case 'fork':
      case 'vfork': {
        const child = fd;
        if (child > 0 && !this.cloned.has(child)) this.onClone(tid, child, cloneFlags(row, entryMem));
        return;
      }
    }
  }

  /** A new task (at its creator's clone event, or its clone's return): the creator's table, shared (CLONE_FILES) or copied. */
  onClone(tid: number, child: number, flags: bigint): void {
    const t = this.table(tid);
    const table = flags & CLONE_FILES ? t : new Map([...t].map(([k, v]) => [k, { ...v }]));
    // A child whose first calls' exits came before its creator's clone (no clone event recorded) made descriptors of its own already.
    const own = this.tables.get(child);
    if (own !== undefined) for (const [k, v] of own) if (this.initial.get(k) !== v) table.set(k, v);
    this.cloned.add(child);
    this.tables.set(child, table);
    this.cwds.set(child, flags & CLONE_FS ? this.cwd(tid) : { cwd: this.cwd(tid).cwd });
  }

  onExec(tid: number, former: number): void {
    const t = this.table(former);
    const fresh: Table = new Map();
    for (const [k, v] of t) if (!v.cloexec) fresh.set(k, v);
    this.tables.set(tid, fresh);
    this.cwds.set(tid, { cwd: this.cwd(former).cwd });
  }

  onThreadExit(tid: number): void {
    this.tables.delete(tid);
    this.cloned.delete(tid);
    this.cwds.delete(tid);
  }
}
