// Local-time formatting as strace does it with localtime() and strftime().

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** strftime "%z" for a Date in the local time zone: +0000, -0500. */
function tz(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${sign}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
}

/** sprinttime_ex: "%FT%T" [".%0*llu"] "%z" in local time. */
export function localTime(sec: bigint, part: bigint, width: number): string | null {
  const ms = Number(sec) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  const d = new Date(ms);
  let s = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (part > 0n) s += '.' + part.toString().padStart(width, '0');
  return s + tz(d);
}

/** strftime("%T") / -t, -tt, -ttt prefixes for a CLOCK_REALTIME nanosecond time. */
export function clockTime(ns: bigint, level: 1 | 2 | 3): string {
  const sec = ns / 1_000_000_000n;
  const frac = ns % 1_000_000_000n;
  if (level === 3) return `${sec}.${(frac / 1000n).toString().padStart(6, '0')}`;
  const d = new Date(Number(sec) * 1000);
  const t = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return level === 1 ? t : `${t}.${(frac / 1000n).toString().padStart(6, '0')}`;
}
