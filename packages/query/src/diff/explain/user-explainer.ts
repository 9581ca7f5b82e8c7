import { outcome } from '../syscall-normaliser.js';
import type { ExplainContext } from './explain-context.js';

const DENIED = new Set(['EACCES', 'EPERM']);
const IDS = new Set(['getuid', 'geteuid', 'getgid', 'getegid', 'getresuid', 'getresgid', 'getgroups']);

/** Another user: permission checks that pass in one run and fail in the other, and the id calls' answers. */
export function explainUser(ctx: ExplainContext): void {
  const [a, b] = [ctx.a.row, ctx.b.row];
  if (ctx.a.unknown.has('uid') || ctx.b.unknown.has('uid')) return;
  if (a.uid === b.uid && a.euid === b.euid && a.gid === b.gid && a.egid === b.egid) return;
  const cause = ctx.cause('user', () => ({
    kind: 'user',
    title: `the runs have different credentials (A: uid ${a.uid} euid ${a.euid} gid ${a.gid}, B: uid ${b.uid} euid ${b.euid} gid ${b.gid}): permission checks and id calls differ`,
  }));
  for (const x of ctx.open()) {
    const d = x.d;
    if (d.op !== 'changed') continue;
    const [oa, ob] = [outcome(d.a), outcome(d.b)];
    if (IDS.has(d.a.name) || (DENIED.has(oa) && ob === 'ok') || (DENIED.has(ob) && oa === 'ok')) ctx.claim(d, cause);
  }
}
