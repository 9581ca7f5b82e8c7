import { describe, expect, it } from 'vitest';
import { withAbsoluteGlobs } from './absolute-globs.js';

describe('withAbsoluteGlobs', () => {
  const exists = (p: string): boolean => p !== '/home/u/new.txt';
  it.each([
    [['data.txt'], '/home/u', ['data.txt', '/home/u/data.txt']],
    [['./data.txt', '../x/y.c'], '/home/u', ['./data.txt', '/home/u/data.txt', '../x/y.c', '/home/x/y.c']],
    [['new.txt'], '/home/u', ['new.txt']],
    [['/etc/passwd', '*.so*', 'x?'], '/home/u', ['/etc/passwd', '*.so*', 'x?']],
    [['a'], '', ['a']],
  ])('%j in %s', (globs, cwd, expected) => {
    expect(withAbsoluteGlobs(globs, cwd, exists)).toEqual(expected);
  });
});
