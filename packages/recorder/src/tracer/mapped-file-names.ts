const NEWLINE = 0x0a;
const SLASH = 0x2f;
const DELETED = Buffer.from(' (deleted)');

/**
 * The names of the files in /proc/PID/maps, each once, as the bytes they are: a name need not
 * be UTF-8. A line's name is all from its first '/' (the fields before hold none); a file
 * removed since it was mapped ends in " (deleted)" and is left out, as it cannot be hashed.
 */
export function mappedFileNames(maps: Buffer): Buffer[] {
  const names = new Map<string, Buffer>(); // keyed by latin1, which is one character per byte
  for (let from = 0; from < maps.length; ) {
    let end = maps.indexOf(NEWLINE, from);
    if (end < 0) end = maps.length;
    const line = maps.subarray(from, end);
    const i = line.indexOf(SLASH);
    if (i > 0 && !endsWith(line, DELETED)) {
      const name = line.subarray(i);
      names.set(name.toString('latin1'), Buffer.from(name));
    }
    from = end + 1;
  }
  return [...names.values()];
}

function endsWith(b: Buffer, tail: Buffer): boolean {
  return b.length >= tail.length && b.subarray(b.length - tail.length).equals(tail);
}
