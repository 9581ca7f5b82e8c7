import type { Decoded } from './decoded.js';
import { array, raw } from './decoded.js';

/**
 * The loop of strace's print_array: up to `count` elements of `size` bytes read at `addr` (`data`,
 * as captured), each printed by `item`. An element past what was captured ends the list with its
 * address, one past `limit` with "...". Null when not even the first element was captured.
 */
export function arrayItems(data: Buffer, addr: bigint, count: number, size: number, limit: number, item: (b: Buffer, off: number) => Decoded): Decoded | null {
  const items: Decoded[] = [];
  for (let k = 0; k < count; k++) {
    if ((k + 1) * size > data.length) {
      if (k === 0) return null;
      items.push(raw(`... /* 0x${(addr + BigInt(k * size)).toString(16)} */`));
      break;
    }
    if (k >= limit) return array(items, true);
    items.push(item(data, k * size));
  }
  return array(items);
}
