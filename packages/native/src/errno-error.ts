import { errnoTable } from './generated/errno-table.js';

const byNumber = new Map(errnoTable.map((e) => [e.num, e]));

/** The name strace prints for an errno value: `ENOENT`, or `E123` when unknown. */
export function errnoName(errno: number): string {
  return byNumber.get(errno)?.name ?? `E${errno}`;
}

/** glibc's strerror() text for an errno value. */
export function errnoMessage(errno: number): string {
  return byNumber.get(errno)?.message ?? `Unknown error ${errno}`;
}

/** A libc call failed; `errno` is the value it set. */
export class ErrnoError extends Error {
  readonly code: string;
  constructor(
    readonly call: string,
    readonly errno: number,
  ) {
    super(`${call}: ${errnoMessage(errno)}`);
    this.name = 'ErrnoError';
    this.code = errnoName(errno);
  }
}
