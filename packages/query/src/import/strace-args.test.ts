import { describe, expect, it } from 'vitest';
import { withoutFdDecorations } from './strace-args.js';

describe('withoutFdDecorations', () => {
  it('takes out what -y and -yy print after descriptors, and nothing else', () => {
    const cases: [string, string][] = [
      ['3</etc/passwd>, "root", 4', '3, "root", 4'],
      ['[3<pipe:[38911]>, 4<pipe:[38911]>], 0', '[3, 4], 0'],
      ['AF_UNIX, SOCK_STREAM, 0, [3<UNIX-STREAM:[38912->38913]>, 4<UNIX-STREAM:[38913->38912]>]', 'AF_UNIX, SOCK_STREAM, 0, [3, 4]'],
      ['3</dev/null<char 1:3>>, "x", 1', '3, "x", 1'],
      ['AT_FDCWD</tmp/x>, "a>b", O_RDONLY', 'AT_FDCWD, "a>b", O_RDONLY'],
      ['3</tmp/a\\76b>', '3'],
      ['5<TCP:[127.0.0.1:40000->127.0.0.1:80]>, "GET", 3', '5, "GET", 3'],
      ['[{fd=3<socket:[7]>, events=POLLIN}], 1, 0', '[{fd=3, events=POLLIN}], 1, 0'],
      ['"3<x>", 1<<3', '"3<x>", 1<<3'],
    ];
    for (const [input, want] of cases) expect(withoutFdDecorations(input), input).toBe(want);
  });
});
