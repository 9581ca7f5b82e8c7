import path from 'node:path';

/** A literal text inside a GLOB pattern: its metacharacters in brackets. */
const globLiteral = (text: string): string => text.replace(/[*?[]/g, '[$&]');

/**
 * strace -P PATH matches PATH as the program spelled it and, for a relative PATH, the
 * absolute path it resolves to in strace's directory too (descriptors are matched by their
 * absolute paths): each relative glob gets its resolution in the recording's directory.
 */
export function withAbsoluteGlobs(globs: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const g of globs) {
    out.push(g);
    if (g.startsWith('/') || cwd === '') continue;
    const absolute = path.posix.normalize(`${globLiteral(cwd)}/${g}`);
    if (!out.includes(absolute)) out.push(absolute);
  }
  return out;
}
