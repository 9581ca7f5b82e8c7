-- tracedb recording format, version 5: failed syscalls found without reading the others.
--
-- Most syscalls succeed, so `trace-q --failed` (alone, or with --syscall) is answered from two
-- partial indexes that hold only the failed ones. trace-q writes the condition with these
-- literal bounds: SQLite uses a partial index only when the query repeats its WHERE clause.

CREATE INDEX syscall_failed ON syscall (id) WHERE ret BETWEEN -4095 AND -1;
CREATE INDEX syscall_failed_nr ON syscall (nr) WHERE ret BETWEEN -4095 AND -1;
