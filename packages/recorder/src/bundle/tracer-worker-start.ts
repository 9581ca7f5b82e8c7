// The tracing thread's script: its modules from their bundle (see load-main.ts).
import { loadMain } from './load-main.js';

const main = await loadMain<() => void>('tracer-worker');
main();
