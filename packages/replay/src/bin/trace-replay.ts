import { rawArgs } from '@tracedb/native/text';
import { ReplayThread } from '../inject/replay-thread.js';

// The replay thread loads its modules while this one loads the rest of trace-replay.
const thread = new ReplayThread();
const { main } = await import('../cli/main.js');
process.exitCode = await main(rawArgs(), thread);
