/**
 * How much of a recorded input the kernel really reads, where it is less than the buffer the
 * capture took: a struct sockaddr_un names a path up to its NUL, and the bytes after it are
 * whatever the program's stack held (the stack canary among them, different in every run).
 */
const AF_UNIX = 1;
const SUN_PATH = 2;

type Extent = (data: Buffer) => number;

function sockaddr(data: Buffer): number {
  if (data.length <= SUN_PATH || data.readUInt16LE(0) !== AF_UNIX || data[SUN_PATH] === 0) return data.length; // abstract names use every byte
  const nul = data.indexOf(0, SUN_PATH);
  return nul < 0 ? data.length : nul + 1;
}

/** syscall name → argument → the extent of its input buffer (part 0). */
export const inputExtent: Readonly<Record<string, Readonly<Record<number, Extent>>>> = {
  connect: { 1: sockaddr },
  bind: { 1: sockaddr },
  sendto: { 4: sockaddr },
};
