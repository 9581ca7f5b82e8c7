import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { globMatches } from './glob-bytes.js';

describe('globMatches', () => {
  const names = ['a.c', 'ab.c', 'x/y.c', 'é.c', '[x]', 'a-b', ']', '^', 'A.c', 'a\nb', ''];
  const patterns = ['*', '*.c', '?.c', 'a*', '[ab]*', '[^a]*', '[a-c].c', '[]]', '[^]]', '[x', '*[-]*', 'é*', '?', '[\\^]', '*[^a-zA-Z.]*', 'a?b'];
  it('agrees with SQLite GLOB on UTF-8 names', () => {
    const db = new Database(':memory:');
    const glob = db.prepare('SELECT ? GLOB ?').pluck();
    for (const n of names) for (const p of patterns) expect([p, n, globMatches(p, n)]).toEqual([p, n, glob.get(n, p) === 1]);
  });
  it('tells bytes that are not UTF-8 apart', () => {
    expect(globMatches('x\udcfe\udcff', 'x\udcfe\udcff')).toBe(true);
    expect(globMatches('x\udcff\udcff', 'x\udcfe\udcff')).toBe(false);
    expect(globMatches('x??', 'x\udcfe\udcff')).toBe(true);
    expect(globMatches('x?', 'x\udcfe\udcff')).toBe(false);
    expect(globMatches('*\udcff', 'x\udcfe\udcff')).toBe(true);
    expect(globMatches('x\ufffd*', 'x\udcfe\udcff')).toBe(false);
  });
});
