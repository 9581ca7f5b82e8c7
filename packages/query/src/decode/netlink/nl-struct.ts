// The head of most netlink payloads (strace's DECL_NETLINK_*_DECODER pattern): a struct whose
// first byte is an address family, printed whole when the payload holds it ("{family, ...}"
// otherwise), then the attributes that follow it.

import type { Decoded } from '../decoded.js';
import { raw, struct } from '../decoded.js';
import { xval, xlat as X } from '../xlat.js';
import type { NlMemory } from './nl-memory.js';
import { isBytes } from './nl-memory.js';
import type { NlaTable } from './nlattr.js';
import { decodeNlattr } from './nlattr.js';

export interface NlStruct {
  /** The family field's name (ifi_family, udiag_family...). */
  readonly family: string;
  readonly size: number;
  /** The fields after the family, from the struct's bytes. */
  readonly fields: (m: NlMemory, b: Buffer) => [string, Decoded][];
  /** The attributes after the struct (at its size aligned to 4), if any. */
  readonly attrs?: (b: Buffer) => NlaTable;
}

export function nlStruct(m: NlMemory, s: NlStruct, addr: bigint, len: number): Decoded[] {
  const fam = m.read(addr, 1)!;
  const f: [string | null, Decoded][] = [[s.family, xval(BigInt(fam[0]), 'AF_???', m.c.style, X.addrfams)]];
  let b: Buffer | null = null;
  if (len >= s.size) {
    const r = m.readOr(addr, s.size);
    if (isBytes(r)) {
      b = r;
      f.push(...s.fields(m, r));
    } else f.push([null, r]);
  } else f.push([null, raw('...')]);
  const out = [struct(f)];
  const off = (s.size + 3) & ~3;
  if (b !== null && s.attrs && len > off) out.push(decodeNlattr(m, addr + BigInt(off), len - off, s.attrs(b)));
  return out;
}

/** decode_family: a payload of a type with no decoder, {family=AF_..., data="..."}. */
export function familyOnly(m: NlMemory, addr: bigint, len: number): Decoded[] {
  const fam = m.read(addr, 1)!;
  const f: [string, Decoded][] = [['family', xval(BigInt(fam[0]), 'AF_???', m.c.style, X.addrfams)]];
  if (len > 1) f.push(['data', m.str(addr + 1n, len - 1)]);
  return [struct(f)];
}
