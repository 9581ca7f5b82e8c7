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
