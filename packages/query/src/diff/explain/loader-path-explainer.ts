import path from 'node:path';
import { outcome } from '../syscall-normaliser.js';
import type { TraceCall } from '../trace.js';
import { isUnder, sideCalls, some, tally, targets, unique } from './call-facts.js';
import type { Env, ExplainContext, Side } from './explain-context.js';

const VARS = ['LD_LIBRARY_PATH', 'LD_PRELOAD', 'LD_AUDIT'] as const;
type LoaderVar = (typeof VARS)[number];
/** A probe of the loader's search: DIR/<subdirectory for this CPU>/LIB or DIR/LIB. */
const PROBE = /^(.+?)\/(?:glibc-hwcaps\/[^/]+|tls(?:\/x86_64){0,2}|x86_64(?:\/x86_64)?|haswell|avx512_1)(?:\/([^/]+))?$/;

const EFFECT: Record<LoaderVar, string> = {
  LD_LIBRARY_PATH: 'the dynamic loader searches its directories before the system paths',
  LD_PRELOAD: 'the dynamic loader loads these libraries into the program first',
  LD_AUDIT: 'the dynamic loader loads these auditing libraries',
};

function entries(v: LoaderVar, env: Env | null): string[] {
  const value = env?.get(v);
  if (value === undefined) return [];
  return value.split(v === 'LD_LIBRARY_PATH' ? /[:;]/ : /[:\s]/).filter((e) => e !== '');
}

function matches(v: LoaderVar, entry: string, target: string): boolean {
  if (v === 'LD_LIBRARY_PATH') return isUnder(target, entry);
  return target === entry || (!entry.includes('/') && path.posix.basename(target) === entry);
}

/**
 * The dynamic loader's search path: a directory in LD_LIBRARY_PATH (or a library in
 * LD_PRELOAD / LD_AUDIT) that only one run has makes the loader probe it, and its
 * glibc-hwcaps/x86-64-v4..v2, tls and x86_64 subdirectories, for every library (openat
 * ENOENT, then newfstatat of the directory) before it falls back to ld.so.cache. When a run's
 * environment is not recorded (a strace log), the probe pattern itself is the evidence.
 */
export function explainLoaderPath(ctx: ExplainContext): void {
  const inferred: Record<Side, Set<string>> = { a: new Set(), b: new Set() };
  for (const x of ctx.open()) {
    const envs = ctx.envsOf(x);
    for (const side of ['a', 'b'] as const) {
      const c = side === 'a' ? x.d.a : x.d.b;
      if (!c) continue;
      const mine = envs[side];
      const theirs = side === 'a' ? envs.b : envs.a;
      if (mine === null) {
        const m = isProbe(c) ? PROBE.exec(c.path!) : null;
        if (m && x.d.op !== 'changed') inferred[side].add(m[1]);
        continue;
      }
      for (const v of VARS) {
        const other = new Set(entries(v, theirs));
        const only = entries(v, mine).filter((e) => !other.has(e));
        if (only.length === 0) continue;
        if (!targets(c).some((t) => only.some((e) => matches(v, e, t)))) continue;
        ctx.claim(x.d, loaderCause(ctx, v, side, mine, theirs, only));
        break;
      }
    }
  }
  claimReplacedLibraries(ctx);
  for (const side of ['a', 'b'] as const) {
    const dirs = [...inferred[side]];
    if (dirs.length === 0) continue;
    const me = side.toUpperCase();
    const cause = ctx.cause(`loader:inferred:${side}`, () => ({
      kind: 'loader-path',
      title: `the dynamic loader searches ${some(dirs, 3)} only in ${me} (${me}'s environment is not recorded: LD_LIBRARY_PATH, LD_PRELOAD or an RPATH)`,
      describe: (diffs) => probeEvidence(sideCalls(diffs, side), me, dirs),
    }));
    for (const x of ctx.open()) {
      const c = side === 'a' ? x.d.a : x.d.b;
      if (c && targets(c).some((t) => dirs.some((d) => isUnder(t, d)))) ctx.claim(x.d, cause);
    }
  }
}

