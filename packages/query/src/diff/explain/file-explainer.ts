import { outcome } from '../syscall-normaliser.js';
import type { Difference } from '../sequence-aligner.js';
import type { TraceCall, TraceTask } from '../trace.js';
import { isRead, isWrite, some, targets } from './call-facts.js';
import type { ExplainContext, Located } from './explain-context.js';

const MISSING = new Set(['ENOENT', 'ENOTDIR']);
const CONTENT_CALLS = new Set(['read', 'pread64', 'readv', 'preadv', 'preadv2', 'getdents', 'getdents64', 'readlink', 'readlinkat', 'lseek', 'mmap']);
const STAT_CALLS = new Set(['stat', 'lstat', 'fstat', 'newfstatat', 'statx']);

/**
 * Files: the same path that one run finds and the other does not (ENOENT against success),
 * and the same file read with different results (other sizes or bytes). Each carries along
 * what follows from it in the same task: the calls on the file's descriptor, the error
 * message naming it on stderr, the data written out after reading it, the exit status.
 */
export function explainFiles(ctx: ExplainContext): void {
  const presence = new Map<string, { existsIn: 'A' | 'B'; tasks: Set<TraceTask> }>();
  // the path found in one run only
  for (const x of ctx.open()) {
    const d = x.d;
    if (d.op !== 'changed' || d.a.path === null || d.a.path !== d.b.path) continue;
    const [oa, ob] = [outcome(d.a), outcome(d.b)];
    if (!((MISSING.has(oa) && ob === 'ok') || (MISSING.has(ob) && oa === 'ok'))) continue;
    const file = d.a.path;
    const existsIn = oa === 'ok' ? 'A' : 'B';
    let p = presence.get(file);
    if (!p) presence.set(file, (p = { existsIn, tasks: new Set() }));
    if (x.al.pair.a) p.tasks.add(x.al.pair.a);
    ctx.claim(d, presenceCause(ctx, file, existsIn));
  }
  for (const [file, p] of presence) {
    const cause = presenceCause(ctx, file, p.existsIn);
    // the block of differences that follows the diverging call: the run's other path
    for (const al of ctx.alignments) {
      const at = al.rows.findIndex((r) => r.op !== 'same' && r.cause === cause);
      if (at < 0) continue;
      for (let i = at + 1; i < al.rows.length; i++) {
        const r = al.rows[i];
        if (r.op === 'same') break;
        ctx.claim(r, cause);
      }
    }
    for (const x of ctx.open()) {
      if (!x.al.pair.a || !p.tasks.has(x.al.pair.a)) continue;
      const calls = [x.d.a, x.d.b].filter((c): c is TraceCall => c !== undefined);
      const onFile = calls.some((c) => targets(c).some((t) => t === file || t.endsWith('/' + file)));
      const message = calls.some((c) => c.fdOrigins.includes('<stderr>') && isWrite(c) && c.data !== null && c.data.bytes.includes(file));
      const messageText = calls.some((c) => c.text !== null && c.fdOrigins.includes('<stderr>') && isWrite(c) && c.text.args.includes(file));
      const exit = x.d.op === 'changed' && (x.d.a.name === 'exit_group' || x.d.a.name === 'exit');
      if (onFile || message || messageText || exit) ctx.claim(x.d, cause);
    }
  }
  explainContent(ctx);
}

function presenceCause(ctx: ExplainContext, file: string, existsIn: 'A' | 'B') {
  return ctx.cause(`file:${file}`, () => ({
    kind: 'file-presence',
    title: `${file} exists in ${existsIn} only (ENOENT in ${existsIn === 'A' ? 'B' : 'A'}): the program takes another path`,
    describe: (diffs: readonly Difference[]) => {
      const first = diffs.find((d) => d.op === 'changed' && d.a.path === file);
      const out = first?.a && first.b ? [`${first.a.name}("${file}"): ${outcome(first.a)} in A, ${outcome(first.b)} in B`] : [];
      const follow = diffs.filter((d) => d.op !== 'changed' || d.a.path !== file).length;
      if (follow > 0) out.push(`${follow} differing call${follow === 1 ? '' : 's'} follow from it: on the file's descriptor, in the block right after it, the error message, the exit`);
      const exit = diffs.find((d) => d.op === 'changed' && (d.a.name === 'exit_group' || d.a.name === 'exit'));
      if (exit && exit.a && exit.b) out.push(`exit status: ${String(exit.a.args[0])} in A, ${String(exit.b.args[0])} in B`);
      return out;
    },
  }));
}

