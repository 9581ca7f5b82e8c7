import { describe, expect, it } from 'vitest';
import { colorsFor, takeColorOptions, useColor } from './colors.js';
import { mendHelpText } from './help-text.js';
import { terminalWidth } from './terminal-width.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('colour', () => {
  it.each<[string[], object, ReturnType<typeof takeColorOptions>]>([
    [['--color', 'a', 'b'], {}, { when: 'always', rest: ['a', 'b'], bad: null }],
    [['a', '--color=never', 'b'], {}, { when: 'never', rest: ['a', 'b'], bad: null }],
    [['--no-color', '--color=yes', 'a'], {}, { when: 'always', rest: ['a'], bad: null }],
    [['--color=blue', 'a'], {}, { when: 'auto', rest: ['a'], bad: 'blue' }],
    [['a', '--', '--color'], {}, { when: 'auto', rest: ['a', '--', '--color'], bad: null }],
    [['-q', 'prog', '--color'], { stopAtOperand: true }, { when: 'auto', rest: ['-q', 'prog', '--color'], bad: null }],
  ])('takeColorOptions(%j)', (argv, opts, want) => {
    expect(takeColorOptions(argv, opts)).toEqual(want);
  });

  it('auto: a terminal with colours; FORCE_COLOR forces; NO_COLOR and TERM=dumb do not', () => {
    expect(useColor('auto', tty, { TERM: 'xterm' })).toBe(true);
    expect(useColor('auto', pipe, { TERM: 'xterm' })).toBe(false);
    expect(useColor('auto', pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor('auto', tty, { TERM: 'xterm', FORCE_COLOR: '0' })).toBe(false);
    expect(useColor('auto', tty, { TERM: 'xterm', NO_COLOR: '1' })).toBe(false);
    expect(useColor('auto', tty, { TERM: 'xterm', NO_COLOR: '' })).toBe(true);
    expect(useColor('auto', tty, { TERM: 'dumb' })).toBe(false);
    expect(useColor('always', pipe, { NO_COLOR: '1' })).toBe(true);
    expect(useColor('never', tty, { FORCE_COLOR: '1' })).toBe(false);
    expect(colorsFor('always', pipe).red('x')).toBe('\x1b[31mx\x1b[39m');
    expect(colorsFor('never', tty).red('x')).toBe('x');
  });

  it('help: the width of the terminal up to 100, 80 for a pipe; glued type tags set apart', () => {
    expect(terminalWidth({ isTTY: true, columns: 60 })).toBe(60);
    expect(terminalWidth({ isTTY: true, columns: 300 })).toBe(100);
    expect(terminalWidth({ isTTY: false, columns: 60 })).toBe(80);
    const glued = '      --pin  pin them to one CPU (--no-pin: do not)[boolean] [default: true]';
    expect(mendHelpText(glued)).toBe(`      --pin  pin them to one CPU (--no-pin: do not)\n${'[boolean] [default: true]'.padStart(glued.length)}`);
    expect(mendHelpText('  -q  quiet              [boolean]')).toBe('  -q  quiet              [boolean]');
  });
});
