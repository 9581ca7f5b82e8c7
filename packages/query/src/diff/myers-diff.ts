/** Which elements of each sequence are not part of the common subsequence. */
export interface EditScript {
  /** 1 where a[i] was deleted. */
  readonly deleted: Uint8Array;
  /** 1 where b[j] was inserted. */
  readonly inserted: Uint8Array;
}

/** A run of the edit script: `equal` pairs a[aStart..aEnd) with b[bStart..bEnd); otherwise a[aStart..aEnd) became b[bStart..bEnd). */
export interface EditBlock {
  readonly equal: boolean;
  readonly aStart: number;
  readonly aEnd: number;
  readonly bStart: number;
  readonly bEnd: number;
}

export interface MyersOptions {
  /**
   * Edit cost after which one middle-snake search settles for the furthest-reaching diagonal
   * (GNU diff's heuristic). Keeps the worst case near O((N+M)·limit) for unrelated sequences;
   * the script stays valid, only possibly not minimal. Default: max(4096, ~sqrt(N+M)·2).
   */
  readonly costLimit?: number;
}

/**
 * Myers' O((N+M)·D) difference algorithm in linear space (the divide-and-conquer form that
 * GNU diff uses): sequences of small integers in, an edit script out. Keys are compared with
 * `===`, so callers intern what they compare (see KeyInterner).
 *
 * @example
 * const { deleted, inserted } = myersDiff(Int32Array.of(1, 2, 3), Int32Array.of(1, 3, 4));
 * // deleted = [0, 1, 0], inserted = [0, 0, 1]
 */
