const TWO32 = 0x1_0000_0000;
const TWO64 = 2 ** 64;

/**
 * Stores a register value (a non-negative double) as a little-endian u64 without a BigInt.
 * Values from 2^64 - 1024 up round to 2^64 as doubles: they are stored as 0xffffffffffffffff,
 * an address the kernel refuses with EFAULT, as it refuses the register's exact value.
 */
export function writeU64(buf: Buffer, off: number, n: number): void {
  if (n >= TWO64) {
    buf.writeUInt32LE(0xffffffff, off);
    buf.writeUInt32LE(0xffffffff, off + 4);
    return;
  }
  buf.writeUInt32LE(n % TWO32, off);
  buf.writeUInt32LE(Math.floor(n / TWO32), off + 4);
}
