import path from 'node:path';
import { isError } from '../syscall-normaliser.js';
import type { Trace, TraceCall } from '../trace.js';
import { absolute, some, targets } from './call-facts.js';
import type { ExplainContext, Side } from './explain-context.js';

const EXEC = new Set(['execve', 'execveat']);

function argvOf(t: Trace): string[] | null {
  if (t.unknown.has('argv')) return null;
  try {
    return JSON.parse(t.row.argv) as string[];
  } catch {
    return null;
  }
}

const cwdOf = (t: Trace): string | null => (t.unknown.has('cwd') || t.row.cwd === '' ? null : t.row.cwd);

/**
 * The command line: PATH lookups (execvp trying each PATH directory: execve ENOENT until
 * one works) when PATH differs; files named in argv that only one run was given; paths
 * under a cwd that differs (and getcwd's answer).
 */
export function explainCommand(ctx: ExplainContext): void {
  explainPathLookup(ctx);
  explainArgv(ctx);
  explainCwd(ctx);
}

function explainPathLookup(ctx: ExplainContext): void {
  for (const x of ctx.open()) {
    const envs = ctx.envsOf(x);
    const pa = envs.a?.get('PATH');
    const pb = envs.b?.get('PATH');
    if (envs.a === null || envs.b === null || pa === pb) continue;
    for (const [side, c] of [['a', x.d.a], ['b', x.d.b]] as const) {
      if (!c || !EXEC.has(c.name) || c.path === null) continue;
      const dirs = ((side === 'a' ? pa : pb) ?? '').split(':').map((d) => d || '.');
      if (!dirs.includes(path.posix.dirname(c.path))) continue;
      const cause = ctx.cause('PATH', () => ({
        kind: 'command',
        title: `PATH differs, so the program is looked up in other directories (execvp tries each until one works)`,
        evidence: [`PATH in A: ${pa ?? '(unset)'}`, `PATH in B: ${pb ?? '(unset)'}`],
        describe: (diffs) =>
          (['a', 'b'] as const).flatMap((s) => {
            const tried = diffs.map((d) => (s === 'a' ? d.a : d.b)).filter((k): k is TraceCall => k !== undefined && EXEC.has(k.name));
            return tried.length > 0 ? [`${s.toUpperCase()} tried: ${some(tried.map((k) => `${k.path} ${isError(k.ret) ? k.errno : 'ok'}`), 5)}`] : [];
          }),
      }));
      ctx.claim(x.d, cause);
      break;
    }
  }
}

function explainArgv(ctx: ExplainContext): void {
  const aa = argvOf(ctx.a);
  const ab = argvOf(ctx.b);
  if (aa === null || ab === null || JSON.stringify(aa.slice(1)) === JSON.stringify(ab.slice(1))) return;
  const ca = cwdOf(ctx.a) ?? '';
  const cb = cwdOf(ctx.b) ?? '';
  const only = (mine: string[], theirs: string[], cwd: string): Set<string> =>
    new Set(mine.slice(1).filter((s) => !theirs.includes(s)).map((s) => absolute(s, cwd)));
  const onlyA = only(aa, ab, ca);
  const onlyB = only(ab, aa, cb);
  const cause = ctx.cause('argv', () => ({
    kind: 'command',
    title: `the command lines differ: A ran ${JSON.stringify(aa)}, B ran ${JSON.stringify(ab)}`,
    evidence: [...(onlyA.size > 0 ? [`only in A's argv: ${some([...onlyA].map((s) => JSON.stringify(s)))}`] : []), ...(onlyB.size > 0 ? [`only in B's argv: ${some([...onlyB].map((s) => JSON.stringify(s)))}`] : [])],
  }));
  for (const x of ctx.open()) {
    const hit = (c: TraceCall | undefined, names: Set<string>, cwd: string): boolean =>
      c !== undefined && targets(c).some((t) => names.has(absolute(t, cwd)));
    const firstExec = (c: TraceCall | undefined, side: Side): boolean =>
      c !== undefined && EXEC.has(c.name) && x.al.pair.label === '1' && ctx.trace(side).tasks.length > 0 && c.index === (x.al.pair[side]?.execs[0]?.index ?? -1);
    if (hit(x.d.a, onlyA, ca) || hit(x.d.b, onlyB, cb) || firstExec(x.d.a, 'a') || firstExec(x.d.b, 'b')) ctx.claim(x.d, cause);
  }
}

function explainCwd(ctx: ExplainContext): void {
  const ca = cwdOf(ctx.a);
  const cb = cwdOf(ctx.b);
  if (ca === null || cb === null || ca === cb) return;
  const cause = ctx.cause('cwd', () => ({
    kind: 'command',
    title: `the working directories differ: ${ca} in A, ${cb} in B`,
  }));
  for (const x of ctx.open()) {
    const d = x.d;
    if (d.op === 'changed') {
      if (d.a.name === 'getcwd' || (d.a.path !== null && d.b.path !== null && d.a.path.replace(ca, cb) === d.b.path)) ctx.claim(d, cause);
      continue;
    }
    const c = d.op === 'deleted' ? d.a : d.b;
    const cwd = d.op === 'deleted' ? ca : cb;
    if (targets(c).some((t) => t.startsWith(cwd + '/') || t === cwd)) ctx.claim(d, cause);
  }
}
