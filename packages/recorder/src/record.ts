import { readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MessageChannel } from 'node:worker_threads';
import { bytesToString, errnoMessage, fsName, I386_KEY, WEXITSTATUS, WIFEXITED, WIFSIGNALED, WTERMSIG } from '@tracedb/native';
import { UsageError } from './cli/errors.js';
import { allowedCpus, machineFacts, openFds, originalEnvironment, readCmdline, readCwd, readEnviron, resourceLimits } from './context.js';
import { applyEnvChanges } from './env-changes.js';
import { FileHashes } from './file-hashes.js';
import { HashCache } from './hash-cache.js';
import { holdHeapGrowth } from './hold-heap-growth.js';
import { inheritedFds } from './inherited-fds.js';
import { interrupts, STOP_SIGNALS } from './interrupts.js';
import type { StopSignal } from './interrupts.js';
import type { SyscallFilter } from './cli/parse-args.js';
import { OutputFile } from './output-file.js';
import { resolveProgram } from './resolve-program.js';
import { runAsUser } from './run-as-user.js';
import { pathColumns } from './tracer/capture-plan.js';
import { intendedReplayable } from './replayable-options.js';
import { Control } from './tracer/tracer-protocol.js';
import type { PathColumns } from './tracer/capture-plan.js';
import type { TraceOutcome } from './tracer/tracer.js';
import type { TerminalShare, TracerMessage, TracerWorkerData } from './tracer/tracer-protocol.js';
import type { TracerThread } from './tracer/tracer-thread.js';
import { TRACER_VERSION } from './version.js';
import { RecordingWriter } from './writer/recording-writer.js';

export interface RecordOptions {
  /** The program and its arguments, or null with `attach`. */
  readonly command: readonly string[] | null;
  readonly attach: number | null;
  readonly output: string | null;
  readonly force: boolean;
  readonly pin: boolean;
  readonly captureBytes: number;
  /** strace -E: VAR=VAL sets, VAR removes (see env-changes.ts). */
  readonly envChanges?: readonly string[];
  /** strace -u: run the program as this user. */
  readonly user?: string | null;
  /** Called about twice a second while recording (progress display). */
  readonly onProgress?: (p: Progress) => void;
  /** --replayable: the controls that make a recording replayable (see replay-controls.ts). */
  readonly replayable?: boolean;
  /** --trap-cpuid: with replayable, cpuid is trapped too. */
  readonly trapCpuid?: boolean;
  /** -e trace=SET: only these syscalls stop (launch only). */
  readonly filter?: SyscallFilter | null;
  /** The progress line's state, which the tracing thread keeps off the program's terminal output. */
  readonly terminal?: TerminalShare | null;
}

/** How far the recording is. */
export interface Progress {
  readonly syscalls: number;
  readonly processes: number;
  readonly elapsedMs: number;
  /** The recording file's size, with its WAL. */
  readonly bytes: number;
}

export interface RecordResult {
  readonly output: string;
  /** What trace-rec exits with: the program's exit code, or 128+N when signal N ended it. */
  readonly exitStatus: number;
  readonly syscalls: number;
  readonly processes: number;
  readonly threads: number;
  readonly bytes: number;
  readonly interruptedBy: string | null;
}

const WRITE_FAILED = 100;
const NOT_OPENED = 101;

/**
 * Ends a tracing thread that has its orders when the recording could not be opened: it is told
 * to stop (its program is killed) and ended once it has, since a thread terminated inside a
 * native call (posix_spawn, wait4) aborts the whole process.
 */
function abandon(thread: TracerThread, ctl: Int32Array): Promise<void> {
  Atomics.store(ctl, Control.Stop, NOT_OPENED);
  if (thread.failure !== null) return thread.end();
  return new Promise((resolve) => {
    const ended = (): void => resolve(thread.end());
    thread.worker.on('message', (m: TracerMessage) => {
      if (m.t === 'waker') {
        try {
          process.kill(m.pid, 'SIGKILL'); // wakes the tracer from its wait4
        } catch {
          // gone already
        }
      } else if (m.t === 'batch') {
        Atomics.sub(ctl, Control.InFlight, 1);
        Atomics.notify(ctl, Control.InFlight);
      } else if (m.t === 'done' || m.t === 'error') ended();
    });
    thread.worker.once('exit', ended);
  });
}

