// A netlink buffer as strace reads it: umove at addresses inside the memory the recorder
// captured for one buffer argument (its first `data.length` bytes from `base`).

import type { Ctx } from '../context.js';
import type { Decoded } from '../decoded.js';
import { ptr, raw } from '../decoded.js';
import { printstrEx, QUOTE_FORCE_HEX } from '../quote.js';

export class NlMemory {
  constructor(
    readonly c: Ctx,
    readonly base: bigint,
    private readonly data: Buffer | null,
  ) {}

  /** umoven: the `size` bytes at `addr`, or null where strace's read would have failed. */
  read(addr: bigint, size: number): Buffer | null {
    if (this.data === null) return null;
    const off = Number(addr - this.base);
    if (off < 0 || off + size > this.data.length) return null;
    return this.data.subarray(off, off + size);
  }

  /** umove_or_printaddr: the bytes, or the address to print instead. */
  readOr(addr: bigint, size: number): Buffer | Decoded {
    return this.read(addr, size) ?? ptr(addr);
  }

  /** printstr_ex of `len` bytes at `addr` (-s limit, "..." after it). */
  str(addr: bigint, len: number, style = QUOTE_FORCE_HEX): Decoded {
    if (len === 0) return raw('""');
    const off = Number(addr - this.base);
    const bytes = this.data === null || off < 0 ? null : this.data.subarray(off, off + len);
    const text = printstrEx(bytes, BigInt(len), style, this.c.opts.stringLimit, this.c.opts.hex);
    return text === null ? ptr(addr) : raw(text);
  }
}

export const isBytes = (x: Buffer | Decoded): x is Buffer => Buffer.isBuffer(x);
