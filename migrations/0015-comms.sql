-- tracedb recording format, version 15: the command names trace-rec read in /proc, for trace-q -Y.
--
-- strace -Y prints a pid followed by its comm, which it reads in /proc/PID/comm when it prints.
-- trace-q follows the comm of each traced task through the recording (a new task takes its
-- creator's; exec, prctl(PR_SET_NAME) and writes to /proc/PID/comm change it); what the recording
-- cannot show is read here: each task's comm at its first stop (the first process's, before its
-- execve, is the launcher's), and the comm of a process outside the recording that a syscall
-- names (kill(1, 0), getppid's parent), at the stop that names it. No row: there was no such task.

CREATE TABLE comms (
  seq  INTEGER NOT NULL,                  -- the stop it was read at
  pid  INTEGER NOT NULL,                  -- the task (thread or process) whose /proc/PID/comm was read
  comm BLOB    NOT NULL,                  -- its bytes, without the newline /proc adds (at most 15)
  PRIMARY KEY (seq, pid)
) WITHOUT ROWID;
