import { statSync, writeSync } from 'node:fs';
import { escapeControls } from '@tracedb/native/terminal';
import { openRecording, recordedFilter } from '@tracedb/query';
import type { Recording } from '@tracedb/query';
import type { ReplayCommand } from '../cli/replay-args.js';
import { UsageError } from '../cli/errors.js';
import { untilStop } from './until-stop.js';
import { divergenceReport, recordedCallLine } from './divergence-report.js';
import type { InjectMessage, InjectWorkerData } from './inject-protocol.js';
import type { LoopOutcome } from './replay-loop.js';
import { likelyCause } from './likely-cause.js';
import { MemoryFeed } from './memory-feed.js';
import { missingForReplay, partialRefusal } from './recording-requirements.js';
import { ReplayRecording } from './replay-recording.js';
import type { ReplayThread } from './replay-thread.js';

const EXIT_DIVERGENCE = 3;
const EXIT_INTERRUPTED = 130;

function open(path: string): Recording {
  try {
    return openRecording(path);
  } catch (e) {
    if ((e as Error).name === 'UsageError') throw new UsageError((e as Error).message);
    throw e;
  }
}

/** The worker's orders, from the recording row; every way the recording cannot be replayed is one line. */
function orders(cmd: ReplayCommand, r: Recording, control: SharedArrayBuffer): Omit<InjectWorkerData, 'memory'> {
  const row = r.row;
  if (row.mode !== 'launch') throw new UsageError(`${cmd.recording}: a recording made by ${row.mode === 'attach' ? 'attaching to a running process' : 'importing a strace log'} cannot be replayed (its start is not recorded)`);
  const partial = recordedFilter(row.options);
  if (partial !== null) throw new UsageError(partialRefusal(cmd.recording, partial));
  const options = JSON.parse(row.options) as Record<string, unknown>;
  const missing = missingForReplay(options);
  if (missing.length > 0 && !cmd.force) {
    throw new UsageError(`${cmd.recording} was recorded without --replayable: it lacks ${missing.join(', ')}; replay it anyway with --force`);
  }
  if (row.arch !== 'x86_64') throw new UsageError(`${cmd.recording}: recorded on ${row.arch}; trace-replay replays x86_64 recordings`);
  const cwd = cmd.cwd ?? row.cwd;
  try {
    if (!statSync(cwd).isDirectory()) throw new Error();
  } catch {
    throw new UsageError(`${cwd}: not a directory to start the program in${cmd.cwd === null ? ' (the recorded working directory; see --cwd)' : ''}`);
  }
  const fds = row.fds !== null ? (JSON.parse(row.fds) as { fd: number }[]).map((f) => f.fd) : [0, 1, 2];
  const until = cmd.until === null ? null : untilStop(cmd.until, r);
  const captureBytes = typeof options.captureBytes === 'number' ? options.captureBytes : 65536;
  return { recording: r.path, argv: JSON.parse(row.argv), env: JSON.parse(row.env), cwd, fds, machine: row.arch, quiet: cmd.quiet, until, recordTo: cmd.recordTo !== null, captureBytes, options, control };
}

/** A wait status as a shell shows it: the exit code, or 128 + the killing signal. */
function exitCode(status: number): number {
  return (status & 0x7f) === 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
}

/** Inject replay: the recorded program runs again on its recorded inputs; returns trace-replay's exit status. */
export async function runInject(cmd: ReplayCommand, thread: ReplayThread): Promise<number> {
  const r = open(cmd.recording);
  const control = new SharedArrayBuffer(4);
  const base = orders(cmd, r, control);
  const recording = cmd.recordTo !== null ? new ReplayRecording(cmd.recordTo, r, base.cwd, base.captureBytes) : null;
  const feed = new MemoryFeed(r.db);
  const data: InjectWorkerData = { ...base, memory: feed.end };
  const worker = thread.worker;
  let wakerPid = 0;
  const onSigint = (): void => {
    Atomics.store(new Int32Array(control), 0, 1);
    if (wakerPid > 0) process.kill(wakerPid, 'SIGKILL'); // wakes the replay thread's wait4
  };
  process.on('SIGINT', onSigint);
  try {
    const outcome = await new Promise<LoopOutcome>((resolve, reject) => {
      if (thread.failure !== null) reject(new Error(thread.failure));
      worker.on('message', (m: InjectMessage) => {
        if (m.t === 'waker') {
          wakerPid = m.pid;
          recording?.setLibc(m.libc);
        }
        else if (m.t === 'batch') recording?.consume(m.buf);
        else if (m.t === 'done') resolve(m.outcome);
        else reject(new UsageError(`cannot replay: ${m.message}`));
      });
      worker.on('error', reject);
      worker.on('exit', () => reject(new Error('the replay thread ended unexpectedly')));
      thread.begin(data, [data.memory.port]);
      feed.start();
    });
    if (recording !== null) {
      const status = outcome.rootStatus === null ? null : exitCode(outcome.rootStatus);
      recording.finish(status, outcome.interrupted ? 'SIGINT' : outcome.divergence !== null ? 'divergence' : outcome.stoppedAt !== null ? 'stopped by --until' : null);
    }
    if (outcome.interrupted) return EXIT_INTERRUPTED;
    if (outcome.stoppedAt !== null) {
      const at = outcome.stoppedAt;
      const call = recordedCallLine(r.db, at.id);
      writeSync(2, `${escapeControls(`trace-replay: stopped before stop ${at.seq} (thread ${at.tid}, live pid ${at.pid}): ${call}`)}\n  attach a debugger: gdb -p ${at.pid}${at.liveTid !== at.pid ? ` (the thread stopped there is LWP ${at.liveTid}; in gdb: thread find ${at.liveTid})` : ''}\n`);
      return 0;
    }
    if (outcome.divergence !== null) {
      const d = outcome.divergence;
      const changed = d.kind !== 'divergence' || d.cause.includes('likely cause') ? null : likelyCause(r, Boolean(data.options.replayable));
      const shown = changed !== null ? { ...d, cause: `${d.cause}; likely cause: ${changed}` } : d;
      for (const line of divergenceReport(r.db, shown)) writeSync(2, escapeControls(line) + '\n');
      return EXIT_DIVERGENCE;
    }
    const recorded = r.row.exit_status ?? 0;
    const live = outcome.rootStatus === null ? null : exitCode(outcome.rootStatus);
    if (live !== null && live !== recorded) {
      writeSync(2, `trace-replay: divergence at the end: the program ended with status ${live}, recorded ${recorded}\n`);
      return EXIT_DIVERGENCE;
    }
    return recorded;
  } catch (e) {
    recording?.abandon();
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    feed.stop();
    await thread.end();
    r.db.close();
  }
}
