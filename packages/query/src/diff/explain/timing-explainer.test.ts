// The timing rule for a call the kernel made again after a signal cut it, on the alignment that
// trace-diff made of a real run (sh -c 'echo a | cat' against strace -k of it, where SIGCHLD
// came during the second fork): the other run's fork aligned with the cut one, leaving the
// restart over.

import { syscallTable } from '@tracedb/native';
import { describe, expect, it } from 'vitest';
import type { Difference, TaskAlignment } from '../sequence-aligner.js';
import type { Trace, TraceCall, TraceTask } from '../trace.js';
import { ExplainContext } from './explain-context.js';
import { explainTiming } from './timing-explainer.js';

const NR = new Map(syscallTable.map((d) => [d.name, d.nr]));

function task(tid: number, calls: { name: string; ret: number; errno?: string }[]): TraceTask {
  const t: TraceTask = { tid, pid: tid, thread: false, parent: null, children: [], calls: [], execs: [], signals: [], exit: 'exited 0', label: '1' };
  calls.forEach((c, index) => {
    const call: TraceCall = { index, id: index + 1, pid: tid, tid, nr: NR.get(c.name)!, name: c.name, args: [0x1200011, 0, 0, 0, 0, 0], ret: c.ret, errno: c.errno ?? null, path: null, text: null, data: null, argv: null, fdOrigins: [], memOrigin: null, key: 0 };
    t.calls.push(call);
  });
  return t;
}

const plain = [{ name: 'clone', ret: 101 }, { name: 'clone', ret: 102 }];
const cut = [{ name: 'clone', ret: 201 }, { name: 'clone', ret: -513, errno: 'ERESTARTNOINTR' }, { name: 'rt_sigreturn', ret: 56 }, { name: 'clone', ret: 202 }];

/** The cause explainTiming gives `row` of the alignment of tasks a and b. */
function explained(a: TraceTask, b: TraceTask, row: Difference): Difference {
  const al: TaskAlignment = { pair: { label: '1', a, b }, rows: [row], unmatchedSegments: [] };
  const trace = (t: TraceTask): Trace => ({ tasks: [t] }) as unknown as Trace;
  explainTiming(new ExplainContext(trace(a), trace(b), [al], String, String));
  return row;
}

describe('explainTiming: a restarted call only one run has', () => {
  it('is timing when the cut call took the other run\'s place in the alignment (in B)', () => {
    const [a, b] = [task(100, plain), task(200, cut)];
    expect(explained(a, b, { op: 'inserted', b: b.calls[3], cause: null }).cause?.kind).toBe('timing');
  });

  it('is timing in A too', () => {
    const [a, b] = [task(100, cut), task(200, plain)];
    expect(explained(a, b, { op: 'deleted', a: a.calls[3], cause: null }).cause?.kind).toBe('timing');
  });

  it('is not timing when the same call before it returned', () => {
    const [a, b] = [task(100, plain), task(200, [...plain, { name: 'clone', ret: 103 }])];
    expect(explained(a, b, { op: 'inserted', b: b.calls[2], cause: null }).cause).toBeNull();
  });
});
