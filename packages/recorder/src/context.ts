import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import os from 'node:os';
import { ARCH } from '@tracedb/native';

/** The environment exactly as trace-rec received it, in its order (process.env loses the order). */
export function originalEnvironment(): string[] {
  const raw = readFileSync('/proc/self/environ');
  const env: string[] = [];
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 0) continue;
    if (i > start) env.push(raw.toString('utf8', start, i));
    start = i + 1;
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
      const target = readlinkSync(`/proc/${pid}/fd/${name}`);
      out.push({ fd: name, target, type: fdType(`/proc/${pid}/fd/${name}`, target) });
    } catch {
      // closed meanwhile, or the descriptor readdir used
    }
  }
  return out;
}

function fdType(link: string, target: string): string {
  if (target.startsWith('pipe:')) return 'pipe';
  if (target.startsWith('socket:')) return 'socket';
  if (target.startsWith('anon_inode:')) return 'anon_inode';
  try {
    const st = statSync(link);
    if (st.isCharacterDevice()) return /^\/dev\/(pts\/|tty|console)/.test(target) ? 'tty' : 'chardev';
    if (st.isDirectory()) return 'directory';
    if (st.isFIFO()) return 'fifo';
    return 'file';
  } catch {
    return 'unknown';
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
