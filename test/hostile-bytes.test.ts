// Bytes from the traced program and from file names reach no terminal raw: argv, environment,
// cwd, paths and -o names with ESC, BEL, OSC title sequences and newlines are escaped as strace
// escapes them in every human output of the three commands; JSON keeps them exact.

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, scratchDir, testEnv, traceRecBin } from './support/paths.js';

const traceQ = path.join(repoRoot, 'packages/query/bin/trace-q.js');
const traceDiff = path.join(repoRoot, 'packages/query/bin/trace-diff.js');

const OSC = '\x1b]0;pwned\x07';
const EVIL = `${OSC}a\nb\x1b[2J\r\x7f\u009b`;
/** Anything a terminal would act on: C0 controls but \n ending a line, DEL, C1 controls. */
// eslint-disable-next-line no-control-regex
const RAW = /[\x00-\x09\x0b-\x1f\x7f\u0080-\u009f]/;

function node(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { env: opts.env ?? testEnv(), cwd: opts.cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectSafe(what: string, text: string): void {
  const bad = text.split('\n').find((l) => RAW.test(l));
  expect(bad, `${what} printed a raw control byte`).toBeUndefined();
}

describe('hostile bytes in human output', () => {
  const dir = scratchDir('hostile');
  const cwd = path.join(dir, `dir${OSC}`);
  mkdirSync(cwd, { recursive: true });
  const script = `cat '/nonexistent/${EVIL}' 2>/dev/null; exit 0`;
  const record = (name: string, extra: Record<string, string>): string => {
    const db = path.join(dir, name);
    const r = node([traceRecBin, '-o', db, '--', 'sh', '-c', script, `arg${EVIL}`], { cwd, env: { ...testEnv(), EVIL_VAR: EVIL, ...extra } });
    expect(r.status, r.stderr).toBe(0);
    expectSafe('trace-rec summary', r.stderr);
    return db;
  };
  let a = '';
  let b = '';
  beforeAll(() => {
    a = record(`a${OSC}.db`, {});
    b = record(`b${OSC}.db`, { OTHER: `x${OSC}` });
  });

  it('trace-q --tree, --info, --info -v, --sql and the strace view', () => {
    for (const args of [['--tree'], ['--info'], ['--info', '-v'], ['--sql', 'select argv, env, cwd, exe_path from recording'], ['--sql', 'select path from syscalls where path is not null'], []]) {
      const r = node([traceQ, a, ...args]);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expectSafe(`trace-q ${args.join(' ')}`, r.stdout + r.stderr);
    }
    const tree = node([traceQ, a, '--tree']).stdout;
    expect(tree).toContain('arg\\33]0;pwned\\7a\\nb\\33[2J\\r\\177\\302\\233');
    expect(node([traceQ, a, '--info', '-v']).stdout).toContain('EVIL_VAR=\\33]0;pwned\\7a\\nb');
  });

  it('JSON stays exact', () => {
    const info = JSON.parse(node([traceQ, a, '--info', '-v', '--format', 'json']).stdout) as { argv: string[]; env: string[]; cwd: string };
    expect(info.argv.at(-1)).toBe(`arg${EVIL}`);
    expect(info.env).toContain(`EVIL_VAR=${EVIL}`);
    expect(info.cwd).toBe(cwd);
  });

  it("trace-diff's report and trace-rec's and trace-q's messages", () => {
    const d = node([traceDiff, a, b]);
    expect(d.status).toBe(0); // the environments differ, the syscalls do not
    expectSafe('trace-diff', d.stdout + d.stderr);
    expect(d.stdout).toContain('env OTHER: (unset) in A, x\\33]0;pwned\\7 in B');
    const missing = node([traceQ, path.join(dir, `none${OSC}.db`)]);
    expect(missing.status).toBe(2);
    expectSafe('trace-q error', missing.stderr);
    const exists = node([traceRecBin, '-o', a, '--', 'true']);
    expect(exists.status).toBe(1);
    expectSafe('trace-rec error', exists.stderr);
    expect(exists.stderr).toContain('a\\33]0;pwned\\7.db');
  });
});
