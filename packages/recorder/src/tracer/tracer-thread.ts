// not from the package's index, which would load every table before the thread starts
import { EarlyThread } from '@tracedb/native/early-thread';
import type { TracerWorkerData } from './tracer-protocol.js';

/** The tracing thread, started before the rest of trace-rec is loaded (see EarlyThread). */
export class TracerThread extends EarlyThread<TracerWorkerData> {
  constructor() {
    super(new URL('../bundle/tracer-worker-start.cjs', import.meta.url), 'the tracing thread');
  }
}
