import type BetterSqlite3 from 'better-sqlite3';
import { UsageError } from '../cli/errors.js';

/**
 * --where is pasted into the filter query, so it must be one expression: balanced
 * parentheses, no statement separator, no comment that would swallow the rest of the query.
 */
export function checkWhereShape(expr: string): void {
  let depth = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      const end = expr.indexOf(close, i + 1);
      if (end < 0) throw new UsageError(`--where: unterminated ${c === '[' ? '[' : c} in '${expr}'`);
      i = end;
    } else if (c === '(') depth++;
    else if (c === ')') {
      if (--depth < 0) throw new UsageError(`--where: unbalanced ')' in '${expr}'`);
    } else if (c === ';') throw new UsageError(`--where takes one expression, not statements: '${expr}'`);
    else if ((c === '-' && expr[i + 1] === '-') || (c === '/' && expr[i + 1] === '*')) throw new UsageError(`--where: no comments, please: '${expr}'`);
  }
  if (depth !== 0) throw new UsageError(`--where: unbalanced '(' in '${expr}'`);
  if (expr.trim() === '') throw new UsageError('--where: empty expression');
}

/** Checks that --where compiles against the `syscalls` view; SQLite's message otherwise. */
export function checkWhereExpression(db: BetterSqlite3.Database, expr: string): void {
  checkWhereShape(expr);
  try {
    db.prepare(`SELECT id FROM syscalls WHERE (\n${expr}\n)`);
  } catch (e) {
    throw new UsageError(`--where: ${(e as Error).message}`);
  }
}
