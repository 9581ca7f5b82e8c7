import { describe, expect, it } from 'vitest';
import { escapeControls, escapeText, quoteText, shellWord } from './escape-text.js';

describe('escapeText', () => {
  it.each([
    ['plain /usr/bin/ls', 'plain /usr/bin/ls'],
    ['\x1b]0;t\x07', '\\33]0;t\\7'],
    ['a\tb\nc\rd\ve\ff', 'a\\tb\\nc\\rd\\ve\\ff'],
    ['\x001', '\\0001'], // padded before an octal digit, as strace does
    ['\x008', '\\08'],
    ['back\\slash', 'back\\\\slash'],
    ['é', '\\303\\251'],
    ['\x7f', '\\177'],
  ])('%j -> %s', (input, out) => expect(escapeText(input)).toBe(out));

  it('bytes that are not UTF-8', () => expect(escapeText(Buffer.from([0x61, 0xff, 0x62]))).toBe('a\\377b'));
  it('quoteText escapes the quote', () => expect(quoteText('say "hi"\n')).toBe('"say \\"hi\\"\\n"'));
  it('escapeControls leaves backslashes of quoted text alone', () => expect(escapeControls('write(1, "a\\n", 2)\x1b[2J')).toBe('write(1, "a\\n", 2)\\33[2J'));
  it('shellWord', () => {
    expect(shellWord('ls')).toBe('ls');
    expect(shellWord("it's x")).toBe("'it'\\''s x'");
  });
});

describe('escapeControls', () => {
  it('keeps printable Unicode and our own text', () => expect(escapeControls('-e fault=… café')).toBe('-e fault=… café'));
  it('escapes C1, bidi marks and U+FFFD', () => expect(escapeControls('a\u009bb\u202ec\ufffd')).toBe('a\\302\\233b\\342\\200\\256c\\357\\277\\275'));
  it('pads an octal escape before a digit', () => expect(escapeControls('\x001')).toBe('\\0001'));
});

describe('escapeControls, runs', () => {
  it('two controls in a row', () => expect(escapeControls('\x1b\x1b[0m')).toBe('\\33\\33[0m'));
});
