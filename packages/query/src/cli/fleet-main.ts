import { fleetSql } from '../fleet/fleet-query.js';
import { OutputSink } from '../output/output-sink.js';
import { UsageError } from './errors.js';
import { FLEET_FORMATS, FLEET_SPEC } from './fleet-args.js';
import type { Format } from './parse-args.js';
import { subcommandMain } from './subcommand-main.js';

const FORMATS: Record<(typeof FLEET_FORMATS)[number], Format> = { table: 'strace', csv: 'csv', json: 'json', ndjson: 'ndjson' };

/** `trace-q fleet DIR --sql …`: returns the exit status. */
export function fleetMain(argv: string[]): Promise<number> {
  return subcommandMain(FLEET_SPEC, argv, async ({ operands, options }) => {
    if (operands.length !== 1) throw new UsageError(`fleet takes one directory; got ${operands.length} (see trace-q fleet --help)`);
    const sql = options.sql as string | undefined;
    if (sql === undefined || sql.trim() === '') throw new UsageError('fleet needs --sql "SELECT …"');
    const word = (options.format as string | undefined) ?? 'table';
    const format = FORMATS[word as keyof typeof FORMATS];
    if (!Object.hasOwn(FORMATS, word)) throw new UsageError(`--format takes ${FLEET_FORMATS.join(', ')}; got '${word}'`);
    const out = new OutputSink(1);
    for await (const line of fleetSql(operands[0], sql, format)) out.line(line);
    out.flush();
  });
}
