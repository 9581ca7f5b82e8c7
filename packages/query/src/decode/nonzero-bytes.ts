// print_nonzero_bytes: the bytes of an extensible struct past the part the decoder knows
// (openat2's open_how, mount_setattr's mount_attr...), printed only when one is not zero.

import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';
import { raw } from './decoded.js';
import { printstrEx, QUOTE_FORCE_HEX } from './quote.js';

const PAGE_SIZE = 4096n;

/** `/* bytes FROM..TO *\/ "\x.."` for the captured struct `b` of `size` bytes, or null when the tail is all zero. */
export function nonzeroBytes(c: Ctx, b: Buffer, from: number, size: bigint): Decoded | null {
  if (size <= BigInt(from)) return null;
  const end = Number(size < PAGE_SIZE ? size : PAGE_SIZE);
  if (b.length < end) return raw(`/* bytes ${from}..${end - 1} */ ???`);
  const tail = b.subarray(from, end);
  if (tail.every((x) => x === 0)) return null;
  return raw(`/* bytes ${from}..${end - 1} */ ${printstrEx(tail, BigInt(tail.length), QUOTE_FORCE_HEX, c.opts.stringLimit, c.opts.hex)}`);
}
