/** The columns of strace's -c table, which -U chooses and orders and -S sorts by. */
export type SummaryColumn = 'time-percent' | 'total-time' | 'min-time' | 'max-time' | 'avg-time' | 'calls' | 'errors' | 'name';

/** What -S sorts by: a column's value (both time columns sort by the total), or nothing (syscall number order). */
export type SummarySort = 'time' | 'min-time' | 'max-time' | 'avg-time' | 'calls' | 'errors' | 'name' | 'nothing';

/** strace 6.1's -c columns, in its order. */
export const DEFAULT_COLUMNS: readonly SummaryColumn[] = ['time-percent', 'total-time', 'avg-time', 'calls', 'errors', 'name'];

/** strace's names for the columns (count.c's aliases), which -U and -S both take. */
export const COLUMN_NAMES: Readonly<Record<string, SummaryColumn>> = {
  time: 'time-percent', time_percent: 'time-percent', 'time-percent': 'time-percent',
  time_total: 'total-time', 'time-total': 'total-time', total_time: 'total-time', 'total-time': 'total-time',
  min_time: 'min-time', 'min-time': 'min-time', shortest: 'min-time', time_min: 'min-time', 'time-min': 'min-time',
  longest: 'max-time', max_time: 'max-time', 'max-time': 'max-time', time_max: 'max-time', 'time-max': 'max-time',
  avg_time: 'avg-time', 'avg-time': 'avg-time', time_avg: 'avg-time', 'time-avg': 'avg-time',
  calls: 'calls', count: 'calls',
  error: 'errors', errors: 'errors',
  name: 'name', syscall: 'name', syscall_name: 'name', 'syscall-name': 'name',
};

const SORT_OF: Readonly<Record<SummaryColumn, SummarySort>> = {
  'time-percent': 'time', 'total-time': 'time', 'min-time': 'min-time', 'max-time': 'max-time', 'avg-time': 'avg-time',
  calls: 'calls', errors: 'errors', name: 'name',
};

/** -S KEY as strace reads it; undefined for a name it does not know. */
export function summarySortKey(key: string): SummarySort | undefined {
  if (key === 'none' || key === 'nothing') return 'nothing';
  const column = Object.hasOwn(COLUMN_NAMES, key) ? COLUMN_NAMES[key] : undefined;
  return column === undefined ? undefined : SORT_OF[column];
}

/**
 * -U COLUMNS as strace reads it: comma-separated names, each once, the syscall name added at
 * the end when left out. Returns the columns, or the reason they are refused.
 */
export function parseSummaryColumns(text: string): SummaryColumn[] | string {
  const out: SummaryColumn[] = [];
  for (const name of text.split(',')) {
    const column = Object.hasOwn(COLUMN_NAMES, name) ? COLUMN_NAMES[name] : undefined;
    if (column === undefined) return `unknown column name: '${name}'`;
    if (out.includes(column)) return `column '${name}' given more than once`;
    out.push(column);
  }
  if (!out.includes('name')) out.push('name');
  return out;
}
