// not from the package's index, which would load every table before the thread starts
import { EarlyThread } from '@tracedb/native/early-thread';
import type { InjectWorkerData } from './inject-protocol.js';

/** The replay thread, started before the rest of trace-replay is loaded (see EarlyThread). */
export class ReplayThread extends EarlyThread<InjectWorkerData> {
  constructor() {
    super(new URL('../bundle/replay-worker-start.js', import.meta.url), 'the replay thread');
  }
}
