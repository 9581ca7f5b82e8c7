import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';

/** argv without its --timeout option. */
function withoutTimeout(argv: readonly string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return [...rest, ...argv.slice(i)];
    if (argv[i] === '--timeout') i++;
    else if (!argv[i].startsWith('--timeout=')) rest.push(argv[i]);
  }
  return rest;
}

/**
 * Runs this trace-q again without --timeout, in a child process that is killed after `seconds`:
 * a query inside SQLite cannot be interrupted from JavaScript, but a process can. What the child
 * printed stays; the exit status is the child's, or 2 when the time ran out.
 */
export function runWithTimeout(argv: readonly string[], seconds: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...withoutTimeout(argv)], { stdio: 'inherit' });
    child.on('error', (e) => {
      writeSync(2, `trace-q: cannot run trace-q again under --timeout: ${e.message}\n`);
      resolve(2);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, seconds * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        writeSync(2, `trace-q: stopped after ${seconds} s (--timeout)\n`);
        resolve(2);
      } else {
        resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : 15));
      }
    });
  });
}
