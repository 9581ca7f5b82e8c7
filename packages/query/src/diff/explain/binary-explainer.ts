import { outcome } from '../syscall-normaliser.js';
import type { Trace } from '../trace.js';
import { some, tally, sideCalls } from './call-facts.js';
import type { ExplainContext } from './explain-context.js';

/** What differs in the binaries and system of the two runs, as evidence lines. */
function binaryFacts(ctx: ExplainContext): string[] {
  const out: string[] = [];
  const { a, b } = ctx;
  const known = (t: Trace, f: string): boolean => !t.unknown.has(f);
  if (known(a, 'exe_sha256') && known(b, 'exe_sha256') && a.row.exe_sha256 && b.row.exe_sha256 && a.row.exe_sha256 !== b.row.exe_sha256) {
    out.push(`executable sha256: ${a.row.exe_sha256.slice(0, 12)}… in A, ${b.row.exe_sha256.slice(0, 12)}… in B`);
  }
  if (known(a, 'libc') && known(b, 'libc') && a.row.libc !== b.row.libc) out.push(`libc: ${a.row.libc} in A, ${b.row.libc} in B`);
  if (known(a, 'kernel') && known(b, 'kernel') && a.row.kernel !== b.row.kernel) out.push(`kernel: ${a.row.kernel} in A, ${b.row.kernel} in B`);
  const changed = [...a.mappedFiles].filter(([p, h]) => b.mappedFiles.has(p) && b.mappedFiles.get(p) !== h).map(([p]) => p);
  if (changed.length > 0) out.push(`mapped files with other contents: ${some(changed, 3)}`);
  return out;
}

/**
 * Different binaries, libc or kernel: the same operation made through another syscall
 * (stat → newfstatat, clone → clone3, open → openat: aligned as one changed pair), calls that
 * fail with ENOSYS in one run (a kernel without them; the libc falls back), and, as a last
 * resort, whatever is still unexplained in a task whose executable differs.
 */
export function explainBinary(ctx: ExplainContext): void {
  const facts = binaryFacts(ctx);
  const variant = ctx.cause('binary:variant', () => ({
    kind: 'binary',
    title: `the same operations are made through other syscalls${facts.length > 0 ? ' (the binaries or system differ)' : ''}`,
    evidence: facts,
    describe: (diffs) => {
      const swaps = new Map<string, number>();
      for (const d of diffs) if (d.op === 'changed') swaps.set(`${d.a.name} → ${d.b.name}`, (swaps.get(`${d.a.name} → ${d.b.name}`) ?? 0) + 1);
      return [`A → B: ${some([...swaps].map(([k, n]) => `${k} ×${n}`), 6)}`];
    },
  }));
  const enosys = ctx.cause('binary:enosys', () => ({
    kind: 'binary',
    title: `syscalls the kernel does not provide in one run (ENOSYS) and the library's fallbacks`,
    evidence: facts,
    describe: (diffs) => (['a', 'b'] as const).map((s) => `${s.toUpperCase()}: ${tally(sideCalls(diffs, s)) || 'nothing'}`),
  }));
  for (const x of ctx.open()) {
    const d = x.d;
    if (d.op === 'changed' && d.a.name !== d.b.name) ctx.claim(d, variant);
    else if ([d.a, d.b].some((c) => c && outcome(c) === 'ENOSYS')) ctx.claim(d, enosys);
  }
}

/** The last resort: a task that runs another executable (hash) than its counterpart. */
export function explainDifferentExecutable(ctx: ExplainContext): void {
  for (const x of ctx.open()) {
    const { a, b } = x.al.pair;
    if (!a || !b) continue;
    const ea = a.execs.filter((e) => x.d.a === undefined || e.index <= x.d.a.index).at(-1);
    const eb = b.execs.filter((e) => x.d.b === undefined || e.index <= x.d.b.index).at(-1);
    const ha = ea?.sha256 ?? (a.parent === null ? ctx.a.row.exe_sha256 : null);
    const hb = eb?.sha256 ?? (b.parent === null ? ctx.b.row.exe_sha256 : null);
    if (!ha || !hb || ha === hb) continue;
    const cause = ctx.cause(`binary:exe:${ha}:${hb}`, () => ({
      kind: 'binary',
      title: `${x.al.pair.label} runs a different executable in each run (${ea?.path ?? ctx.a.row.exe_path} ${ha.slice(0, 12)}…, ${eb?.path ?? ctx.b.row.exe_path} ${hb.slice(0, 12)}…): no more specific cause found for these`,
    }));
    ctx.claim(x.d, cause);
  }
}
