import { writeSync } from 'node:fs';
import { importStraceLog } from '../import/import-strace-log.js';
import { UsageError } from './errors.js';
import { parseImportArgs } from './import-args.js';

/**
 * `trace-q import`: returns the exit status (0 ok, 2 bad input, 1 internal error). Lines the
 * importer did not understand are listed on stderr (and kept in import_problems), never dropped.
 */
export async function importMain(argv: string[]): Promise<number> {
  try {
    const args = await parseImportArgs(argv);
    if (args.kind === 'help') {
      writeSync(1, args.text + '\n');
      return 0;
    }
    const r = importStraceLog(args.log, args.output, { force: args.force });
    for (const p of r.problems) writeSync(2, `trace-q: ${args.log}:${p.line}: ${p.reason}: ${p.text}\n`);
    if (!args.quiet) {
      writeSync(
        2,
        `trace-q: imported ${r.syscalls} syscalls, ${r.processes} processes, ${r.threads} threads from ${r.lines} lines -> ${r.output}` +
          (r.problems.length > 0 ? ` (${r.problems.length} lines not understood, listed above and in import_problems)` : '') +
          '\n',
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      writeSync(2, `trace-q: ${e.message}\n`);
      return e.code;
    }
    writeSync(2, `trace-q: internal error: ${(e as Error).message}\n`);
    return 1;
  }
}
