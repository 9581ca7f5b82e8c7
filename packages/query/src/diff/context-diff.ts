import type { Trace } from './trace.js';

/** One way the two runs were set up differently. */
export interface ContextDifference {
  /** "env LD_LIBRARY_PATH", "stdout", "exe sha256", "rlimit RLIMIT_NOFILE"… */
  readonly field: string;
  /** Values as shown; null: absent in that run. */
  readonly a: string | null;
  readonly b: string | null;
}

/** Context fields one run could not record (an imported strace log has no cwd, fds, hashes…). */
export interface ContextGaps {
  readonly a: string[];
  readonly b: string[];
}

const json = <T>(s: string | null, fallback: T): T => {
  if (s === null) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

/**
 * What differs between how the two runs were made: argv, cwd, environment (added, removed,
 * changed), executable and mapped-file hashes, libc, kernel, ids, rlimits, what
 * stdin/stdout/stderr were, launch/attach/import, tracer and its options, exit status.
 */
export function contextDiff(a: Trace, b: Trace): ContextDifference[] {
  const out: ContextDifference[] = [];
  const known = (f: string): boolean => !a.unknown.has(f) && !b.unknown.has(f);
  const cmp = (field: string, x: unknown, y: unknown, f = field): void => {
    if (!known(f)) return;
    const sx = x === null || x === undefined ? null : typeof x === 'string' ? x : JSON.stringify(x);
    const sy = y === null || y === undefined ? null : typeof y === 'string' ? y : JSON.stringify(y);
    if (sx !== sy) out.push({ field, a: sx, b: sy });
  };
  const [ra, rb] = [a.row, b.row];
  cmp('mode', ra.mode, rb.mode);
  cmp('argv', json(ra.argv, []), json(rb.argv, []));
  cmp('cwd', ra.cwd, rb.cwd);
  if (known('env')) {
    const ea = envMap(json<string[]>(ra.env, []));
    const eb = envMap(json<string[]>(rb.env, []));
    for (const k of [...new Set([...ea.keys(), ...eb.keys()])].sort()) {
      if (ea.get(k) !== eb.get(k)) out.push({ field: `env ${k}`, a: ea.get(k) ?? null, b: eb.get(k) ?? null });
    }
  }
  cmp('exe', ra.exe_path, rb.exe_path, 'exe_path');
  cmp('exe sha256', ra.exe_sha256, rb.exe_sha256, 'exe_sha256');
  if (known('mapped_files')) {
    const only: Record<'a' | 'b', string[]> = { a: [], b: [] };
    for (const p of [...new Set([...a.mappedFiles.keys(), ...b.mappedFiles.keys()])].sort()) {
      const [ha, hb] = [a.mappedFiles.get(p), b.mappedFiles.get(p)];
      if (ha === undefined) only.b.push(p);
      else if (hb === undefined) only.a.push(p);
      else if (ha !== hb) out.push({ field: `sha256 of ${p}`, a: ha ?? '?', b: hb ?? '?' });
    }
    const list = (ps: string[]): string | null => (ps.length === 0 ? null : ps.length <= 3 ? ps.join(', ') : `${ps.length} files: ${ps.slice(0, 3).join(', ')}, …`);
    if (only.a.length + only.b.length > 0) out.push({ field: 'files mapped in one run only', a: list(only.a), b: list(only.b) });
  }
  cmp('libc', ra.libc, rb.libc);
  cmp('kernel', ra.kernel, rb.kernel);
  cmp('arch', ra.arch, rb.arch);
  for (const id of ['uid', 'euid', 'gid', 'egid'] as const) cmp(id, ra[id], rb[id], 'uid');
  if (known('rlimits')) {
    const la = json<Record<string, unknown>>(ra.rlimits, {});
    const lb = json<Record<string, unknown>>(rb.rlimits, {});
    for (const k of [...new Set([...Object.keys(la), ...Object.keys(lb)])].sort()) cmp(`rlimit ${k}`, la[k] ?? null, lb[k] ?? null, 'rlimits');
  }
  if (known('fds')) {
    const fa = new Map(json<{ fd: number; type: string; target: string }[]>(ra.fds, []).map((f) => [f.fd, f]));
    const fb = new Map(json<{ fd: number; type: string; target: string }[]>(rb.fds, []).map((f) => [f.fd, f]));
    for (const fd of [...new Set([...fa.keys(), ...fb.keys()])].sort((x, y) => x - y)) {
      const [x, y] = [fa.get(fd), fb.get(fd)];
      const show = (f: typeof x): string | null => (f ? `${f.type}${f.type === 'pipe' || f.type === 'socket' ? '' : ` ${f.target}`}` : null);
      if (x?.type !== y?.type || (x?.type === 'file' && x.target !== y?.target)) {
        out.push({ field: ['stdin', 'stdout', 'stderr'][fd] ?? `fd ${fd}`, a: show(x), b: show(y) });
      }
    }
  }
  cmp('tracer', ra.tracer_version, rb.tracer_version);
  if (ra.mode !== 'import' && rb.mode !== 'import') {
    const oa = json<Record<string, unknown>>(ra.options, {});
    const ob = json<Record<string, unknown>>(rb.options, {});
    for (const k of [...new Set([...Object.keys(oa), ...Object.keys(ob)])].sort()) cmp(`option ${k}`, oa[k] ?? null, ob[k] ?? null);
  }
  cmp('exit status', ra.exit_status, rb.exit_status);
  cmp('complete', ra.complete ? 'yes' : `no (${ra.interrupted_by ?? 'interrupted'})`, rb.complete ? 'yes' : `no (${rb.interrupted_by ?? 'interrupted'})`);
  return out;
}

export function contextGaps(a: Trace, b: Trace): ContextGaps {
  return { a: [...a.unknown].sort(), b: [...b.unknown].sort() };
}

function envMap(list: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const kv of list) {
    const i = kv.indexOf('=');
    if (i > 0) m.set(kv.slice(0, i), kv.slice(i + 1));
  }
  return m;
}