/** Records a program (or an attached process) into a new recording file, tracing it on `thread`. */
export async function record(opts: RecordOptions, thread: TracerThread): Promise<RecordResult> {
  const early = interrupts.first;
  if (early) throw new UsageError(`interrupted by ${early}; nothing recorded`, 128 + STOP_SIGNALS[early]);
  const inherit = inheritedFds();
  const cwd = readCwd('self');
  const ownEnv = originalEnvironment();
  const env = applyEnvChanges(ownEnv, opts.envChanges ?? []);
  // as strace does, the program is looked up in trace-rec's own PATH, whatever -E did to PATH
  const exePath = opts.command ? resolveProgram(opts.command[0], ownEnv, cwd) : readExe(opts.attach!);
  if (opts.command) checkSameProgram(opts.command[0], exePath, env, cwd);
  const runAs = opts.user ? runAsUser(opts.user, exePath) : null;
  const file = chooseOutput(opts, exePath);
  const output = file.name;
  const cpus = allowedCpus(); // before the tracing thread pins this process
  const startedMs = performance.timeOrigin + performance.now();
  const control = new SharedArrayBuffer(8);
  const ctl = new Int32Array(control);
  const terminal = opts.onProgress ? (opts.terminal ?? null) : null;
  const replayable = (opts.replayable ?? false) && opts.command !== null;
  const filter = opts.command !== null ? (opts.filter ?? null) : null;
  // the batches' buffers go back to the tracing thread once written (see BatchPool)
  const { port1: spent, port2: returns } = new MessageChannel();
  const data: TracerWorkerData = opts.command
    ? { mode: 'launch', argv: [...opts.command], env, inheritFds: inherit, before: runAs?.argv ?? [], control, captureBytes: opts.captureBytes, pin: opts.pin, startedMs, cpus, terminal, replayable, trapCpuid: opts.trapCpuid ?? false, filter: filter?.keys ?? null, returns }
    : { mode: 'attach', pid: opts.attach!, control, captureBytes: opts.captureBytes, pin: opts.pin, startedMs, cpus, terminal, replayable: false, trapCpuid: false, filter: null, returns };
  const worker = thread.worker;
  thread.begin(data, [returns]);

  const plan = pathColumns();
  let writer: RecordingWriter;
  // Twice a second from now, while the program starts (the first tick comes after the writer is
  // made, this thread being busy until then); the messages of the tracer are handled one per turn
  // of the event loop (below), so the timer runs.
  const tick = (): void => {
    const elapsedMs = performance.now() + performance.timeOrigin - startedMs;
    opts.onProgress!({ syscalls: writer.syscalls, processes: writer.processes, elapsedMs, bytes: fileSize(output) });
  };
  const progress = opts.onProgress && setInterval(tick, 500);
  try {
    writer = openWriter(file, plan, {
      mode: opts.command ? 'launch' : 'attach',
      argv: opts.command ?? readCmdline(opts.attach!),
      env: opts.command ? env : readEnviron(opts.attach!),
      cwd: opts.command ? cwd : readCwd(opts.attach!),
      exePath,
      ...machineFacts(),
      ids: runAs ?? { uid: process.getuid!(), gid: process.getgid!(), euid: process.geteuid!(), egid: process.getegid!() },
      rlimits: resourceLimits(opts.attach ?? 'self'),
      fds: opts.attach ? openFds(opts.attach) : openFds().filter((f) => inherit.includes(f.fd) || f.fd > 16),
      tracerVersion: TRACER_VERSION,
      options: {
        pin: opts.pin,
        // What a pinned program is shown by sched_getaffinity (launch only: attached processes are not pinned).
        affinity: opts.pin && opts.command ? { shown: 'untraced', cpus } : null,
        captureBytes: opts.captureBytes,
        attach: opts.attach,
        ...(opts.envChanges?.length ? { env: opts.envChanges } : {}),
        replayable: replayable ? intendedReplayable(opts.trapCpuid ?? false) : null,
        ...(filter !== null ? { filter: filterOption(filter) } : {}),
        ...(runAs ? { user: { name: runAs.name, uid: runAs.uid, gid: runAs.gid, euid: runAs.euid, egid: runAs.egid, groups: runAs.groups, via: runAs.argv } } : {}),
      },
      startedNs: BigInt(Math.floor(startedMs)) * 1_000_000n + BigInt(Math.round((startedMs % 1) * 1e6)),
    });
  } catch (e) {
    if (progress) clearInterval(progress);
    await abandon(thread, ctl);
    throw e;
  }

  const hashCache = HashCache.open();
  const hashes = new FileHashes(hashCache);
  // the files mapped so far, hashed while the program runs rather than all at its end
  let mappedSeen = 0;
  const hashMapped = (): void => {
    if (writer.mappedPaths.size === mappedSeen) return;
    mappedSeen = writer.mappedPaths.size;
    for (const file of writer.mappedPaths) hashes.of(file);
  };
  let wakerPid = 0;
  let interruptedBy: StopSignal | null = null;
  let writeError: Error | null = null;
  const wake = (): void => {
    try {
      if (wakerPid) process.kill(wakerPid, 'SIGKILL');
    } catch {
      // already gone: a Ctrl-C at the terminal reaches the waker too, which wakes the tracer as well
    }
  };
  const stopTracer = (reason: number): void => {
    Atomics.store(ctl, Control.Stop, reason);
    wake();
  };
  interrupts.listen((name) => {
    interruptedBy ??= name;
    stopTracer(STOP_SIGNALS[name]);
  });

  /** A write to the recording (the disk may be full): a failure stops the tracer, and what was committed stays. */
  const write = (what: () => void): void => {
    if (writeError) return;
    try {
      what();
    } catch (e) {
      writeError = e as Error;
      stopTracer(WRITE_FAILED);
    }
  };
  const end = await new Promise<{ outcome: TraceOutcome | null; error: { message: string; errno: number | null } | null }>((resolve) => {
    const handle = (m: TracerMessage): void => {
      switch (m.t) {
        case 'waker':
          holdHeapGrowth(); // the tracing thread's first message: both threads have their code
          wakerPid = m.pid;
          if (Atomics.load(ctl, Control.Stop) !== 0) wake();
          write(() => writer.setLibc(m.libc));
          break;
        case 'batch':
          write(() => writer.consume(m.buf, m.length));
          spent.postMessage(m.buf, [m.buf]);
          Atomics.sub(ctl, Control.InFlight, 1);
          Atomics.notify(ctl, Control.InFlight);
          if (writer.mappedPaths.size > mappedSeen) setImmediate(hashMapped);
          break;
        case 'interfaces':
          write(() => writer.addInterfaceNames(m.ifs));
          break;
        case 'replayable':
          write(() => writer.setReplayable(m.options));
          break;
        case 'started':
          // What the program really started with, now that it has exec'd.
          write(() => writer.setStartState(m.fds, m.rlimits));
          setImmediate(() => hashes.of(exePath)); // while the program runs, rather than after
          break;
        case 'done':
          resolve({ outcome: m.outcome, error: null });
          break;
        case 'error':
          resolve({ outcome: null, error: m });
          break;
      }
    };
    // One message per turn of the event loop: the port hands over up to 1000 at once, and a
    // recording that keeps the tracer busy would otherwise never let signals or timers in.
    const queue: TracerMessage[] = [];
    const drain = (): void => {
      handle(queue.shift()!);
      if (queue.length > 0) setImmediate(drain);
    };
    const enqueue = (m: TracerMessage): void => {
      if (queue.push(m) === 1) setImmediate(drain);
    };
    worker.on('message', enqueue);
    worker.on('error', (e) => enqueue({ t: 'error', message: e.message, errno: null }));
    worker.on('exit', () => enqueue({ t: 'error', message: 'the tracing thread ended unexpectedly', errno: null }));
    if (thread.failure) resolve({ outcome: null, error: { message: thread.failure, errno: null } });
  });
  if (progress) clearInterval(progress);
  spent.close();
  // the thread's end (~10 ms) goes on while the recording is finished (the main function's end awaits it too)
  const threadEnded = thread.end();
  interrupts.stopListening();

  const endedMs = performance.timeOrigin + performance.now();
  const endedNs = BigInt(Math.floor(endedMs)) * 1_000_000n + BigInt(Math.round((endedMs % 1) * 1e6));
  let exitStatus: number;
  try {
    if (writeError) {
      const message = describeWriteError(writeError as Error, output);
      try {
        writer.markInterrupted(`write error: ${message}`, endedNs);
      } catch {
        // the disk is still full: what was committed before stays valid
      }
      writer.close();
      throw new UsageError(`${message}; the recording up to that point is kept in '${output}'`, 1);
    }
    if (end.error || !end.outcome || end.outcome.launchFailed) {
      writer.close();
      if (!end.outcome || end.outcome.launchFailed) file.remove();
      if (interruptedBy) throw new UsageError(`interrupted by ${interruptedBy} before '${opts.command?.[0] ?? opts.attach}' started; nothing recorded`, 128 + STOP_SIGNALS[interruptedBy]);
      if (end.outcome?.launchFailed) throw new UsageError(`cannot execute '${opts.command![0]}'`, 1);
      throw new UsageError(describeTracerError(end.error!, opts), 1);
    }
    const { outcome } = end;
    exitStatus = interruptedBy ? 128 + STOP_SIGNALS[interruptedBy] : statusOf(outcome.rootStatus);
    writer.finish(
      { endedNs, exitStatus: outcome.rootStatus === null ? null : statusOf(outcome.rootStatus), complete: interruptedBy === null, interruptedBy },
      { exe: hashes.of(exePath)?.sha256 ?? null, files: hashes.all(new Set([...writer.mappedPaths, exePath])) },
    );
  } finally {
    hashCache?.close(); // its last use: the hashes above
  }
  writer.close();
  file.release();
  if (!file.stillOurs()) throw new UsageError(`'${output}' was removed or replaced by another process while recording; this recording is lost`, 1);
  await threadEnded;
  return {
    output,
    exitStatus,
    syscalls: writer.syscalls,
    processes: writer.processes,
    threads: writer.threads,
    bytes: fileSize(output),
    interruptedBy,
  };
}

