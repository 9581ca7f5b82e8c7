import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import os from 'node:os';
import { ARCH, bytesToString, splitNul } from '@tracedb/native';
import { CLOSED_STDIO_VAR } from './inherited-fds.js';

/**
 * Where bin/trace-rec keeps NODE_EXTRA_CA_CERTS's value, appended to the environment, while Node
 * gets the variable empty: Node reads that file at start (30 ms of a 50 ms start where it names
 * the system's bundle) and trace-rec makes no TLS connection. The program gets the value back.
 */
export const CA_CERTS_VAR = 'TRACEDB_NODE_EXTRA_CA_CERTS';

/**
 * A process's environment as it was given to it at exec, in its order (process.env loses the
 * order), each entry's bytes in bytesToString's form.
 */
export function readEnviron(pid: number | 'self'): string[] {
  try {
    return splitNul(readFileSync(`/proc/${pid}/environ`)).filter((v) => v.length > 0).map(bytesToString);
  } catch {
    return [];
  }
}

/** The command line of a process, each argument's bytes in bytesToString's form. */
export function readCmdline(pid: number): string[] {
  return splitNul(readFileSync(`/proc/${pid}/cmdline`)).map(bytesToString);
}

/** The working directory of a process (process.cwd() turns bytes that are not UTF-8 into U+FFFD). */
export function readCwd(pid: number | 'self'): string {
  try {
    return bytesToString(readlinkSync(`/proc/${pid}/cwd`, { encoding: 'buffer' }));
  } catch {
    return pid === 'self' ? process.cwd() : '';
  }
}

/** The parent of a process, from /proc/PID/stat (after the command name, which may hold spaces). */
function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/**
 * The environment exactly as trace-rec received it, in its order. Started by `npx`/`npm exec`,
 * trace-rec gets npm's environment (npm_* variables, node_modules/.bin folders in front of PATH,
 * its own order), which the program would not have had: then it is the environment the user's
 * shell gave npm, read from the nearest ancestor that npm did not start. (`npm run` keeps npm's:
 * a script's commands get it untraced too.)
 */
export function originalEnvironment(): string[] {
  const env = readEnviron('self');
  // what bin/trace-rec appended, last first
  const caCerts = env.at(-1)?.startsWith(`${CA_CERTS_VAR}=`) ? env.pop()!.slice(CA_CERTS_VAR.length + 1) : null;
  const closed = process.env[CLOSED_STDIO_VAR];
  if (closed !== undefined && env[env.length - 1] === `${CLOSED_STDIO_VAR}=${closed}`) env.pop();
  const emptied = caCerts === null ? -1 : env.indexOf('NODE_EXTRA_CA_CERTS=');
  if (emptied >= 0) env[emptied] = `NODE_EXTRA_CA_CERTS=${caCerts}`;
  if (!env.includes('npm_command=exec')) return env;
  for (let pid = process.ppid, depth = 0; pid > 1 && depth < 8; pid = parentOf(pid), depth++) {
    const before = readEnviron(pid);
    if (before.length > 0 && !before.some((v) => v.startsWith('npm_lifecycle_event='))) return before;
  }
  return env;
}

const RLIMIT_NAMES: Record<string, string> = {
  'Max cpu time': 'RLIMIT_CPU',
  'Max file size': 'RLIMIT_FSIZE',
  'Max data size': 'RLIMIT_DATA',
  'Max stack size': 'RLIMIT_STACK',
  'Max core file size': 'RLIMIT_CORE',
  'Max resident set': 'RLIMIT_RSS',
  'Max processes': 'RLIMIT_NPROC',
  'Max open files': 'RLIMIT_NOFILE',
  'Max locked memory': 'RLIMIT_MEMLOCK',
  'Max address space': 'RLIMIT_AS',
  'Max file locks': 'RLIMIT_LOCKS',
  'Max pending signals': 'RLIMIT_SIGPENDING',
  'Max msgqueue size': 'RLIMIT_MSGQUEUE',
  'Max nice priority': 'RLIMIT_NICE',
  'Max realtime priority': 'RLIMIT_RTPRIO',
  'Max realtime timeout': 'RLIMIT_RTTIME',
};

/** Resource limits of a process as {RLIMIT_X: [soft, hard]}, null meaning unlimited. */
export type Rlimits = Record<string, [number | null, number | null]>;

export function resourceLimits(pid: number | 'self' = 'self'): Rlimits {
  const out: Rlimits = {};
  try {
    for (const line of readFileSync(`/proc/${pid}/limits`, 'utf8').split('\n').slice(1)) {
      const name = Object.keys(RLIMIT_NAMES).find((k) => line.startsWith(k));
      if (!name) continue;
      const [soft, hard] = line.slice(26).trim().split(/\s+/);
      const n = (s: string): number | null => (s === 'unlimited' ? null : Number(s));
      out[RLIMIT_NAMES[name]] = [n(soft), n(hard)];
    }
  } catch {
    // the process is gone
  }
  return out;
}

export interface OpenFd {
  readonly fd: number;
  readonly target: string;
  /** tty, pipe, socket, file, directory, chardev, fifo, anon_inode */
  readonly type: string;
  /** A device's st_rdev (strace -yy: <char 1:3>), with `block` for a block device. */
  readonly rdev?: number;
  readonly block?: boolean;
}

/** The descriptors a process has open, and what each is: a terminal, a pipe, a file… */
export function openFds(pid: number | 'self' = 'self'): OpenFd[] {
  const out: OpenFd[] = [];
  let names: string[];
  try {
    names = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return out;
  }
  for (const name of names.map(Number).sort((a, b) => a - b)) {
    try {
      const target = bytesToString(readlinkSync(`/proc/${pid}/fd/${name}`, { encoding: 'buffer' }));
      out.push({ fd: name, target, ...fdType(`/proc/${pid}/fd/${name}`, target) });
    } catch {
      // closed meanwhile, or the descriptor readdir used
    }
  }
  return out;
}

function fdType(link: string, target: string): Omit<OpenFd, 'fd' | 'target'> {
  if (target.startsWith('pipe:')) return { type: 'pipe' };
  if (target.startsWith('socket:')) return { type: 'socket' };
  if (target.startsWith('anon_inode:')) return { type: 'anon_inode' };
  try {
    const st = statSync(link);
    if (st.isCharacterDevice()) return { type: /^\/dev\/(pts\/|tty|console)/.test(target) ? 'tty' : 'chardev', rdev: st.rdev };
    if (st.isBlockDevice()) return { type: 'file', rdev: st.rdev, block: true };
    if (st.isDirectory()) return { type: 'directory' };
    if (st.isFIFO()) return { type: 'fifo' };
    return { type: 'file' };
  } catch {
    return { type: 'unknown' };
  }
}

/** The machine; the libc version comes from the tracing thread, which has loaded libc anyway. */
export function machineFacts(): { arch: string; kernel: string; uname: Record<string, string> } {
  return {
    arch: ARCH,
    kernel: os.release(),
    uname: { sysname: os.type(), nodename: os.hostname(), release: os.release(), version: os.version(), machine: os.machine() },
  };
}

/** The CPUs this process may run on (its main thread's affinity), e.g. [0, 1] for `0-1`. */
export function allowedCpus(): number[] {
  const m = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!m) return os.cpus().map((_, i) => i);
  return m[1].split(',').flatMap((range) => {
    const [lo, hi = lo] = range.split('-').map(Number);
    return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  });
}
