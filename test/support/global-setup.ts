// vitest globalSetup: prunes scratch files (recordings kept for debugging)
// that earlier runs left in test/.work/tmp more than an hour ago. Recent ones
// stay: they may belong to a run still going on, or be worth a look.

import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { workDir } from './paths.js';

export default function setup(): void {
  const tmp = path.join(workDir, 'tmp');
  let entries: string[];
  try {
    entries = readdirSync(tmp);
  } catch {
    return; // nothing yet
  }
  const cutoff = Date.now() - 60 * 60 * 1000;
  for (const e of entries) {
    const p = path.join(tmp, e);
    try {
      if (statSync(p).mtimeMs < cutoff) rmSync(p, { recursive: true, force: true });
    } catch {
      // raced with another run's pruning: fine
    }
  }
}
