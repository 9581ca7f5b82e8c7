import { setFlagsFromString } from 'node:v8';

/**
 * Stops V8 from growing the main thread's young generation any further. V8 doubles it each time as
 * many bytes have survived its scavenges as it holds, up to 2 × 16 MB: a long recording's writer
 * got there and a short one's did not, so trace-rec's peak RSS grew with the length of the run.
 * The growth factor is read at each growth, so it can be set while running, unlike the maximum
 * (`node trace-rec.js` takes no node options). Call it once both threads have loaded their code:
 * starting a worker sets V8's flags back, and a code cache made with other flags is rejected.
 */
export function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
