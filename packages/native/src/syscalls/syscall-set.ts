import { i386SubcallDefs, i386SubcallNr, syscallTable, syscallTableI386 } from '../arch/x86_64/index.js';
import type { SyscallClass, SyscallDef } from '../syscall-def.js';
import { UsageError } from '../usage-error.js';

/** strace's `%class` names, and the old spellings without `%` that strace 6.1 still accepts. */
const CLASSES: Readonly<Record<string, readonly SyscallClass[]>> = {
  '%file': ['file'],
  '%process': ['process'],
  '%network': ['network'],
  '%net': ['network'],
  '%signal': ['signal'],
  '%ipc': ['ipc'],
  '%desc': ['desc'],
  '%memory': ['memory'],
  '%creds': ['creds'],
  '%clock': ['clock'],
  '%pure': ['pure'],
  '%stat': ['stat'],
  '%lstat': ['lstat'],
  '%fstat': ['fstat'],
  '%%stat': ['stat', 'lstat', 'fstat'],
  '%statfs': ['statfs'],
  '%fstatfs': ['fstatfs'],
  '%%statfs': ['statfs', 'fstatfs'],
  file: ['file'],
  process: ['process'],
  network: ['network'],
  signal: ['signal'],
  ipc: ['ipc'],
  desc: ['desc'],
  memory: ['memory'],
};

/**
 * Resolves an strace `-e trace=` set to syscall numbers: a comma-separated list of names,
 * `%class`es, `/regex`es, `all` and `none`; a leading `!` negates the whole list and a `?`
 * before an item lets it match nothing.
 *
 * @example parseSyscallSet('%file,read')  // every file syscall and read
 * @example parseSyscallSet('!/^rt_sig')  // all but the rt_sig* ones
 */
export function parseSyscallSet(text: string, table: readonly SyscallDef[] = syscallTable): ReadonlySet<number> {
  let list = text.trim();
  const invert = list.startsWith('!');
  if (invert) list = list.slice(1);
  if (list === '') throw new UsageError(`empty syscall set '${text}'`);
  // As strace does, a name is looked up in each ABI's table: i386 calls (int $0x80) by I386_KEY + nr,
  // socketcall's and ipc's subcalls by I386_KEY + their own numbers.
  const i386 = table === syscallTable ? i386WithSubcalls : [];
  const set = new Set<number>();
  for (const raw of list.split(',')) {
    const optional = raw.startsWith('?');
    const item = optional ? raw.slice(1) : raw;
    const matched = resolveItem(item, table, text);
    const matched32 = i386.length > 0 ? resolveItem(item, i386, text) : [];
    if (matched.length === 0 && matched32.length === 0 && !optional && item !== 'none') throw new UsageError(noMatch(item, text));
    for (const nr of matched) set.add(nr);
    for (const nr of matched32) set.add(I386_KEY + nr);
  }
  if (!invert) return set;
  return new Set([...table.map((d) => d.nr), ...i386.map((d) => I386_KEY + d.nr)].filter((k) => !set.has(k)));
}

/** Numbers beyond an ABI's table are always traced by strace, whatever -e trace= says. */
export const LAST_NR = Math.max(...syscallTable.map((d) => d.nr));
export const LAST_I386_NR = Math.max(...syscallTableI386.map((d) => d.nr));

/** Where the i386 numbers start among the keys of a syscall set (above every x86_64 and x32 number's low bits). */
export const I386_KEY = 1 << 20;

const i386WithSubcalls = [...syscallTableI386, ...i386SubcallDefs(syscallTableI386)];

/**
 * A syscall's key in the sets parseSyscallSet returns: its number, or I386_KEY + it for an i386
 * call (for socketcall and ipc: I386_KEY + their subcall's number, as strace filters them).
 */
export function syscallKey(row: { readonly nr: number; readonly abi?: 'i386' | null; readonly a0?: bigint | null }): number {
  if (row.abi !== 'i386') return row.nr;
  return I386_KEY + (i386SubcallNr(row.nr, row.a0 ?? null) ?? row.nr);
}

function resolveItem(item: string, table: readonly SyscallDef[], text: string): number[] {
  if (item === '') throw new UsageError(`empty item in syscall set '${text}'`);
  if (item === 'all') return table.map((d) => d.nr);
  if (item === 'none') return [];
  if (item.startsWith('!')) throw new UsageError(`'!' negates a whole syscall set and must come first: '${text}'`);
  if (item.startsWith('/')) {
    let re: RegExp;
    try {
      re = new RegExp(item.slice(1));
    } catch (e) {
      throw new UsageError(`invalid regular expression '${item.slice(1)}': ${(e as Error).message}`);
    }
    return table.filter((d) => re.test(d.name)).map((d) => d.nr);
  }
  const classes = CLASSES[item];
  if (classes) return table.filter((d) => d.classes.some((c) => classes.includes(c))).map((d) => d.nr);
  if (item.startsWith('%')) throw new UsageError(`unknown syscall class '${item}' (known: ${Object.keys(CLASSES).filter((k) => k.startsWith('%')).join(' ')})`);
  // (i386 has a syscall and a socketcall/ipc subcall of the same name: connect, semget...)
  return table.filter((d) => d.name === item).map((d) => d.nr);
}

function noMatch(item: string, text: string): string {
  if (item.startsWith('/')) return `regular expression '${item.slice(1)}' matches no syscall (in '${text}')`;
  return `unknown syscall '${item}'`;
}
