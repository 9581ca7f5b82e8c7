import { rawArgs } from '@tracedb/native/text';
import { loadMain } from '../bundle/load-main.js';
import type { Command } from '../bundle/load-main.js';

/**
 * A command's run: its bundle loaded, then its main. bin/trace-q.js and bin/trace-diff.js call it
 * from dist/bundle/start.cjs (scripts/bundle.mjs), which needs no ES module loader.
 */
export async function start(command: Command): Promise<void> {
  const main = await loadMain(command);
  process.exitCode = await main(rawArgs());
}
