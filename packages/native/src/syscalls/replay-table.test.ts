import { describe, expect, it } from 'vitest';
import { syscallTable } from '../arch/x86_64/syscall-table.js';
import { captureTable } from './capture-table.js';
import { newDescriptors } from './new-descriptors.js';
import { replayClass, replayTable } from './replay-table.js';

const names = new Set(syscallTable.map((d) => d.name));
/** A call's arguments as replayClass reads them (missing ones are 0). */
const args = (...a: bigint[]) => (i: number): bigint => a[i] ?? 0n;

describe('replayTable', () => {
  it('names only x86_64 syscalls', () => {
    expect(Object.keys(replayTable).filter((n) => !names.has(n))).toEqual([]);
  });

  it('emulates only calls whose outputs the capture table records', () => {
    const blind = Object.entries(replayTable).filter(([n, r]) => r.class === 'emulated' && captureTable[n] === undefined).map(([n]) => n);
    expect(blind).toEqual([]);
  });

  it('keeps a placeholder for every emulated call that makes a descriptor at its return', () => {
    const missing = Object.entries(newDescriptors)
      .filter(([n, d]) => d.at === 'ret' && replayTable[n]?.class === 'emulated' && !replayTable[n].fd)
      .map(([n]) => n);
    expect(missing).toEqual([]);
  });

  it('gives a reason for every refusal', () => {
    expect(Object.entries(replayTable).filter(([, r]) => r.class === 'refused' && !r.why).map(([n]) => n)).toEqual([]);
  });

  it('chooses by the arguments and the recorded result', () => {
    expect(replayClass(replayTable.fcntl, args(3n, 1030n, 10n), false)).toBe('executed');
    expect(replayClass(replayTable.fcntl, args(3n, 3n), false)).toBe('emulated');
    expect(replayClass(replayTable.rseq, args(0n), true)).toBe('emulated');
    expect(replayClass(replayTable.rseq, args(0n), false)).toBe('executed');
    expect(replayClass(replayTable.prlimit64, args(0n, 3n, 0n, 0x7ffen), false)).toBe('emulated');
    expect(replayClass(replayTable.prlimit64, args(0n, 3n, 0x7ffen, 0n), false)).toBe('executed');
  });
});
