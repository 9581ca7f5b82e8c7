/**
 * How strace names a number no table has: syscall_0x and the register unsigned, 64 bits wide for
 * an x86_64 call (syscall(-5): syscall_0xfffffffffffffffb), 32 for an i386 one (int $0x80 gives
 * eax zero-extended). Recordings keep the number as the signed 32 bits of orig_rax it is read as.
 */
export function unknownSyscallName(nr: number, abi: 'x86_64' | 'i386' = 'x86_64'): string {
  const unsigned = abi === 'i386' ? BigInt(nr >>> 0) : BigInt.asUintN(64, BigInt(nr));
  return `syscall_0x${unsigned.toString(16)}`;
}

/** The number a recording keeps for a name unknownSyscallName gives (strace's logs also have syscall_N in decimal); null for another name. */
export function unknownSyscallNr(name: string): number | null {
  const m = /^syscall_(0x[0-9a-f]+|\d+)$/.exec(name);
  return m ? Number(BigInt.asIntN(32, BigInt(m[1]))) : null;
}
