import { readProcMem, writeProcMem } from './proc-mem.js';

/** The auxiliary vector's entry types that the tracee controls use (elf.h). */
export const AT_NULL = 0;
export const AT_IGNORE = 1;
export const AT_RANDOM = 25;
export const AT_SYSINFO_EHDR = 33;
/** How many bytes AT_RANDOM points to. */
export const AT_RANDOM_SIZE = 16;

export interface AuxvEntry {
  readonly type: number;
  readonly value: bigint;
  /** Where the (type, value) pair is in the tracee's memory. */
  readonly at: number;
}

const CHUNK = 4096;
/** No sane stack holds more argv + envp pointers than this (it stops a walk through garbage). */
const MAX_WORDS = 1 << 22;

/** Reads 8-byte words upwards from a stack address, a page at a time. */
class StackWords {
  private base = -1;
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly pid: number) {}

  at(addr: number): bigint | null {
    if (this.base < 0 || addr < this.base || addr + 8 > this.base + this.buf.length) {
      const got = readProcMem(this.pid, addr, CHUNK);
      if (got === null || got.length < 8) return null;
      this.base = addr;
      this.buf = got;
    }
    return this.buf.readBigUInt64LE(addr - this.base);
  }
}

/**
 * The auxiliary vector of a process stopped right after execve (its PTRACE_EVENT_EXEC stop, or
 * before it ran any instruction), found on the stack from `rsp`: argc, argv…NULL, envp…NULL,
 * then the (type, value) pairs up to AT_NULL. Null when the stack cannot be read as that.
 */
export function findAuxv(pid: number, rsp: number): AuxvEntry[] | null {
  const words = new StackWords(pid);
  const argc = words.at(rsp);
  if (argc === null || argc > BigInt(MAX_WORDS)) return null;
  let p = rsp + 8 + (Number(argc) + 1) * 8; // past argv and its NULL
  for (let n = 0; ; n++, p += 8) {
    const w = words.at(p);
    if (w === null || n > MAX_WORDS) return null;
    if (w === 0n) break;
  }
  p += 8;
  const out: AuxvEntry[] = [];
  for (;;) {
    const type = words.at(p);
    const value = words.at(p + 8);
    if (type === null || value === null || out.length > 256) return null;
    if (type === BigInt(AT_NULL)) return out;
    out.push({ type: Number(type), value, at: p });
    p += 16;
  }
}

/**
 * Hides the vDSO from the new image: its AT_SYSINFO_EHDR entry becomes AT_IGNORE, so that the C
 * library finds no vDSO and makes clock_gettime, gettimeofday, time and getcpu real syscalls.
 * True when an entry was rewritten.
 */
export function hideVdso(pid: number, rsp: number): boolean {
  const entry = findAuxv(pid, rsp)?.find((e) => e.type === AT_SYSINFO_EHDR);
  if (!entry) return false;
  const type = Buffer.alloc(8);
  type.writeBigUInt64LE(BigInt(AT_IGNORE));
  return writeProcMem(pid, entry.at, type);
}

function atRandomAddress(pid: number, rsp: number): number | null {
  const entry = findAuxv(pid, rsp)?.find((e) => e.type === AT_RANDOM);
  return entry && entry.value !== 0n ? Number(entry.value) : null;
}

/** The 16 random bytes AT_RANDOM points to (stack protector and pointer guard seeds), or null. */
export function readAtRandom(pid: number, rsp: number): Buffer | null {
  const addr = atRandomAddress(pid, rsp);
  if (addr === null) return null;
  const bytes = readProcMem(pid, addr, AT_RANDOM_SIZE);
  return bytes !== null && bytes.length === AT_RANDOM_SIZE ? bytes : null;
}

/** Puts recorded AT_RANDOM bytes in place (a replay, at the exec stop); true when written. */
export function writeAtRandom(pid: number, rsp: number, bytes: Uint8Array): boolean {
  const addr = atRandomAddress(pid, rsp);
  return addr !== null && bytes.length === AT_RANDOM_SIZE && writeProcMem(pid, addr, bytes);
}
