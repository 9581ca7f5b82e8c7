import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { parseRecArgs } from './parse-args.js';

const defaults = { kind: 'record', attach: null, output: null, force: false, quiet: false, pin: true, captureBytes: 65536 };

describe('trace-rec argument parsing', () => {
  it.each([
    [['ls', '-l', '/'], { ...defaults, command: ['ls', '-l', '/'] }],
    [['--', 'ls', '-l'], { ...defaults, command: ['ls', '-l'] }],
    [['-o', 'x.db', '--', './prog', '--opt', '--', 'y'], { ...defaults, output: 'x.db', command: ['./prog', '--opt', '--', 'y'] }],
    [['-q', '-f', '--no-pin', '--capture-bytes', '4096', 'sleep', '1'], { ...defaults, quiet: true, force: true, pin: false, captureBytes: 4096, command: ['sleep', '1'] }],
    [['--output=a.db', 'true'], { ...defaults, output: 'a.db', command: ['true'] }],
    [['-p', '1234'], { ...defaults, attach: 1234, command: null }],
    [['--attach', '99', '-o', 'a.db'], { ...defaults, attach: 99, output: 'a.db', command: null }],
    // options after the program belong to the program
    [['echo', '-q', '--force'], { ...defaults, command: ['echo', '-q', '--force'] }],
  ])('%j', async (argv, expected) => {
    expect(await parseRecArgs(argv)).toEqual(expected);
  });

  it.each([
    [['--bogus', 'ls'], 'Unknown argument: bogus'],
    [[], 'no program given (see trace-rec --help)'],
    [['-o'], 'Not enough arguments following: output'],
    [['-p', 'abc'], '-p needs a process id (a positive whole number)'],
    [['-p', '12', 'ls'], 'give either a program to run or -p PID, not both'],
    [['--capture-bytes', '-1', 'ls'], '--capture-bytes must be a whole number from 0 to 67108864'],
    [['-o', 'a', '-o', 'b', 'ls'], '--output given more than once'],
  ])('%j is refused: %s', async (argv, message) => {
    await expect(parseRecArgs(argv)).rejects.toThrow(new UsageError(message));
  });

  it('--help shows every option and the examples', async () => {
    const r = await parseRecArgs(['--help']);
    expect(r.kind).toBe('help');
    const text = (r as { text: string }).text;
    for (const o of ['--output', '--force', '--quiet', '--pin', '--capture-bytes', '--attach']) expect(text).toContain(o);
    expect(text).toContain('trace-rec -o ls.db -- ls -l /');
  });

  it('--version', async () => {
    expect(await parseRecArgs(['-V'])).toEqual({ kind: 'version' });
  });
});
