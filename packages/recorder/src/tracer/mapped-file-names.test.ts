import { describe, expect, it } from 'vitest';
import { mappedFileNames } from './mapped-file-names.js';

const maps = Buffer.concat([
  Buffer.from('55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 1234                       /usr/bin/true\n'),
  Buffer.from('55d0c0a01000-55d0c0a02000 r-xp 00001000 08:01 1234                       /usr/bin/true\n'),
  Buffer.from('55d0c1000000-55d0c1021000 rw-p 00000000 00:00 0                          [heap]\n'),
  Buffer.from('7f0000000000-7f0000001000 r--p 00000000 08:01 99                         /tmp/d/m', 'latin1'),
  Buffer.from([0xff, 0x80]),
  Buffer.from('\n7f0000002000-7f0000003000 r--p 00000000 08:01 98                         /tmp/gone (deleted)\n'),
  Buffer.from('7f0000004000-7f0000005000 rw-p 00000000 00:00 0 \n'),
  Buffer.from('7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0                          [stack]'),
]);

describe('mappedFileNames', () => {
  it('gives each file once, as its bytes, without deleted files and pseudo-files', () => {
    expect(mappedFileNames(maps)).toEqual([Buffer.from('/usr/bin/true'), Buffer.from([...Buffer.from('/tmp/d/m'), 0xff, 0x80])]);
  });
  it('reads an empty maps file as no files', () => {
    expect(mappedFileNames(Buffer.alloc(0))).toEqual([]);
  });
});
