import { main } from '../cli/diff-main.js';

process.exitCode = await main(process.argv.slice(2));
