// strace's -e read=SET / -e write=SET (syscall.c: dumpio; util.c: dumpstr, dumpiov_upto):
// after the line of a data syscall on a chosen descriptor, its data as hex and ASCII.

import type { MemPart, StopMemory } from '../decode/context.js';
import type { RenderOptions } from './render-options.js';
import type { SyscallRow } from './syscall-row.js';

/** How a syscall carries its data: one buffer (arg 1, length in arg 2 or the return value), an iovec array, or a msghdr. */
type Carrier = 'buffer' | 'iovec' | 'msghdr';

/** The syscalls strace dumps, by direction (strace's SEN_ cases that trace-rec captures the data of). */
const WRITES: Readonly<Record<string, Carrier>> = {
  write: 'buffer',
  pwrite64: 'buffer',
  sendto: 'buffer',
  writev: 'iovec',
  pwritev: 'iovec',
  pwritev2: 'iovec',
  vmsplice: 'iovec',
  sendmsg: 'msghdr',
};
const READS: Readonly<Record<string, Carrier>> = {
  read: 'buffer',
  pread64: 'buffer',
  recvfrom: 'buffer',
  readv: 'iovec',
  preadv: 'iovec',
  preadv2: 'iovec',
  recvmsg: 'msghdr',
};

/** Where the iovec array of a msghdr argument was captured (the buffers follow it). */
const MSGHDR_IOV_PART = 3;
const MSGHDR_SIZE = 56;
const NO_LIMIT = 2n ** 64n - 1n;

/** The dump lines strace prints after a syscall's line, or none. */
export function dumpIo(row: SyscallRow, entry: StopMemory, exit: StopMemory, opts: RenderOptions): string[] {
  const fd = Number(BigInt.asIntN(32, row.a0 ?? 0n));
  if (fd < 0 || row.name === null) return [];
  const out: string[] = [];
  const w = WRITES[row.name];
  if (w !== undefined && opts.writeFds?.has(fd)) dump(out, w, entry, BigInt.asUintN(64, row.a2 ?? 0n), NO_LIMIT);
  const ret = row.ret;
  if (ret === null || (ret < 0n && ret >= -4095n)) return out;
  const r = READS[row.name];
  if (r !== undefined && opts.readFds?.has(fd)) dump(out, r, exit, BigInt.asUintN(64, row.a2 ?? 0n), ret);
  return out;
}

/** `count`: arg 2 (a buffer's length, an iovec array's size); `size`: the bytes to dump at most (the return value of a read). */
function dump(out: string[], carrier: Carrier, mem: StopMemory, count: bigint, size: bigint): void {
  if (carrier === 'buffer') {
    const len = count < size ? count : size;
    dumpStr(out, mem.get(1, 0), len);
  } else if (carrier === 'iovec') {
    dumpIov(out, mem, 0, count, size);
  } else {
    const h = mem.get(1, 0)?.data;
    if (h && h.length >= MSGHDR_SIZE) dumpIov(out, mem, MSGHDR_IOV_PART, h.readBigUInt64LE(24), size);
  }
}

/** dumpiov_upto: each buffer until `size` bytes are dumped, or a buffer is empty. */
function dumpIov(out: string[], mem: StopMemory, base: number, count: bigint, size: bigint): void {
  const arr = mem.get(1, base)?.data;
  if (!arr || count > 1024n * 1024n) return;
  let left = size;
  for (let i = 0; i < Number(count) && (i + 1) * 16 <= arr.length; i++) {
    let len = arr.readBigUInt64LE(i * 16 + 8);
    if (len > left) len = left;
    if (len === 0n) break;
    left -= len;
    out.push(` * ${len} bytes in buffer ${i}`);
    dumpStr(out, mem.get(1, base + 1 + i), len);
  }
}

/** dumpstr: 16 bytes a line, hex in two groups of 8, then the printable characters. */
function dumpStr(out: string[], part: MemPart | undefined, len: bigint): void {
  if (len === 0n || !part || part.data === null) return;
  const data = part.data;
  const n = Number(len < BigInt(data.length) ? len : BigInt(data.length));
  const width = len > 0x100000n ? 1 + Math.floor(ilog2(len - 1n) / 4) : 5;
  for (let off = 0; off < n; off += 16) {
    let hex = '';
    let text = '';
    for (let i = off; i < off + 16; i++) {
      if (i < n) {
        const b = data[i];
        hex += b.toString(16).padStart(2, '0') + ' ';
        text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else {
        hex += '   ';
        text += ' ';
      }
      if ((i + 1) % 8 === 0) hex += ' ';
    }
    out.push(` | ${off.toString(16).padStart(width, '0')}  ${hex}${text} |`);
  }
  if (BigInt(n) < len) out.push(` | <${len - BigInt(n)} more bytes not captured: trace-rec --capture-bytes>`);
}

function ilog2(v: bigint): number {
  return v.toString(2).length - 1;
}
