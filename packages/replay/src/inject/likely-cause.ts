import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { regOffset } from '@tracedb/native';
import { quoteText } from '@tracedb/native/terminal';
import type { Recording } from '@tracedb/query';

// Causes of a divergence found in the recording itself, named when the loop saw none closer.

/** What differs between two runs of a recording made without --replayable, whatever its inputs. */
const UNCONTROLLED = 'the recording was made without --replayable: what the program reads without a syscall (the clock through the vDSO, rdtsc, AT_RANDOM) differs between runs';

/** Lowest stack top a program gets with ASLR off (x86_64: just below 0x7ffffffff000, less its arguments and environment). */
const NO_ASLR_STACK = 0x7ffffff00000n;

/** A recording made with ASLR on: its first stack pointer, after the exec, is lower than any without. */
function aslrWasOn(r: Recording): string | null {
  const regs = r.db
    .prepare('SELECT s.regs FROM stops s JOIN syscall c ON s.seq = c.exit_seq WHERE c.nr = 59 AND c.ret = 0 ORDER BY c.id LIMIT 1')
    .pluck()
    .get() as Buffer | null | undefined;
  if (!regs || regs.length < regOffset.rsp + 8) return null;
  const sp = regs.readBigUInt64LE(regOffset.rsp);
  return sp < NO_ASLR_STACK ? `the recording was made with ASLR on (its stack at 0x${sp.toString(16)}): addresses differ in every run; record with setarch -R or --replayable` : null;
}

/** The recorded executable, rebuilt or replaced since. */
function executableChanged(r: Recording): string | null {
  const { exe_path: path, exe_sha256: want } = r.row;
  if (path === null || want === null) return null;
  try {
    const got = createHash('sha256').update(readFileSync(path)).digest('hex');
    return got === want ? null : `${quoteText(path)} changed since the recording (its sha256 differs)`;
  } catch {
    return `${quoteText(path)} is gone since the recording`;
  }
}

/** The likeliest cause the recording shows for a divergence, if any. */
export function likelyCause(r: Recording, replayable: boolean): string | null {
  return executableChanged(r) ?? aslrWasOn(r) ?? (replayable ? null : UNCONTROLLED);
}
