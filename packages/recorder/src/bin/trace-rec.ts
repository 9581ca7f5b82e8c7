import { rawArgs } from '@tracedb/native/text';
import { interrupts } from '../interrupts.js';
import { TracerThread } from '../tracer/tracer-thread.js';

interrupts.catch();
// The tracing thread loads its modules while this one loads the rest of trace-rec.
const thread = new TracerThread();
const { loadMain } = await import('../bundle/load-main.js');
const main = await loadMain();
process.exitCode = await main(rawArgs(), thread);
