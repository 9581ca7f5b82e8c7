import { describe, expect, it } from 'vitest';
import { withAbsoluteGlobs } from './absolute-globs.js';

describe('withAbsoluteGlobs', () => {
  it.each([
    [['data.txt'], '/home/u', ['data.txt', '/home/u/data.txt']],
    [['./data.txt', '../x/*.c'], '/home/u', ['./data.txt', '/home/u/data.txt', '../x/*.c', '/home/x/*.c']],
    [['/etc/*'], '/home/u', ['/etc/*']],
    [['a'], '/odd[1]*?', ['a', '/odd[[]1][*][?]/a']],
    [['a'], '', ['a']],
  ])('%j in %s', (globs, cwd, expected) => {
    expect(withAbsoluteGlobs(globs, cwd)).toEqual(expected);
  });
});
