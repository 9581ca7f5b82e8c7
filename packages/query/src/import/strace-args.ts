// Reading back the argument text strace prints: top-level splitting, C string literals,
// integers. Only what importing and diffing need; structures stay text.

const CLOSERS: Record<string, string> = { '[': ']', '{': '}', '(': ')' };

/**
 * Splits `a, "b, c", {x=1, y=[2, 3]}, 4</tmp/f, g>` into its top-level arguments.
 * Strings, brackets, `/* comments *\/` and -y's `<path>` annotations are kept whole.
 */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = skipString(text, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (c === '<' && i > 0 && /[0-9A-Za-z\]]/.test(text[i - 1]) && /[/A-Za-z]/.test(text[i + 1] ?? '')) {
      stack.push('>');
    } else if (c in CLOSERS) {
      stack.push(CLOSERS[c]);
    } else if (stack.length > 0 && c === stack[stack.length - 1]) {
      stack.pop();
    } else if (c === ',' && stack.length === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
    i++;
  }
  const last = text.slice(start).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out;
}

/** The index just past the string literal that starts at `i` (a `"`), and past a `...` that follows it. */
function skipString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  j++;
  if (text.startsWith('...', j)) j += 3;
  return j;
}

export interface StringLiteral {
  readonly bytes: Buffer;
  /** strace cut it at -s bytes and printed `...` after the closing quote. */
  readonly truncated: boolean;
}

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, b: 8, a: 7, '"': 34, '\\': 92, "'": 39, '?': 63 };

/** Decodes one argument printed as a C string literal (`"a\nb"...`); null when it is not one. */
export function parseStringLiteral(arg: string): StringLiteral | null {
  let text = arg;
  // -y on a path argument of *at() calls prints the dirfd, not the string; strip nothing else.
  if (!text.startsWith('"')) return null;
  const bytes: number[] = [];
  let i = 1;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '"') break;
    if (c !== '\\') {
      const code = c.charCodeAt(0);
      if (code < 0x80) bytes.push(code);
      else bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const d = text[++i];
    if (d === undefined) return null;
    if (d in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[d]);
    } else if (d === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1, i + 3));
      if (!hex) return null;
      bytes.push(parseInt(hex[0], 16));
      i += hex[0].length;
    } else if (/[0-7]/.test(d)) {
      let j = i;
      while (j < i + 3 && /[0-7]/.test(text[j] ?? '')) j++;
      bytes.push(parseInt(text.slice(i, j), 8) & 0xff);
      i = j - 1;
    } else {
      return null;
    }
  }
  if (text[i] !== '"') return null;
  text = text.slice(i + 1);
  return { bytes: Buffer.from(bytes), truncated: text.startsWith('...') };
}

/** `["a", "b"...]` → the strings (null when the argument is not such an array). */
export function parseStringArray(arg: string): StringLiteral[] | null {
  if (!arg.startsWith('[') || !arg.endsWith(']')) return null;
  const items = splitArgs(arg.slice(1, -1));
  const out: StringLiteral[] = [];
  for (const item of items) {
    if (item === '...') continue;
    const s = parseStringLiteral(item);
    if (s === null) return null;
    out.push(s);
  }
  return out;
}

const NAMED_INTS: Record<string, number> = { NULL: 0, AT_FDCWD: -100 };

/**
 * An argument that strace printed as a plain number: decimal, 0x-hex, 0-octal, NULL,
 * AT_FDCWD, or a -y descriptor `3</path>`. null for anything else.
 */
export function parseIntArg(arg: string): number | bigint | null {
  const text = stripFdAnnotation(arg);
  if (text in NAMED_INTS) return NAMED_INTS[text];
  let big: bigint;
  if (/^-?\d+$/.test(text) && !/^-?0\d/.test(text)) big = BigInt(text);
  else if (/^0x[0-9a-f]+$/i.test(text)) big = BigInt(text);
  else if (/^0[0-7]+$/.test(text)) big = BigInt('0o' + text.slice(1));
  else return null;
  // Registers are 64-bit: a value past 2^63 is a negative one.
  if (big >= 1n << 63n) big -= 1n << 64n;
  const n = Number(big);
  return Number.isSafeInteger(n) ? n : big;
}

/**
 * The text with what -y/-yy print after descriptors taken out, strings left alone:
 * `read(3</etc/passwd>, …)`, `[3<pipe:[1]>, 4<pipe:[1]>]`, `AT_FDCWD</tmp>`,
 * `3</dev/null<char 1:3>>`, `3<UNIX-STREAM:[10->11]>`, `= 3</tmp/a\76b>` → without the `<…>`.
 */
export function withoutFdDecorations(text: string): string {
  if (!text.includes('<')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = skipString(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === '<' && /(?:^|[^\w])(?:-?\d+|AT_FDCWD)$/.test(out) && i + 1 < text.length && !/[<\s]/.test(text[i + 1])) {
      const end = decorationEnd(text, i);
      if (end > 0) {
        i = end;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

/** The index past the `>` that closes the decoration opened at `start`, or -1. */
function decorationEnd(text: string, start: number): number {
  let depth = 0;
  // inside -yy's socket `:[a->b]`, `->` is an arrow, not the end
  let socket = false;
  for (let j = start; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '[' && text[j - 1] === ':') socket = true;
    else if (c === ']') socket = false;
    else if (c === '<') depth++;
    else if (c === '>' && !(socket && text[j - 1] === '-') && --depth === 0) return j + 1;
  }
  return -1;
}

/** `3</etc/passwd>` → `3`; anything else unchanged. */
export function stripFdAnnotation(arg: string): string {
  const m = /^(-?\d+|AT_FDCWD)<.*>$/s.exec(arg);
  return m ? m[1] : arg;
}

/** `3</etc/passwd>` → `/etc/passwd` (what -y printed), else null. */
export function fdAnnotation(arg: string): string | null {
  const m = /^(?:-?\d+|AT_FDCWD)<(.*)>$/s.exec(arg);
  return m ? m[1] : null;
}
