import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { libc } from '@tracedb/native/libc';
import type { RecordedRun } from './recorded-run.js';
import type { StopSignals } from './stop-signals.js';

/** How the rerun under trace-rec ended. */
export interface LiveRun {
  /** trace-rec's exit status (the program's, or 128+N), null when a signal ended trace-rec. */
  readonly status: number | null;
}

const ADDR_NO_RANDOMIZE = 0x0040000;
const QUERY_PERSONA = 0xffffffff;

// require.resolve, not import.meta.resolve: the bundle (scripts/bundle.mjs) has import.meta.url only
const traceRecBin = (): string => path.join(path.dirname(createRequire(import.meta.url).resolve('@tracedb/recorder')), '../bin/trace-rec.js');

/**
 * Reruns the recorded command for real, recorded by trace-rec into `output`: the same argv,
 * environment (in its order), working directory and capture options, ASLR off when the
 * recording had it off. trace-rec is a child process so that it gets exactly the recorded
 * environment (it hands the program its own); the program's stdin, stdout and stderr are
 * trace-replay's. Ctrl-C (SIGTERM, SIGHUP) is passed on: trace-rec kills the program.
 */
export function runLive(run: RecordedRun, output: string, noAslr: boolean, stops: StopSignals): Promise<LiveRun> {
  const o = run.options;
  const args = [
    traceRecBin(), '-q', '-o', output,
    ...(o.pin === false ? ['--no-pin'] : []),
    ...(o.captureBytes !== undefined ? ['--capture-bytes', String(o.captureBytes)] : []),
    ...(o.user ? ['-u', o.user.name] : []),
    // the same controls (vDSO hidden, rdtsc and cpuid trapped), or their stops would differ
    ...(o.replayable ? ['--replayable', ...(o.replayable.cpuid === 'trapped' ? ['--trap-cpuid'] : [])] : []),
    '--', ...run.argv,
  ];
  const env: Record<string, string> = {};
  for (const kv of run.env) {
    const eq = kv.indexOf('=');
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return new Promise((resolve, reject) => {
    const persona = libc.personality(QUERY_PERSONA);
    if (noAslr) libc.personality(persona | ADDR_NO_RANDOMIZE);
    // spawn returns once the child has exec'd, which is when the persona was inherited
    const child = spawn(process.execPath, args, { env, cwd: run.cwd, stdio: 'inherit' });
    if (noAslr) libc.personality(persona);
    stops.passTo((sig) => child.kill(sig));
    const done = (): void => stops.passTo(null);
    child.on('error', (e) => {
      done();
      reject(e);
    });
    child.on('exit', (status) => {
      done();
      resolve({ status });
    });
  });
}
