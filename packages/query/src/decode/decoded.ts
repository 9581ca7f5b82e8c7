// The value tree a decoded syscall is made of. Leaves carry the exact text strace prints for
// them (which depends on the render options: -X, -x, -s...), so that the strace printer is a
// plain walk of the tree, and JSON output can serialise the same tree with the raw values.
// bigint fields must be converted by JSON serialisers (e.g. to decimal strings).

export type Decoded =
  /** A number: `text` is how strace prints it (decimal, 0x hex, 0 octal, 8192*1024...). */
  | { readonly kind: 'int'; readonly value: bigint; readonly text: string }
  /** An address strace does not follow: NULL or 0x.... */
  | { readonly kind: 'ptr'; readonly value: bigint; readonly text: string }
  /** A string or buffer read from the tracee; `text` is quoted ("..." and maybe a trailing ...). */
  | { readonly kind: 'str'; readonly bytes: Buffer; readonly truncated: boolean; readonly text: string }
  /** A flag set: the names found, what is left over, and the printed form (A|B|0x40). */
  | { readonly kind: 'flags'; readonly value: bigint; readonly names: readonly string[]; readonly rest: bigint; readonly text: string }
  /** A named constant (null name: not in the table, printed as a number). */
  | { readonly kind: 'const'; readonly value: bigint; readonly name: string | null; readonly text: string }
  /** {a=1, b=2} (fields without a name print just their value); `more` adds ", ...". */
  | { readonly kind: 'struct'; readonly fields: readonly Field[]; readonly more?: boolean }
  /** [a, b] ([a b] with sep ' ', for signal sets and bit sets); `more` adds "..." as the last item. */
  | { readonly kind: 'array'; readonly items: readonly Decoded[]; readonly more?: boolean; readonly sep?: string; readonly prefix?: string }
  /** A value the call changed: `before => after` (after null: not printed). */
  | { readonly kind: 'changed'; readonly before: Decoded; readonly after: Decoded | null }
  /** `value /* comment *\/`. */
  | { readonly kind: 'comment'; readonly value: Decoded; readonly comment: string }
  /** Several values printed next to each other (e.g. a pointer and a comment, fd<path>). */
  | { readonly kind: 'seq'; readonly items: readonly Decoded[] }
  /** Anything else, as strace prints it. */
  | { readonly kind: 'raw'; readonly text: string };

export interface Field {
  readonly name: string | null;
  readonly value: Decoded;
}

export function format(d: Decoded): string {
  switch (d.kind) {
    case 'int':
    case 'ptr':
    case 'str':
    case 'flags':
    case 'const':
    case 'raw':
      return d.text;
    case 'struct': {
      const parts = d.fields.map((f) => (f.name === null ? format(f.value) : `${f.name}=${format(f.value)}`));
      if (d.more) parts.push('...');
      return `{${parts.join(', ')}}`;
    }
    case 'array': {
      const parts = d.items.map(format);
      if (d.more) parts.push('...');
      return `${d.prefix ?? ''}[${parts.join(d.sep ?? ', ')}]`;
    }
    case 'changed':
      return d.after === null ? format(d.before) : `${format(d.before)} => ${format(d.after)}`;
    case 'comment':
      return `${format(d.value)} /* ${d.comment} */`;
    case 'seq':
      return d.items.map(format).join('');
  }
}

// ---- constructors ----

export const raw = (text: string): Decoded => ({ kind: 'raw', text });
export const int = (value: bigint | number, text?: string): Decoded => {
  const v = BigInt(value);
  return { kind: 'int', value: v, text: text ?? v.toString() };
};
export const hexInt = (value: bigint | number): Decoded => {
  const v = BigInt.asUintN(64, BigInt(value));
  return { kind: 'int', value: v, text: v === 0n ? '0' : `0x${v.toString(16)}` };
};
export const octInt = (value: bigint | number): Decoded => {
  const v = BigInt(value);
  return { kind: 'int', value: v, text: v === 0n ? '0' : `0${v.toString(8)}` };
};
export const ptr = (value: bigint): Decoded => {
  const v = BigInt.asUintN(64, value);
  return { kind: 'ptr', value: v, text: v === 0n ? 'NULL' : `0x${v.toString(16)}` };
};
export const struct = (fields: [string | null, Decoded][], more = false): Decoded => ({
  kind: 'struct',
  fields: fields.map(([name, value]) => ({ name, value })),
  ...(more ? { more } : {}),
});
export const array = (items: Decoded[], more = false): Decoded => ({ kind: 'array', items, ...(more ? { more } : {}) });
export const seq = (...items: Decoded[]): Decoded => ({ kind: 'seq', items });
export const withComment = (value: Decoded, comment: string): Decoded => ({ kind: 'comment', value, comment });
export const changed = (before: Decoded, after: Decoded | null): Decoded => ({ kind: 'changed', before, after });
