-- tracedb recording format, version 14: what strace -yy shows after a descriptor's path.
--
-- strace -yy asks the kernel, each time it prints a descriptor, what the descriptor is: a
-- device's numbers (`3</dev/null<char 1:3>>`), a socket's protocol and addresses through
-- sock_diag (`<TCP:[127.0.0.1:40000->127.0.0.1:80]>`, `<UNIX-STREAM:[12345->12346,"/tmp/s"]>`),
-- a pidfd's process (`<pid:1234>`). trace-rec asks the same questions at the moments the answer
-- can change: when it names a new descriptor (fd_names, same stop), and for a socket at the exit
-- of bind, connect and listen, and of a send on a socket sock_diag did not know yet (autobind);
-- when a unix socket is accepted, its peer is asked about again (fd NULL): the kernel gives the
-- connecting socket its peer's inode only once accept has made that peer a file.
-- Recordings without this table print under -yy what -y prints.

CREATE TABLE fd_details (
  seq    INTEGER NOT NULL,                -- the stop at which trace-rec asked (a syscall's exit; its entry under -e trace=)
  fd     INTEGER,                         -- NULL: a socket asked about by inode (an accepted socket's peer)
  kind   TEXT    NOT NULL,                -- char | block | socket | pidfd
  rdev   INTEGER,                         -- char, block: st_rdev of the file (asked for names under /dev/ only)
  inode  INTEGER,                         -- socket: its inode (the N of socket:[N])
  proto  TEXT,                            -- socket: getxattr "system.sockprotoname" (UNIX, UNIX-STREAM, TCP, UDPv6, NETLINK…)
  diag   BLOB,                            -- socket: the kernel's sock_diag message about the inode (unix_diag_msg with its
                                          -- attributes, inet_diag_msg or netlink_diag_msg); NULL when sock_diag did not know it
  pid    INTEGER                          -- pidfd: the Pid: line of /proc/PID/fdinfo/FD
);

CREATE INDEX fd_details_seq ON fd_details (seq);

CREATE INDEX fd_details_inode ON fd_details (inode) WHERE inode IS NOT NULL;
