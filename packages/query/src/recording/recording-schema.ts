// The documented tables of a recording (migrations/0001-initial.sql), typed for kysely's
// query builder. Integers are `number` here: the builder only compiles SQL, and rows that
// need all 64 bits are read with better-sqlite3's safeIntegers.

export interface RecordingTable {
  id: number;
  schema_version: number;
  mode: string;
  argv: string;
  env: string;
  cwd: string;
  exe_path: string | null;
  exe_sha256: string | null;
  arch: string;
  kernel: string;
  uname: string | null;
  libc: string | null;
  uid: number | null;
  gid: number | null;
  euid: number | null;
  egid: number | null;
  rlimits: string | null;
  fds: string | null;
  tracer_version: string;
  options: string;
  started_ns: number;
  ended_ns: number | null;
  exit_status: number | null;
  complete: number;
  interrupted_by: string | null;
  /** Schema 8 on: cwd's bytes when they are not UTF-8 (then cwd has U+FFFD for them). */
  cwd_bytes?: Buffer | null;
  /** Schema 8 on: exe_path's bytes when they are not UTF-8. */
  exe_path_bytes?: Buffer | null;
  /** Schema 16 on: a UUID v4, given when the recording was made or migrated. */
  recording_id?: string | null;
  /** Schema 16 on: the host name where it was recorded (or imported). */
  host?: string | null;
}

export interface StopsTable {
  seq: number;
  ts_ns: number;
  pid: number;
  tid: number;
  kind: string;
  nr: number | null;
  regs: Buffer | null;
  siginfo: Buffer | null;
  sig: number | null;
  event: string | null;
  event_msg: number | null;
  status: number | null;
  entry_seq: number | null;
  /** Schema 7: the thread group's system CPU time at the stop (NULL: not recorded). */
  stime_ns: number | null;
  /** Schema 9: at syscall stops, the ABI (recording.arch, or 'i386' for an int $0x80 call). */
  abi: string | null;
}

export interface SyscallTable {
  id: number;
  pid: number;
  tid: number;
  nr: number;
  a0: number | null;
  a1: number | null;
  a2: number | null;
  a3: number | null;
  a4: number | null;
  a5: number | null;
  ret: number | null;
  entry_seq: number | null;
  exit_seq: number | null;
  entry_ns: number | null;
  exit_ns: number | null;
  path: string | null;
  /** Schema 7: system CPU time charged to the syscall (exit stop's stime_ns - entry stop's). */
  sys_ns: number | null;
  /** Schema 8: path's bytes when they are not UTF-8 (then path has U+FFFD for them). */
  path_bytes?: Buffer | null;
  /** Schema 9: 'i386' for an int $0x80 call; NULL: the recording's own ABI (the view says recording.arch). */
  abi: string | null;
}

/** The `syscalls` view: the syscall table with its name and errno name. */
export interface SyscallsView extends SyscallTable {
  name: string | null;
  errno: string | null;
}

export interface MemoryTable {
  seq: number;
  arg: number;
  part: number;
  addr: number;
  size: number;
  data: Buffer | null;
  truncated: number;
}

export interface ProcessesTable {
  id: number;
  pid: number;
  ppid: number | null;
  start_seq: number | null;
  end_seq: number | null;
  exit_status: number | null;
  exit_signal: number | null;
  core_dumped: number | null;
}

export interface ThreadsTable {
  id: number;
  tid: number;
  pid: number;
  start_seq: number | null;
  end_seq: number | null;
  exit_status: number | null;
  exit_signal: number | null;
}

export interface ExecsTable {
  id: number;
  pid: number;
  tid: number;
  seq: number;
  path: string | null;
  /** Schema 8 on: path's bytes when they are not UTF-8. */
  path_bytes?: Buffer | null;
  argv: string | null;
  env: string | null;
  auxv: Buffer | null;
  exe_sha256: string | null;
}

export interface MappedFilesTable {
  path: string;
  size: number | null;
  sha256: string | null;
  /** Schema 10 on: path's bytes when they are not UTF-8. */
  path_bytes?: Buffer | null;
}

/** trace-q's own temporary table: which path each descriptor named, and while (see fd-path-table.ts). */
export interface FdPathTable {
  pid: number;
  fd: number;
  path: string;
  from_id: number;
  to_id: number;
  bytes: Buffer | null;
}

export interface RecordingSchema {
  recording: RecordingTable;
  stops: StopsTable;
  syscall: SyscallTable;
  syscalls: SyscallsView;
  syscall_names: { nr: number; name: string };
  errno_names: { num: number; name: string; message: string };
  memory: MemoryTable;
  processes: ProcessesTable;
  threads: ThreadsTable;
  execs: ExecsTable;
  mapped_files: MappedFilesTable;
  fd_path: FdPathTable;
}

/** The columns of the `syscalls` view, in the view's order (JSON and CSV output keep it). */
export const SYSCALLS_COLUMNS = [
  'id', 'pid', 'tid', 'nr', 'name', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'ret', 'errno',
  'entry_seq', 'exit_seq', 'entry_ns', 'exit_ns', 'path',
] as const satisfies readonly (keyof SyscallsView)[];
