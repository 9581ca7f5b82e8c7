import { errnoName, pathArgs, signalTable, syscallRegs, syscallTable, unknownSyscallName } from '@tracedb/native';
import { quoteText } from '@tracedb/native/terminal';
import type { TraceeMemory } from '@tracedb/native/tracee';

// How a divergence report names the live call, its arguments and results.

const defs = new Map(syscallTable.map((d) => [d.nr, d]));
const pathArg = pathArgs(syscallTable);
const signalNames = new Map(signalTable.map((s) => [s.num, s.name]));
const STRING_LIMIT = 32n; // strace's -s default

export function syscallName(nr: number): string {
  return defs.get(nr)?.name ?? unknownSyscallName(nr);
}

/** A register value as strace prints an untyped one: small numbers and errors in decimal, the rest in hex. */
export function fmt(v: bigint): string {
  const s = BigInt.asIntN(64, v);
  if (s < 0n && s > -4096n) return String(s);
  return v < 4096n ? String(v) : `0x${v.toString(16)}`;
}

/** A return value: -1 with the errno's name for an error. */
export function retText(v: bigint): string {
  return v < 0n && v > -4096n ? `-1 ${errnoName(Number(-v))}` : fmt(BigInt.asUintN(64, v));
}

export function signalName(sig: number): string {
  return signalNames.get(sig) ?? `signal ${sig}`;
}

export function argName(nr: number, i: number): string {
  const a = defs.get(nr)?.args[i];
  return a !== undefined ? `argument ${i + 1} (${a.name})` : `argument ${i + 1}`;
}

/** What a differing argument likely means, from its name in the kernel's prototype. */
export function argHint(nr: number, i: number): string {
  const a = defs.get(nr)?.args[i];
  if (a === undefined) return '';
  if (/fd$/.test(a.name)) return ': a different descriptor';
  if (/count|len|size/.test(a.name)) return ': a different size';
  return '';
}

/** The bytes before the first NUL, or null when there is none. */
export function cString(b: Buffer): Buffer | null {
  const z = b.indexOf(0);
  return z >= 0 ? b.subarray(0, z) : null;
}

export function firstDifference(live: Buffer, rec: Buffer): string {
  let i = 0;
  while (i < live.length && live[i] === rec[i]) i++;
  return `first at byte ${i} of ${rec.length}: ${quoteText(live.subarray(i, i + 16))}, recorded ${quoteText(rec.subarray(i, i + 16))}`;
}

/** A NUL-terminated string of tracee memory (at most 4 KiB), or null when unreadable. */
export function readString(mem: TraceeMemory, pid: number, addr: bigint): Buffer | null {
  const chunks: Buffer[] = [];
  for (let off = 0n; off < 4096n; off += 256n) {
    const b = mem.read(pid, addr + off, 256) ?? mem.read(pid, addr + off, 1);
    if (b === null) break;
    const z = b.indexOf(0);
    if (z >= 0) {
      chunks.push(b.subarray(0, z));
      return Buffer.concat(chunks);
    }
    chunks.push(b);
    if (b.length < 256) break;
  }
  return chunks.length > 0 ? Buffer.concat(chunks) : null;
}

/** The live call as name(arguments): paths and written buffers read from the live memory, the rest raw. */
export function liveCallText(mem: TraceeMemory, pid: number, regs: Buffer): string {
  const nr = Number(regs.readBigInt64LE(syscallRegs.nr));
  const def = defs.get(nr);
  const args: string[] = [];
  for (let i = 0; i < (def?.nargs ?? 6); i++) {
    const v = regs.readBigUInt64LE(syscallRegs.args[i]);
    const written = def !== undefined && /^const (char|void) __user \*$/.test(def.args[i].type) && /^(count|len)$/.test(def.args[i + 1]?.name ?? '');
    if (pathArg[nr] === i) {
      const str = readString(mem, pid, v);
      args.push(str === null ? fmt(v) : quoteText(str));
    } else if (written) {
      const len = regs.readBigUInt64LE(syscallRegs.args[i + 1]);
      const b = mem.read(pid, v, Number(len < STRING_LIMIT ? len : STRING_LIMIT));
      args.push(b === null ? fmt(v) : quoteText(b) + (len > STRING_LIMIT ? '...' : ''));
    } else args.push(fmt(v));
  }
  return `${syscallName(nr)}(${args.join(', ')})`;
}
