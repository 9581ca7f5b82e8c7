// trace-rec as ES modules, for a build by tsc alone (no dist/bundle/trace-rec-start.cjs): see bin/trace-rec.js.
import { start } from './start.js';

await start();
