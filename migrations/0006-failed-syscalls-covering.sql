-- tracedb recording format, version 6: the failed syscalls' indexes hold their whole rows.
--
-- A rendering of `trace-q --failed` (alone, or with --syscall or --errno) reads the rows it
-- prints from these indexes, in order, instead of one random row lookup each; in a recording
-- of millions of syscalls that lookup is a page read. Failed syscalls are few, so the copies
-- cost little. Same WHERE clause as version 5 (trace-q writes it with these literal bounds).

DROP INDEX syscall_failed;
DROP INDEX syscall_failed_nr;
CREATE INDEX syscall_failed ON syscall (id, pid, tid, nr, a0, a1, a2, a3, a4, a5, ret, entry_seq, exit_seq, entry_ns, exit_ns, path)
  WHERE ret BETWEEN -4095 AND -1;
CREATE INDEX syscall_failed_nr ON syscall (nr, id, pid, tid, a0, a1, a2, a3, a4, a5, ret, entry_seq, exit_seq, entry_ns, exit_ns, path)
  WHERE ret BETWEEN -4095 AND -1;
