import { captureTable, captureTableI386, parseCaptureSpec, pathArgs, selectCaptureTable, selectCaptureTableI386, syscallTable, syscallTableI386 } from '@tracedb/native';
import type { CaptureSpec, SelectCapture, SyscallDef } from '@tracedb/native';

export interface ArgCapture {
  readonly arg: number;
  readonly spec: CaptureSpec;
}

export interface SelectedArgCapture {
  readonly arg: number;
  readonly selector: number;
  readonly mask: number;
  readonly cases: ReadonlyMap<number, CaptureSpec>;
  readonly otherwise: CaptureSpec | undefined;
}

const none: readonly ArgCapture[] = [];

/**
 * What an i386 call's memory can be read as with the x86_64 capture table: for a call with the
 * x86_64 call's very arguments (fanotify_mark, lookup_dcookie, clone... have others), strings and
 * buffers whose length is an argument or the return value. Structs, pointer vectors, iovecs and
 * msghdrs have other layouts in the i386 ABI: the i386 table (captureTableI386) gives those it
 * reads; the others are left unread (trace-q prints their addresses).
 */
const x86_64Args = new Map(syscallTable.map((d) => [d.name, JSON.stringify(d.args)]));
const sameArgsInI386 = new Set(syscallTableI386.filter((d) => x86_64Args.get(d.name) === JSON.stringify(d.args)).map((d) => d.name));

function sameInI386(spec: CaptureSpec): boolean {
  if (spec.kind === 'cstr') return true;
  return spec.kind === 'bytes' && (spec.len.kind === 'arg' || spec.len.kind === 'ret') && spec.len.scale === 1;
}

/** The capture table compiled into per-number arrays for the tracing loop. */
export class CapturePlan {
  readonly entry: (readonly ArgCapture[])[] = [];
  readonly exit: (readonly ArgCapture[])[] = [];
  readonly selected: (readonly SelectedArgCapture[] | undefined)[] = [];
  /** Index of the argument that the `path` column shows, -1 where there is none. */
  readonly pathArg: number[];
  /** The plan for i386 calls (int $0x80), by i386 number; null in that plan itself. */
  readonly i386: CapturePlan | null;
  /** The size of a long and a pointer: of an iovec's and a msghdr's fields, of an fd_set's words. */
  readonly word: 4 | 8;
  /** Syscall numbers by name (socketcall's subcalls are read by their own syscall's row). */
  readonly nrOf: ReadonlyMap<string, number>;

  constructor(table: readonly SyscallDef[], abi: 'x86_64' | 'i386' = 'x86_64') {
    this.i386 = abi === 'x86_64' ? new CapturePlan(syscallTableI386, 'i386') : null;
    this.word = abi === 'x86_64' ? 8 : 4;
    const byName = new Map(table.map((d) => [d.name, d.nr]));
    this.nrOf = byName;
    this.pathArg = pathArgs(table);
    for (const d of table) {
      this.entry[d.nr] = none;
      this.exit[d.nr] = none;
    }
    // [name, row, borrowed from x86_64's table (only its strings and plain buffers apply)]
    type Row = readonly [string, Readonly<Record<number, string>>, boolean];
    const rows: Row[] =
      abi === 'x86_64'
        ? Object.entries(captureTable).map(([n, a]) => [n, a, false] as const)
        : [
            ...Object.entries(captureTable)
              .filter(([n]) => !Object.hasOwn(captureTableI386, n) && sameArgsInI386.has(n))
              .map(([n, a]) => [n, a, true] as const),
            ...Object.entries(captureTableI386).map(([n, a]) => [n, a, false] as const),
          ];
    for (const [name, args, borrowed] of rows) {
      const nr = byName.get(name);
      if (nr === undefined) continue;
      const entry: ArgCapture[] = [];
      const exit: ArgCapture[] = [];
      for (const [argText, text] of Object.entries(args)) {
        const arg = Number(argText);
        const spec = parseCaptureSpec(text);
        if (borrowed && !sameInI386(spec)) continue;
        if (spec.at === 'entry' || spec.at === 'both') entry.push({ arg, spec });
        if (spec.at === 'exit' || spec.at === 'both') exit.push({ arg, spec });
      }
      this.entry[nr] = entry;
      this.exit[nr] = exit;
    }
    const select: readonly SelectCapture[] = abi === 'i386' ? selectCaptureTableI386 : selectCaptureTable;
    for (const s of select) {
      const nr = byName.get(s.syscall);
      if (nr === undefined) continue;
      const cases = new Map(Object.entries(s.cases).map(([k, v]) => [Number(k), parseCaptureSpec(v)] as const));
      const list = (this.selected[nr] ??= []) as SelectedArgCapture[];
      const otherwise = s.otherwise === undefined ? undefined : parseCaptureSpec(s.otherwise);
      list.push({ arg: s.arg, selector: s.selector, mask: s.mask ?? 0xffffffff, cases, otherwise });
    }
  }
}

/** What the recording writer needs of a plan: the argument each call's `path` column shows, per ABI. */
export interface PathColumns {
  readonly pathArg: readonly number[];
  readonly i386: { readonly pathArg: readonly number[] } | null;
}

/** The path columns alone, as a CapturePlan has them, without compiling the capture table (~10 ms). */
export function pathColumns(): PathColumns {
  return { pathArg: pathArgs(syscallTable), i386: { pathArg: pathArgs(syscallTableI386) } };
}
