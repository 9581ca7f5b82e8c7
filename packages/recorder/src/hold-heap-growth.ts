import { setFlagsFromString } from 'node:v8';

/**
 * Keeps the main thread's (the writer's) young generation from growing with the length of the
 * run: V8 doubles it each time as many bytes have survived its scavenges as it holds (up to 2 ×
 * 16 MB). A growth factor of 1 stops that; it is read at each scavenge, so it can be set while
 * running (`node trace-rec.js` takes no node options). Call it once both threads have loaded
 * their code: starting a worker sets V8's flags back, and a code cache made with other flags is
 * rejected. --optimize-for-size would also hold the old generation (10M stops of dd: 91 MB at
 * the peak, not 111), but V8's flags are the process's, and the tracing thread paid for it: the
 * threaded bench 5% slower, dd 400k 1–2%.
 */
export function holdHeapGrowth(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
