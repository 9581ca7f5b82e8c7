import { rawArgs } from '@tracedb/native/text';
import { ReplayThread } from '../inject/replay-thread.js';

// The replay thread loads its modules while this one loads the rest of trace-replay.
const thread = new ReplayThread();
const { loadMain } = await import('../bundle/load-main.js');
const main = await loadMain();
process.exitCode = await main(rawArgs(), thread);
