// The shape of a decoded syscall, and the table entry type of the per-syscall decoders.

import type { Ctx } from './context.js';
import type { Decoded } from './decoded.js';

/**
 * How strace prints the return value (RVAL_*): unsigned decimal (RVAL_UDECIMAL, the default),
 * a pid as a signed int (RVAL_TID/TGID/PGID/SID), hex, octal, a file descriptor (with -y
 * decoration), or nothing but "?" (RVAL_NONE); 'tid': RVAL_TID/RVAL_TGID, with -Y's <comm>; 'ldt': modify_ldt's, whose errors come back as
 * a 32-bit -errno that strace prints unsigned with the error's name.
 */
export type RetFormat = 'u' | 'd' | 'x' | 'o' | 'fd' | 'none' | 'ldt' | 'tid';

export interface CallDecoded {
  /** The name strace prints when it is not the syscall's: i386 socketcall's and ipc's subcall. */
  readonly name?: string;
  readonly args: Decoded[];
  /**
   * Index of the first argument strace prints at the syscall's exit; the ones before it are
   * printed at entry. When args[exitFrom] is a 'changed' node, its `before` part is printed at
   * entry and ` => after` at exit. exitFrom === args.length: everything is printed at entry
   * (strace's RVAL_DECODED).
   */
  readonly exitFrom: number;
  readonly ret?: RetFormat;
  /**
   * The ", " before args[exitFrom] is printed at exit, not at entry (ioctl's and fcntl's
   * output argument, clone's parent_tid...): "ioctl(1, TCGETS <unfinished ...>".
   */
  readonly exitSep?: boolean;
  /**
   * args[exitFrom] continues args[exitFrom - 1] with no ", ": a struct opened at entry and
   * closed at exit (ptrace's PTRACE_SECCOMP_GET_METADATA: "{filter_off=0" then "}").
   */
  readonly exitGlued?: boolean;
  /**
   * strace's RVAL_DECODED at entry: nothing is left to print at exit. Defaults to
   * exitFrom === args.length; false for calls that print only a return comment at exit
   * (poll, fcntl F_GETFD...), which matters for a call that never returns.
   */
  readonly decodedAtEntry?: boolean;
  /** An imported call's text, split where strace split it (see Ctx.imported). */
  readonly text?: { readonly entry: string; readonly exit: string };
  /** RVAL_STR: text strace prints in parentheses after the return value. */
  readonly auxstr?: string | null;
}

export type SyscallDecoder = (c: Ctx) => CallDecoded;

/** All arguments printed at entry. */
export function atEntry(args: Decoded[], ret?: RetFormat, auxstr?: string | null): CallDecoded {
  return { args, exitFrom: args.length, ...(ret ? { ret } : {}), ...(auxstr !== undefined ? { auxstr } : {}) };
}

/** `entry` printed at entry, `exit` at exit. */
export function split(entry: Decoded[], exit: Decoded[], ret?: RetFormat, auxstr?: string | null): CallDecoded {
  return { args: [...entry, ...exit], exitFrom: entry.length, decodedAtEntry: false, ...(ret ? { ret } : {}), ...(auxstr !== undefined ? { auxstr } : {}) };
}
