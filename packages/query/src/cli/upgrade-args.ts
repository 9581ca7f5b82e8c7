import type { SubcommandSpec } from './subcommand-args.js';

export const UPGRADE_SPEC: SubcommandSpec = {
  name: 'trace-q upgrade',
  usage:
    'Usage: trace-q upgrade RECORDING…\n\n' +
    "Bring recordings made by an older trace-rec to this version's schema, in place (each migration once, in order). " +
    'A recording made before schema 16 gets its recording_id then, and keeps it; one made before schema 18 has its stops ' +
    "stored as trace-rec stores them now (each syscall entry's registers as the ones that changed), and the file shrinks to that size.",
  options: [{ name: 'help', alias: 'h', type: 'boolean', describe: 'show this help' }],
  examples: [
    ['trace-q upgrade old.db && trace-q export old.db --parquet fleet/', 'export a recording made before recording ids'],
    ['trace-q upgrade runs/*.db', 'bring a folder of recordings to this schema (a schema 17 one of dd: 180 MB -> 76 MB)'],
  ],
};
