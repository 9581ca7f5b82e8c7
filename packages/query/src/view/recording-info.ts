import type { Format } from '../cli/parse-args.js';
import { signalName } from '../filter/signal-set.js';
import { commandLine, escapeText, shellCommand } from '@tracedb/native/terminal';
import type { Colors } from '@tracedb/native/terminal';
import { csvRow } from '../output/csv.js';
import { toJson } from '../output/json-value.js';
import { mappedFiles } from '../recording/mapped-files.js';
import { eventStops } from '../render/stop-reader.js';
import type { MappedFile } from '../recording/mapped-files.js';
import type { Recording } from '../recording/open-recording.js';

export interface InfoOptions {
  /** -v: list the environment too. */
  readonly verbose: boolean;
  readonly format: Format;
  readonly colors: Colors;
}

interface RecordingFacts {
  readonly file: string;
  /** Schema 16 on (null before: `trace-q upgrade` gives it one). */
  readonly recording_id: string | null;
  readonly host: string | null;
  readonly schema_version: number;
  readonly mode: string;
  readonly argv: string[];
  readonly env: string[];
  readonly cwd: string;
  readonly exe_path: string | null;
  readonly exe_sha256: string | null;
  readonly arch: string;
  readonly kernel: string;
  readonly uname: Record<string, string> | null;
  readonly libc: string | null;
  readonly ids: { uid: number | null; gid: number | null; euid: number | null; egid: number | null };
  readonly rlimits: Record<string, [number | null, number | null]> | null;
  readonly fds: { fd: number; target: string; type: string }[];
  readonly tracer_version: string;
  readonly options: Record<string, unknown>;
  readonly started_ns: bigint;
  readonly ended_ns: bigint | null;
  readonly exit_status: number | null;
  readonly complete: boolean;
  readonly interrupted_by: string | null;
  readonly last_seq: number;
  readonly counts: { stops: number; syscalls: number; processes: number; threads: number; execs: number };
  readonly mapped_files: MappedFile[];
  /** trace-rec --replayable's schedule; null in a recording made before it (schema < 12). */
  readonly schedule: ScheduleCounts | null;
}

/** What the schedule of a --replayable recording did (see migrations/0012-schedule.sql). */
export interface ScheduleCounts {
  /** The watchdog's interruptions of a thread that ran user code a time slice long while others waited. */
  readonly preemptions: number;
  /** Signals that came while their thread ran user code, held until a syscall boundary. */
  readonly held_signals: number;
  /** Held signals delivered wherever their thread was, after a time slice without a syscall. */
  readonly async_deliveries: number;
}

function scheduleCounts(db: Recording['db']): ScheduleCounts | null {
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'signal_deliveries'").get() === undefined) return null;
  const n = (sql: string): number => db.prepare(sql).pluck().get() as number;
  return {
    preemptions: n(`SELECT count(*) FROM stops WHERE ${eventStops(db)} AND kind = 'event' AND event = 'preempt'`),
    held_signals: n(`SELECT count(*) FROM stops WHERE ${eventStops(db)} AND kind = 'event' AND event = 'signal-held'`),
    async_deliveries: n('SELECT count(*) FROM signal_deliveries WHERE async = 1'),
  };
}

function parse<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Everything the recording says about its run, read from the recording row and a few counts. */
export function recordingFacts(rec: Recording): RecordingFacts {
  const db = rec.db;
  const row = rec.row;
  const exact = db.prepare('SELECT started_ns, ended_ns FROM recording WHERE id = 1').safeIntegers(true).get() as { started_ns: bigint; ended_ns: bigint | null };
  const count = (table: string): number => (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) ?? 0;
  return {
    file: rec.path,
    recording_id: row.recording_id ?? null,
    host: row.host ?? null,
    schema_version: rec.schemaVersion,
    mode: row.mode,
    argv: parse(row.argv, []),
    env: parse(row.env, []),
    cwd: row.cwd,
    exe_path: row.exe_path,
    exe_sha256: row.exe_sha256,
    arch: row.arch,
    kernel: row.kernel,
    uname: parse(row.uname, null),
    libc: row.libc,
    ids: { uid: row.uid, gid: row.gid, euid: row.euid, egid: row.egid },
    rlimits: parse(row.rlimits, null),
    fds: parse(row.fds, []),
    tracer_version: row.tracer_version,
    options: parse(row.options, {}),
    started_ns: exact.started_ns,
    ended_ns: exact.ended_ns,
    exit_status: row.exit_status,
    complete: row.complete === 1,
    interrupted_by: row.interrupted_by,
    last_seq: rec.lastSeq,
    counts: { stops: rec.lastSeq, syscalls: count('syscall'), processes: count('processes'), threads: count('threads'), execs: count('execs') },
    mapped_files: mappedFiles(db),
    schedule: scheduleCounts(db),
  };
}

function isoTime(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  return `${iso.slice(0, 19)}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}Z`;
}

function limitText(v: number | null): string {
  return v === null ? 'unlimited' : String(v);
}

