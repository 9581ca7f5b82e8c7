import { readFileSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { colorsFor, escapeControls, escapeText, mendHelpText } from '@tracedb/native/terminal';
import { openDiffInput } from '../diff/diff-input.js';
import type { DiffInput } from '../diff/diff-input.js';
import { diffTraces } from '../diff/diff-traces.js';
import { jsonReport } from '../diff/json-report.js';
import { diffLines, summaryLines } from '../diff/text-report.js';
import { jsonReplacer } from '../output/json-value.js';
import { parseDiffArgs } from './diff-args.js';
import type { DiffCommand } from './diff-args.js';
import { UsageError } from './errors.js';

/** Where trace-diff writes; injectable for tests. */
export interface DiffIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly isTty: boolean;
  readonly env: NodeJS.ProcessEnv;
}

const processIo = (): DiffIo => ({
  out: (s) => writeAll(1, s),
  err: (s) => writeAll(2, s),
  isTty: isatty(1),
  env: process.env,
});

/** Synchronous writes: a pipe closed early (| head) ends the output instead of queueing it. */
function writeAll(fd: number, s: string): void {
  const buf = Buffer.from(s);
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') throw new OutputClosed();
      throw e;
    }
  }
}

class OutputClosed extends Error {}

function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** trace-diff's whole run: returns the exit status (0 equivalent, 1 different, 2 trouble). */
export async function main(argv: string[], io: DiffIo = processIo()): Promise<number> {
  try {
    const args = await parseDiffArgs(argv);
    if (args.kind === 'help') {
      io.out(mendHelpText(args.text) + '\n');
      return 0;
    }
    if (args.kind === 'version') {
      io.out(`trace-diff ${version()}\n`);
      return 0;
    }
    return runDiff(args, io);
  } catch (e) {
    if (e instanceof OutputClosed) return 1;
    if (e instanceof UsageError) {
      io.err(`trace-diff: ${escapeControls(e.message)}\n`);
      return 2;
    }
    io.err(`trace-diff: internal error: ${escapeControls((e as Error).message)}\n`);
    return 2;
  }
}

/** Runs one comparison; the diff itself, callable without argv. */
export function runDiff(args: DiffCommand, io: DiffIo): number {
  const inputs: DiffInput[] = [];
  // TRACE_DIFF_TIMES=1: where the time goes, on stderr (for bench/diff.mjs)
  const times = io.env.TRACE_DIFF_TIMES ? [`start ${(performance.now() / 1000).toFixed(2)}s`] : null;
  let t0 = performance.now();
  const lap = (what: string): void => {
    if (!times) return;
    times.push(`${what} ${((performance.now() - t0) / 1000).toFixed(2)}s`);
    t0 = performance.now();
  };
  try {
    inputs.push(openDiffInput(args.a));
    lap('load A');
    inputs.push(openDiffInput(args.b));
    lap('load B');
    for (const input of inputs) {
      const p = input.problems;
      if (p.length > 0) {
        io.err(`trace-diff: note: ${escapeText(input.trace.path)}: ${p.length} line${p.length === 1 ? '' : 's'} not understood, left out (line ${p[0].line}: ${p[0].reason})\n`);
      }
      if (!input.trace.row.complete && input.trace.row.mode !== 'import') {
        io.err(`trace-diff: note: ${escapeText(input.trace.path)}: recording was interrupted (${input.trace.row.interrupted_by ?? 'trace-rec did not finish it'})\n`);
      }
    }
    const report = diffTraces(inputs[0].trace, inputs[1].trace);
    lap('diff');
    if (args.json) {
      io.out(JSON.stringify(jsonReport(report, { context: args.context, raw: args.raw }), jsonReplacer, 2) + '\n');
    } else {
      const opts = { context: args.context, colors: colorsFor(args.color, { isTTY: io.isTty }, io.env), raw: args.raw };
      let text = '';
      const flush = (force = false): void => {
        if (force || text.length > 1 << 16) {
          io.out(text);
          text = '';
        }
      };
      for (const line of summaryLines(report, opts)) text += line + '\n';
      if (!args.summary && !report.equivalent) {
        let first = true;
        for (const line of diffLines(report, opts)) {
          if (first) text += '\n';
          first = false;
          text += line + '\n';
          flush();
        }
      }
      flush(true);
    }
    lap('report');
    if (times) io.err(`trace-diff: times: ${times.join(', ')}\n`);
    return report.equivalent ? 0 : 1;
  } finally {
    for (const input of inputs) input.close();
  }
}
