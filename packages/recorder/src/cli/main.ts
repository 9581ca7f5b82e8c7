import { isatty } from 'node:tty';
import { colorsFor, escapeControls, escapeText } from '@tracedb/native/terminal';
import type { ColorWhen } from '@tracedb/native/terminal';
import { record } from '../record.js';
import type { TracerThread } from '../tracer/tracer-thread.js';
import { TRACER_VERSION } from '../version.js';
import { writeStderr } from '../write-stderr.js';
import { UsageError } from './errors.js';
import { parseRecArgs } from './parse-args.js';
import { formatBytes, formatProgress, ProgressLine } from './progress-line.js';

/** trace-rec's whole run, tracing on `thread` (which it ends): returns the exit status. */
export async function main(argv: string[], thread: TracerThread): Promise<number> {
  let color: ColorWhen = 'auto';
  let line: ProgressLine | null = null;
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
    color = args.color;
    // with a filter the writes the progress line must keep clear of do not stop: no progress line
    const progress = !args.quiet && isatty(2) && args.filter === null ? (line = ProgressLine.open()) : null;
    const result = await record({
      command: args.command,
      attach: args.attach,
      output: args.output,
      force: args.force,
      pin: args.pin,
      captureBytes: args.captureBytes,
      replayable: args.replayable,
      trapCpuid: args.trapCpuid,
      envChanges: args.envChanges,
      user: args.user,
      filter: args.filter,
      onProgress: progress ? (p) => progress.draw(formatProgress(p)) : undefined,
      terminal: progress,
    }, thread);
    line?.end();
    line = null;
    if (!args.quiet) {
      const what = result.interruptedBy ? ` (interrupted by ${result.interruptedBy})` : '';
      writeStderr(
        `trace-rec: ${result.syscalls} syscalls, ${result.processes} process${result.processes === 1 ? '' : 'es'}, ` +
          `${result.threads} thread${result.threads === 1 ? '' : 's'} -> ${escapeText(result.output)} (${formatBytes(result.bytes)})${what}\n`,
      );
    }
    return result.exitStatus;
  } catch (e) {
    line?.end();
    // the summary and progress stay plain; an error is red where colour is wanted
    const red = colorsFor(color, { isTTY: isatty(2) }).red;
    if (e instanceof UsageError) {
      writeStderr(`trace-rec: ${red(escapeControls(e.message))}\n`);
      return e.code;
    }
    writeStderr(`trace-rec: ${red(`internal error: ${escapeControls((e as Error).message)}`)}\n`);
    return 1;
  } finally {
    await thread.end();
  }
}
