import { rawArgs } from '@tracedb/native/text';
import { loadMain } from '../bundle/load-main.js';
import { ReplayThread } from '../inject/replay-thread.js';

/**
 * trace-replay's run: the replay thread started first, then the rest of trace-replay loaded
 * while the thread loads its own modules. bin/trace-replay.js calls it from
 * dist/bundle/trace-replay-start.cjs (scripts/bundle.mjs), which needs no ES module loader.
 */
export async function start(): Promise<void> {
  const thread = new ReplayThread();
  const main = await loadMain();
  process.exitCode = await main(rawArgs(), thread);
}
