import { describe, expect, it } from 'vitest';
import { parseDiffArgs } from './diff-args.js';

const base = { kind: 'diff', a: 'a.db', b: 'b.db', context: 3, json: false, raw: false, color: 'auto', summary: false };

describe('parseDiffArgs', () => {
  it.each<[string[], object]>([
    [['a.db', 'b.db'], base],
    [['-U', '0', 'a.db', 'b.db'], { ...base, context: 0 }],
    [['--unified=7', 'a.db', 'b.db'], { ...base, context: 7 }],
    [['--json', '--raw', 'a.db', 'b.db'], { ...base, json: true, raw: true }],
    [['--summary', '--color=never', 'a.db', 'b.db'], { ...base, summary: true, color: 'never' }],
    // --color alone is always; its WHEN comes only after '=' (GNU grep, diff): A stays the first recording
    [['--color', 'a.db', 'b.db'], { ...base, color: 'always' }],
    [['--no-color', 'a.db', 'b.db'], { ...base, color: 'never' }],
    [['--color=yes', 'a.db', '--color=none', 'b.db'], { ...base, color: 'never' }],
    [['--color=force', 'a.db', 'b.db'], { ...base, color: 'always' }],
    [['--', '--color', 'b.db'], { ...base, a: '--color' }],
    [['a.db', '--color=always', 'b.db'], { ...base, color: 'always' }],
    [['--', '-weird.db', 'b.db'], { ...base, a: '-weird.db' }],
    [['1234', '5678'], { ...base, a: '1234', b: '5678' }],
  ])('%j', async (argv, want) => {
    expect(await parseDiffArgs(argv)).toEqual(want);
  });

  it('help and version', async () => {
    const help = await parseDiffArgs(['--help']);
    expect(help.kind).toBe('help');
    expect(help.kind === 'help' && help.text).toContain('trace-diff plain.db cargo.db');
    expect(await parseDiffArgs(['-V'])).toEqual({ kind: 'version' });
  });

  it.each<[string[], RegExp]>([
    [['a.db'], /expected two recordings A B, got 1/],
    [['a.db', 'b.db', 'c.db'], /expected two recordings A B, got 3/],
    [['-U', 'x', 'a.db', 'b.db'], /-U needs a whole number/],
    [['-U', '1.5', 'a.db', 'b.db'], /-U needs a whole number/],
    [['--color=rainbow', 'a.db', 'b.db'], /--color takes auto, tty, if-tty, always, yes, force, never, no, none; got 'rainbow'/],
    [['--bogus', 'a.db', 'b.db'], /Unknown argument: bogus/],
  ])('rejects %j', async (argv, message) => {
    await expect(parseDiffArgs(argv)).rejects.toThrow(message);
  });
});
