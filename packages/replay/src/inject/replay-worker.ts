// The replay thread: it seizes the program, so every ptrace request comes from here, and the
// main thread stays free for Ctrl-C.
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { libc } from '@tracedb/native/libc';
import { otherCpus, pinThread, spawnStopped, spawnWaker, tellWaker } from '@tracedb/recorder/tracer';
import type { InjectMessage, InjectWorkerData } from './inject-protocol.js';
import { FedMemory } from './fed-memory.js';
import { launchFds } from './launch-fds.js';
import { RecordedCalls } from './recorded-calls.js';
import { serializedSchedule } from './recording-requirements.js';
import { replayControlsFor } from './replay-controls.js';
import { ReplayLoop } from './replay-loop.js';
import { ReplayRecorder } from './replay-recorder.js';

// looked up when used: the build runs this module in its main thread (no parentPort) to make the bundle's code cache
const port = (): NonNullable<typeof parentPort> => parentPort!;
const post = (m: InjectMessage): void => port().postMessage(m);

/**
 * This thread and (by inheritance) the program on the CPU it runs on, as trace-rec does: a ptrace
 * round trip within one CPU costs a fraction of one across two. The main thread, which reads the
 * recording ahead, on the others. What the program asks of its affinity is answered from the
 * recording.
 */
function pin(): void {
  const cpu = libc.sched_getcpu();
  if (pinThread(0, [cpu])) pinThread(process.pid, otherCpus(cpu));
}

function replay(data: InjectWorkerData): void {
  const control = new Int32Array(data.control);
  pin();
  const db = new Database(data.recording, { readonly: true, fileMustExist: true });
  const rec = new RecordedCalls(db, new FedMemory(data.memory));
  const waker = spawnWaker();
  post({ t: 'waker', pid: waker.pid, libc: `glibc ${libc.gnu_get_libc_version()}` });
  try {
    const fds = launchFds(data.fds);
    // until it is seized, the launcher shell is the waker's to kill should trace-replay die (see spawnWaker)
    const launched = spawnStopped(data.argv, data.env, fds.inherit, ['setarch', data.machine, '-R'], (pid) => tellWaker(waker.fd, pid), (fa) => {
      if (libc.posix_spawn_file_actions_addchdir_np(fa, data.cwd) !== 0) throw new Error(`cannot start in ${data.cwd}`);
      fds.actions(fa);
    }, data.fds);
    const recorder = data.recordTo ? new ReplayRecorder(data.captureBytes, (buf) => port().postMessage({ t: 'batch', buf } satisfies InjectMessage, [buf])) : null;
    const loop = new ReplayLoop(rec, launched, {
      recorder,
      seized: () => tellWaker(waker.fd, 0),
      quiet: data.quiet,
      controls: replayControlsFor(db, data.options),
      stopRequested: () => Atomics.load(control, 0) !== 0,
      wakerPid: waker.pid,
      until: data.until,
      serializedSchedule: serializedSchedule(data.options),
    });
    const outcome = loop.run();
    recorder?.flush();
    post({ t: 'done', outcome });
  } finally {
    libc.kill(waker.pid, 9);
    libc.close(waker.fd);
    db.close();
  }
}

/** The thread's start (dist/bundle/replay-worker-start.js): it is started before trace-replay knows what to replay (see ReplayThread), so its orders come as a message, null to end. */
export function main(): void {
  port().once('message', (data: InjectWorkerData | null) => {
    if (data === null) {
      port().close();
      return;
    }
    try {
      replay(data);
    } catch (e) {
      post({ t: 'error', message: (e as Error).message });
    }
  });
}
