import type { SubcommandSpec } from './subcommand-args.js';

export const EXPORT_SPEC: SubcommandSpec = {
  name: 'trace-q export',
  usage:
    'Usage: trace-q export RECORDING… --parquet DIR [--regs]\n\n' +
    'Write the recordings\' public tables (recording, syscalls with their strace text, stops, processes, threads, execs, signals) ' +
    'to DIR as Parquet, one Hive partition per recording: DIR/TABLE/recording_id=UUID/part-0.parquet. ' +
    'DIR gathers the recordings of many runs and hosts; a recording exported again replaces its own files.',
  options: [
    { name: 'parquet', type: 'string', describe: 'the directory to write (made if need be; added to if it exists)' },
    { name: 'regs', type: 'boolean', default: false, describe: "the stops' registers too (216-byte BLOBs; left out by default)" },
    { name: 'quiet', alias: 'q', type: 'boolean', default: false, describe: 'no line per recording' },
    { name: 'help', alias: 'h', type: 'boolean', describe: 'show this help' },
  ],
  examples: [
    ['trace-q export ci-*.db --parquet fleet/', 'add these recordings to fleet/'],
    ['trace-q fleet fleet/ --sql "SELECT host, count(*) FROM recording GROUP BY host"', 'then query them all'],
  ],
};
