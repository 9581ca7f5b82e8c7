import path from 'node:path';

/**
 * strace -P PATH matches PATH as the program spelled it and, for a relative PATH of a file that
 * exists when strace starts, the absolute path realpath resolves it to (descriptors are matched
 * by their absolute paths): each such path gets its absolute form in the recording's directory.
 * A glob is trace-q's own and is matched as given.
 */
export function withAbsoluteGlobs(globs: readonly string[], cwd: string, existed: (absolute: string) => boolean): string[] {
  const out: string[] = [];
  for (const g of globs) {
    out.push(g);
    if (g.startsWith('/') || /[*?[]/.test(g) || cwd === '') continue;
    const absolute = path.posix.resolve(cwd, g);
    if (!out.includes(absolute) && existed(absolute)) out.push(absolute);
  }
  return out;
}
