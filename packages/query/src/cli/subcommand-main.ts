import { writeSync } from 'node:fs';
import { escapeControls } from '@tracedb/native/terminal';
import { BrokenPipe } from '../output/output-sink.js';
import { UsageError } from './errors.js';
import { parseSubcommand } from './subcommand-args.js';
import type { ParsedSubcommand, SubcommandSpec } from './subcommand-args.js';

type Run = Extract<ParsedSubcommand, { kind: 'run' }>;

/**
 * A subcommand's whole run: --help, or `run` with its parsed arguments; returns the exit status
 * (0 ok, 2 bad input, 1 internal error), each error one line on stderr.
 */
export async function subcommandMain(spec: SubcommandSpec, argv: readonly string[], run: (args: Run) => Promise<void>): Promise<number> {
  try {
    const args = await parseSubcommand(spec, argv);
    if (args.kind === 'help') {
      writeSync(1, args.text + '\n');
      return 0;
    }
    await run(args);
    return 0;
  } catch (e) {
    if (e instanceof BrokenPipe) return 0;
    if (e instanceof UsageError) {
      writeSync(2, `trace-q: ${escapeControls(e.message)}\n`);
      return e.code;
    }
    writeSync(2, `trace-q: internal error: ${escapeControls((e as Error).message ?? String(e))}\n`);
    return 1;
  }
}
