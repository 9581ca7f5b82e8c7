// execve's argv and envp are read a page at a time (argument-capturer's strv): vectors that run
// across a page end, whose words cross one, or that end at a page that is not mapped before their
// NULL are recorded as reading them a word at a time did, and trace-q prints what strace 6.1
// prints for them, with and without -v.

import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { scratchDir } from './support/paths.js';
import { compareLogs, runRecorder, runStrace } from './support/strace-diff.js';
import { traceQ } from './support/strace-compare.js';


describe('execve vectors across pages', () => {
  it('strv-pages: trace-q prints what strace prints', { timeout: 120_000 }, () => {
    const argv = [fixture('strv-pages')];
    const cwd = scratchDir('cwd');
    const db = runRecorder(argv, cwd);
    for (const options of [[], ['-v']]) {
      const c = compareLogs(runStrace(argv, cwd, options), traceQ(db, options));
      expect(c.diffs, options.join(' ')).toEqual([]);
      expect(c.misaligned).toEqual([]);
      expect(c.identical).toBe(c.lines);
    }
    const verbose = traceQ(db, ['-v', '-e', 'trace=execve']);
    expect(verbose).toMatch(/execve\("\/nonexistent\/strv-pages", \["a0", "a1", "a2", "a3", "a4", "a5"\], \["e0", "e1", \.\.\. \/\* 0x[0-9a-f]+ \*\/\]\) += -1 ENOENT/);
    expect(verbose).toMatch(/execve\("\/nonexistent\/strv-pages", \["a0", "a1", "a2", "a3", "a4", "a5"\], \["a0", "a1", "a2", "a3", "a4", "a5"\]\) += -1 ENOENT/);
    expect(traceQ(db, ['-e', 'trace=execve'])).toMatch(/\], 0x[0-9a-f]+ \/\* 2 vars, unterminated \*\/\) += -1 ENOENT/);
  });
});
