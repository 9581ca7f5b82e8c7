-- tracedb recording format, version 2: recordings imported from strace logs.
--
-- An imported recording (recording.mode = 'import') has no registers and no memory: what
-- strace printed is all there is. Its tables are filled as far as the text allows:
--   syscall: a0..a5 where strace printed a plain number (NULL elsewhere), ret as the raw
--            kernel value (-errno for errors), path decoded from the path argument,
--            entry_seq/exit_seq pointing at stops without registers;
--   stops:   syscall-entry/-exit, signal, group-stop and exit stops in the log's order,
--            ts_ns from -t/-tt/-ttt when the log has them (0 otherwise), regs NULL;
--   processes, threads, execs: from clone/fork returns, CLONE_THREAD, execve and +++ lines;
--   recording: argv from the first execve, env only when strace printed it (-v),
--            options.import says which context fields the log could not tell.
-- Recordings of version 1 have neither table below and remain readable as they are.

-- The text strace printed for each imported syscall.
CREATE TABLE syscall_text (
  id       INTEGER PRIMARY KEY,            -- syscall.id
  args     TEXT    NOT NULL,               -- between the parentheses; unfinished and resumed parts joined
  split    INTEGER,                        -- where the <unfinished ...> part of args ended, if strace split it
  ret      TEXT,                           -- after "= ", without -T's <duration>; NULL: never returned
  line     INTEGER NOT NULL,               -- the log line where the syscall starts
  end_line INTEGER                         -- where it returns (another line after <unfinished ...>)
);

-- What strace printed between the braces of a `--- SIGX {...} ---` line.
CREATE TABLE signal_text (
  seq  INTEGER PRIMARY KEY,               -- the signal stop
  info TEXT    NOT NULL
);

-- Lines of the log the importer did not understand: reported, never dropped silently.
CREATE TABLE import_problems (
  line   INTEGER PRIMARY KEY,
  text   TEXT NOT NULL,
  reason TEXT NOT NULL
);
