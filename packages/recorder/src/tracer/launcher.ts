import { existsSync, writeSync } from 'node:fs';
import { ErrnoError, PTRACE_INTERRUPT, stringToBytes, WIFSTOPPED, WUNTRACED } from '@tracedb/native';
import { errno, libc } from '@tracedb/native/libc';

const POSIX_SPAWN_SETSIGDEF = 0x04;
const POSIX_SPAWN_SETSIGMASK = 0x08;
const SIGSTOP = 19;
const SIGCONT = 18;
const O_CLOEXEC = 0o2000000;
const ENV = ['/usr/bin/env', '/bin/env'].find((p) => existsSync(p)) ?? '/usr/bin/env';
const SLEEP = ['/usr/bin/sleep', '/bin/sleep'].find((p) => existsSync(p)) ?? '/usr/bin/sleep';

// The shell waits at a gate (a pipe only the tracer writes to) so that the tracer can seize it
// before anything of the target runs, then env -i gives the target exactly the argv and environ it
// would get untraced (a shell reorders the environment; env keeps the order and does the PATH
// search strace would do). `before` (setpriv, for -u) runs between the shell and env.
// Should the tracer die before it seizes the shell, the gate's end of file ends the shell: a
// shell that stopped itself instead would stay stopped for ever (the waker, told its pid only
// after posix_spawn returns, leaves a window of some 50 µs). dash names descriptors 0 to 9 only:
// when the target is given all of 3 to 9 the shell stops itself as it did before gates.
const gatedScript = (fd: number): string => `read x <&${fd} && exec ${fd}<&- "$@"`;
const STOP_SCRIPT = 'kill -STOP $$; exec "$@"';

/** A launcher shell held before the target runs, and at which of its execs the target starts. */
export interface Launched {
  readonly pid: number;
  readonly targetExec: number;
  /**
   * Lets the seized shell go on, called once. A gated shell is interrupted before its gate opens:
   * syscall tracing starts at a stop, and that stop comes before the shell reads the gate. A
   * stopped shell gets SIGCONT.
   */
  readonly release: () => void;
}

/**
 * Which of the root's exec events is the target's. Seized right after posix_spawn returns, the
 * shell can still be inside its own execve: its exec event is then its first stop (any stop
 * satisfies PTRACE_INTERRUPT) and is not one of the launcher's execs.
 */
export class LauncherExecs {
  private first = true;
  private seen = 0;

  constructor(private readonly target: number) {}

  /** At each stop of the root while launching, `exec` for an exec event: true at the target's exec. */
  stop(exec: boolean): boolean {
    const first = this.first;
    this.first = false;
    return exec && !first && ++this.seen === this.target;
  }

  /** True while the root runs the command that execs the target (env). */
  get beforeTarget(): boolean {
    return this.seen === this.target - 1;
  }
}

/**
 * Starts `argv` under a launcher shell held at its gate (or stopped), with descriptors `inherit`
 * open as they are here, through the command `before` (if any), then env. `targetFds` are all
 * the descriptors the target will have (`inherit` and those `fileActions` open).
 */
export function spawnStopped(
  argv: readonly string[],
  env: readonly string[],
  inherit: readonly number[],
  before: readonly string[] = [],
  spawned: (pid: number) => void = () => {},
  /** More file actions for the launcher shell (trace-replay: the recorded descriptor table). */
  fileActions: (fa: Buffer) => void = () => {},
  targetFds: readonly number[] = inherit,
): Launched {
  if (argv[0].includes('=')) throw new Error(`cannot launch '${argv[0]}': program names containing '=' are not supported`);
  const gateFd = [3, 4, 5, 6, 7, 8, 9].find((fd) => !targetFds.includes(fd));
  const gate = gateFd === undefined ? null : pipeAvoiding(targetFds);
  const fa = Buffer.alloc(256);
  libc.posix_spawn_file_actions_init(fa);
  let pid: number;
  try {
    // dup2 onto itself clears close-on-exec (glibc ≥ 2.29).
    for (const fd of inherit) libc.posix_spawn_file_actions_adddup2(fa, fd, fd);
    fileActions(fa);
    if (gate !== null) libc.posix_spawn_file_actions_adddup2(fa, gate[0], gateFd!);
    const script = gate !== null ? gatedScript(gateFd!) : STOP_SCRIPT;
    pid = spawn('/bin/sh', ['sh', '-c', script, 'sh', ...before, ENV, '-i', '--', ...env, ...argv], [], fa);
  } catch (e) {
    if (gate !== null) closeBoth(gate);
    throw e;
  } finally {
    libc.posix_spawn_file_actions_destroy(fa);
  }
  spawned(pid);
  // the shell execs `before` (one command), which execs env, which execs the target
  const targetExec = before.length > 0 ? 3 : 2;
  if (gate !== null) {
    libc.close(gate[0]);
    const release = (): void => {
      libc.ptraceInt(PTRACE_INTERRUPT, pid, 0, 0);
      try {
        writeSync(gate[1], '\n');
      } catch {
        // the shell is gone (EPIPE): the tracer sees its end
      } finally {
        libc.close(gate[1]);
      }
    };
    return { pid, targetExec, release };
  }
  const status = new Int32Array(1);
  for (;;) {
    const r = libc.waitpid(pid, status, WUNTRACED);
    if (r === pid) break;
    if (errno() !== 4) throw new ErrnoError('waitpid', errno());
  }
  if (!WIFSTOPPED(status[0]) || ((status[0] >> 8) & 0xff) !== SIGSTOP) {
    throw new Error(`launcher shell did not stop (wait status 0x${status[0].toString(16)})`);
  }
  return { pid, targetExec, release: () => libc.kill(pid, SIGCONT) };
}

