import type { ExplainContext } from './explain-context.js';

/**
 * Where tracing started: a run that exec'd through a wrapper (`env VAR=… prog`, a shell, cargo
 * run) before the program both runs share has extra leading exec segments; a run that attached
 * to a running process misses what the other recorded before that point. Non-leading exec
 * segments that only one run has are programs only one of them exec'd.
 */
export function explainTracingStart(ctx: ExplainContext): void {
  for (const al of ctx.alignments) {
    for (const u of al.unmatchedSegments) {
      const task = u.side === 'a' ? al.pair.a! : al.pair.b!;
      const other = u.side === 'a' ? 'B' : 'A';
      const me = u.side.toUpperCase();
      const exec = u.segment.exec >= 0 ? task.execs[u.segment.exec] : null;
      const program = exec?.path ?? '(before its first exec)';
      const next = task.execs[u.segment.exec + 1]?.path ?? null;
      const cause = u.leading
        ? ctx.cause(`tracing-start:${u.side}:${al.pair.label}:${u.segment.exec}`, () => ({
            kind: 'tracing-start',
            title: `${me}'s trace of ${al.pair.label} starts earlier: it first runs ${program}${next ? `, which then execs ${next}` : ''}; ${other}'s trace starts at the common program`,
            evidence: [
              `${me} argv: ${JSON.stringify(exec?.argv ?? JSON.parse(ctx.trace(u.side).row.argv))}`,
              `${other} argv: ${ctx.trace(u.side === 'a' ? 'b' : 'a').row.argv}`,
            ],
          }))
        : ctx.cause(`exec:${u.side}:${al.pair.label}:${u.segment.exec}`, () => ({
            kind: 'process-tree',
            title: `only ${me} execs ${program} in ${al.pair.label}`,
            evidence: exec?.argv ? [`${me} argv: ${JSON.stringify(exec.argv)}`] : [],
          }));
      for (const r of al.rows) {
        const c = u.side === 'a' ? (r.op === 'deleted' ? r.a : null) : r.op === 'inserted' ? r.b : null;
        if (c && r.op !== 'same' && c.index >= u.segment.start && c.index < u.segment.end) ctx.claim(r, cause);
      }
    }
  }
  // attach against launch: the launched run's head is what the attached one never saw
  const modes = [ctx.a.row.mode, ctx.b.row.mode];
  if (modes.includes('attach') && modes[0] !== modes[1]) {
    const launched = modes[0] === 'attach' ? 'b' : 'a';
    const cause = ctx.cause('attach', () => ({
      kind: 'tracing-start',
      title: `${launched === 'a' ? 'B' : 'A'} attached to a running process: ${launched.toUpperCase()}'s calls before that point have no counterpart`,
      evidence: [`modes: A ${ctx.a.row.mode}, B ${ctx.b.row.mode}`],
    }));
    for (const al of ctx.alignments) {
      for (const r of al.rows) {
        if (r.op === 'same' || r.op === 'changed') break;
        if ((launched === 'a' && r.op === 'deleted') || (launched === 'b' && r.op === 'inserted')) ctx.claim(r, cause);
      }
    }
  }
}
