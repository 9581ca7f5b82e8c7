import { EarlyThread } from '@tracedb/native';
import type { TracerWorkerData } from './tracer-protocol.js';

/** The tracing thread, started before the rest of trace-rec is loaded (see EarlyThread). */
export class TracerThread extends EarlyThread<TracerWorkerData> {
  constructor() {
    super(new URL('../bundle/tracer-worker-start.js', import.meta.url), 'the tracing thread');
  }
}
