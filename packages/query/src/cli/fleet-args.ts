import type { SubcommandSpec } from './subcommand-args.js';

/** trace-q fleet --format's words: the formats of trace-q --sql. */
export const FLEET_FORMATS = ['table', 'csv', 'json', 'ndjson'] as const;

export const FLEET_SPEC: SubcommandSpec = {
  name: 'trace-q fleet',
  usage:
    'Usage: trace-q fleet DIR --sql "SELECT …" [--format csv|json|ndjson]\n\n' +
    'Run one read-only SQL statement with DuckDB over every recording trace-q export wrote to DIR. ' +
    'Each exported table is a view of the same name (recording, syscalls, stops, processes, threads, execs, signals), ' +
    'with a recording_id column that joins them.',
  options: [
    { name: 'sql', type: 'string', describe: 'the statement (DuckDB SQL: SELECT or EXPLAIN)' },
    { name: 'format', type: 'string', describe: `${FLEET_FORMATS.join(', ')} (default table), as trace-q --sql prints` },
    { name: 'help', alias: 'h', type: 'boolean', describe: 'show this help' },
  ],
  examples: [
    [
      `trace-q fleet fleet/ --sql "SELECT DISTINCT r.host FROM syscalls s JOIN recording r USING (recording_id) WHERE s.name = 'openat' AND s.errno = 'ENOENT' AND s.path LIKE '%libssl%'"`,
      "the hosts whose runs looked for libssl where it was not",
    ],
    [
      `trace-q fleet fleet/ --sql "SELECT r.host, quantile_cont(s.exit_ns - s.entry_ns, 0.99) AS p99_ns FROM syscalls s JOIN recording r USING (recording_id) WHERE s.name = 'fsync' GROUP BY r.host"`,
      'the 99th percentile of fsync by host',
    ],
  ],
};