/**
 * The launcher's env finds the program in the program's PATH: when -E changed PATH so that it
 * names another file than strace would run (the one in trace-rec's PATH), say so rather than
 * record another program.
 */
function checkSameProgram(name: string, exePath: string, env: readonly string[], cwd: string): void {
  let found: string | null = null;
  try {
    found = resolveProgram(name, env, cwd);
  } catch {
    // not in the new PATH
  }
  if (found !== exePath) {
    throw new UsageError(`-E changed PATH: strace would run ${exePath} (from trace-rec's PATH), the new PATH ${found === null ? 'has no ' + name : 'has ' + found}; name the program by its path`);
  }
}

/** recording.options.filter: the set as typed and the numbers it stops at, per ABI. */
function filterOption(f: SyscallFilter): { trace: string; x86_64: number[]; i386: number[] } {
  const sorted = [...f.keys].sort((a, b) => a - b);
  return { trace: f.trace, x86_64: sorted.filter((k) => k < I386_KEY), i386: sorted.filter((k) => k >= I386_KEY).map((k) => k - I386_KEY) };
}

function statusOf(status: number | null): number {
  if (status === null) return 0;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

function chooseOutput(opts: RecordOptions, exePath: string): OutputFile {
  if (opts.output) return OutputFile.claim(opts.output, opts.force);
  return OutputFile.claimFree(opts.command ? path.basename(opts.command[0]) : `${path.basename(exePath)}-${opts.attach}`);
}

function openWriter(file: OutputFile, plan: PathColumns, ctx: Parameters<typeof RecordingWriter.create>[2]): RecordingWriter {
  try {
    return RecordingWriter.create(() => file.sqliteName(), plan, ctx, () => file.stillOurs());
  } catch (e) {
    file.remove();
    throw new UsageError(`cannot create '${file.name}': ${(e as Error).message}`, 1);
  }
}

function describeWriteError(e: Error, output: string): string {
  const code = (e as { code?: string }).code;
  if (code === 'SQLITE_FULL') return `disk full writing '${output}'`;
  return `cannot write '${output}': ${e.message}`;
}

function describeTracerError(e: { message: string; errno: number | null }, opts: RecordOptions): string {
  if (e.errno === 1 /* EPERM */) return `ptrace not permitted: ${errnoMessage(1)} (is another tracer attached, or /proc/sys/kernel/yama/ptrace_scope set?)`;
  if (e.errno !== null && opts.attach !== null) return `cannot attach to ${opts.attach}: ${errnoMessage(e.errno)}`;
  return e.errno !== null ? `${e.message.split(':')[0]}: ${errnoMessage(e.errno)}` : e.message;
}

function fileSize(file: string): number {
  let n = 0;
  for (const suffix of ['', '-wal']) {
    try {
      n += statSync(fsName(file + suffix)).size;
    } catch {
      // no WAL left after a clean close
    }
  }
  return n;
}

function readExe(pid: number): string {
  try {
    return bytesToString(readlinkSync(`/proc/${pid}/exe`, { encoding: 'buffer' }));
  } catch {
    throw new UsageError(`cannot attach to ${pid}: No such process`, 1);
  }
}

