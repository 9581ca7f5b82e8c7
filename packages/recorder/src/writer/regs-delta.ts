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

/** What a thread's stops at one instruction (a syscall wrapper) left: the last base made there, the last registers. */
interface Site {
  base: Base | null;
  readonly previous: Uint32Array;
  /** `previous`'s bytes. */
  readonly entry: Buffer;
}

interface ThreadBases {
  last: Base | null;
  /** By the instruction pointer's low 32 bits (a collision costs bytes, never correctness: bases are compared whole). */
  readonly sites: Map<number, Site>;
}

/**
 * How a stop's registers are stored (migrations/0018): whole, or as changes against a base stop.
 * `entry` is a copy of all of them that stays as it is until the thread's next entry at the same
 * instruction (its syscall's exit comes first), for the exit stop to be stored against.
 */
export type StoredRegs = { entry: Buffer } & ({ regs: Buffer; base: null; changed: null } | { regs: Buffer; base: number; changed: Buffer });

const NONE = Buffer.alloc(0);

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
  /** The registers being encoded, as 32-bit words (the stream's copy need not be aligned). */
  private readonly words = new Uint32Array(WORDS);
  private readonly bytes = new Uint8Array(this.words.buffer);

  encode(tid: number, seq: number, regs: Buffer): StoredRegs {
    const words = this.words;
    this.bytes.set(regs);
    let t = this.threads.get(tid);
    if (t === undefined) this.threads.set(tid, (t = { last: null, sites: new Map() }));
    const ip = words[RIP] | 0;
    let site = t.sites.get(ip);
    let base = t.last;
    let mask = base === null ? 0 : changedMask(words, base.words);
    let n = base === null ? REGS + 1 : popcount(mask);
    if (site !== undefined && site.base !== null && site.base !== base) {
      const m = changedMask(words, site.base.words);
      const c = popcount(m);
      if (c < n) [base, mask, n] = [site.base, m, c];
    }
    if (site === undefined) {
      const previous = new Uint32Array(WORDS);
      t.sites.set(ip, (site = { base: null, previous, entry: Buffer.from(previous.buffer) }));
    } else if (base !== null) base.extra += Math.max(0, n - popcount(changedMask(words, site.previous)));
    site.previous.set(words);
    const entry = site.entry;
    if (base === null || n > MAX_CHANGED || base.extra > FULL_COST) {
      const b: Base = { seq, words: words.slice(), extra: 0 };
      site.base = b;
      t.last = b;
      return { entry, regs, base: null, changed: null };
    }
    if (n === 0) return { entry, regs: NONE, base: base.seq, changed: NONE };
    const out = Buffer.allocUnsafe(9 * n);
    for (let i = 0, k = 0; i < REGS; i++) {
      if (mask & (1 << i)) {
        out[k] = i + 1;
        regs.copy(out, n + 8 * k++, 8 * i, 8 * i + 8);
      }
    }
    return { entry, regs: out.subarray(n), base: base.seq, changed: out.subarray(0, n) };
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
