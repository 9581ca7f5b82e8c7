import { rawArgs } from '@tracedb/native/text';
import { interrupts } from '../interrupts.js';
import { TracerThread } from '../tracer/tracer-thread.js';

interrupts.catch();
// The tracing thread loads its modules while this one loads the rest of trace-rec.
const thread = new TracerThread();
const { main } = await import('../cli/main.js');
process.exitCode = await main(rawArgs(), thread);
