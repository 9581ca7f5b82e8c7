// decodeSyscall: one syscall of a recording as strace would print it, as a value tree.

import { withRecordedInterfaces } from '../render/recorded-interfaces.js';
import type BetterSqlite3 from 'better-sqlite3';
import { I386_KEY, syscallKey, unknownSyscallName } from '@tracedb/native';
import { splitArgs } from '../import/strace-args.js';
import type { RenderOptions } from '../render/render-options.js';
import { callOptions, defaultRenderOptions } from '../render/render-options.js';
import type { SyscallRow } from '../render/syscall-row.js';
import type { CallDecoded, SyscallDecoder } from './call.js';
import type { FdResolver, ImportedText, MemPart } from './context.js';
import { Ctx, StopMemory } from './context.js';
import type { Decoded } from './decoded.js';
import { format, raw } from './decoded.js';
import { errorReturnText, rawErrorText } from './errno.js';
import { i386Aliases, i386Decoders, i386Multiplexers, i386SameDecoders } from './i386-decoders.js';
import { fileMiscDecoders } from './file-misc-decoders.js';
import { credsDecoders } from './creds-decoders.js';
import { fanotifyDecoders } from './fanotify-decoders.js';
import { keysDecoders } from './keys-decoders.js';
import { modulesDecoders } from './modules-decoders.js';
import { timersDecoders } from './timers-decoders.js';
import { landlockDecoders } from './landlock-decoders.js';
import { mempolicyDecoders } from './mempolicy-decoders.js';
import { mountDecoders } from './mount-decoders.js';
import { ldtDecoders } from './ldt-decoders.js';
import { timexDecoders } from './timex-decoders.js';
import { handleQuotaDecoders } from './handle-quota-decoders.js';
import { mmsgDecoders } from './mmsg-decoders.js';
import { obsoleteDecoders } from './obsolete-decoders.js';
import { mqDecoders } from './mq-decoders.js';
import { aioDecoders } from './aio-decoders.js';
import { processDecoders } from './process-decoders.js';
import { bpfDecoders } from './bpf-decoders.js';
import { ioUringDecoders } from './io-uring-decoders.js';
import { perfDecoders } from './perf-decoders.js';
import { ptraceDecoders } from './ptrace-decoders.js';
import { seccompDecoders } from './seccomp-decoders.js';
import { schedDecoders } from './sched-decoders.js';
import { systemDecoders } from './system-decoders.js';
import { sysvIpcDecoders } from './sysv-ipc-decoders.js';
import { fsDecoders } from './sys-fs.js';
import { ioDecoders } from './sys-io.js';
import { nargs, otherDecoders, printargs } from './sys-other.js';
import { socketDecoders } from './socket-decoders.js';
import { sockoptDecoders } from './sockopt-decoders.js';

export type { Decoded, Field } from './decoded.js';
export { format } from './decoded.js';
export type { CallDecoded, RetFormat } from './call.js';

/** strace's per-syscall decoders, by syscall name. Syscalls missing here print their arguments in hex (printargs). */
export const syscallDecoders: Readonly<Record<string, SyscallDecoder>> = {
  ...fsDecoders,
  ...otherDecoders,
  ...ioDecoders,
  ...socketDecoders,
  ...sockoptDecoders,
  ...fileMiscDecoders,
  ...processDecoders,
  ...mountDecoders,
  ...landlockDecoders,
  ...mempolicyDecoders,
  ...keysDecoders,
  ...credsDecoders,
  ...schedDecoders,
  ...systemDecoders,
  ...timersDecoders,
  ...modulesDecoders,
  ...fanotifyDecoders,
  ...sysvIpcDecoders,
  ...mqDecoders,
  ...aioDecoders,
  ...ldtDecoders,
  ...obsoleteDecoders,
  ...timexDecoders,
  ...handleQuotaDecoders,
  ...mmsgDecoders,
  ...ptraceDecoders,
  ...seccompDecoders,
  ...perfDecoders,
  ...ioUringDecoders,
  ...bpfDecoders,
};

/** Decodes with the memory already at hand (the renderer's path). */
export function decodeCall(c: Ctx): CallDecoded {
  if (c.imported !== undefined) return importedCall(c.imported);
  const name = c.row.name;
  // -e raw=: printargs at entry, nothing at exit (strace: raw(tcp))
  if (c.opts.raw) return { ...(c.row.abi === 'i386' && name !== null && Object.hasOwn(i386Multiplexers, name) ? i386Multiplexers[name](c) : printargs(c)), ret: 'x' };
  const dec = (name !== null && (c.row.abi === 'i386' ? i386Decoder(name) : syscallDecoders[name])) || printargs;
  void nargs;
  return dec(c);
}

/**
 * The key of a row's syscall in -e sets (syscallKey), knowing its entry memory: strace names an
 * i386 socketcall after its subcall only when it could read the subcall's argument array.
 */
export function callKey(row: SyscallRow, entryMem: StopMemory): number {
  if (row.abi === 'i386' && row.nr === 102) {
    const m = entryMem.get(1, 0);
    if (!m || m.data === null || m.truncated) return I386_KEY + row.nr;
  }
  return syscallKey(row);
}

/** The decoder of an i386 call (int $0x80), if it has one. */
export function i386Decoder(name: string): SyscallDecoder | undefined {
  if (Object.hasOwn(i386Decoders, name)) return i386Decoders[name];
  if (Object.hasOwn(i386Aliases, name)) return syscallDecoders[i386Aliases[name]];
  return i386SameDecoders.has(name) ? syscallDecoders[name] : undefined;
}

