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

/** What the tracing loop reads of one syscall number's memory. */
export interface SyscallCaptures {
  readonly entry: readonly ArgCapture[];
  readonly exit: readonly ArgCapture[];
  readonly selected: readonly SelectedArgCapture[] | undefined;
}

const nothing: SyscallCaptures = { entry: [], exit: [], selected: undefined };

/**
 * What an i386 call's memory can be read as with the x86_64 capture table: for a call with the
 * x86_64 call's very arguments (fanotify_mark, lookup_dcookie, clone... have others), strings and
 * buffers whose length is an argument or the return value. Structs, pointer vectors, iovecs and
 * msghdrs have other layouts in the i386 ABI: the i386 table (captureTableI386) gives those it
 * reads; the others are left unread (trace-q prints their addresses).
 */
function sameArgsInI386(name: string, i386: SyscallDef): boolean {
  const x86_64 = syscallTable.find((d) => d.name === name);
  return x86_64 !== undefined && JSON.stringify(x86_64.args) === JSON.stringify(i386.args);
}

function sameInI386(spec: CaptureSpec): boolean {
  if (spec.kind === 'cstr') return true;
  return spec.kind === 'bytes' && (spec.len.kind === 'arg' || spec.len.kind === 'ret') && spec.len.scale === 1;
}

/**
 * The capture table compiled per syscall number for the tracing loop, each number when it is
 * first called: compiling all of it took ~8 ms at every start, before the program's first stop.
 */
export class CapturePlan {
  /** The size of a long and a pointer: of an iovec's and a msghdr's fields, of an fd_set's words. */
  readonly word: 4 | 8;
  /** Syscall numbers by name (socketcall's subcalls are read by their own syscall's row). */
  readonly nrOf: ReadonlyMap<string, number>;

  private readonly defs: (SyscallDef | undefined)[] = [];
  private readonly compiled: (SyscallCaptures | undefined)[] = [];
  private selects: Map<string, SelectCapture[]> | null = null;
  private i386Plan: CapturePlan | null = null;
  private pathArgs: number[] | null = null;

  constructor(
    private readonly table: readonly SyscallDef[],
    private readonly abi: 'x86_64' | 'i386' = 'x86_64',
  ) {
    this.word = abi === 'x86_64' ? 8 : 4;
    this.nrOf = new Map(table.map((d) => [d.name, d.nr]));
    for (const d of table) this.defs[d.nr] = d;
  }

  /** The plan for i386 calls (int $0x80), by i386 number; null in that plan itself. */
  get i386(): CapturePlan | null {
    if (this.abi === 'i386') return null;
    return (this.i386Plan ??= new CapturePlan(syscallTableI386, 'i386'));
  }

  /** Index of the argument that the `path` column shows, -1 where there is none. */
  get pathArg(): readonly number[] {
    return (this.pathArgs ??= pathArgs(this.table));
  }

  /**
   * Syscall `nr`'s captures. A number no table has (x32's, from bit 30 up) is not kept: an element
   * that far would turn the array into a dictionary for the rest of the run.
   */
  of(nr: number): SyscallCaptures {
    const known = this.compiled[nr];
    if (known !== undefined) return known;
    const def = this.defs[nr];
    return def === undefined ? nothing : (this.compiled[nr] = this.compile(def));
  }

  private compile(def: SyscallDef): SyscallCaptures {
    const entry: ArgCapture[] = [];
    const exit: ArgCapture[] = [];
    const add = (args: Readonly<Record<number, string>>, borrowed: boolean): void => {
      for (const [argText, text] of Object.entries(args)) {
        const spec = parseCaptureSpec(text);
        if (borrowed && !sameInI386(spec)) continue;
        if (spec.at === 'entry' || spec.at === 'both') entry.push({ arg: Number(argText), spec });
        if (spec.at === 'exit' || spec.at === 'both') exit.push({ arg: Number(argText), spec });
      }
    };
    const own = this.abi === 'x86_64' ? captureTable : captureTableI386;
    if (Object.hasOwn(own, def.name)) add(own[def.name], false);
    // an i386 call's row borrowed from x86_64's table (only its strings and plain buffers apply)
    else if (this.abi === 'i386' && Object.hasOwn(captureTable, def.name) && sameArgsInI386(def.name, def)) add(captureTable[def.name], true);
    return { entry, exit, selected: this.selectedOf(def.name) };
  }

  private selectedOf(name: string): SelectedArgCapture[] | undefined {
    if (this.selects === null) {
      this.selects = new Map();
      for (const s of this.abi === 'i386' ? selectCaptureTableI386 : selectCaptureTable) {
        const list = this.selects.get(s.syscall);
        if (list) list.push(s);
        else this.selects.set(s.syscall, [s]);
      }
    }
    return this.selects.get(name)?.map((s) => ({
      arg: s.arg,
      selector: s.selector,
      mask: s.mask ?? 0xffffffff,
      cases: new Map(Object.entries(s.cases).map(([k, v]) => [Number(k), parseCaptureSpec(v)] as const)),
      otherwise: s.otherwise === undefined ? undefined : parseCaptureSpec(s.otherwise),
    }));
  }
}

/** What the recording writer needs of a plan: the argument each call's `path` column shows, per ABI. */
export interface PathColumns {
  readonly pathArg: readonly number[];
  readonly i386: { readonly pathArg: readonly number[] } | null;
}

/** The path columns alone, as a CapturePlan has them, without compiling the capture table. */
export function pathColumns(): PathColumns {
  return { pathArg: pathArgs(syscallTable), i386: { pathArg: pathArgs(syscallTableI386) } };
}
