import path from 'node:path';
import { parseIntArg, splitArgs } from '../import/strace-args.js';
import { FCNTL_CMDS } from './syscall-ops.js';
import type { Trace, TraceCall } from './trace.js';

const AT_FDCWD = -100;
const F_DUPFD = 0;
const F_DUPFD_CLOEXEC = 1030;
const CLOSE_RANGE_CLOEXEC = 4;
const OPENS = new Set(['open', 'openat', 'openat2', 'creat']);
const SOCKETS = new Set(['socket', 'accept', 'accept4']);
const ANON = new Set([
  'eventfd', 'eventfd2', 'epoll_create', 'epoll_create1', 'timerfd_create', 'signalfd', 'signalfd4', 'inotify_init', 'inotify_init1',
  'memfd_create', 'pidfd_open', 'userfaultfd', 'fanotify_init', 'perf_event_open', 'io_uring_setup', 'memfd_secret',
]);
const CREATES_PROCESS = new Set(['clone', 'clone3', 'fork', 'vfork']);
/** Calls whose first argument is an address inside a mapping. */
const ON_MEMORY = new Set(['mprotect', 'munmap', 'madvise', 'mremap', 'msync', 'mlock', 'munlock', 'mlock2', 'pkey_mprotect']);
/** How many recent mappings an address is looked up in (programs that map a lot stay linear). */
const MAPS_KEPT = 4096;

interface Mapping {
  readonly lo: number;
  readonly hi: number;
  readonly origin: string;
}
/** Origins that are not paths are written in angle brackets: <stdout>, <pipe>, <socket>, <eventfd2>, <fd 7>. */
export const STD_ORIGINS = ['<stdin>', '<stdout>', '<stderr>'] as const;
const unknownFd = (fd: number): string => `<fd ${fd}>`;

/** Whether an fd origin names a file (a path) rather than <pipe>, <stdout>… */
export const isPathOrigin = (o: string | null): o is string => o !== null && !o.startsWith('<');

export const int32 = (v: number | bigint | null): number | null =>
  v === null ? null : typeof v === 'bigint' ? Number(BigInt.asIntN(32, v)) : v | 0;

/** The fd arguments of each syscall: indexes into a0..a5 (from the argument names of the syscall table). */
export function fdArgs(def: { args: readonly { type: string; name: string }[] } | undefined): number[] {
  if (!def) return [];
  const out: number[] = [];
  def.args.forEach((a, i) => {
    if (!a.type.includes('*') && /fd/.test(a.name) && a.name !== 'nfds' && a.name !== 'max_fd') out.push(i);
  });
  return out;
}

/** `/proc/1234/maps` → `/proc/<pid>/maps`, `/dev/pts/3` → `/dev/pts/<n>`: parts of paths that differ between any two runs. */
export function maskPath(p: string): string {
  return p.replace(/^\/proc\/\d+(?=\/|$)/, '/proc/<pid>').replace(/^\/dev\/pts\/\d+$/, '/dev/pts/<n>');
}

/**
 * Replays the descriptor-changing syscalls of a recording in order and stores, on each call,
 * what its fd arguments referred to: the path that was opened, <stdout> for an inherited
 * descriptor, <pipe>, <socket>, <eventfd2>… This is what the alignment compares instead of fd
 * numbers, which shift whenever one run holds one more descriptor. Likewise for addresses:
 * mprotect/munmap/madvise get the file (or <anon>) their address was mmap'd from, instead of
 * the address, which differs in every run.
 */
