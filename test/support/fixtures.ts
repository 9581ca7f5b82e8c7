// Compiles the C fixtures in test/fixtures once per test run.
//
// fixture('hello') builds test/fixtures/hello.c into test/.work/hello with
// `cc -O0 -g -pthread` unless the binary is already newer than its source, and
// returns the binary's absolute path. Safe with parallel test files: each
// compile writes a private temporary file and renames it into place.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir, workDir } from './paths.js';

const built = new Map<string, string>();

export function fixture(name: string): string {
  return compiled(name, fixturesDir);
}

/** A torture program, test/torture/NAME.c, built like a fixture. */
export function tortureProgram(name: string): string {
  return compiled(`torture-${name}`, path.join(fixturesDir, '..', 'torture'), name);
}

function compiled(name: string, dir: string, file = name): string {
  const cached = built.get(name);
  if (cached !== undefined) return cached;

  const src = path.join(dir, `${file}.c`);
  if (!existsSync(src)) throw new Error(`no such fixture: ${src}`);
  const out = path.join(workDir, name);
  mkdirSync(workDir, { recursive: true });

  if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) {
    const tmp = `${out}.tmp-${process.pid}`;
    try {
      execFileSync('cc', ['-O0', '-g', '-pthread', '-o', tmp, src], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      rmSync(tmp, { force: true });
      const e = err as { stderr?: Buffer };
      throw new Error(`cc failed for ${src}:\n${e.stderr?.toString() ?? String(err)}`);
    }
    renameSync(tmp, out);
  }
  built.set(name, out);
  return out;
}
