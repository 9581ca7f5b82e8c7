import { REGS_SIZE, regOffset } from '@tracedb/native';

const REGS = REGS_SIZE / 8;
const WORDS = REGS_SIZE / 4;
const RIP = regOffset.rip / 4;
/** What a full set costs against a delta's registers, in registers (8 bytes each). */
const FULL_COST = REGS;
/** More changes than this make the stop a base of its own (measured on dd and find: 14 made the smallest files). */
const MAX_CHANGED = 14;

/** A stop whose registers are stored whole, which later stops of its thread name as their base. */
interface Base {
  readonly seq: number;
  readonly words: Uint32Array;
  /** Registers its deltas paid for that the thread's stop before at the same instruction did not have changed. */
  extra: number;
}

interface ThreadBases {
  last: Base | null;
  /** By instruction pointer: the last base made there, and the registers of the last stop there. */
  readonly atIp: Map<number, Base>;
  readonly previous: Map<number, Uint32Array>;
}

/** How a stop's registers are stored (migrations/0018): whole, or as changes against a base stop. */
export type StoredRegs = { regs: Buffer; base: null; changed: null } | { regs: Buffer; base: number; changed: Buffer };

/**
 * Stores a syscall entry's registers as the ones that differ from a base: the thread's last
 * stop stored whole, or the last one made at the same instruction (a syscall wrapper), whichever
 * differs less. A base grows stale as registers drift (a loop counter): the registers a delta
 * carries beyond those that changed since the previous entry at that instruction are counted, and
 * once they cost more than a full set, the stop is stored whole and becomes the base (buy after
 * renting for as long as buying costs, never paying more than twice the best choice). dd's loop
 * stores 4 bytes of registers an entry where it stored 216.
 */
export class RegsDelta {
  private readonly threads = new Map<number, ThreadBases>();

  encode(tid: number, seq: number, regs: Buffer): StoredRegs {
    const words = new Uint32Array(WORDS);
    new Uint8Array(words.buffer).set(regs.subarray(0, REGS_SIZE));
    let t = this.threads.get(tid);
    if (t === undefined) this.threads.set(tid, (t = { last: null, atIp: new Map(), previous: new Map() }));
    const ip = words[RIP] + words[RIP + 1] * 0x1_0000_0000;
    const there = t.atIp.get(ip);
    let base: Base | null = null;
    let mask = 0;
    let n = REGS + 1;
    for (const b of there === undefined || there === t.last ? [t.last] : [there, t.last]) {
      if (b === null) continue;
      const m = changedMask(words, b.words);
      const c = popcount(m);
      if (c < n) [base, mask, n] = [b, m, c];
    }
    const previous = t.previous.get(ip);
    t.previous.set(ip, words);
    if (base !== null && previous !== undefined) base.extra += Math.max(0, n - popcount(changedMask(words, previous)));
    if (base === null || n > MAX_CHANGED || base.extra > FULL_COST) {
      const b: Base = { seq, words, extra: 0 };
      t.atIp.set(ip, b);
      t.last = b;
      return { regs, base: null, changed: null };
    }
    const changed = Buffer.allocUnsafe(n);
    const values = Buffer.allocUnsafe(8 * n);
    for (let i = 0, k = 0; i < REGS; i++) {
      if (mask & (1 << i)) {
        changed[k] = i + 1;
        regs.copy(values, 8 * k++, 8 * i, 8 * i + 8);
      }
    }
    return { regs: values, base: base.seq, changed };
  }

  /** The thread has ended: its bases go (its tid can come back for another thread). */
  forget(tid: number): void {
    this.threads.delete(tid);
  }
}

function changedMask(a: Uint32Array, b: Uint32Array): number {
  let m = 0;
  for (let i = 0; i < REGS; i++) if (a[2 * i] !== b[2 * i] || a[2 * i + 1] !== b[2 * i + 1]) m |= 1 << i;
  return m;
}

function popcount(m: number): number {
  let n = 0;
  for (; m !== 0; n++) m &= m - 1;
  return n;
}
