-- tracedb recording format, version 8: names that are not UTF-8, kept exactly.
--
-- File names, argv, the environment and the working directory are bytes; SQLite's TEXT is
-- UTF-8. Where the bytes are valid UTF-8 (almost always) the text columns hold them as before
-- and the new columns are NULL. Where they are not:
--   path, cwd, exe_path, fd_names.target (TEXT) hold the bytes decoded as UTF-8, U+FFFD standing
--     for each bad sequence: readable, not exact; the *_bytes column beside holds the bytes;
--   argv, env, fds (JSON) hold each byte that is not part of valid UTF-8 as the lone surrogate
--     U+DC00 + byte, written \udcXX in the JSON text (Python's surrogateescape): valid UTF-8
--     never decodes to a lone surrogate, so the bytes come back exactly.
-- trace-q's and trace-diff's JSON output write every such value the way argv and env are stored.

ALTER TABLE syscall ADD COLUMN path_bytes BLOB;        -- the path argument's bytes, when not UTF-8
ALTER TABLE execs ADD COLUMN path_bytes BLOB;          -- the program's path, when not UTF-8
ALTER TABLE recording ADD COLUMN cwd_bytes BLOB;       -- the working directory, when not UTF-8
ALTER TABLE recording ADD COLUMN exe_path_bytes BLOB;  -- the executable's path, when not UTF-8
ALTER TABLE fd_names ADD COLUMN target_bytes BLOB;     -- the descriptor's /proc name, when not UTF-8

-- trace-q --path matches these few rows byte for byte, apart from the syscall_path index.
CREATE INDEX syscall_path_bytes ON syscall (id) WHERE path_bytes IS NOT NULL;

DROP VIEW syscalls;
CREATE VIEW syscalls AS
SELECT s.id, s.pid, s.tid, s.nr, n.name,
       s.a0, s.a1, s.a2, s.a3, s.a4, s.a5,
       s.ret,
       CASE WHEN s.ret BETWEEN -4095 AND -1 THEN e.name END AS errno,
       s.entry_seq, s.exit_seq, s.entry_ns, s.exit_ns, s.path, s.sys_ns, s.path_bytes
FROM syscall s
LEFT JOIN syscall_names n ON n.nr = s.nr
LEFT JOIN errno_names e ON e.num = -s.ret;

DROP INDEX syscall_failed;
DROP INDEX syscall_failed_nr;
CREATE INDEX syscall_failed ON syscall (id, pid, tid, nr, a0, a1, a2, a3, a4, a5, ret, entry_seq, exit_seq, entry_ns, exit_ns, path, path_bytes)
  WHERE ret BETWEEN -4095 AND -1;
CREATE INDEX syscall_failed_nr ON syscall (nr, id, pid, tid, a0, a1, a2, a3, a4, a5, ret, entry_seq, exit_seq, entry_ns, exit_ns, path, path_bytes)
  WHERE ret BETWEEN -4095 AND -1;