/** An imported syscall prints what strace printed, cut where strace cut it; each argument is its text. */
function importedCall(t: ImportedText): CallDecoded {
  const entry = t.split === null ? t.args : t.args.slice(0, t.split);
  const exit = t.split === null ? '' : t.args.slice(t.split);
  const args = splitArgs(t.args).map(raw);
  return { args, exitFrom: t.split === null ? args.length : 0, text: { entry, exit }, decodedAtEntry: t.split === null };
}

/** strace's text of the return value, after "= " (errors and ERESTART* included), or "?" when it never returned. */
export function returnText(c: Ctx, d: CallDecoded): string {
  if (c.imported !== undefined) return c.imported.ret ?? '?';
  const ret = c.ret;
  if (ret === null) return '?';
  let text: string;
  if (c.failed && c.opts.raw) {
    text = rawErrorText(Number(-ret));
  } else if (c.failed && d.ret !== 'none') {
    text = errorReturnText(Number(-ret));
  } else {
    const u = BigInt.asUintN(64, ret);
    switch (d.ret ?? 'u') {
      case 'none':
        text = '?';
        break;
      case 'x':
        text = u === 0n ? '0' : `0x${u.toString(16)}`;
        break;
      case 'o':
        text = u === 0n ? '000' : '0' + u.toString(8).padStart(2, '0');
        break;
      case 'd':
        text = BigInt.asIntN(32, ret).toString();
        break;
      case 'tid':
        text = format(c.pid(Number(BigInt.asIntN(32, ret)), 'tid'));
        break;
      case 'fd':
        text = u <= 0x7fffffffn ? format(c.fd(Number(u), 'exit')) : BigInt.asIntN(64, ret).toString();
        break;
      case 'ldt':
        text = u >= 0xfffff000n && u <= 0xffffffffn ? `${u} ${errorReturnText(Number(0x100000000n - u)).replace(/^-1 /, '')}` : u.toString();
        break;
      default:
        text = u.toString();
    }
  }
  if (d.auxstr) text += ` (${d.auxstr})`;
  return text;
}

/** The memory captured at one stop. */
export function loadStopMemory(db: BetterSqlite3.Database, seq: number | null): StopMemory {
  if (seq === null) return StopMemory.empty;
  const rows = stmtFor(db).all(seq) as { arg: bigint; part: bigint; addr: bigint; size: bigint; data: Buffer | null; truncated: bigint }[];
  if (rows.length === 0) return StopMemory.empty;
  const m = new Map<number, MemPart>();
  for (const r of rows) {
    m.set(StopMemory.key(Number(r.arg), Number(r.part)), {
      addr: BigInt.asUintN(64, r.addr),
      size: Number(r.size),
      data: r.data,
      truncated: r.truncated !== 0n,
    });
  }
  return new StopMemory(m);
}

/** The text an imported strace log had for a syscall (undefined in a recording made by trace-rec). */
const importedTexts = new WeakMap<BetterSqlite3.Database, ((id: number) => ImportedText | undefined) | null>();
function importedText(db: BetterSqlite3.Database, id: number): ImportedText | undefined {
  let get = importedTexts.get(db);
  if (get === undefined) {
    const mode = db.prepare('SELECT mode FROM recording').pluck().get();
    const stmt = mode === 'import' ? db.prepare('SELECT args, split, ret FROM syscall_text WHERE id = ?') : null;
    get = stmt === null ? null : (n: number) => stmt.get(n) as ImportedText | undefined;
    importedTexts.set(db, get);
  }
  return get?.(id);
}

const stmts = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();
function stmtFor(db: BetterSqlite3.Database): BetterSqlite3.Statement {
  let s = stmts.get(db);
  if (!s) {
    s = db.prepare('SELECT arg, part, addr, size, data, truncated FROM memory WHERE seq = ?').safeIntegers(true);
    stmts.set(db, s);
  }
  return s;
}

export interface DecodedSyscall {
  /** The syscall name as strace prints it (syscall_NNN for an unknown number). */
  name: string;
  args: Decoded[];
  /** The return value as a tree (null when the syscall never returned). */
  ret: Decoded | null;
  /** strace's text after "= ": "3", "-1 ENOENT (No such file or directory)", "0x7f...", "?"... */
  retText: string;
  /** Index of the first argument strace prints when the syscall returns. */
  exitFrom: number;
}

/** Decodes one row of the syscalls view (for --format json and other random access). */
export function decodeSyscall(
  db: BetterSqlite3.Database,
  row: SyscallRow,
  opts: RenderOptions = defaultRenderOptions,
  fds: FdResolver | null = null,
): DecodedSyscall {
  const entryMem = loadStopMemory(db, row.entry_seq);
  const c = new Ctx(row, entryMem, loadStopMemory(db, row.exit_seq), callOptions(withRecordedInterfaces(db, opts), callKey(row, entryMem)), fds);
  const text = importedText(db, Number(row.id));
  if (text !== undefined) c.imported = text;
  const d = decodeCall(c);
  const retText = returnText(c, d);
  const ret: Decoded | null =
    row.ret === null ? null : c.failed ? { kind: 'int', value: row.ret, text: retText } : { kind: 'int', value: row.ret, text: retText.split(' ')[0] };
  return { name: d.name ?? syscallName(row), args: d.args, ret, retText, exitFrom: d.exitFrom };
}

export function syscallName(row: SyscallRow): string {
  return row.name ?? unknownSyscallName(row.nr, row.abi ?? 'x86_64');
}
