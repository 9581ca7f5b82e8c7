import { isatty } from 'node:tty';
import { record } from '../record.js';
import type { TracerThread } from '../tracer/tracer-thread.js';
import { TRACER_VERSION } from '../version.js';
import { writeStderr } from '../write-stderr.js';
import { UsageError } from './errors.js';
import { parseRecArgs } from './parse-args.js';

/** trace-rec's whole run, tracing on `thread` (which it ends): returns the exit status. */
export async function main(argv: string[], thread: TracerThread): Promise<number> {
  try {
    const args = await parseRecArgs(argv);
    if (args.kind === 'help') {
      process.stdout.write(args.text + '\n');
      return 0;
    }
    if (args.kind === 'version') {
      process.stdout.write(`trace-rec ${TRACER_VERSION}\n`);
      return 0;
    }
    const tty = !args.quiet && isatty(2);
    const result = await record({
      command: args.command,
      attach: args.attach,
      output: args.output,
      force: args.force,
      pin: args.pin,
      captureBytes: args.captureBytes,
      envChanges: args.envChanges,
      user: args.user,
      onProgress: tty ? (p) => writeStderr(`\r\x1b[2Ktrace-rec: ${p.syscalls} syscalls, ${p.processes} processes…`) : undefined,
    }, thread);
    if (tty) writeStderr('\r\x1b[2K');
    if (!args.quiet) {
      const what = result.interruptedBy ? ` (interrupted by ${result.interruptedBy})` : '';
      writeStderr(
        `trace-rec: ${result.syscalls} syscalls, ${result.processes} process${result.processes === 1 ? '' : 'es'}, ` +
          `${result.threads} thread${result.threads === 1 ? '' : 's'} -> ${result.output} (${formatBytes(result.bytes)})${what}\n`,
      );
    }
    return result.exitStatus;
  } catch (e) {
    if (e instanceof UsageError) {
      writeStderr(`trace-rec: ${e.message}\n`);
      return e.code;
    }
    writeStderr(`trace-rec: internal error: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await thread.end();
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1 << 20)).toFixed(1)} MiB`;
}