/** A library found in a search directory only one run has replaces the system one the other run loads: claim that one too. */
function claimReplacedLibraries(ctx: ExplainContext): void {
  for (const [key, cause] of ctx.causes) {
    if (!key.startsWith('loader:LD_')) continue;
    const side: Side = key.endsWith(':a') ? 'a' : 'b';
    const found = new Set(
      sideCalls(cause.diffs, side)
        .filter((c) => c.name.startsWith('open') && outcome(c) === 'ok' && c.path)
        .map((c) => path.posix.basename(c.path!)),
    );
    if (found.size === 0) continue;
    for (const x of ctx.open()) {
      const c = side === 'a' ? x.d.b : x.d.a;
      if (c && x.d.op !== 'changed' && targets(c).some((t) => found.has(path.posix.basename(t)))) ctx.claim(x.d, cause);
    }
  }
}

/** Calls on memory (a library's RELRO mprotect, its munmap): they reach the library through their address. */
const MEMORY_OPS = new Set(['mprotect', 'munmap', 'madvise', 'mremap']);

function isProbe(c: TraceCall): boolean {
  return c.path !== null && (c.name === 'openat' || c.name === 'open' || c.name.includes('stat')) && outcome(c) === 'ENOENT';
}

function loaderCause(ctx: ExplainContext, v: LoaderVar, side: Side, mine: Env, theirs: Env | null, only: string[]) {
  const me = side.toUpperCase();
  const them = side === 'a' ? 'B' : 'A';
  return ctx.cause(`loader:${v}:${side}`, () => {
    const value = mine.get(v)!;
    const otherValue = theirs?.get(v);
    const title =
      otherValue === undefined
        ? `${v}=${value} only in ${me}${theirs === null ? ` (${them}'s environment is not recorded)` : ''}: ${EFFECT[v]}`
        : `${v} differs (A: ${side === 'a' ? value : otherValue}, B: ${side === 'b' ? value : otherValue}): only ${me} searches ${some(only, 3)}`;
    return {
      kind: 'loader-path' as const,
      title,
      describe: (diffs) => probeEvidence(sideCalls(diffs, side), me, only, sideCalls(diffs, side === 'a' ? 'b' : 'a'), them),
    };
  });
}

/** Counts, libraries searched, subdirectories probed, what was found. */
function probeEvidence(calls: TraceCall[], me: string, dirs: string[], otherCalls: TraceCall[] = [], them = ''): string[] {
  const under = calls.filter((c) => targets(c).some((t) => dirs.some((d) => isUnder(t, d))));
  const out = [`${me}: ${under.length} calls on ${some(dirs, 3)}: ${tally(under)}`];
  const memory = calls.filter((c) => MEMORY_OPS.has(c.name));
  if (memory.length > 0) out.push(`${me}: ${tally(memory)} of the memory it mapped`);
  const libs = unique(under.filter((c) => c.name.startsWith('open') && c.path).map((c) => path.posix.basename(c.path!)));
  if (libs.length > 0) out.push(`libraries looked for there: ${some(libs, 6)}`);
  const subdirs = unique(
    under
      .filter((c) => c.path && c.name.includes('stat'))
      .flatMap((c) => dirs.filter((d) => isUnder(c.path!, d) && c.path !== d).map((d) => c.path!.slice(d.replace(/\/$/, '').length + 1))),
  );
  if (subdirs.length > 0) out.push(`subdirectories probed in each: ${some(subdirs, 8)}`);
  const found = unique(under.filter((c) => c.name.startsWith('open') && outcome(c) === 'ok' && c.path).map((c) => c.path!));
  out.push(found.length > 0 ? `found there: ${some(found)}` : 'found there: nothing (every library then came from the system paths, as in the other run)');
  if (otherCalls.length > 0) out.push(`${them}: ${tally(otherCalls)} (the same libraries from elsewhere)`);
  return out;
}
