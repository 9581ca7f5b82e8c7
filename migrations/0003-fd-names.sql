-- tracedb recording format, version 3: what each new descriptor referred to.
--
-- When a syscall returns new descriptors (open, openat, pipe2, socket, accept4, eventfd2,
-- epoll_create1, memfd_create, …), trace-rec reads /proc/PID/fd/N at its exit stop, while the
-- descriptor is certain to be the one just made: the resolved path of a file, or
-- `pipe:[INODE]`, `socket:[INODE]`, `anon_inode:[eventfd]`… as the kernel names it. strace -y
-- shows the same names. Descriptors made by dup/fcntl(F_DUPFD) or inherited are not listed:
-- they refer to what their source did.

CREATE TABLE fd_names (
  seq    INTEGER NOT NULL,                -- the exit stop of the syscall that made it
  fd     INTEGER NOT NULL,
  target TEXT    NOT NULL,                -- readlink of /proc/PID/fd/FD
  PRIMARY KEY (seq, fd)
) WITHOUT ROWID;
