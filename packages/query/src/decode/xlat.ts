// strace's xlat machinery (src/xlat.c): looking values up in constant tables and printing
// them as names, flag sets or numbers, under -X raw/abbrev/verbose.

import { xlatTables } from '@tracedb/native';
import type { XlatData } from '@tracedb/native';
import type { Decoded } from './decoded.js';

/**
 * One constant table in strace's order (the order decides how a flag set prints), with an
 * index for value lookups (the first entry with a value is the one strace prints).
 */
export interface XlatTable {
  readonly data: readonly (readonly [bigint, string])[];
  readonly byValue: ReadonlyMap<bigint, string>;
  /** The values as 32-bit numbers, when all fit: flag sets below 2^32 are taken apart with them. */
  readonly small: Uint32Array | null;
}

/** A constant table from its entries, in strace's order. */
export function xlatTable(t: XlatData): XlatTable {
  const data = t.map(([v, name]) => [BigInt(v), name] as const);
  const byValue = new Map<bigint, string>();
  for (const [v, name] of data) if (!byValue.has(v)) byValue.set(v, name);
  const small = data.every(([v]) => v >= 0n && v <= 0xffff_ffffn) ? Uint32Array.from(data, ([v]) => Number(v)) : null;
  return { data, byValue, small };
}

type XlatName = Exclude<keyof typeof xlatTables, 'xlatKinds'>;

/**
 * strace's constant tables by strace's names (open_mode_flags, mmap_prot...), generated from
 * the kernel headers by packages/native/scripts/gen-tables.mjs. Each is made when first used:
 * a run prints a few of the hundreds.
 */
export const xlat = {} as { readonly [K in XlatName]: XlatTable };
for (const name of Object.keys(xlatTables) as (XlatName | 'xlatKinds')[]) {
  if (name === 'xlatKinds') continue;
  Object.defineProperty(xlat, name, {
    configurable: true,
    enumerable: true,
    get(): XlatTable {
      const table = xlatTable(xlatTables[name] as XlatData);
      Object.defineProperty(xlat, name, { value: table, enumerable: true });
      return table;
    },
  });
}

export type XlatVerbosity = 'raw' | 'abbrev' | 'verbose';
/** How a number prints when no name does: %#x (0 prints "0"), %u or %d. */
export type XlatFormat = 'x' | 'u' | 'd';

export interface XlatStyle {
  readonly verbosity: XlatVerbosity;
  readonly format?: XlatFormat;
}

export function xlatVal(val: bigint, format: XlatFormat = 'x'): string {
  const u = BigInt.asUintN(64, val);
  switch (format) {
    case 'x':
      return u === 0n ? '0' : `0x${u.toString(16)}`;
    case 'u':
      return u.toString();
    case 'd':
      return BigInt.asIntN(64, val).toString();
  }
}

export function xlookup(x: XlatTable | null | undefined, val: bigint): string | null {
  if (!x) return null;
  return x.byValue.get(BigInt.asUintN(64, val)) ?? null;
}

/** xlookup_le on a sorted table: the entry with the greatest value <= val. */
export function xlookupLe(x: XlatTable, val: bigint): { name: string; value: bigint } | null {
  let best: readonly [bigint, string] | null = null;
  for (const e of x.data) if (e[0] <= val && (best === null || e[0] > best[0])) best = e;
  return best ? { name: best[1], value: best[0] } : null;
}

const comment = (s: string | null | undefined): string => (s ? ` /* ${s} */` : '');

/**
 * printxvals_ex: the name of `val` in the first table that has it, else the number with
 * `dflt` as a comment (e.g. "0x10 /* MADV_??? *\/").
 */
export function sprintxval(val: bigint, dflt: string | null, style: XlatStyle, ...tables: (XlatTable | null)[]): { text: string; name: string | null } {
  const fmt = style.format ?? 'x';
  if (style.verbosity === 'raw') return { text: xlatVal(val, fmt), name: null };
  for (const x of tables) {
    const name = xlookup(x, val);
    if (name !== null) {
      return { text: style.verbosity === 'verbose' ? `${xlatVal(val, fmt)}${comment(name)}` : name, name };
    }
  }
  return { text: `${xlatVal(val, fmt)}${comment(dflt)}`, name: null };
}

