import { UsageError } from '../cli/errors.js';

/**
 * A set of descriptors as strace reads -e read= and -e write=: numbers, `all`, `none`, a
 * leading `!` negating the list.
 */
export function parseFdSet(text: string, what: string): ReadonlySet<number> {
  let list = text.trim();
  const invert = list.startsWith('!');
  if (invert) list = list.slice(1);
  const set = new Set<number>();
  let all = false;
  for (const item of list.split(',')) {
    if (item === 'all') all = true;
    else if (item !== 'none') set.add(fdNumber(item, what));
  }
  if (all) return invert ? new Set() : new AllFdsExcept(new Set());
  return invert ? new AllFdsExcept(set) : set;
}

function fdNumber(item: string, what: string): number {
  if (!/^\d+$/.test(item.trim()) || !Number.isSafeInteger(Number(item))) throw new UsageError(`${what} wants a whole number, got '${item}'`);
  return Number(item);
}

/** Every descriptor but some: "all" and negated lists, since descriptors have no upper bound. */
class AllFdsExcept extends Set<number> {
  constructor(private readonly except: ReadonlySet<number>) {
    super();
  }

  override has(fd: number): boolean {
    return fd >= 0 && !this.except.has(fd);
  }
}
