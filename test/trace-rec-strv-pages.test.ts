// execve's argv and envp are read a page at a time (argument-capturer's strv): vectors that run
// across a page end, whose words cross one, or that end at a page that is not mapped before their
// NULL are recorded as reading them a word at a time did, and trace-q prints what strace 6.1
// prints for them, with and without -v.

import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { scratchDir } from './support/paths.js';
import { compareLogs, runControlled, runRecorder, runStrace } from './support/strace-diff.js';
import { traceRecBin } from './support/paths.js';
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

describe('execve strings read through a window', () => {
  it('strv-strings: next to each other, past the window, before it, unreadable: what strace prints', { timeout: 120_000 }, () => {
    const argv = [fixture('strv-strings')];
    const cwd = scratchDir('cwd');
    const db = runRecorder(argv, cwd);
    for (const options of [['-v'], ['-v', '-s', '8000']]) {
      const c = compareLogs(runStrace(argv, cwd, options), traceQ(db, options));
      expect(c.diffs, options.join(' ')).toEqual([]);
      expect(c.misaligned).toEqual([]);
      expect(c.identical).toBe(c.lines);
    }
    expect(traceQ(db, ['-v', '-e', 'trace=execve'])).toMatch(
      /execve\("\/nonexistent\/strv-strings", \["k0", "k1", "y{32}"\.\.\., "k1", "k0"\], \["k1", "k1", 0x8, "k0"\]\) += -1 ENOENT/,
    );
  });

  it('--capture-bytes: a string longer than it is kept truncated, the others whole; one into an unmapped page as far as it goes', { timeout: 120_000 }, () => {
    const dbPath = path.join(scratchDir('rec'), 'trace.db');
    const r = runControlled([process.execPath, traceRecBin, '-q', '-o', dbPath, '--capture-bytes', '100', '--', fixture('strv-strings'), 'cut'], scratchDir('cwd'), 120_000);
    expect(r.status).toBe(0);
    const d = new Database(dbPath, { readonly: true });
    const rows = d
      .prepare("SELECT m.arg, m.part, m.size, m.data, m.truncated FROM memory m JOIN stops s ON s.seq = m.seq WHERE s.nr = 59 AND s.kind = 'syscall-entry' AND m.part > 0 ORDER BY m.seq DESC, m.arg, m.part LIMIT 9")
      .all() as { arg: number; part: number; size: number; data: Buffer | null; truncated: number }[];
    d.close();
    expect(rows.map((m) => [m.arg, m.part, m.size, m.data?.toString('latin1') ?? null, m.truncated])).toEqual([
      [1, 1, 2, 'k0', 0],
      [1, 2, 2, 'k1', 0],
      [1, 3, 100, 'y'.repeat(100), 1],
      [1, 4, 2, 'k1', 0],
      [1, 5, 2, 'k0', 0],
      [2, 1, 2, 'k1', 0],
      [2, 2, 5, 'abcde', 1],
      [2, 3, 0, null, 0],
      [2, 4, 2, 'k0', 0],
    ]);
  });
});
