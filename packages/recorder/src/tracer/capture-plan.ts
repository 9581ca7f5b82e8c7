import { captureTable, parseCaptureSpec, pathArgs, selectCaptureTable, syscallTable, syscallTableI386 } from '@tracedb/native';
import type { CaptureSpec, SyscallDef } from '@tracedb/native';

export interface ArgCapture {
  readonly arg: number;
  readonly spec: CaptureSpec;
}

export interface SelectedArgCapture {
  readonly arg: number;
  readonly selector: number;
  readonly mask: number;
  readonly cases: ReadonlyMap<number, CaptureSpec>;
}

const none: readonly ArgCapture[] = [];

/**
 * What an i386 call's memory can be read as with the x86_64 capture table: for a call with the
 * x86_64 call's very arguments (fanotify_mark, lookup_dcookie, clone... have others), strings and
 * buffers whose length is an argument or the return value. Structs, pointer vectors, iovecs and
 * msghdrs have other layouts in the i386 ABI, and are left unread (trace-q prints their addresses).
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

  constructor(table: readonly SyscallDef[], abi: 'x86_64' | 'i386' = 'x86_64') {
    this.i386 = abi === 'x86_64' ? new CapturePlan(syscallTableI386, 'i386') : null;
    const byName = new Map(table.map((d) => [d.name, d.nr]));
    this.pathArg = pathArgs(table);
    for (const d of table) {
      this.entry[d.nr] = none;
      this.exit[d.nr] = none;
    }
    for (const [name, args] of Object.entries(captureTable)) {
      const nr = byName.get(name);
      if (nr === undefined || (abi === 'i386' && !sameArgsInI386.has(name))) continue;
      const entry: ArgCapture[] = [];
      const exit: ArgCapture[] = [];
      for (const [argText, text] of Object.entries(args)) {
        const arg = Number(argText);
        const spec = parseCaptureSpec(text);
        if (abi === 'i386' && !sameInI386(spec)) continue;
        if (spec.at === 'entry' || spec.at === 'both') entry.push({ arg, spec });
        if (spec.at === 'exit' || spec.at === 'both') exit.push({ arg, spec });
      }
      this.entry[nr] = entry;
      this.exit[nr] = exit;
    }
    if (abi === 'i386') return;
    for (const s of selectCaptureTable) {
      const nr = byName.get(s.syscall);
      if (nr === undefined) continue;
      const cases = new Map(Object.entries(s.cases).map(([k, v]) => [Number(k), parseCaptureSpec(v)] as const));
      const list = (this.selected[nr] ??= []) as SelectedArgCapture[];
      list.push({ arg: s.arg, selector: s.selector, mask: s.mask ?? 0xffffffff, cases });
    }
  }
}
