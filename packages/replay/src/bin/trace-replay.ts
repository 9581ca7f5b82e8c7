// trace-replay as ES modules, for a build by tsc alone (no dist/bundle/trace-replay-start.cjs): see bin/trace-replay.js.
import { start } from './start.js';

await start();