/**
 * A close-on-exec pipe whose ends are none of `avoid`: a file action that opens one of those in
 * the child (trace-replay's placeholders) would otherwise come before the gate's dup2 and replace
 * the pipe's end there. Pipes that land on them are kept open while the next is made.
 */
function pipeAvoiding(avoid: readonly number[]): Int32Array {
  const held: Int32Array[] = [];
  try {
    for (;;) {
      const fds = new Int32Array(2);
      if (libc.pipe2(fds, O_CLOEXEC) !== 0) throw new ErrnoError('pipe2', errno());
      if (!avoid.includes(fds[0]) && !avoid.includes(fds[1])) return fds;
      held.push(fds);
    }
  } finally {
    for (const fds of held) closeBoth(fds);
  }
}

function closeBoth(fds: Int32Array): void {
  libc.close(fds[0]);
  libc.close(fds[1]);
}

/**
 * The waker's script: it keeps the last pid it was told of, and when trace-rec dies (end of its
 * stdin) it kills that process: the launcher shell, stopped and not yet seized (so not killed by
 * PTRACE_O_EXITKILL), which would otherwise wait in its stop for ever. 0 means no one.
 */
const WAKER_SCRIPT = 'p=0; while read l; do p=$l; done; [ "$p" = 0 ] || kill -KILL "$p"';

/** The process the waker kills if trace-rec dies (0: none). */
export function tellWaker(fd: number, pid: number): void {
  try {
    writeSync(fd, `${pid}\n`);
  } catch {
    // the waker is gone (EPIPE): it was killed to wake the tracer, which is stopping and ends the launcher itself
  }
}

/**
 * A child that exits when killed or when trace-rec dies (its stdin is a pipe only we hold):
 * killing it makes the tracer's blocking wait4 return, so the main thread can wake the tracer.
 */
export function spawnWaker(): { pid: number; fd: number } {
  return spawnReader(WAKER_SCRIPT);
}

/**
 * The ticker's script: for each line `SECONDS` it is sent, it sleeps that long and then sends
 * itself SIGURG (ignored by default); it ends with trace-rec (end of its stdin).
 */
const TICKER_SCRIPT = `while read d; do ${SLEEP} "$d"; kill -URG $$; done`;

/**
 * A child that signals itself a given time after each request: seized by the tracer, its signal
 * stop makes the tracer's blocking wait4 return (see serial-schedule.ts's watchdog).
 */
export function spawnTicker(): { pid: number; fd: number } {
  return spawnReader(TICKER_SCRIPT);
}

/** `script` run by sh with its stdin a pipe whose writing end (`fd`) only trace-rec holds. */
function spawnReader(script: string): { pid: number; fd: number } {
  const fds = new Int32Array(2);
  if (libc.pipe2(fds, O_CLOEXEC) !== 0) throw new ErrnoError('pipe2', errno());
  const fa = Buffer.alloc(256);
  libc.posix_spawn_file_actions_init(fa);
  libc.posix_spawn_file_actions_adddup2(fa, fds[0], 0);
  try {
    const pid = spawn('/bin/sh', ['sh', '-c', script], [], fa);
    libc.close(fds[0]);
    return { pid, fd: fds[1] };
  } finally {
    libc.posix_spawn_file_actions_destroy(fa);
  }
}

/** An argument's exact bytes (see bytesToString), NUL-terminated. */
function cString(s: string): Buffer {
  return Buffer.concat([stringToBytes(s), Buffer.of(0)]);
}

function spawn(path: string, argv: string[], env: string[], fileActions: Buffer | null): number {
  const attr = Buffer.alloc(512);
  const all = Buffer.alloc(128);
  const empty = Buffer.alloc(128);
  libc.posix_spawnattr_init(attr);
  try {
    // Node ignores SIGPIPE and blocks signals in its threads; the program must start with the defaults.
    libc.sigfillset(all);
    libc.sigemptyset(empty);
    libc.posix_spawnattr_setsigdefault(attr, all);
    libc.posix_spawnattr_setsigmask(attr, empty);
    libc.posix_spawnattr_setflags(attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    const pid = [0];
    const r = libc.posix_spawn(pid, path, fileActions, attr, [...argv.map(cString), null], [...env.map(cString), null]);
    if (r !== 0) throw new ErrnoError(`posix_spawn ${path}`, r);
    return pid[0];
  } finally {
    libc.posix_spawnattr_destroy(attr);
  }
}
