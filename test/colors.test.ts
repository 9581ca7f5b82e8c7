// Colour, decided in one place (@tracedb/native/terminal) for trace-q, trace-diff and trace-rec:
// --color[=WHEN] (WHEN only after '='), --no-color; auto = a terminal that has colours (Node's
// hasColors(): NO_COLOR, TERM=dumb…); FORCE_COLOR colours even a pipe. Through the command line,
// piped and on a terminal made by script(1).

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCwd, scratchDir, testEnv, traceRecBin } from './support/paths.js';

const bins = {
  'trace-q': path.join(repoRoot, 'packages', 'query', 'bin', 'trace-q.js'),
  'trace-diff': path.join(repoRoot, 'packages', 'query', 'bin', 'trace-diff.js'),
  'trace-rec': traceRecBin,
};
type Command = keyof typeof bins;

const ESC = '\x1b[';
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** testEnv() with no colour variables but `extra` (the runner's own FORCE_COLOR must not leak in). */
function envWith(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...testEnv(), ...extra };
}

/** Piped: stdout and stderr as the command wrote them. */
function piped(cmd: Command, args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bins[cmd], ...args], { env: envWith(extra), cwd: runCwd(), encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/** On a terminal (stdout and stderr both): what the terminal got. */
function onTerminal(cmd: Command, args: string[], extra: Record<string, string> = {}) {
  const line = [process.execPath, bins[cmd], ...args].map(quote).join(' ');
  const r = spawnSync('script', ['-qec', line, '/dev/null'], { env: envWith(extra), cwd: runCwd(), encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout };
}

let a: string;
let b: string;

beforeAll(() => {
  const dir = scratchDir('colors');
  a = path.join(dir, 'a.db');
  b = path.join(dir, 'b.db');
  for (const [file, extra] of [[a, {}], [b, { LD_LIBRARY_PATH: '/nonexistent-dir' }]] as const) {
    const r = spawnSync(process.execPath, [traceRecBin, '-q', '-o', file, '--', '/bin/true'], { env: envWith(extra), cwd: runCwd() });
    expect(r.status).toBe(0);
  }
});

describe('trace-diff', () => {
  it('piped: no escapes', () => {
    const r = piped('trace-diff', [a, b]);
    expect(r.status).toBe(1);
    expect(r.out).toContain(`A: ${a}`);
    expect(r.out).not.toContain(ESC);
  });

  it.each([['1'], ['true'], ['3']])('FORCE_COLOR=%s colours even a pipe', (v) => {
    expect(piped('trace-diff', [a, b], { FORCE_COLOR: v }).out).toContain(`${ESC}32m+ `);
  });

  it.each([['0'], ['']])('FORCE_COLOR=%j does not', (v) => {
    expect(piped('trace-diff', [a, b], { FORCE_COLOR: v }).out).not.toContain(ESC);
  });

  it.each([['--color=always'], ['--color=yes'], ['--color=force'], ['--color']])('%s with NO_COLOR set: escapes', (opt) => {
    const r = piped('trace-diff', [opt, a, b], { NO_COLOR: '1' });
    expect(r.status).toBe(1);
    expect(r.out).toContain(`${ESC}1mA${ESC}22m: ${a}`);
  });

  it('--color A B: A is the first recording, not the colour', () => {
    const r = piped('trace-diff', ['--color', a, b]);
    expect(r.err).toBe('');
    expect(r.status).toBe(1);
    expect(r.out).toContain(`${ESC}1mA${ESC}22m: ${a} (`);
    expect(r.out).toContain(`${ESC}1mB${ESC}22m: ${b} (`);
  });

  it.each([['--color=never'], ['--color=no'], ['--color=none'], ['--no-color']])('%s beats FORCE_COLOR and a terminal', (opt) => {
    expect(piped('trace-diff', [opt, a, b], { FORCE_COLOR: '1' }).out).not.toContain(ESC);
    expect(onTerminal('trace-diff', [opt, a, b], { TERM: 'xterm-256color' }).out).not.toContain(ESC);
  });

  it('on a terminal: colour, but not with TERM=dumb or NO_COLOR', () => {
    expect(onTerminal('trace-diff', [a, b], { TERM: 'xterm-256color' }).out).toContain(`${ESC}32m+ `);
    expect(onTerminal('trace-diff', [a, b], { TERM: 'dumb' }).out).not.toContain(ESC);
    expect(onTerminal('trace-diff', [a, b], { TERM: 'xterm-256color', NO_COLOR: '1' }).out).not.toContain(ESC);
    // an empty NO_COLOR is no NO_COLOR (no-color.org)
    expect(onTerminal('trace-diff', [a, b], { TERM: 'xterm-256color', NO_COLOR: '' }).out).toContain(ESC);
  });

  it('a WHEN that is none: one line, exit 2', () => {
    const r = piped('trace-diff', ['--color=rainbow', a, b]);
    expect(r.status).toBe(2);
    expect(r.err).toBe("trace-diff: --color takes auto, tty, if-tty, always, yes, force, never, no, none; got 'rainbow'\n");
  });
});

describe('trace-q', () => {
  it('--tree follows the same rules', () => {
    expect(piped('trace-q', [a, '--tree']).out).not.toContain(ESC);
    expect(piped('trace-q', [a, '--tree'], { FORCE_COLOR: '1' }).out).toContain(`${ESC}1m  PID`);
    expect(piped('trace-q', ['--color=always', a, '--tree'], { NO_COLOR: '1' }).out).toContain(`${ESC}1m  PID`);
    expect(onTerminal('trace-q', [a, '--tree'], { TERM: 'xterm-256color' }).out).toContain(`${ESC}1m  PID`);
    expect(onTerminal('trace-q', [a, '--tree'], { TERM: 'dumb' }).out).not.toContain(ESC);
    expect(onTerminal('trace-q', ['--no-color', a, '--tree'], { TERM: 'xterm-256color' }).out).not.toContain(ESC);
  });

  it('--color REC: REC is the recording', () => {
    const r = piped('trace-q', ['--color', a, '--info']);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toContain(ESC);
    expect(r.out).toContain('/bin/true');
  });

  it('the strace view is never coloured: byte for byte what it is without colour', () => {
    const plain = piped('trace-q', [a]);
    expect(plain.status).toBe(0);
    expect(plain.out).toMatch(/^\d+ +execve\("\/bin\/true"/);
    expect(piped('trace-q', ['--color=always', a]).out).toBe(plain.out);
    expect(piped('trace-q', [a], { FORCE_COLOR: '1' }).out).toBe(plain.out);
  });

  it('a WHEN that is none: one line, exit 2', () => {
    const r = piped('trace-q', ['--color=sometimes', a]);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^trace-q: --color takes [^\n]*; got 'sometimes'\n$/);
  });
});

describe('trace-rec', () => {
  // the summary and progress stay plain; an error message is red where colour is wanted
  const missing = ['-q', '-o', '/nonexistent-dir/x.db', '--', '/bin/true'];
  const red = `trace-rec: ${ESC}31mcannot create '/nonexistent-dir/x.db': No such file or directory${ESC}39m\n`;

  it('errors: plain when piped, red when asked or forced', () => {
    expect(piped('trace-rec', missing).err).toBe("trace-rec: cannot create '/nonexistent-dir/x.db': No such file or directory\n");
    expect(piped('trace-rec', ['--color=always', ...missing], { NO_COLOR: '1' }).err).toBe(red);
    expect(piped('trace-rec', missing, { FORCE_COLOR: '1' }).err).toBe(red);
    expect(piped('trace-rec', ['--no-color', ...missing], { FORCE_COLOR: '1' }).err).not.toContain(ESC);
  });

  it('on a terminal: red, but not with TERM=dumb; the summary is plain', () => {
    expect(onTerminal('trace-rec', missing, { TERM: 'xterm-256color' }).out).toContain(`${ESC}31mcannot create`);
    expect(onTerminal('trace-rec', missing, { TERM: 'dumb' }).out).not.toContain(ESC);
    const file = path.join(scratchDir('colors'), 'ok.db');
    const ok = onTerminal('trace-rec', ['--color=always', '-o', file, '--', '/bin/true']);
    // after a progress line (drawn if the run took over 500 ms) the summary follows its erasure
    expect(ok.out).toMatch(/(^|\r\x1b\[2K)trace-rec: \d+ syscalls, 1 process, 1 thread -> [^\x1b]*$/m);
  });

  it('--color PROG: PROG is the program', () => {
    const file = path.join(scratchDir('colors'), 'c.db');
    const r = piped('trace-rec', ['--color', '-o', file, 'true']);
    expect(r.status).toBe(0);
    expect(r.err).toMatch(/^trace-rec: \d+ syscalls, 1 process, 1 thread -> /);
  });
});
