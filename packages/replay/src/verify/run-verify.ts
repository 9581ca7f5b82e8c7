import type { ReplayCommand } from '../cli/replay-args.js';
import { UsageError } from '../cli/errors.js';

/** --verify: PLACEHOLDER, replaced by the verify work before it lands. */
export async function runVerify(_cmd: ReplayCommand): Promise<number> {
  throw new UsageError('--verify is not built yet');
}
