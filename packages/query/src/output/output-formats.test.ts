import { describe, expect, it } from 'vitest';
import { csvRow } from './csv.js';
import { toJson } from './json-value.js';
import { textTable } from './text-table.js';

describe('output formats', () => {
  it('JSON keeps 64-bit integers exact (strings past 2^53-1) and writes buffers as hex', () => {
    expect(toJson({ a: 18446744073709551615n, b: -1n, c: Buffer.from('hi'), d: [null, 'x"y'], e: undefined })).toBe(
      '{"a":"18446744073709551615","b":-1,"c":"6869","d":[null,"x\\"y"]}',
    );
    expect(toJson([9007199254740991n, 9007199254740992n, -9007199254740991n, -6882750199097268001n, 2 ** 60, 1.5])).toBe(
      '[9007199254740991,"9007199254740992",-9007199254740991,"-6882750199097268001","1152921504606846976",1.5]',
    );
  });
  it('CSV quotes what needs quoting', () => {
    expect(csvRow([1, null, 'a,b', 'say "hi"', 'line\nbreak', 2n])).toBe('1,,"a,b","say ""hi""","line\nbreak",2');
  });
  it('tables look like sqlite3 .mode column', () => {
    expect(textTable(['id', 'name'], [[1, 'openat'], [22, null], [3, Buffer.from([0, 255])]])).toEqual(['id  name', '--  -------', '1   openat', '22', "3   x'00ff'"]);
  });
});
