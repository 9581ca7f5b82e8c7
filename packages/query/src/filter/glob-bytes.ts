import type BetterSqlite3 from 'better-sqlite3';
import { bytesToString } from '@tracedb/native';

/**
 * SQLite's GLOB over names held as bytes: SQLite reads every invalid UTF-8 sequence as U+FFFD,
 * so `\xff` and `\xfe` would match each other. Here both sides are in bytesToString's form
 * (UTF-8 characters, and one unit per byte that is not), and a character is one code point or
 * one such byte. The syntax is GLOB's: `*`, `?`, `[set]`, `[^set]` with ranges, `]` first in
 * a set is literal, no escape character.
 */
export function globMatches(pattern: string, name: string): boolean {
  return globRegExp(pattern).test(name);
}

const cache = new Map<string, RegExp>();

function globRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  const p = [...pattern];
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') out += '[^]*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      let j = i + 1;
      let negate = false;
      if (p[j] === '^') {
        negate = true;
        j++;
      }
      const set: string[] = [];
      if (p[j] === ']') set.push(literal(p[j++]));
      for (; j < p.length && p[j] !== ']'; j++) {
        if (p[j] === '-' && set.length > 0 && j + 1 < p.length && p[j + 1] !== ']') {
          set[set.length - 1] += '-' + literal(p[++j]);
        } else set.push(literal(p[j]));
      }
      if (j >= p.length) {
        out += '(?!)'; // an unclosed set matches nothing, as in SQLite
        break;
      }
      out += `[${negate ? '^' : ''}${set.join('')}]`;
      i = j;
    } else out += literal(c);
  }
  re = new RegExp(`^${out}$`, 'su');
  if (cache.size > 100) cache.clear();
  cache.set(pattern, re);
  return re;
}

function literal(c: string): string {
  return `\\u{${c.codePointAt(0)!.toString(16)}}`;
}

/**
 * Adds glob_bytes(PATTERN, VALUE) to the connection: PATTERN's bytes (a blob) against VALUE's,
 * a blob, or text taken as it is; NULL when VALUE is NULL.
 */
export function addGlobBytes(db: BetterSqlite3.Database): void {
  db.function('glob_bytes', { deterministic: true }, (pattern: unknown, value: unknown) => {
    if (value === null || value === undefined) return null;
    const name = Buffer.isBuffer(value) ? bytesToString(value) : String(value);
    const p = Buffer.isBuffer(pattern) ? bytesToString(pattern) : String(pattern);
    return globMatches(p, name) ? 1 : 0;
  });
}
