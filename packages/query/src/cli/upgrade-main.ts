import { writeSync } from 'node:fs';
import { escapeText } from '@tracedb/native/terminal';
import { upgradeRecording } from '../recording/upgrade-recording.js';
import { UsageError } from './errors.js';
import { UPGRADE_SPEC } from './upgrade-args.js';
import { subcommandMain } from './subcommand-main.js';

/** `trace-q upgrade REC…`: returns the exit status. */
export function upgradeMain(argv: string[]): Promise<number> {
  return subcommandMain(UPGRADE_SPEC, argv, async ({ operands }) => {
    if (operands.length === 0) throw new UsageError('upgrade needs a recording (see trace-q upgrade --help)');
    for (const file of operands) {
      const r = upgradeRecording(file);
      const what = r.from === r.to ? `already at schema ${r.to}` : `schema ${r.from} -> ${r.to}`;
      writeSync(2, `trace-q: ${escapeText(file)}: ${what}, recording ${r.recordingId}\n`);
    }
  });
}
