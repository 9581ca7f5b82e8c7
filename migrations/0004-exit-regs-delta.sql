-- tracedb recording format, version 4: registers stored once when a syscall leaves them as they were.
--
-- Between a syscall's entry and exit stops only rax (the return value) changes, but for a few
-- syscalls (execve, rt_sigreturn, arch_prctl…). The stops are now kept in the table `stop`; an
-- exit stop whose registers equal its entry stop's but for rax stores just those 8 bytes in
-- `regs`, and `entry_seq` names the entry stop. The view `stops` puts the full register set back
-- together, so it reads as before: every stop with all its registers, exactly as the kernel gave them.

ALTER TABLE stops RENAME TO stop;
ALTER TABLE stop ADD COLUMN entry_seq INTEGER;  -- at a syscall-exit stop: its syscall's entry stop

CREATE VIEW stops AS
SELECT s.seq, s.ts_ns, s.pid, s.tid, s.kind, s.nr,
       CASE WHEN length(s.regs) = 8
            THEN CAST(substr(e.regs, 1, 80) || s.regs || substr(e.regs, 89) AS BLOB)  -- rax is at offset 80
            ELSE s.regs END AS regs,
       s.siginfo, s.sig, s.event, s.event_msg, s.status, s.entry_seq
FROM stop s
LEFT JOIN stop e ON e.seq = s.entry_seq;