/** printflags_ex: "A|B|0x40", "0" or "0 /* dflt *\/" semantics exactly as strace prints them. */
export function sprintflagsEx(
  flags: bigint,
  dflt: string | null,
  style: XlatStyle,
  ...tables: (XlatTable | null)[]
): { text: string; names: string[]; rest: bigint } {
  const fmt = style.format ?? 'x';
  let f = BigInt.asUintN(64, flags);
  if (style.verbosity === 'raw') {
    return { text: f !== 0n || dflt !== null ? xlatVal(f, fmt) : '', names: [], rest: f };
  }
  const verbose = style.verbosity === 'verbose';
  let out = '';
  let n = 0;
  const names: string[] = [];
  if (verbose && f !== 0n) out += xlatVal(f, fmt);
  for (const x of tables) {
    if (!x) continue;
    for (const [v, name] of x.data) {
      if (!(f !== 0n || n === 0)) break;
      if (f === v || (v !== 0n && (f & v) === v)) {
        if (verbose && f === 0n) out += '0';
        if (n++) out += '|';
        else if (verbose) out += ' /* ';
        out += name;
        names.push(name);
        f &= ~v;
      }
      if (f === 0n) break;
    }
  }
  if (n) {
    if (f !== 0n) {
      out += `|${xlatVal(f, fmt)}`;
    }
    if (verbose) out += ' */';
  } else if (f !== 0n) {
    if (!verbose) out += xlatVal(f, fmt);
    out += comment(dflt);
  } else if (dflt !== null) {
    out += '0';
  }
  return { text: out, names, rest: f };
}

/**
 * sprintflags_ex (the string form used inside other printers, e.g. open flags after the
 * access mode): null when nothing is to be printed.
 */
export function sprintflags(prefix: string, x: XlatTable, flags: bigint, sep: string, style: XlatStyle): string | null {
  const fmt = style.format ?? 'x';
  let f = BigInt.asUintN(64, flags);
  let out = prefix;
  if (style.verbosity === 'raw') {
    if (f === 0n) return null;
    return out + sep + xlatVal(f, fmt);
  }
  const verbose = style.verbosity === 'verbose';
  if (f === 0n && x.data.length > 0 && x.data[0][0] === 0n) {
    return out + sep + (verbose ? `0 /* ${x.data[0][1]} */` : x.data[0][1]);
  }
  let s = sep;
  if (verbose && f !== 0n) {
    out += s + xlatVal(f, fmt);
    s = '';
  }
  let found = false;
  const small = f <= 0xffff_ffffn ? x.small : null;
  if (small !== null) {
    // the same walk in 32-bit numbers: BigInt operations cost far more
    let n = Number(f);
    for (let i = 0; i < small.length && n !== 0; i++) {
      const v = small[i];
      if (v !== 0 && (n & v) >>> 0 === v) {
        if (s) out += s;
        else if (verbose) out += ' /* ';
        out += x.data[i][1];
        found = true;
        s = '|';
        n = (n & ~v) >>> 0;
      }
    }
    f = BigInt(n);
  } else {
    for (const [v, name] of x.data) {
      if (f === 0n) break;
      if (v !== 0n && (f & v) === v) {
        if (s) out += s;
        else if (verbose) out += ' /* ';
        out += name;
        found = true;
        s = '|';
        f &= ~v;
      }
    }
  }
  if (f !== 0n) {
    if (s) out += s;
    if (found || !verbose) out += xlatVal(f, fmt);
  } else if (!found) {
    return null;
  }
  if (found && verbose) out += ' */';
  return out !== prefix ? out : null;
}

/** A printxval result as a value-tree node. */
export function xval(val: bigint, dflt: string | null, style: XlatStyle, ...tables: (XlatTable | null)[]): Decoded {
  const r = sprintxval(val, dflt, style, ...tables);
  return { kind: 'const', value: val, name: r.name, text: r.text };
}

/** A printflags result as a value-tree node. */
export function xflags(val: bigint, dflt: string | null, style: XlatStyle, ...tables: (XlatTable | null)[]): Decoded {
  const r = sprintflagsEx(val, dflt, style, ...tables);
  return { kind: 'flags', value: val, names: r.names, rest: r.rest, text: r.text };
}

/** The printxval text alone. */
export function xvalText(val: bigint, dflt: string | null, style: XlatStyle, ...tables: (XlatTable | null)[]): string {
  return sprintxval(val, dflt, style, ...tables).text;
}
