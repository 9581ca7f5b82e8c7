import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { regOffset } from '@tracedb/native';
import { escapeControls, quoteText } from '@tracedb/native/terminal';
import { openRecording } from '@tracedb/query';
import type { Recording } from '@tracedb/query';
import type { ReplayCommand } from '../cli/replay-args.js';
import { UsageError } from '../cli/errors.js';
import { divergenceReport } from './divergence-report.js';
import type { InjectMessage, InjectWorkerData } from './inject-protocol.js';
import type { LoopOutcome } from './replay-loop.js';
import { missingForReplay } from './recording-requirements.js';
import { ReplayRecording } from './replay-recording.js';

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
function orders(cmd: ReplayCommand, r: Recording, control: SharedArrayBuffer): InjectWorkerData {
  const row = r.row;
  if (row.mode !== 'launch') throw new UsageError(`${cmd.recording}: a recording made by ${row.mode === 'attach' ? 'attaching to a running process' : 'importing a strace log'} cannot be replayed (its start is not recorded)`);
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
  const until = cmd.until === null ? null : untilSeq(cmd.until, r);
  const captureBytes = typeof options.captureBytes === 'number' ? options.captureBytes : 65536;
  return { recording: r.path, argv: JSON.parse(row.argv), env: JSON.parse(row.env), cwd, fds, machine: row.arch, quiet: cmd.quiet, until, recordTo: cmd.recordTo !== null, captureBytes, options, control };
}

/** --until's stop seq: one the recording has. */
function untilSeq(text: string, r: Recording): number {
  if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`--until ${text}: expected a stop seq (filters such as 'syscall=openat' are not built yet)`);
  const seq = Number(text);
  if (seq > r.lastSeq) throw new UsageError(`--until ${text}: the recording's last stop is ${r.lastSeq}`);
  return seq;
}

/** A wait status as a shell shows it: the exit code, or 128 + the killing signal. */
function exitCode(status: number): number {
  return (status & 0x7f) === 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
}

/** What differs between two runs of a recording made without --replayable, whatever its inputs. */
const UNCONTROLLED = 'the recording was made without --replayable: what the program reads without a syscall (the clock through the vDSO, rdtsc, AT_RANDOM) differs between runs';

/** Lowest stack top a program gets with ASLR off (x86_64: just below 0x7ffffffff000, less its arguments and environment). */
const NO_ASLR_STACK = 0x7ffffff00000n;

/** A recording made with ASLR on: its first stack pointer, after the exec, is lower than any without. */
function aslrWasOn(r: Recording): string | null {
  const regs = r.db
    .prepare("SELECT s.regs FROM stops s JOIN syscall c ON s.seq = c.exit_seq WHERE c.nr = 59 AND c.ret = 0 ORDER BY c.id LIMIT 1")
    .pluck()
    .get() as Buffer | null | undefined;
  if (!regs || regs.length < regOffset.rsp + 8) return null;
  const sp = regs.readBigUInt64LE(regOffset.rsp);
  return sp < NO_ASLR_STACK ? `the recording was made with ASLR on (its stack at 0x${sp.toString(16)}): addresses differ in every run; record with setarch -R or --replayable` : null;
}

/** The recorded executable, rebuilt or replaced since: said with the divergence it likely caused. */
function executableChanged(r: Recording): string | null {
  const { exe_path: path, exe_sha256: want } = r.row;
  if (path === null || want === null) return null;
  try {
    const got = createHash('sha256').update(readFileSync(path)).digest('hex');
    return got === want ? null : `${quoteText(path)} changed since the recording (its sha256 differs)`;
  } catch {
    return `${quoteText(path)} is gone since the recording`;
  }
}

/** Inject replay: the recorded program runs again on its recorded inputs; returns trace-replay's exit status. */
export async function runInject(cmd: ReplayCommand): Promise<number> {
  const r = open(cmd.recording);
  const control = new SharedArrayBuffer(4);
  const data = orders(cmd, r, control);
  const recording = cmd.recordTo !== null ? new ReplayRecording(cmd.recordTo, r, data.cwd, data.captureBytes) : null;
  const worker = new Worker(new URL('./replay-worker.js', import.meta.url), { workerData: data });
  let wakerPid = 0;
  const onSigint = (): void => {
    Atomics.store(new Int32Array(control), 0, 1);
    if (wakerPid > 0) process.kill(wakerPid, 'SIGKILL'); // wakes the replay thread's wait4
  };
  process.on('SIGINT', onSigint);
  try {
    const outcome = await new Promise<LoopOutcome>((resolve, reject) => {
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
    });
    if (recording !== null) {
      const status = outcome.rootStatus === null ? null : exitCode(outcome.rootStatus);
      recording.finish(status, outcome.interrupted ? 'SIGINT' : outcome.divergence !== null ? 'divergence' : outcome.stoppedAt !== null ? 'stopped by --until' : null);
    }
    if (outcome.interrupted) return EXIT_INTERRUPTED;
    if (outcome.stoppedAt !== null) {
      const at = outcome.stoppedAt;
      const call = divergenceReport(r.db, { kind: 'divergence', seq: at.seq, tid: at.tid, recordedId: at.id, live: null, cause: '' })[1].replace(/^ {2}recorded: /, '');
      writeSync(2, `${escapeControls(`trace-replay: stopped before stop ${at.seq} (thread ${at.tid}, live pid ${at.pid}): ${call}`)}\n  attach a debugger: gdb -p ${at.pid}\n`);
      return 0;
    }
    if (outcome.divergence !== null) {
      const d = outcome.divergence;
      const changed = d.kind !== 'divergence' || d.cause.includes('likely cause') ? null : (executableChanged(r) ?? aslrWasOn(r) ?? (data.options.replayable ? null : UNCONTROLLED));
      const shown = changed !== null ? { ...d, cause: `${d.cause}; likely cause: ${changed}` } : d;
      for (const line of divergenceReport(r.db, shown)) writeSync(2, escapeControls(line) + '\n');
      return EXIT_DIVERGENCE;
    }
    return r.row.exit_status ?? 0;
  } finally {
    process.off('SIGINT', onSigint);
    await worker.terminate();
    r.db.close();
  }
}