export function myersDiff(a: Int32Array, b: Int32Array, opts: MyersOptions = {}): EditScript {
  const n = a.length;
  const m = b.length;
  const deleted = new Uint8Array(n);
  const inserted = new Uint8Array(m);
  const size = n + m + 3;
  // fd/bd are indexed by diagonal k = x - y, which runs from -m-1 to n+1.
  const fd = new Int32Array(size);
  const bd = new Int32Array(size);
  const off = m + 1;
  let limit = 1;
  for (let diags = n + m + 3; diags !== 0; diags >>= 2) limit <<= 1;
  const costLimit = opts.costLimit ?? Math.max(4096, limit);

  /** The middle of an optimal (or, past costLimit, a good) path from (xoff, yoff) to (xlim, ylim). */
  const middle = (xoff: number, xlim: number, yoff: number, ylim: number): [number, number] => {
    const dmin = xoff - ylim;
    const dmax = xlim - yoff;
    const fmid = xoff - yoff;
    const bmid = xlim - ylim;
    let fmin = fmid;
    let fmax = fmid;
    let bmin = bmid;
    let bmax = bmid;
    const odd = ((fmid - bmid) & 1) !== 0;
    fd[fmid + off] = xoff;
    bd[bmid + off] = xlim;
    for (let c = 1; ; c++) {
      if (fmin > dmin) fd[--fmin - 1 + off] = -1;
      else ++fmin;
      if (fmax < dmax) fd[++fmax + 1 + off] = -1;
      else --fmax;
      for (let d = fmax; d >= fmin; d -= 2) {
        const lo = fd[d - 1 + off];
        const hi = fd[d + 1 + off];
        let x = lo >= hi ? lo + 1 : hi;
        let y = x - d;
        while (x < xlim && y < ylim && a[x] === b[y]) {
          x++;
          y++;
        }
        fd[d + off] = x;
        if (odd && bmin <= d && d <= bmax && bd[d + off] <= x) return [x, y];
      }
      if (bmin > dmin) bd[--bmin - 1 + off] = 0x7fffffff;
      else ++bmin;
      if (bmax < dmax) bd[++bmax + 1 + off] = 0x7fffffff;
      else --bmax;
      for (let d = bmax; d >= bmin; d -= 2) {
        const lo = bd[d - 1 + off];
        const hi = bd[d + 1 + off];
        let x = lo < hi ? lo : hi - 1;
        let y = x - d;
        while (x > xoff && y > yoff && a[x - 1] === b[y - 1]) {
          x--;
          y--;
        }
        bd[d + off] = x;
        if (!odd && fmin <= d && d <= fmax && x <= fd[d + off]) return [x, y];
      }
      if (c >= costLimit) return bestEffort(xoff, xlim, yoff, ylim, fmin, fmax, bmin, bmax);
    }
  };

  const bestEffort = (
    xoff: number, xlim: number, yoff: number, ylim: number,
    fmin: number, fmax: number, bmin: number, bmax: number,
  ): [number, number] => {
    let fBest = -1;
    let fx = xoff;
    for (let d = fmax; d >= fmin; d -= 2) {
      let x = Math.min(fd[d + off], xlim);
      let y = x - d;
      if (y > ylim) {
        x = ylim + d;
        y = ylim;
      }
      if (x + y > fBest) {
        fBest = x + y;
        fx = x;
      }
    }
    let bBest = 0x7fffffff;
    let bx = xlim;
    for (let d = bmax; d >= bmin; d -= 2) {
      let x = Math.max(xoff, bd[d + off]);
      let y = x - d;
      if (y < yoff) {
        x = yoff + d;
        y = yoff;
      }
      if (x + y < bBest) {
        bBest = x + y;
        bx = x;
      }
    }
    return xlim + ylim - bBest < fBest - (xoff + yoff) ? [fx, fBest - fx] : [bx, bBest - bx];
  };

  // An explicit stack: the recursion can be as deep as the number of edits.
  const stack: number[] = [0, n, 0, m];
  while (stack.length > 0) {
    let ylim = stack.pop()!;
    let yoff = stack.pop()!;
    let xlim = stack.pop()!;
    let xoff = stack.pop()!;
    while (xoff < xlim && yoff < ylim && a[xoff] === b[yoff]) {
      xoff++;
      yoff++;
    }
    while (xlim > xoff && ylim > yoff && a[xlim - 1] === b[ylim - 1]) {
      xlim--;
      ylim--;
    }
    if (xoff === xlim) {
      inserted.fill(1, yoff, ylim);
    } else if (yoff === ylim) {
      deleted.fill(1, xoff, xlim);
    } else {
      const [xmid, ymid] = middle(xoff, xlim, yoff, ylim);
      // A best-effort split can land on a corner; force progress so the stack always shrinks.
      if ((xmid === xoff && ymid === yoff) || (xmid === xlim && ymid === ylim)) {
        deleted.fill(1, xoff, xlim);
        inserted.fill(1, yoff, ylim);
        continue;
      }
      stack.push(xmid, xlim, ymid, ylim, xoff, xmid, yoff, ymid);
    }
  }
  return { deleted, inserted };
}

/** The edit script as alternating runs of equal and changed elements, in order. */
export function editBlocks(script: EditScript): EditBlock[] {
  const { deleted, inserted } = script;
  const blocks: EditBlock[] = [];
  let i = 0;
  let j = 0;
  const n = deleted.length;
  const m = inserted.length;
  while (i < n || j < m) {
    const i0 = i;
    const j0 = j;
    while (i < n && j < m && !deleted[i] && !inserted[j]) {
      i++;
      j++;
    }
    if (i > i0) blocks.push({ equal: true, aStart: i0, aEnd: i, bStart: j0, bEnd: j });
    const i1 = i;
    const j1 = j;
    while (i < n && deleted[i]) i++;
    while (j < m && inserted[j]) j++;
    if (i > i1 || j > j1) blocks.push({ equal: false, aStart: i1, aEnd: i, bStart: j1, bEnd: j });
    else if (i === i1 && j === j1 && (i < n || j < m)) {
      // Only possible when one side ran out: the rest of the other is all changes.
      throw new Error('edit script does not cover both sequences');
    }
  }
  return blocks;
}

/** Gives each distinct string a small integer, shared by both sides of a diff. */
export class KeyInterner {
  private readonly ids = new Map<string, number>();

  id(key: string): number {
    let v = this.ids.get(key);
    if (v === undefined) {
      v = this.ids.size;
      this.ids.set(key, v);
    }
    return v;
  }
}
