// vitest globalSetup: checks that the system packages the tests need are here (scripts/setup.sh
// installs them), then prunes scratch files (recordings kept for debugging) that earlier runs left
// in test/.work/tmp more than an hour ago. Recent ones stay: they may belong to a run still going
// on, or be worth a look.

import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { workDir } from './paths.js';

const COMMANDS = ['strace', 'cc', 'setarch', 'taskset', 'script', 'curl', 'python3', 'gdb', 'perl', 'man', 'groff', 'zsh'];

function missingPrerequisites(): string[] {
  const missing = COMMANDS.filter((c) => {
    try {
      execFileSync('sh', ['-c', `command -v ${c}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  let headers: string[] = [];
  try {
    headers = readdirSync('/usr/src').filter((d) => /^linux-headers-.*-common$/.test(d));
  } catch {
    // no /usr/src
  }
  if (headers.length === 0) missing.push('kernel headers (/usr/src/linux-headers-*-common)');
  return missing;
}

export default function setup(): void {
  const missing = missingPrerequisites();
  if (missing.length > 0) throw new Error(`missing for the tests: ${missing.join(', ')}; run scripts/setup.sh (as root) first`);

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
