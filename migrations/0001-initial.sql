-- tracedb recording format, version 1.
-- The public contract is: recording, stops, syscalls (view), processes, threads, execs, memory.
-- Raw facts only: decoding happens at query time from the syscall tables.

CREATE TABLE recording (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  schema_version INTEGER NOT NULL,
  mode           TEXT    NOT NULL,          -- 'launch' | 'attach' | 'import'
  argv           TEXT    NOT NULL,          -- JSON array
  env            TEXT    NOT NULL,          -- JSON array of "K=V", in the order the program got them
  cwd            TEXT    NOT NULL,
  exe_path       TEXT,
  exe_sha256     TEXT,
  arch           TEXT    NOT NULL,
  kernel         TEXT    NOT NULL,          -- uname -r
  uname          TEXT,                      -- JSON {sysname, nodename, release, version, machine}
  libc           TEXT,
  uid            INTEGER,
  gid            INTEGER,
  euid           INTEGER,
  egid           INTEGER,
  rlimits        TEXT,                      -- JSON {name: [soft, hard]} (null = unlimited)
  fds            TEXT,                      -- JSON [{fd, target, type}] open when the program started
  tracer_version TEXT    NOT NULL,
  options        TEXT    NOT NULL,          -- JSON
  started_ns     INTEGER NOT NULL,          -- CLOCK_REALTIME, ns
  ended_ns       INTEGER,
  exit_status    INTEGER,                   -- trace-rec's own exit status: the code, or 128+signal
  complete       INTEGER NOT NULL DEFAULT 0,
  interrupted_by TEXT                       -- why the recording ended early, if it did
);

-- Every ptrace stop, in the order the tracer saw them.
CREATE TABLE stops (
  seq       INTEGER PRIMARY KEY,
  ts_ns     INTEGER NOT NULL,               -- ns since recording.started_ns
  pid       INTEGER NOT NULL,
  tid       INTEGER NOT NULL,
  kind      TEXT    NOT NULL,               -- syscall-entry | syscall-exit | signal | group-stop | event | exit
  nr        INTEGER,                        -- syscall number at syscall stops
  regs      BLOB,                           -- user_regs_struct as the kernel gave it
  siginfo   BLOB,                           -- siginfo_t (128 bytes) at signal stops
  sig       INTEGER,                        -- signal (signal, group-stop), killing signal (exit)
  event     TEXT,                           -- fork | vfork | clone | exec | vfork-done | exit (kind 'event')
  event_msg INTEGER,                        -- PTRACE_GETEVENTMSG
  status    INTEGER                         -- raw wait status (kind 'exit')
);
-- Signals, group stops, events and exits are few among the syscall stops: list them fast.
CREATE INDEX stops_events ON stops (seq) WHERE kind NOT IN ('syscall-entry', 'syscall-exit');

CREATE TABLE syscall_names (
  nr   INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE INDEX syscall_names_name ON syscall_names (name);

CREATE TABLE errno_names (
  num     INTEGER PRIMARY KEY,
  name    TEXT NOT NULL,
  message TEXT NOT NULL
);

-- One row per syscall, written when it returns (or when its thread ends without a return).
CREATE TABLE syscall (
  id        INTEGER PRIMARY KEY,            -- order of entry
  pid       INTEGER NOT NULL,
  tid       INTEGER NOT NULL,
  nr        INTEGER NOT NULL,
  a0 INTEGER, a1 INTEGER, a2 INTEGER, a3 INTEGER, a4 INTEGER, a5 INTEGER,
  ret       INTEGER,                        -- raw return value (-2 for ENOENT); NULL: never returned
  entry_seq INTEGER,                        -- NULL only when tracing began inside the syscall (attach)
  exit_seq  INTEGER,
  entry_ns  INTEGER,
  exit_ns   INTEGER,
  path      TEXT                            -- the first path argument, decoded
);
CREATE INDEX syscall_nr ON syscall (nr);
CREATE INDEX syscall_tid ON syscall (tid);
CREATE INDEX syscall_path ON syscall (path) WHERE path IS NOT NULL;

CREATE VIEW syscalls AS
SELECT s.id, s.pid, s.tid, s.nr, n.name,
       s.a0, s.a1, s.a2, s.a3, s.a4, s.a5,
       s.ret,
       CASE WHEN s.ret BETWEEN -4095 AND -1 THEN e.name END AS errno,
       s.entry_seq, s.exit_seq, s.entry_ns, s.exit_ns, s.path
FROM syscall s
LEFT JOIN syscall_names n ON n.nr = s.nr
LEFT JOIN errno_names e ON e.num = -s.ret;

-- Memory that syscall arguments point to, read at the stop where it is valid.
-- part 0 is the argument's own buffer; strv and iovec arguments add one part per element (1-based).
CREATE TABLE memory (
  seq       INTEGER NOT NULL,               -- the stop it was read at
  arg       INTEGER NOT NULL,               -- argument index 0..5
  part      INTEGER NOT NULL,
  addr      INTEGER NOT NULL,
  size      INTEGER NOT NULL,               -- bytes the argument refers to (for strings: as far as read)
  data      BLOB,                           -- NULL when the memory could not be read
  truncated INTEGER NOT NULL DEFAULT 0,     -- 1 when data holds less than the argument refers to
  PRIMARY KEY (seq, arg, part)
) WITHOUT ROWID;

CREATE TABLE processes (
  id          INTEGER PRIMARY KEY,
  pid         INTEGER NOT NULL,
  ppid        INTEGER,
  start_seq   INTEGER,
  end_seq     INTEGER,
  exit_status INTEGER,                      -- exit code, when it exited
  exit_signal INTEGER,                      -- killing signal, when killed
  core_dumped INTEGER
);
CREATE INDEX processes_pid ON processes (pid);

CREATE TABLE threads (
  id          INTEGER PRIMARY KEY,
  tid         INTEGER NOT NULL,
  pid         INTEGER NOT NULL,
  start_seq   INTEGER,
  end_seq     INTEGER,
  exit_status INTEGER,
  exit_signal INTEGER
);
CREATE INDEX threads_tid ON threads (tid);

-- Each successful execve: what the process became.
CREATE TABLE execs (
  id         INTEGER PRIMARY KEY,
  pid        INTEGER NOT NULL,
  tid        INTEGER NOT NULL,              -- the thread that called execve (before it took the pid)
  seq        INTEGER NOT NULL,              -- the exec event stop
  path       TEXT,
  argv       TEXT,                          -- JSON array
  env        TEXT,                          -- JSON array
  auxv       BLOB,                          -- /proc/PID/auxv right after the exec
  exe_sha256 TEXT
);

-- Files the program mapped (the executable, the loader, shared objects), hashed once per path.
CREATE TABLE mapped_files (
  path   TEXT PRIMARY KEY,
  size   INTEGER,
  sha256 TEXT
);
