import { writeSync } from 'node:fs';
import { escapeText } from '@tracedb/native/terminal';
import { exportParquet } from '../fleet/parquet-export.js';
import { UsageError } from './errors.js';
import { EXPORT_SPEC } from './export-args.js';
import { subcommandMain } from './subcommand-main.js';

/** `trace-q export REC… --parquet DIR`: returns the exit status. */
export function exportMain(argv: string[]): Promise<number> {
  return subcommandMain(EXPORT_SPEC, argv, async ({ operands, options }) => {
    const dir = options.parquet as string | undefined;
    if (operands.length === 0) throw new UsageError('export needs a recording (see trace-q export --help)');
    if (dir === undefined || dir === '') throw new UsageError('export needs --parquet DIR');
    await exportParquet(operands, dir, { regs: options.regs === true }, (r) => {
      if (options.quiet) return;
      const what = r.replaced ? 'replaced its files' : 'added';
      writeSync(2, `trace-q: ${escapeText(r.file)}: recording ${r.recordingId}, ${r.rows.syscalls} syscalls, ${r.rows.stops} stops: ${what} in ${escapeText(dir)}\n`);
    });
  });
}