export function assignFdOrigins(trace: Trace, fdArgsOf: (nr: number) => readonly number[]): void {
  const tables = new Map<number, Map<number, string>>();
  const table = (pid: number): Map<number, string> => {
    let t = tables.get(pid);
    if (!t) {
      t = new Map(STD_ORIGINS.map((s, i) => [i, s]));
      tables.set(pid, t);
    }
    return t;
  };
  const isProcess = new Set(trace.tasks.filter((t) => !t.thread).map((t) => t.tid));
  const maps = new Map<number, Mapping[]>();
  const mapsOf = (pid: number): Mapping[] => {
    let m = maps.get(pid);
    if (!m) maps.set(pid, (m = []));
    return m;
  };
  for (const c of trace.calls) {
    const t = table(c.pid);
    if (ON_MEMORY.has(c.name) && c.args[0] !== null) {
      const addr = Number(c.args[0]);
      const m = mapsOf(c.pid);
      let origin = '<?>';
      for (let i = m.length - 1; i >= 0; i--) {
        if (addr >= m[i].lo && addr < m[i].hi) {
          origin = m[i].origin;
          break;
        }
      }
      c.memOrigin = origin;
    }
    const fds = fdArgsOf(c.nr);
    c.fdOrigins = fds.map((i) => {
      const fd = int32(c.args[i]);
      if (fd === null) return null;
      if (fd === AT_FDCWD) return '<AT_FDCWD>';
      if (fd < 0) return `<${fd}>`;
      return t.get(fd) ?? unknownFd(fd);
    });
    const ok = c.ret !== null && !(typeof c.ret === 'number' ? c.ret < 0 && c.ret >= -4095 : false);
    if (!ok) continue;
    const ret = typeof c.ret === 'bigint' ? Number(c.ret) : (c.ret as number);
    const a0 = int32(c.args[0]);
    if (OPENS.has(c.name)) {
      t.set(ret, openedPath(c, t));
    } else if (c.name === 'dup') {
      t.set(ret, a0 === null ? '<?>' : (t.get(a0) ?? unknownFd(a0)));
    } else if (c.name === 'dup2' || c.name === 'dup3') {
      const to = int32(c.args[1]);
      if (a0 !== null && to !== null && to !== a0) t.set(to, t.get(a0) ?? unknownFd(a0));
    } else if (c.name === 'fcntl') {
      const cmd = fcntlCmd(c);
      if ((cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC) && a0 !== null) t.set(ret, t.get(a0) ?? unknownFd(a0));
    } else if (c.name === 'close') {
      if (a0 !== null) t.delete(a0);
    } else if (c.name === 'close_range') {
      const lo = c.args[0] === null ? null : Number(c.args[0]) >>> 0;
      const hi = c.args[1] === null ? null : Number(c.args[1]) >>> 0;
      const flags = c.args[2] === null ? 0 : Number(c.args[2]);
      if (lo !== null && hi !== null && !(flags & CLOSE_RANGE_CLOEXEC)) for (const fd of [...t.keys()]) if (fd >= lo && fd <= hi) t.delete(fd);
    } else if (c.name === 'pipe' || c.name === 'pipe2') {
      for (const fd of pipeFds(c)) t.set(fd, '<pipe>');
    } else if (SOCKETS.has(c.name)) {
      t.set(ret, '<socket>');
    } else if (ANON.has(c.name)) {
      t.set(ret, `<${c.name}>`);
    } else if ((c.name === 'mmap' || c.name === 'mremap') && c.args[1] !== null) {
      const len = Number(c.name === 'mmap' ? c.args[1] : c.args[2]);
      // (i386's old mmap, whose arguments are in memory, has no descriptor argument)
      const fd = c.fdOrigins[0] ?? null;
      const origin = c.name === 'mmap' ? (fd !== null && !fd.startsWith('<-') ? fd : '<anon>') : (c.memOrigin ?? '<?>');
      const m = mapsOf(c.pid);
      m.push({ lo: ret, hi: ret + len, origin });
      if (m.length > MAPS_KEPT * 2) m.splice(0, m.length - MAPS_KEPT);
    } else if ((c.name === 'execve' || c.name === 'execveat') && ret === 0) {
      maps.set(c.pid, []);
    } else if (CREATES_PROCESS.has(c.name) && ret > 0 && isProcess.has(ret) && ret !== c.pid) {
      tables.set(ret, new Map(t));
      maps.set(ret, [...mapsOf(c.pid)]);
    }
  }
}

function openedPath(c: TraceCall, t: Map<number, string>): string {
  if (c.path === null) return '<?>';
  const p = maskPath(c.path);
  if (p.startsWith('/') || c.name === 'open' || c.name === 'creat') return p;
  const dirfd = int32(c.args[0]);
  if (dirfd === null || dirfd === AT_FDCWD) return p;
  const base = t.get(dirfd);
  return base && base.startsWith('/') ? path.posix.join(base, p) : p;
}

function fcntlCmd(c: TraceCall): number | null {
  if (c.text) {
    const cmd = splitArgs(c.text.args)[1];
    return cmd === undefined ? null : (FCNTL_CMDS.get(cmd) ?? (parseIntArg(cmd) as number | null));
  }
  return int32(c.args[1]);
}

function pipeFds(c: TraceCall): number[] {
  if (c.text) {
    const m = /^\[(\d+)[^,\]]*, (\d+)/.exec(c.text.args);
    return m ? [Number(m[1]), Number(m[2])] : [];
  }
  if (c.data && c.data.length >= 8) return [c.data.bytes.readInt32LE(0), c.data.bytes.readInt32LE(4)];
  return [];
}