/** JSON in printable ASCII: every other character as \\uXXXX (still the same JSON value). */
function asciiJson(v: unknown): string {
  return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function exitText(status: number | null): string {
  if (status === null) return 'unknown';
  return status > 128 && status < 128 + 65 ? `${status} (killed by ${signalName(status - 128)})` : String(status);
}

/** trace-rec --replayable's controls as recording.options.replayable names them, or why there are none. */
function replayableText(controls: unknown): string {
  if (controls === null || typeof controls !== 'object') return 'not replayable (recorded without --replayable)';
  return Object.entries(controls as Record<string, unknown>).map(([k, v]) => `${k} ${String(v)}`).join(', ');
}

/** trace-rec -e trace=SET as recording.options.filter records it. */
function filterText(filter: unknown): string {
  if (filter === null || typeof filter !== 'object') return 'all (recorded without -e trace=)';
  const f = filter as { trace?: unknown; x86_64?: unknown[]; i386?: unknown[] };
  return `partial: only trace=${String(f.trace)} stopped (${f.x86_64?.length ?? 0} x86_64 and ${f.i386?.length ?? 0} i386 syscall numbers)`;
}

/** --info: the recording's context as `label  value` lines, or one JSON object. */
export function* recordingInfo(rec: Recording, o: InfoOptions): Generator<string> {
  const f = recordingFacts(rec);
  if (o.format === 'json' || o.format === 'ndjson') {
    yield toJson(o.verbose ? f : { ...f, env: undefined, env_count: f.env.length });
    return;
  }
  // [label, value as recorded (CSV), value for the terminal: what came from the program escaped]
  const lines: [string, string, string][] = [];
  const add = (label: string, value: string, shown = escapeText(value)): void => {
    lines.push([label, value, shown]);
  };
  add('recording', f.file);
  add('recording id', f.recording_id ?? '? (made before schema 16: trace-q upgrade gives it one)');
  add('host', f.host ?? '?');
  add('command', shellCommand(f.argv), commandLine(f.argv));
  add('argv', JSON.stringify(f.argv), asciiJson(f.argv));
  add('mode', f.mode);
  add('cwd', f.cwd);
  add('executable', f.exe_path ?? '?');
  add('  sha256', f.exe_sha256 ?? '?');
  add('arch', f.arch);
  add('kernel', f.uname ? `${f.kernel} (${f.uname.sysname ?? ''} ${f.uname.version ?? ''}, host ${f.uname.nodename ?? '?'})` : f.kernel);
  add('libc', f.libc ?? '?');
  add('ids', `uid ${f.ids.uid} gid ${f.ids.gid} euid ${f.ids.euid} egid ${f.ids.egid}`);
  f.fds.forEach((d, i) => add(i === 0 ? 'fds' : '', `${d.fd} ${d.target} (${d.type})`));
  if (f.fds.length === 0) add('fds', 'none recorded');
  Object.entries(f.rlimits ?? {}).forEach(([name, [soft, hard]], i) => add(i === 0 ? 'rlimits' : '', `${name.replace(/^RLIMIT_/, '').toLowerCase().padEnd(10)} ${limitText(soft)} / ${limitText(hard)}`));
  add('environment', `${f.env.length} variable${f.env.length === 1 ? '' : 's'}${o.verbose ? '' : ' (--info -v lists them)'}`);
  if (o.verbose) for (const e of f.env) add('', e);
  add('tracer', `trace-rec ${f.tracer_version}`);
  add('options', JSON.stringify(f.options), asciiJson(f.options));
  add('replayable', replayableText(f.options.replayable));
  add('filter', filterText(f.options.filter));
  const sc = f.schedule;
  if (sc !== null && f.options.replayable) add('schedule', `${sc.preemptions} preemptions, ${sc.held_signals} signals held, ${sc.async_deliveries} delivered asynchronously`);
  add('started', isoTime(f.started_ns));
  add('ended', f.ended_ns === null ? '?' : isoTime(f.ended_ns));
  add('duration', f.ended_ns === null ? '?' : `${(Number(f.ended_ns - f.started_ns) / 1e9).toFixed(6)} s`);
  add('exit status', exitText(f.exit_status));
  add('status', f.complete ? 'complete' : `interrupted (${f.interrupted_by ?? 'trace-rec did not finish it'}); it ends at stop ${f.last_seq}`);
  add('schema', `version ${f.schema_version}`);
  const c = f.counts;
  const n = (k: number, what: string): string => `${k} ${what}${k === 1 ? '' : what.endsWith('s') ? 'es' : 's'}`;
  add('contents', [n(c.stops, 'stop'), n(c.syscalls, 'syscall'), n(c.processes, 'process'), n(c.threads, 'thread'), n(c.execs, 'exec')].join(', '));
  add('mapped files', String(f.mapped_files.length));
  if (o.format === 'csv') {
    yield csvRow(['field', 'value']);
    let label = '';
    for (const [l, v] of lines) yield csvRow([(label = l.trim() || label), v]);
    for (const m of f.mapped_files) yield csvRow(['mapped file', `${m.sha256 ?? '?'} ${m.size ?? '?'} ${m.path}`]);
    return;
  }
  const width = Math.max(...lines.map(([l]) => l.length)) + 2;
  for (const [l, , shown] of lines) yield `${o.colors.bold(l.padEnd(width))}${shown}`;
  const size = Math.max(4, ...f.mapped_files.map((m) => String(m.size ?? '?').length));
  for (const m of f.mapped_files) yield `  ${m.sha256 ?? '?'.padEnd(64)}  ${String(m.size ?? '?').padStart(size)}  ${escapeText(m.path)}`;
}
