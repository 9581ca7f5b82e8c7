import { rawArgs } from '@tracedb/native/text';
import { interrupts } from '../interrupts.js';
import { loadMain } from '../bundle/load-main.js';
import { TracerThread } from '../tracer/tracer-thread.js';

/**
 * trace-rec's run: signals caught and the tracing thread started first, then the rest of
 * trace-rec loaded while the thread loads its own modules. bin/trace-rec.js calls it from
 * dist/bundle/trace-rec-start.cjs (scripts/bundle.mjs), which needs no ES module loader.
 */
export async function start(): Promise<void> {
  interrupts.catch();
  const thread = new TracerThread();
  const main = await loadMain();
  process.exitCode = await main(rawArgs(), thread);
}
