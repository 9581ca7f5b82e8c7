import type { ReplayCommand } from '../cli/replay-args.js';
import { UsageError } from '../cli/errors.js';

/** Inject replay: PLACEHOLDER, replaced by the inject work before it lands. */
export async function runInject(_cmd: ReplayCommand): Promise<number> {
  throw new UsageError('inject replay is not built yet');
}
