-- tracedb recording format, version 7: the system CPU time at each stop, for strace -c's default.
--
-- strace -c charges each syscall with the system time its process spent between the syscall's
-- entry and exit stops: it waits with wait4, which reports with a stopped child the rusage of its
-- whole thread group (and of the children it reaped), and subtracts ru_stime at entry from
-- ru_stime at exit. trace-rec now waits the same way and keeps ru_stime with every stop.
-- Recordings of earlier versions, and imported strace logs, have no system times: stime_ns is
-- NULL there, and so is sys_ns.

ALTER TABLE stop ADD COLUMN stime_ns INTEGER;  -- ru_stime (ns, µs resolution) that wait4 gave with this stop

DROP VIEW stops;
CREATE VIEW stops AS
SELECT s.seq, s.ts_ns, s.pid, s.tid, s.kind, s.nr,
       CASE WHEN length(s.regs) = 8
            THEN CAST(substr(e.regs, 1, 80) || s.regs || substr(e.regs, 89) AS BLOB)  -- rax is at offset 80
            ELSE s.regs END AS regs,
       s.siginfo, s.sig, s.event, s.event_msg, s.status, s.entry_seq, s.stime_ns
FROM stop s
LEFT JOIN stop e ON e.seq = s.entry_seq;

-- The system time charged to each syscall, as strace -c charges it: its exit stop's stime_ns minus
-- its entry stop's, worked out when the exit is written (as entry_ns and exit_ns copy the stops'
-- ts_ns), so that a summary reads it without looking up two stops per syscall. NULL: not known.
ALTER TABLE syscall ADD COLUMN sys_ns INTEGER;

DROP VIEW syscalls;
CREATE VIEW syscalls AS
SELECT s.id, s.pid, s.tid, s.nr, n.name,
       s.a0, s.a1, s.a2, s.a3, s.a4, s.a5,
       s.ret,
       CASE WHEN s.ret BETWEEN -4095 AND -1 THEN e.name END AS errno,
       s.entry_seq, s.exit_seq, s.entry_ns, s.exit_ns, s.path, s.sys_ns
FROM syscall s
LEFT JOIN syscall_names n ON n.nr = s.nr
LEFT JOIN errno_names e ON e.num = -s.ret;
