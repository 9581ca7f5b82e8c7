import { escapeControls, escapeText } from '@tracedb/native/terminal';
import { writeSync } from 'node:fs';
import { importStraceLog } from '../import/import-strace-log.js';
import { straceLogFiles } from '../import/strace-log-files.js';
import { UsageError } from './errors.js';
import { parseImportArgs } from './import-args.js';

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

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
    const { files, perThread } = straceLogFiles(args.logs);
    const r = importStraceLog(files, args.output, { force: args.force, perThread, ...(args.host !== null ? { host: args.host } : {}) });
    for (const p of r.problems) writeSync(2, `trace-q: ${escapeText(p.file ?? files[0])}:${p.line}: ${p.reason}: ${escapeControls(p.text)}\n`);
    if (r.merged === 'file order') {
      writeSync(2, `trace-q: note: the logs have no -t/-tt/-ttt timestamps to merge them by: read one after the other (${files.join(', ')})\n`);
    }
    if (!args.quiet) {
      if (r.stackLines > 0) writeSync(2, `trace-q: skipped ${count(r.stackLines, 'stack-trace line')} (strace -k)\n`);
      const from = files.length > 1 ? `${count(r.lines, 'line')} of ${files.length} files${r.merged === 'time' ? ' merged by time' : ''}` : count(r.lines, 'line');
      writeSync(
        2,
        `trace-q: imported ${count(r.syscalls, 'syscall')}, ${count(r.processes, 'process', 'processes')}, ${count(r.threads, 'thread')} from ${from} -> ${r.output}` +
          (r.problems.length > 0 ? ` (${count(r.problems.length, 'line')} not understood, listed above and in import_problems)` : '') +
          '\n',
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      writeSync(2, `trace-q: ${escapeControls(e.message)}\n`);
      return e.code;
    }
    writeSync(2, `trace-q: internal error: ${(e as Error).message}\n`);
    return 1;
  }
}
