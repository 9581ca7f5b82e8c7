// What drives a tracee, for the other commands that launch one (trace-replay); kept out of the
// package's main entry, which trace-q bundles without koffi.
export { LauncherExecs, spawnStopped, spawnTicker, spawnWaker, tellWaker } from './launcher.js';
export type { Launched } from './launcher.js';
export { StopEncoder } from './stop-encoder.js';
export { ArgumentCapturer } from './argument-capturer.js';
export { MemoryReader } from './memory-reader.js';
export { otherCpus, pinThread } from '../cpu-affinity.js';
