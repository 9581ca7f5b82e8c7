import { describe, expect, it } from 'vitest';
import { nextTurn } from './thread-schedule.js';
import type { ScheduledThread } from './thread-schedule.js';

const th = (tid: number, place: ScheduledThread['place'], due: number): ScheduledThread => ({ tid, place, due });

describe('nextTurn', () => {
  it('table: the threads in, the turn out', () => {
    const cases: [ScheduledThread[], ReturnType<typeof nextTurn>][] = [
      [[], { go: 'idle' }],
      // one thread in user space runs alone, whatever is due
      [[th(1, 'parked', 5), th(2, 'user', 9)], { go: 'wait', tid: 2 }],
      // the smallest due stop goes first
      [[th(1, 'parked', 7), th(2, 'parked', 5)], { go: 'run', tid: 2 }],
      // a call that returned first in the recording is waited for
      [[th(1, 'kernel', 4), th(2, 'parked', 5)], { go: 'wait', tid: 1 }],
      // a call that returned later (a futex wait) does not hold the thread that wakes it
      [[th(1, 'kernel', 9), th(2, 'parked', 5)], { go: 'run', tid: 2 }],
      // nothing more recorded for a parked thread: it may go on (to its end)
      [[th(1, 'parked', Infinity), th(2, 'kernel', Infinity)], { go: 'run', tid: 1 }],
      [[th(1, 'kernel', Infinity)], { go: 'idle' }],
      // with a preemption as the due stop, the kind does not matter to the order
      [[th(1, 'parked', 12), th(2, 'parked', 11), th(3, 'kernel', 20)], { go: 'run', tid: 2 }],
    ];
    for (const [threads, turn] of cases) expect(nextTurn(threads)).toEqual(turn);
  });
});
