import { describe, expect, it } from 'vitest';
import { summaryTable } from './syscall-summary.js';
import type { SummaryRow } from './syscall-summary.js';

const row = (nr: number, name: string, calls: number, errors: number, ns: number): SummaryRow => ({ nr, name, calls, errors, ns, minNs: ns / calls, maxNs: ns / calls });

describe('summaryTable (strace 6.1 -c)', () => {
  it('prints the header, dashes, rows and total like strace -c -w', () => {
    // strace -c -w -f sleep 1.2 printed these three rows (and others). Their total, 1.2018615 s,
    // is a double just below that: printf's %.6f, which strace uses, rounds it down.
    const rows = [row(35 + 195, 'clock_nanosleep', 1, 0, 1_200_227_500), row(12, 'brk', 3, 0, 1_607_000), row(21, 'access', 1, 1, 27_000)];
    expect(summaryTable(rows, 'time')).toEqual([
      '% time     seconds  usecs/call     calls    errors syscall',
      '------ ----------- ----------- --------- --------- ----------------',
      ' 99.86    1.200228     1200227         1           clock_nanosleep',
      '  0.13    0.001607         535         3           brk',
      '  0.00    0.000027          27         1         1 access',
      '------ ----------- ----------- --------- --------- ----------------',
      '100.00    1.201861      240372         5         1 total',
    ]);
  });
  it('widens the name column to the longest name + 1 and numeric columns for wide numbers', () => {
    const lines = summaryTable([row(204, 'sched_getaffinity', 1, 0, 0), row(0, 'read', 12345678901, 0, 0)], 'calls');
    expect(lines[1]).toBe('------ ----------- ----------- ----------- --------- ------------------');
    expect(lines[2]).toBe('  0.00    0.000000           0 12345678901           read');
  });
  it('sorts like -S, keeping syscall-number order for ties', () => {
    const rows = [row(0, 'read', 2, 0, 10), row(1, 'write', 5, 1, 10), row(3, 'close', 2, 2, 30)];
    const names = (sort: Parameters<typeof summaryTable>[1]): string[] => summaryTable(rows, sort).slice(2, -2).map((l) => l.slice(51));
    expect(names('time')).toEqual(['close', 'read', 'write']);
    expect(names('calls')).toEqual(['write', 'read', 'close']);
    expect(names('errors')).toEqual(['close', 'write', 'read']);
    expect(names('name')).toEqual(['close', 'read', 'write']);
    expect(names('nothing')).toEqual(['read', 'write', 'close']);
  });
  it('prints the columns -U asks for, in its order, as strace -U does', () => {
    // strace -c -U calls,name,shortest,longest,avg-time,total-time,errors,time-percent true: two of its rows, and their total
    const rows = [row(0, 'read', 1, 0, 0), row(21, 'access', 1, 1, 0)];
    expect(summaryTable(rows, 'nothing', ['calls', 'name', 'min-time', 'max-time', 'avg-time', 'total-time', 'errors', 'time-percent'])).toEqual([
      '    calls syscall          shortest  longest  usecs/call     seconds    errors % time',
      '--------- ---------------- -------- -------- ----------- ----------- --------- ------',
      '        1 read             0.000000 0.000000           0    0.000000             0.00',
      '        1 access           0.000000 0.000000           0    0.000000         1   0.00',
      '--------- ---------------- -------- -------- ----------- ----------- --------- ------',
      '        2 total            0.000000 0.000000           0    0.000000         1 100.00',
    ]);
  });
  it('works out usecs/call as strace does: the whole-ns average in seconds as a double, times 1e6, truncated', () => {
    // 249 µs: 0.000249 * 1e6 is 248.99999999999997 in doubles, which strace's (uint64_t) cast makes 248
    const lines = summaryTable([row(0, 'read', 3, 0, 747_000), row(1, 'write', 1, 0, 1_500)], 'time');
    expect(lines[2]).toBe(' 99.80    0.000747         248         3           read');
    expect(lines[3]).toBe('  0.20    0.000002           1         1           write');
    expect(lines[5]).toBe('100.00    0.000749         187         4           total');
  });
  it('prints nothing for no syscalls, as strace does', () => {
    expect(summaryTable([], 'time')).toEqual([]);
  });
});
