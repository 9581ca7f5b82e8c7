-- tracedb recording format, version 9: which ABI each syscall used.
--
-- A 64-bit program can make i386 syscalls with int $0x80 (and a 32-bit program makes only
-- those): their numbers and argument registers are the i386 ABI's (getpid is 20, write is 4;
-- arguments in ebx, ecx, edx, esi, edi, ebp), and they are named by the i386 table. trace-rec
-- tells them apart at the entry stop from the registers (see isSyscallInstruction in
-- @tracedb/native), and marks the entry and exit stops and the syscall row. NULL is the
-- recording's own ABI (recording.arch): a recording of an earlier version, or an imported
-- strace log, has only those.

ALTER TABLE stop ADD COLUMN abi TEXT;     -- syscall stops: 'i386' for an int $0x80 call, NULL for recording.arch's
ALTER TABLE syscall ADD COLUMN abi TEXT;  -- the same for the syscall

-- i386 calls are rare: trace-q finds them without reading every row.
CREATE INDEX syscall_abi ON syscall (id) WHERE abi IS NOT NULL;

-- The failed syscalls' indexes hold their whole rows (schema 6): the view's name now needs abi too.
DROP INDEX syscall_failed;
DROP INDEX syscall_failed_nr;
CREATE INDEX syscall_failed ON syscall (id, pid, tid, nr, a0, a1, a2, a3, a4, a5, ret, entry_seq, exit_seq, entry_ns, exit_ns, path, path_bytes, abi)
  WHERE ret BETWEEN -4095 AND -1;
CREATE INDEX syscall_failed_nr ON syscall (nr, id, pid, tid, a0, a1, a2, a3, a4, a5, ret, entry_seq, exit_seq, entry_ns, exit_ns, path, path_bytes, abi)
  WHERE ret BETWEEN -4095 AND -1;

-- The names of the syscalls of the ABIs other than recording.arch's (syscall_names has those).
CREATE TABLE syscall_abi_names (
  abi  TEXT    NOT NULL,
  nr   INTEGER NOT NULL,
  name TEXT    NOT NULL,
  PRIMARY KEY (abi, nr)
) WITHOUT ROWID;

DROP VIEW stops;
CREATE VIEW stops AS
SELECT s.seq, s.ts_ns, s.pid, s.tid, s.kind, s.nr,
       CASE WHEN length(s.regs) = 8
            THEN CAST(substr(e.regs, 1, 80) || s.regs || substr(e.regs, 89) AS BLOB)  -- rax is at offset 80
            ELSE s.regs END AS regs,
       s.siginfo, s.sig, s.event, s.event_msg, s.status, s.entry_seq, s.stime_ns,
       CASE WHEN s.kind IN ('syscall-entry', 'syscall-exit') THEN coalesce(s.abi, (SELECT arch FROM recording)) END AS abi
FROM stop s
LEFT JOIN stop e ON e.seq = s.entry_seq;

DROP VIEW syscalls;
CREATE VIEW syscalls AS
SELECT s.id, s.pid, s.tid, s.nr,
       CASE WHEN s.abi IS NULL THEN n.name
            ELSE (SELECT a.name FROM syscall_abi_names a WHERE a.abi = s.abi AND a.nr = s.nr) END AS name,  -- looked up only for the rare i386 call
       s.a0, s.a1, s.a2, s.a3, s.a4, s.a5,
       s.ret,
       CASE WHEN s.ret BETWEEN -4095 AND -1 THEN e.name END AS errno,
       s.entry_seq, s.exit_seq, s.entry_ns, s.exit_ns, s.path, s.sys_ns, s.path_bytes,
       coalesce(s.abi, (SELECT arch FROM recording)) AS abi
FROM syscall s
LEFT JOIN syscall_names n ON n.nr = s.nr
LEFT JOIN errno_names e ON e.num = -s.ret;