function explainContent(ctx: ExplainContext): void {
  // reads of the same file that return other data
  const changedFiles = new Map<string, { tasks: Set<TraceTask> }>();
  for (const x of ctx.open()) {
    const d = x.d;
    if (d.op !== 'changed' || !CONTENT_CALLS.has(d.a.name) || d.a.name !== d.b.name) continue;
    const file = targets(d.a)[0];
    if (!file || !targets(d.b).includes(file)) continue;
    let f = changedFiles.get(file);
    if (!f) changedFiles.set(file, (f = { tasks: new Set() }));
    if (x.al.pair.a) f.tasks.add(x.al.pair.a);
    ctx.claim(d, contentCause(ctx, file, d.a.name.startsWith('getdents')));
  }
  for (const [file, f] of changedFiles) {
    const cause = contentCause(ctx, file, false);
    const readA: Buffer[] = [];
    const readB: Buffer[] = [];
    for (const d of cause.diffs) {
      if (d.a?.data) readA.push(d.a.data.bytes);
      if (d.b?.data) readB.push(d.b.data.bytes);
    }
    const [allA, allB] = [Buffer.concat(readA), Buffer.concat(readB)];
    for (const x of ctx.open()) {
      if (!x.al.pair.a || !f.tasks.has(x.al.pair.a)) continue;
      const calls = [x.d.a, x.d.b].filter((c): c is TraceCall => c !== undefined);
      const onFile = calls.some((c) => targets(c).includes(file) && (CONTENT_CALLS.has(c.name) || STAT_CALLS.has(c.name) || c.name === 'close' || c.name === 'fadvise64'));
      if (onFile || echoes(x, allA, allB)) ctx.claim(x.d, cause);
    }
  }
}

/** A write whose bytes are bytes the task read from the changed file: the program passing the content on. */
function echoes(x: Located, readA: Buffer, readB: Buffer): boolean {
  const check = (c: TraceCall | undefined, read: Buffer): boolean =>
    c !== undefined && isWrite(c) && c.data !== null && c.data.length > 0 && read.includes(c.data.bytes.subarray(0, 64));
  return check(x.d.a, readA) || check(x.d.b, readB);
}

function contentCause(ctx: ExplainContext, file: string, directory: boolean) {
  return ctx.cause(`content:${file}`, () => ({
    kind: 'file-content',
    title: directory ? `the directory ${file} lists other entries in the two runs` : `${file} has different content in the two runs`,
    describe: (diffs: readonly Difference[]) => {
      if (directory) {
        const sum = (side: 'a' | 'b'): number =>
          diffs.reduce((n, d) => {
            const c = side === 'a' ? d.a : d.b;
            return n + (c && c.name.startsWith('getdents') && c.ret !== null && Number(c.ret) > 0 ? Number(c.ret) : 0);
          }, 0);
        return [`differing getdents return ${sum('a')} bytes of entries in A, ${sum('b')} in B`];
      }
      const total = (side: 'a' | 'b'): number =>
        diffs.reduce((n, d) => {
          const c = side === 'a' ? d.a : d.b;
          return n + (c && isRead(c) && targets(c).includes(file) && c.ret !== null && Number(c.ret) > 0 ? Number(c.ret) : 0);
        }, 0);
      const out = [`differing reads return ${total('a')} bytes in A, ${total('b')} in B`];
      const writes = diffs.filter((d) => [d.a, d.b].some((c) => c && isWrite(c)));
      if (writes.length > 0) out.push(`${writes.length} write${writes.length === 1 ? " passes" : "s pass"} on what was read`);
      const firstRead = diffs.find((d) => d.op === 'changed' && isRead(d.a));
      if (firstRead?.a?.data && firstRead.b?.data) {
        out.push(`first differing read: ${some([JSON.stringify(firstRead.a.data.bytes.subarray(0, 24).toString('latin1')), JSON.stringify(firstRead.b.data.bytes.subarray(0, 24).toString('latin1'))], 2).replace(', ', ' in A, ')} in B`);
      }
      return out;
    },
  }));
}
