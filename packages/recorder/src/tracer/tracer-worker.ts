// The tracing thread: all ptrace requests come from here, so that the main thread stays free
// to handle signals and write the recording.
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { encodeBpf, seccompTraceProgram, syscallTable } from '@tracedb/native';
import { interfaceNames, libc } from '@tracedb/native/libc';
import { openFds, resourceLimits } from '../context.js';
import { cpuMask, pinThread } from '../cpu-affinity.js';
import { AffinityVirtualizer } from './affinity-virtualizer.js';
import { ArgumentCapturer } from './argument-capturer.js';
import { CapturePlan } from './capture-plan.js';
import { spawnStopped, spawnWaker, tellWaker } from './launcher.js';
import { MemoryReader } from './memory-reader.js';
import { ReplayControls } from './replay-controls.js';
import { StopEncoder } from './stop-encoder.js';
import { TerminalGuard } from './terminal-guard.js';
import { BatchPool } from './batch-pool.js';
import { BATCH_BYTES, Tracer } from './tracer.js';
import { Control } from './tracer-protocol.js';
import type { TracerMessage, TracerWorkerData } from './tracer-protocol.js';

const MAX_IN_FLIGHT = 8;
/** Room for the records of the stop that takes a batch past BATCH_BYTES. */
const BATCH_CAPACITY = BATCH_BYTES + (64 << 10);

// looked up when used: the build runs this module in its main thread (no parentPort) to make the bundle's code cache
const port = (): NonNullable<typeof parentPort> => parentPort!;
const post = (m: TracerMessage, transfer?: ArrayBuffer[]): void => port().postMessage(m, transfer);

/**
 * The tracer and (by inheritance) the tracees on the CPU it runs on. The writer (the main thread)
 * is left where the scheduler puts it: pinned to the other CPUs, it got half of one when that was
 * busy with other work, and the tracer waited for it (see the README's Measured). What a launched
 * program sees of it is the mask trace-rec started with.
 */
function pin(data: TracerWorkerData): AffinityVirtualizer | null {
  const cpu = libc.sched_getcpu();
  if (!pinThread(0, [cpu])) return null;
  return data.mode === 'launch' ? new AffinityVirtualizer(cpuMask(data.cpus), cpuMask([cpu])) : null;
}

const SIG_BLOCK = 0;

/** The signals trace-rec acts on (SIGINT, SIGTERM, SIGHUP) are for the main thread, whose handlers stop the tracer. */
function blockStopSignals(): void {
  const set = Buffer.alloc(128);
  libc.sigemptyset(set);
  for (const sig of [1, 2, 15]) libc.sigaddset(set, sig);
  libc.pthread_sigmask(SIG_BLOCK, set, null);
}

function trace(data: TracerWorkerData): void {
  const control = new Int32Array(data.control);
  blockStopSignals();
  const affinity = data.pin ? pin(data) : null;
  const waker = spawnWaker();
  post({ t: 'waker', pid: waker.pid, libc: `glibc ${libc.gnu_get_libc_version()}` });
  post({ t: 'interfaces', ifs: interfaceNames() });
  const enc = new StopEncoder();
  const pool = new BatchPool(data.returns, BATCH_CAPACITY, MAX_IN_FLIGHT);
  const plan = new CapturePlan(syscallTable);
  const capturer = new ArgumentCapturer(plan, new MemoryReader(data.captureBytes + 8192), enc, data.captureBytes, data.replayable);
  const base = performance.timeOrigin - data.startedMs;
  const clock = (): number => Math.round((base + performance.now()) * 1e6);
  const flush = (): void => {
    if (enc.length === 0) return;
    // Back-pressure: wait for the writer rather than hold an unbounded queue of batches.
    for (let n = Atomics.load(control, Control.InFlight); n >= MAX_IN_FLIGHT; n = Atomics.load(control, Control.InFlight)) {
      Atomics.wait(control, Control.InFlight, n, 1000);
    }
    Atomics.add(control, Control.InFlight, 1);
    const buf = pool.get(enc.length);
    const length = enc.takeInto(buf);
    post({ t: 'batch', buf, length }, [buf]);
  };
  const controls = data.replayable ? new ReplayControls(enc, (options) => post({ t: 'replayable', options }), data.trapCpuid) : null;
  const hooks = { flush, started: (pid: number) => post({ t: 'started', pid, fds: openFds(pid), rlimits: resourceLimits(pid) }) };
  const seccomp = data.filter !== null ? encodeBpf(seccompTraceProgram(data.filter)) : null;
  const tracer = new Tracer(enc, capturer, control, hooks, clock, waker.pid, data.mode, affinity, undefined, controls, seccomp);
  if (data.terminal !== null) {
    tracer.guardTerminal(new TerminalGuard(data.terminal.shared, data.terminal.tty, new MemoryReader(1024), () => Date.now() - data.terminal!.originMs));
  }
  try {
    if (data.mode === 'launch') {
      tracer.seizeLaunched(spawnStopped(data.argv, data.env, data.inheritFds, data.before, (pid) => tellWaker(waker.fd, pid)));
      tellWaker(waker.fd, 0); // seized: PTRACE_O_EXITKILL takes over
    }
    else tracer.attach(data.pid);
    const outcome = tracer.run();
    flush();
    post({ t: 'interfaces', ifs: interfaceNames() }); // the ones the program made
    post({ t: 'done', outcome });
  } finally {
    libc.kill(waker.pid, 9);
    libc.close(waker.fd);
  }
}

/** The thread's start (dist/bundle/tracer-worker-start.js): it is started before trace-rec knows what to record (see TracerThread), so its orders come as a message, null to end. */
export function main(): void {
  port().once('message', (data: TracerWorkerData | null) => {
    if (data === null) {
      port().close();
      return;
    }
    try {
      trace(data);
    } catch (e) {
      const err = e as Error & { errno?: number };
      post({ t: 'error', message: err.message, errno: err.errno ?? null });
    }
  });
}
