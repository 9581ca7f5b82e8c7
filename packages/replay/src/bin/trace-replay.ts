import { rawArgs } from '@tracedb/native/text';
import { main } from '../cli/main.js';

process.exitCode = await main(rawArgs());
