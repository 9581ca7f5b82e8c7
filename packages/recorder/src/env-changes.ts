/**
 * strace -E, as strace 6.1 does it (putenv on its own environment, which the program inherits):
 * VAR=VAL replaces VAR where it stands, or is appended; VAR alone removes every VAR; '' does nothing.
 */
export function applyEnvChanges(env: readonly string[], changes: readonly string[]): string[] {
  const out = [...env];
  for (const change of changes) {
    const eq = change.indexOf('=');
    if (eq < 0) {
      if (change === '') continue;
      for (let i = out.length - 1; i >= 0; i--) if (nameOf(out[i]) === change) out.splice(i, 1);
      continue;
    }
    const at = out.findIndex((e) => nameOf(e) === change.slice(0, eq));
    if (at >= 0) out[at] = change;
    else out.push(change);
  }
  return out;
}

function nameOf(entry: string): string {
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
}
