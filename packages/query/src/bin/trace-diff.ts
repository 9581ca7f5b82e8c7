import { rawArgs } from '@tracedb/native/text';
import { main } from '../cli/diff-main.js';

process.exitCode = await main(rawArgs());
