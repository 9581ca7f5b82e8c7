import { setFlagsFromString } from 'node:v8';

/**
 * Keeps the main thread's (the writer's) V8 heap from growing with the length of the run. V8
 * doubles a young generation each time as many bytes have survived its scavenges as it holds (up
 * to 2 × 16 MB), and let the writer's old generation, 7 MB live, fill to 22–38 MB before
 * collecting it: a long recording's writer had 30–55 MB of heap, a short one's 12. A growth
 * factor of 1 stops the first; --optimize-for-size keeps the second to 9–13 MB (V8's conservative
 * heap growth). Both are read at each collection, so they can be set while running (`node
 * trace-rec.js` takes no node options). Call it once both threads have loaded their code:
 * starting a worker sets V8's flags back, and a code cache made with other flags is rejected.
 */
export function holdHeapGrowth(): void {
  setFlagsFromString('--semi-space-growth-factor=1 --optimize-for-size');
}
