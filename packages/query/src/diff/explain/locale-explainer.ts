import { isUnder, sideCalls, some, targets, unique } from './call-facts.js';
import type { Env, ExplainContext } from './explain-context.js';

const LOCALE_DIRS = ['/usr/lib/locale', '/usr/share/locale', '/usr/share/locale-langpack', '/usr/lib/x86_64-linux-gnu/gconv', '/usr/lib64/gconv', '/usr/lib/gconv', '/usr/share/i18n'];
const LOCALE_FILES = ['/etc/locale.alias', '/etc/default/locale'];
const TZ_DIRS = ['/usr/share/zoneinfo', '/etc/localtime', '/etc/timezone'];

const isLocaleVar = (k: string): boolean => k === 'LANG' || k === 'LANGUAGE' || k.startsWith('LC_');

/** The locale (or TZ) variables that differ between two environments, as "LANG: C → C.UTF-8". */
function changed(a: Env | null, b: Env | null, pick: (k: string) => boolean): string[] {
  if (a === null || b === null) return [];
  const keys = unique([...a.keys(), ...b.keys()].filter(pick)).sort();
  return keys.filter((k) => a.get(k) !== b.get(k)).map((k) => `${k}: ${a.get(k) ?? '(unset)'} in A, ${b.get(k) ?? '(unset)'} in B`);
}

/**
 * Locale and time zone: when LANG, LANGUAGE, LC_* or TZ differ, setlocale() and tzset() open
 * different files (locale-archive, /usr/lib/locale/X/LC_*, gconv modules, zoneinfo). The
 * calls on those files that differ are attributed to the variables.
 */
export function explainLocale(ctx: ExplainContext): void {
  for (const x of ctx.open()) {
    const envs = ctx.envsOf(x);
    const calls = [x.d.a, x.d.b].filter((c) => c !== undefined);
    const files = calls.flatMap((c) => targets(c!));
    const locale = files.some((t) => LOCALE_DIRS.some((d) => isUnder(t, d)) || LOCALE_FILES.includes(t));
    const tz = files.some((t) => TZ_DIRS.some((d) => isUnder(t, d)));
    if (!locale && !tz) continue;
    const vars = changed(envs.a, envs.b, tz && !locale ? (k) => k === 'TZ' : isLocaleVar);
    const unknown = envs.a === null || envs.b === null;
    if (vars.length === 0 && !unknown) continue;
    const key = `${tz && !locale ? 'tz' : 'locale'}:${vars.join(';')}`;
    const what = tz && !locale ? 'time zone' : 'locale';
    const cause = ctx.cause(key, () => ({
      kind: 'locale',
      title:
        vars.length > 0
          ? `${what} settings differ (${vars.join('; ')}): the C library loads different ${what} data`
          : `${what} data is loaded differently (one run's environment is not recorded)`,
      describe: (diffs) => {
        const out: string[] = [];
        for (const side of ['a', 'b'] as const) {
          const files = unique(sideCalls(diffs, side).flatMap(targets));
          if (files.length > 0) out.push(`${side.toUpperCase()} touches: ${some(files, 5)}`);
        }
        return out;
      },
    }));
    ctx.claim(x.d, cause);
  }
}
