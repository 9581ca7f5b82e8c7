// trace-rec's command gives Node NODE_EXTRA_CA_CERTS empty (Node reads the file at start, and
// trace-rec makes no TLS connection) and the program the value, in its place. trace-q's,
// trace-diff's and trace-replay's bins unset it (their shebang's env -u).

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCwd, scratchDir, testEnv } from './support/paths.js';
import { query } from './support/recording.js';

const bin = path.join(repoRoot, 'bin', 'trace-rec');

describe('trace-rec and NODE_EXTRA_CA_CERTS', () => {
  it('the program sees the environment it sees untraced; trace-rec does not read the certificates', () => {
    const dir = scratchDir('ca');
    const certs = path.join(dir, 'certs.pem');
    writeFileSync(certs, '');
    const env = { ...testEnv(), NODE_EXTRA_CA_CERTS: certs, AFTER: 'x y' };
    const untraced = spawnSync('env', [], { env, cwd: runCwd() }).stdout.toString();
    expect(untraced).toContain(`NODE_EXTRA_CA_CERTS=${certs}\nAFTER=x y\n`);
    const db = path.join(dir, 'r.db');
    const r = spawnSync(bin, ['-q', '-o', db, 'env'], { env, cwd: runCwd() });
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toBe(untraced);
    const [rec] = query<{ env: string }>(db, 'select env from recording');
    expect(JSON.parse(rec.env)).toEqual(untraced.trimEnd().split('\n'));
    // the program's parent is trace-rec's Node: it got the variable empty, so read no file
    const parent = spawnSync(bin, ['-q', '-o', path.join(dir, 'p.db'), 'sh', '-c', 'tr "\\0" "\\n" < /proc/$PPID/environ'], { env, cwd: runCwd() });
    expect(parent.status).toBe(0);
    const nodeEnv = parent.stdout.toString().split('\n');
    expect(nodeEnv).toContain('NODE_EXTRA_CA_CERTS=');
    expect(nodeEnv).not.toContain(`NODE_EXTRA_CA_CERTS=${certs}`);
  });

  it('an empty NODE_EXTRA_CA_CERTS stays empty', () => {
    const env = { ...testEnv(), NODE_EXTRA_CA_CERTS: '' };
    const db = path.join(scratchDir('ca'), 'r.db');
    const r = spawnSync(bin, ['-q', '-o', db, 'env'], { env, cwd: runCwd() });
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toBe(spawnSync('env', [], { env, cwd: runCwd() }).stdout.toString());
  });
});

describe('trace-q, trace-diff and trace-replay and NODE_EXTRA_CA_CERTS', () => {
  it('run without reading it (Node warns on stderr when it reads a file it cannot load)', () => {
    const env = { ...testEnv(), NODE_EXTRA_CA_CERTS: path.join(scratchDir('ca'), 'missing.pem') };
    expect(spawnSync(process.execPath, ['-e', '0'], { env }).stderr.toString()).toContain('Ignoring extra certs');
    for (const [pkg, command] of [['query', 'trace-q'], ['query', 'trace-diff'], ['replay', 'trace-replay']]) {
      // the bin itself, as npm links it: its shebang runs node
      const r = spawnSync(path.join(repoRoot, 'packages', pkg, 'bin', `${command}.js`), ['--version'], { env, cwd: runCwd() });
      expect(r.stderr.toString(), command).toBe('');
      expect(r.stdout.toString()).toMatch(new RegExp(`^${command} \\S+\\n$`));
    }
  });
});
