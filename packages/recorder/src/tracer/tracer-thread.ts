// not from the package's index, which would load every table before the thread starts
import { EarlyThread } from '@tracedb/native/early-thread';
import type { TracerWorkerData } from './tracer-protocol.js';

const YOUNG_MB = 3;

/** The tracing thread, started before the rest of trace-rec is loaded (see EarlyThread). */
export class TracerThread extends EarlyThread<TracerWorkerData> {
  constructor() {
    // its young generation grew to 8 MB over a long run (V8 doubles it as survivors add up); 1 MB semi-spaces cost no time
    super(new URL('../bundle/tracer-worker-start.cjs', import.meta.url), 'the tracing thread', { maxYoungGenerationSizeMb: YOUNG_MB });
  }
}
