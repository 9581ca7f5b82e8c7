import { readFileSync, writeSync } from 'node:fs';
import { escapeControls, mendHelpText } from '@tracedb/native/terminal';
import { ReplayThread } from '../inject/replay-thread.js';
import { runInject } from '../inject/run-inject.js';
import { runVerify } from '../verify/run-verify.js';
import { UsageError } from './errors.js';
import { parseReplayArgs } from './replay-args.js';

function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** trace-replay's whole run: returns its exit status. `thread`: the replay thread, started early by the bin. */
export async function main(argv: string[], thread: ReplayThread = new ReplayThread()): Promise<number> {
  try {
    const args = await parseReplayArgs(argv);
    if (args.kind === 'help') {
      writeSync(1, mendHelpText(args.text) + '\n');
      return 0;
    }
    if (args.kind === 'version') {
      writeSync(1, `trace-replay ${version()}\n`);
      return 0;
    }
    return await (args.verify ? runVerify(args) : runInject(args, thread));
  } catch (e) {
    if (e instanceof UsageError) {
      writeSync(2, `trace-replay: ${escapeControls(e.message)}\n`);
      return e.code;
    }
    writeSync(2, `trace-replay: internal error: ${escapeControls((e as Error).message)}\n`);
    return 2;
  } finally {
    await thread.end();
  }
}
