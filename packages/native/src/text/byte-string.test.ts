import { describe, expect, it } from 'vitest';
import { bytesToString, fsName, stringToBytes } from './byte-string.js';

const cases: [string, number[]][] = [
  ['ascii', [0x61, 0x62]],
  ['UTF-8', [...Buffer.from('é😀€')]],
  ['lone 0xff', [0x61, 0xff, 0x2e]],
  ['encoded surrogate', [0xed, 0xb3, 0xbf]],
  ['overlong', [0xc0, 0xaf, 0xe0, 0x80, 0xaf]],
  ['cut sequence', [0xe2, 0x82]],
  ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ['a real U+FFFD', [...Buffer.from('x\ufffdy')]],
];

describe('bytesToString / stringToBytes', () => {
  it.each(cases)('%s round-trips', (_, bytes) => {
    const s = bytesToString(Buffer.from(bytes));
    expect([...stringToBytes(s)]).toEqual(bytes);
    expect([...stringToBytes(JSON.parse(JSON.stringify(s)) as string)]).toEqual(bytes);
  });
  it('decodes valid UTF-8 as usual, and a bad byte as U+DC00+byte', () => {
    expect(bytesToString(Buffer.from('é😀'))).toBe('é😀');
    expect(bytesToString(Buffer.from([0x61, 0xff]))).toBe('a\udcff');
    expect(JSON.stringify(bytesToString(Buffer.from([0xfe])))).toBe('"\\udcfe"');
  });
  it('gives node:fs the bytes only when they are not UTF-8', () => {
    expect(fsName('plain')).toBe('plain');
    expect(fsName('a\udcff')).toEqual(Buffer.from([0x61, 0xff]));
  });
});
